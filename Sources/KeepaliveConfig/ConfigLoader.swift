import KeepaliveCore
import TOMLKit

/// Loads and validates the configuration: the TOML file, if any, and then the command line.
public enum ConfigLoader {
    /// Validates `text` (nil when no configuration file is used, command line only) and `overrides`, and
    /// resolves every endpoint: its own table, then `overrides.keepalive`, then `[defaults]`, then
    /// `BuiltInDefaults`. Command-line endpoints come after the file's and take `[defaults]`.
    ///
    /// - Parameter path: names the file in diagnostics and becomes `MonitorConfig.path`; ignored when `text`
    ///   is nil.
    /// - Throws: every problem found: the file's in file order, then the command line's, then "no endpoints".
    public static func load(
        text: String?,
        path: String?,
        overrides: CommandLineOverrides
    ) throws(ConfigErrors) -> MonitorConfig {
        var session = LoadSession()
        let fileName = text.map { _ in path ?? LoadSession.unnamedSource }
        if let text, let fileName {
            session.readFile(text, name: fileName)
        }
        session.readCommandLine(overrides)
        let endpoints = session.resolveEndpoints()
        let diagnostics = session.diagnostics(noEndpointsSource: fileName)
        guard diagnostics.isEmpty else { throw ConfigErrors(diagnostics: diagnostics) }
        var control = session.control
        if let socket = overrides.controlSocket {
            if let problem = ControlSocketPath.problem(socket) {
                throw ConfigErrors(diagnostics: [ConfigDiagnostic(source: "--control-socket", message: problem)])
            }
            control.socketPath = socket
        }
        var metrics = session.metrics
        if let listen = overrides.metricsListen {
            switch MetricsListenAddress.parse(listen) {
            case .success(let address): metrics.listen = address
            case .failure(let problem):
                throw ConfigErrors(diagnostics: [ConfigDiagnostic(source: "--metrics-listen", message: problem.message)])
            }
        }
        return MonitorConfig(endpoints: endpoints, path: text == nil ? nil : path, control: control, metrics: metrics)
    }
}

/// The state of one `ConfigLoader.load`: what has been read so far and every problem found on the way.
private struct LoadSession {
    /// Where file diagnostics say they come from when the caller gave text but no path.
    static let unnamedSource = "<config>"
    static let keepaliveSource = "--keepalive"

    var file: ConfigSourceFile?
    var fileDiagnostics: [ConfigDiagnostic] = []
    var commandLineDiagnostics: [ConfigDiagnostic] = []
    var defaults = SettingsLayer()
    var keepaliveOverride = SettingsLayer()
    var drafts: [EndpointDraft] = []
    var control = ControlSettings()
    var metrics = MetricsSettings()
    /// False after a syntax error, or once the file or the command line tried to define endpoints, even
    /// wrongly: either way a "no endpoints" message would only distract from the real problem.
    var mayReportNoEndpoints = true

    mutating func readFile(_ text: String, name: String) {
        // TOMLKit hands the text to C++ as a C string, which would silently end at a NUL byte.
        if let nul = Self.firstNUL(in: text) {
            fileDiagnostics = [
                ConfigDiagnostic(source: name, line: nul.line, column: nul.column, message: "unexpected NUL byte")
            ]
            mayReportNoEndpoints = false
            return
        }
        if let problem = TOMLParserGuard.firstProblem(in: text) {
            fileDiagnostics = [
                ConfigDiagnostic(
                    source: name, line: problem.position.line, column: problem.position.column,
                    message: problem.message)
            ]
            mayReportNoEndpoints = false
            return
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            // Past a syntax error the parser has no tables to give, so nothing else in the file can be checked.
            let begin = error.source.begin
            fileDiagnostics = [
                ConfigDiagnostic(source: name, line: begin.line, column: begin.column, message: error.description)
            ]
            mayReportNoEndpoints = false
            return
        } catch {
            fileDiagnostics = [ConfigDiagnostic(source: name, message: "cannot parse: \(error)")]
            mayReportNoEndpoints = false
            return
        }
        let source = ConfigSourceFile(name: name, index: TOMLSourceIndex(text: text))
        let reader = ConfigFileReader(root: root, file: source)
        // TOMLKit 0.6.0's TOMLTable has no deinit: without this every load (each SIGHUP) leaked the whole parsed
        // document. The reader has copied what it needs into Swift values, and nothing refers to the nodes now.
        root.clear()
        file = source
        defaults = reader.defaults
        drafts = reader.endpoints
        control = reader.control
        metrics = reader.metrics
        fileDiagnostics = reader.diagnostics
        if reader.definesEndpoints { mayReportNoEndpoints = false }
    }

    private static func firstNUL(in text: String) -> TOMLSourceIndex.Position? {
        var position = TOMLSourceIndex.Position(line: 1, column: 1)
        for scalar in text.unicodeScalars {
            if scalar == "\0" { return position }
            if scalar == "\n" {
                position = TOMLSourceIndex.Position(line: position.line + 1, column: 1)
            } else {
                position.column += 1
            }
        }
        return nil
    }

    mutating func readCommandLine(_ overrides: CommandLineOverrides) {
        if let shorthand = overrides.keepalive {
            let outcome = ShorthandValidation.validate(shorthand)
            keepaliveOverride = SettingsLayer(shorthand: outcome.valid, origin: .commandLine)
            commandLineDiagnostics += outcome.problems.map {
                ConfigDiagnostic(source: Self.keepaliveSource, message: $0)
            }
        }
        for argument in overrides.endpoints {
            mayReportNoEndpoints = false
            let (draft, problems) = CommandLineEndpoint.parse(argument)
            commandLineDiagnostics += problems.map {
                ConfigDiagnostic(source: CommandLineEndpoint.source, message: $0)
            }
            if let draft { drafts.append(draft) }
        }
    }

    /// Every endpoint with a valid, unique name and a valid address, in the order they were defined.
    mutating func resolveEndpoints() -> [EndpointConfig] {
        var endpoints: [EndpointConfig] = []
        var firstPlaces: [String: EndpointDraft.Place] = [:]
        for draft in drafts {
            let (settings, problems) = EndpointResolver.resolve([draft.settings, keepaliveOverride, defaults])
            for problem in problems {
                switch problem.origin {
                case .file(let ref, let key):
                    report(problem.message, at: .file(ref), key: key.rawValue)
                case .commandLine:
                    commandLineDiagnostics.append(
                        ConfigDiagnostic(source: Self.keepaliveSource, message: problem.message)
                    )
                }
            }
            guard let name = draft.name else { continue }
            if let first = firstPlaces[name] {
                let message = "duplicate endpoint name \(TOMLText.quoted(name)) "
                    + "(first defined \(describe(first, seenFrom: draft.place)))"
                report(message, at: draft.place, key: EndpointKey.name.rawValue)
                continue
            }
            firstPlaces[name] = draft.place
            if let address = draft.address {
                endpoints.append(EndpointConfig(name: name, address: address, settings: settings))
            }
        }
        return endpoints
    }

    /// The file's problems in file order, then the command line's, then "no endpoints"; a `[defaults]` value
    /// that breaks a rule for every endpoint inheriting it appears once, not once per endpoint.
    /// - Parameter noEndpointsSource: the file's name, or nil when there is no file.
    func diagnostics(noEndpointsSource: String?) -> [ConfigDiagnostic] {
        var all = fileDiagnostics.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.line ?? .max, lhs.element.column ?? .max, lhs.offset)
            let right = (rhs.element.line ?? .max, rhs.element.column ?? .max, rhs.offset)
            return left < right
        }.map(\.element)
        all += commandLineDiagnostics
        if mayReportNoEndpoints {
            all.append(noEndpoints(source: noEndpointsSource))
        }
        var seen = Set<ConfigDiagnostic>()
        return all.filter { seen.insert($0).inserted }
    }

    private mutating func report(_ message: String, at place: EndpointDraft.Place, key: String) {
        switch place {
        case .file(let ref):
            if let file { fileDiagnostics.append(file.diagnostic(message, at: key, in: ref)) }
        case .commandLine:
            commandLineDiagnostics.append(ConfigDiagnostic(source: CommandLineEndpoint.source, message: message))
        }
    }

    /// "at line 4" within the same file, "at FILE:4" from the command line.
    private func describe(_ first: EndpointDraft.Place, seenFrom second: EndpointDraft.Place) -> String {
        switch first {
        case .commandLine:
            return "by an earlier \(CommandLineEndpoint.source)"
        case .file(let ref):
            guard let file, let line = file.index.location(of: EndpointKey.name.rawValue, in: ref)?.line else {
                return "earlier in the file"
            }
            return second == .commandLine ? "at \(file.name):\(line)" : "at line \(line)"
        }
    }

    private func noEndpoints(source: String?) -> ConfigDiagnostic {
        guard let source else {
            return ConfigDiagnostic(
                source: CommandLineEndpoint.source,
                message: "no endpoints to monitor: pass --endpoint NAME=HOST:PORT or a configuration file "
                    + "with [[endpoint]] tables"
            )
        }
        return ConfigDiagnostic(
            source: source,
            message: "no endpoints to monitor: add an [[endpoint]] table with name and address, "
                + "or pass --endpoint NAME=HOST:PORT"
        )
    }
}
