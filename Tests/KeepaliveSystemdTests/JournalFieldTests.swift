import Logging
import Testing

@testable import KeepaliveSystemd

/// Metadata keys → journal field names, and nested metadata → flat fields.
@Suite
struct JournalFieldTests {
    @Test(arguments: [
        ("peer", "PEER"), ("peer.address", "PEER_ADDRESS"), ("tcp.probes", "TCP_PROBES"), ("message_id", "MESSAGE_ID"),
        ("tcp-keepalive", "TCP_KEEPALIVE"), ("PEER_STATE", "PEER_STATE"), ("_pid", "PID"), ("__x", "X"),
        ("9lives", "FIELD_9LIVES"), ("", "FIELD"), ("...", "FIELD"), ("ünï", "N_"), ("a b", "A_B"),
        (String(repeating: "k", count: 70), String(repeating: "K", count: 64)),
    ])
    func convertsKeysToValidNames(key: String, name: String) {
        #expect(JournalField.fieldName(for: key) == name)
        #expect(JournalField(key, "v").name == name)
        #expect(JournalField.isValidName(name))
    }

    @Test(arguments: ["", "peer", "_PEER", "9X", "A.B", String(repeating: "K", count: 65)])
    func rejectsInvalidNames(name: String) {
        #expect(!JournalField.isValidName(name))
    }

    @Test func flattensNestedMetadata() {
        let metadata: Logger.Metadata = [
            "peer": "db",
            "tcp": ["probes": "3", "keepalive": "10s:5s:3"],
            "addresses": ["10.0.0.1", ["port": "5432"]],
            "empty.list": [],
            "empty.map": [:],
            "count": .stringConvertible(42),
        ]
        let fields = JournalField.fields(flattening: metadata)
        #expect(fields.map(\.name) == fields.map(\.name).sorted())
        #expect(
            Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.value) }) == [
                "PEER": "db", "TCP_PROBES": "3", "TCP_KEEPALIVE": "10s:5s:3", "ADDRESSES_0": "10.0.0.1",
                "ADDRESSES_1_PORT": "5432", "EMPTY_LIST": "", "EMPTY_MAP": "", "COUNT": "42",
            ]
        )
    }

    @Test func collidingKeysResolveByKeyOrder() {
        let fields = JournalField.fields(flattening: [
            "peer_address": "b", "peer.address": "a", "peer": ["address": "c"],
        ])
        #expect(fields == [JournalField("PEER_ADDRESS", "b")])
    }
}
