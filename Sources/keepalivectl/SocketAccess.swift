import Glibc
import KeepalivePOSIX

/// Explains EACCES on the control socket with what the operator can do about it.
enum SocketAccess {
    /// Looks at the socket's mode and group.
    static func deniedMessage(path: String) -> String {
        guard let info = try? POSIX.fileStatus(atPath: path) else {
            return "permission denied: cannot reach \(path) (a directory on the way is closed to you); use sudo"
        }
        return deniedMessage(path: path, mode: UInt32(info.st_mode), group: groupName(info.st_gid))
    }

    /// `permission denied: PATH is mode 0660 group G; add yourself to group G (usermod -aG G $USER) or use sudo`
    static func deniedMessage(path: String, mode: UInt32, group: String) -> String {
        let octal = String(mode & 0o7777, radix: 8)
        let padded = String(repeating: "0", count: max(0, 4 - octal.count)) + octal
        return "permission denied: \(path) is mode \(padded) group \(group); "
            + "add yourself to group \(group) (usermod -aG \(group) $USER) or use sudo"
    }

    /// The group's name, or its number when it has none.
    private static func groupName(_ gid: gid_t) -> String {
        guard let entry = getgrgid(gid), let name = entry.pointee.gr_name else { return String(gid) }
        return String(cString: name)
    }
}
