import Glibc
import KeepaliveConfig
import KeepaliveCore
import KeepalivePOSIX

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
        // A config file is small; refuse anything that is clearly not one.
        do throws(SystemCallError) {
            return String(decoding: try POSIX.readFile(path, limit: 16 << 20), as: UTF8.self)
        } catch where error.errno == EFBIG {
            throw ReadError(message: "larger than 16 MiB, not a configuration file")
        } catch {
            throw ReadError(message: String(cString: strerror(error.errno)))
        }
    }
}
