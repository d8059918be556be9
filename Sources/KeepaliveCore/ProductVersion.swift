/// The version both binaries report with `--version`, and the daemon reports over the control API.
public enum ProductVersion {
    public static let current = "0.1.0"
}
