@testable import KeepaliveMetrics
import Testing

@Suite("Numbers and label values in the text format")
struct ExpositionWriterTests {
    func written(_ body: (inout ExpositionWriter) -> Void) -> String {
        var writer = ExpositionWriter(capacity: 16)
        body(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test("Seconds from microseconds, six decimals, read back exactly")
    func seconds() {
        let cases: [(Int64, String)] = [
            (0, "0.000000"), (412, "0.000412"), (1_000_001, "1.000001"), (-1_500_000, "-1.500000"),
            (1_767_225_599_250_000, "1767225599.250000"),
        ]
        for (microseconds, text) in cases {
            #expect(written { $0.appendSeconds(microseconds: microseconds) } == text)
            #expect(Double(text) == Double(microseconds) / 1e6)
        }
    }

    @Test("Integers, with sign and every digit")
    func integers() {
        for value: Int64 in [0, 7, 10, 42, -3, 1_000_000, .max] {
            #expect(written { $0.appendInteger(value) } == String(value))
        }
    }

    @Test("Label values escape backslash, double quote and line feed")
    func escaping() {
        #expect(written { $0.appendQuoted("a\\b\"c\nd") } == #""a\\b\"c\nd""#)
    }

    @Test("HELP escapes backslash and line feed")
    func help() {
        let family = MetricFamily(name: "x", kind: .gauge, help: "a\\b\nc")
        #expect(written { $0.header(family) } == "# HELP x a\\\\b\\nc\n# TYPE x gauge\n")
    }
}
