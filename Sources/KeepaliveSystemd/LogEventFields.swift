import Logging

/// The metadata fields of one log event, shared by both handlers so that an entry carries the same fields in
/// the journal and on stderr.
enum LogEventFields {
    /// Field names the journal handler sets itself. Metadata that converts to one of them is renamed with a
    /// `METADATA_` prefix instead of producing a second `MESSAGE=` or `PRIORITY=`, which journald would keep as a
    /// confusing multi-valued field.
    static let reservedNames: Set<String> = [
        "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC",
    ]

    /// The fields for `event`: the handler's metadata, overridden by the provider's, overridden by the event's own
    /// (swift-log's precedence), plus `ERROR_MESSAGE`/`ERROR_TYPE` when the event carries an error.
    static func fields(
        for event: LogEvent,
        handlerMetadata: Logger.Metadata,
        provider: Logger.MetadataProvider?
    ) -> [JournalField] {
        // The usual case (every alert): only the event's own metadata, which need not be copied and merged.
        if handlerMetadata.isEmpty, provider == nil, event.error == nil {
            return Self.renamingReserved(JournalField.fields(flattening: event.metadata ?? [:]))
        }
        var metadata = handlerMetadata
        if let provided = provider?.get() {
            metadata.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata {
            metadata.merge(explicit) { _, new in new }
        }
        if let error = event.error {
            metadata["error.message"] = "\(error)"
            metadata["error.type"] = .string(String(reflecting: type(of: error)))
        }
        return Self.renamingReserved(JournalField.fields(flattening: metadata))
    }

    private static func renamingReserved(_ fields: [JournalField]) -> [JournalField] {
        fields.map { field in
            Self.reservedNames.contains(field.name) ? JournalField("METADATA_" + field.name, field.value) : field
        }
    }
}
