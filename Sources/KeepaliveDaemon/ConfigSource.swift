import Glibc
import KeepaliveConfig
import KeepaliveCore

/// Where the configuration comes from — a file, the command line, or both — so that a reload reads it again
/// exactly the way the daemon first did.
public struct ConfigSource: Sendable {
    /// The config file, or nil when only command-line endpoints are used.
    public var path: String?
    public var overrides: CommandLineOverrides

    public init(path: String?, overrides: CommandLineOverrides) {
        self.path = path
        self.overrides = overrides
    }

    /// Reads and validates; every problem comes back located (file, line, column).
    public func load() throws(ConfigErrors) -> MonitorConfig {
        var text: String?
        if let path {
            do {
                text = try Self.read(path)
            } catch {
                throw ConfigErrors(diagnostics: [
                    ConfigDiagnostic(source: path, line: nil, column: nil, message: "cannot read: \(error.message)")
                ])
            }
        }
        return try ConfigLoader.load(text: text, path: path, overrides: overrides)
    }

    private struct ReadError: Error {
        var message: String
    }

    private static func read(_ path: String) throws(ReadError) -> String {
        guard let file = fopen(path, "r") else { throw ReadError(message: String(cString: strerror(errno))) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count {
                if ferror(file) != 0 { throw ReadError(message: String(cString: strerror(errno))) }
                break
            }
            // A config file is small; refuse anything that is clearly not one.
            if bytes.count > 16 << 20 { throw ReadError(message: "larger than 16 MiB, not a configuration file") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
