import KeepaliveCore
import TOMLKit

/// Reads a parsed configuration file into `[defaults]` and endpoint drafts, collecting every problem with its
/// position instead of stopping at the first.
struct ConfigFileReader {
    let file: ConfigSourceFile
    private(set) var diagnostics: [ConfigDiagnostic] = []
    private(set) var defaults = SettingsLayer()
    private(set) var endpoints: [EndpointDraft] = []
    private(set) var control = ControlSettings()
    private(set) var metrics = MetricsSettings()
    /// Whether the file tried to define endpoints, even wrongly; when it did, "no endpoints" would only repeat
    /// the problem already reported.
    private(set) var definesEndpoints = false

    init(root: TOMLTable, file: ConfigSourceFile) {
        self.file = file
        let known = ConfigSchema.tables.reduce(0) { count, table in root[table.name] == nil ? count : count + 1 }
        for key in root.count > known ? root.keys : [] where !ConfigSchema.tables.contains(where: { $0.name == key }) {
            diagnostics.append(file.diagnostic(ConfigSchema.unknownKeyMessage(key, in: nil), atKey: key, in: .root))
        }
        if let value = root[ConfigSchema.defaults.name] {
            readDefaults(value)
        }
        if let value = root[ConfigSchema.endpoint.name] {
            readEndpoints(value)
        }
        if let value = root[ConfigSchema.control.name] {
            readControl(value)
        }
        if let value = root[ConfigSchema.metrics.name] {
            readMetrics(value)
        }
    }

    /// A reader of the single table `[schema.name]` with its unknown keys already reported, or nil (reported too)
    /// when the value is not one table.
    private mutating func singleTableReader(
        _ value: any TOMLValueConvertible,
        schema: ConfigTableSchema
    ) -> ConfigTableReader? {
        guard let table = value.table else {
            report("\(schema.name) must be a single table written \(schema.header), found \(ConfigTableReader.describe(value))",
                   at: schema.name, in: .root)
            return nil
        }
        var reader = ConfigTableReader(table: table, ref: .table(schema.name), schema: schema, file: file)
        reader.checkUnknownKeys()
        return reader
    }

    private mutating func readMetrics(_ value: any TOMLValueConvertible) {
        guard var reader = singleTableReader(value, schema: ConfigSchema.metrics) else { return }
        let listenKey = MetricsKey.listen.rawValue
        if let text = reader.string(listenKey, expecting: MetricsListenAddress.expectation) {
            switch MetricsListenAddress.parse(text) {
            case .success(let address): metrics.listen = address
            case .failure(let problem): reader.report("\(listenKey): \(problem.message)", at: listenKey)
            }
        }
        diagnostics += reader.diagnostics
    }

    private mutating func readControl(_ value: any TOMLValueConvertible) {
        guard var reader = singleTableReader(value, schema: ConfigSchema.control) else { return }
        let socketKey = ControlKey.socket.rawValue
        if let path = reader.string(socketKey, expecting: ControlSocketPath.expectation) {
            if let problem = ControlSocketPath.problem(path) {
                reader.report("\(socketKey): \(problem)", at: socketKey)
            } else {
                control.socketPath = path
            }
        }
        let groupKey = ControlKey.group.rawValue
        if let group = reader.string(groupKey, expecting: "expected a group name such as \"keepalive-monitor\"") {
            if GroupName.isValid(group) {
                control.group = group
            } else {
                reader.report("\(groupKey): \(GroupName.expectation), found \(TOMLText.quoted(group))", at: groupKey)
            }
        }
        diagnostics += reader.diagnostics
    }

    private mutating func report(_ message: String, at key: String?, in table: TOMLSourceIndex.TableRef) {
        diagnostics.append(file.diagnostic(message, at: key, in: table))
    }

    private mutating func readDefaults(_ value: any TOMLValueConvertible) {
        let schema = ConfigSchema.defaults
        guard let table = value.table else {
            let found = value.type == .array ? "[[\(schema.name)]]" : ConfigTableReader.describe(value)
            report("\(schema.name) must be a single table written \(schema.header), found \(found)",
                   at: schema.name, in: .root)
            return
        }
        var reader = ConfigTableReader(table: table, ref: .table(schema.name), schema: schema, file: file)
        reader.checkUnknownKeys()
        defaults = SettingsReader.read(from: &reader)
        diagnostics += reader.diagnostics
    }

    private mutating func readEndpoints(_ value: any TOMLValueConvertible) {
        let schema = ConfigSchema.endpoint
        definesEndpoints = !(value.array?.isEmpty ?? false)
        guard let array = value.array else {
            let found = value.type == .table ? "a single [\(schema.name)] table" : ConfigTableReader.describe(value)
            report(
                "\(schema.name) must be an array of tables: write \(schema.header) (double brackets) once per "
                    + "upstream, found \(found)",
                at: schema.name, in: .root
            )
            return
        }
        for index in array.indices {
            let element = array[index]
            guard let table = element.table else {
                let found = ConfigTableReader.describe(element)
                report("\(schema.name): expected \(schema.header) tables, found \(found)", at: schema.name, in: .root)
                continue
            }
            readEndpoint(table, ref: .element(schema.name, index))
        }
    }

    private mutating func readEndpoint(_ table: TOMLTable, ref: TOMLSourceIndex.TableRef) {
        let schema = ConfigSchema.endpoint
        var reader = ConfigTableReader(table: table, ref: ref, schema: schema, file: file)
        reader.checkUnknownKeys()
        let nameKey = EndpointKey.name.rawValue
        let addressKey = EndpointKey.address.rawValue
        var name = reader.string(nameKey, expecting: EndpointName.typeExpectation)
        if let invalid = name, !EndpointName.isValid(invalid) {
            reader.report("\(nameKey): \(EndpointName.expectation), found \(TOMLText.quoted(invalid))", at: nameKey)
            name = nil
        }
        var address: EndpointAddress?
        if let text = reader.string(addressKey, expecting: "expected a string HOST:PORT such as \"10.0.0.5:5432\"") {
            do {
                address = try EndpointAddress.parse(text)
            } catch {
                reader.report("\(addressKey): \(error.message)", at: addressKey)
            }
        }
        let settings = SettingsReader.read(from: &reader)
        // A missing key has no line of its own: point at the [[endpoint]] header that should have held it.
        let label = name.map { "\(schema.header) \(TOMLText.quoted($0))" } ?? schema.header
        for key in [nameKey, addressKey] where !reader.contains(key) {
            reader.report("missing required key \(TOMLText.quoted(key)) in \(label)", at: nil)
        }
        diagnostics += reader.diagnostics
        endpoints.append(EndpointDraft(name: name, address: address, settings: settings, place: .file(ref)))
    }
}
