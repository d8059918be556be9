import KeepaliveCore
@testable import KeepaliveConfig
import Testing

private typealias Position = TOMLSourceIndex.Position

private func at(_ line: Int, _ column: Int) -> Position {
    Position(line: line, column: column)
}

@Suite("TOMLSourceIndex")
struct TOMLSourceIndexTests {
    @Test("keys and values of the root, a table and each element of an array of tables")
    func tablesAndArrays() {
        let index = TOMLSourceIndex(text: """
            top = 1
            [defaults]
              keepalive_count   =  3

            [[endpoint]]
            name = "a"
            [[endpoint]]
            name="b"
            """)
        #expect(index.key("top", in: .root) == at(1, 1))
        #expect(index.value(of: "top", in: .root) == at(1, 7))
        #expect(index.header(of: .table("defaults")) == at(2, 1))
        #expect(index.key("keepalive_count", in: .table("defaults")) == at(3, 3))
        #expect(index.value(of: "keepalive_count", in: .table("defaults")) == at(3, 24))
        #expect(index.header(of: .element("endpoint", 0)) == at(5, 1))
        #expect(index.header(of: .element("endpoint", 1)) == at(7, 1))
        #expect(index.value(of: "name", in: .element("endpoint", 0)) == at(6, 8))
        #expect(index.value(of: "name", in: .element("endpoint", 1)) == at(8, 6))
        #expect(index.key("endpoint", in: .root) == at(5, 1), "a header is where its table's key stands")
        #expect(index.key("defaults", in: .root) == at(2, 1))
    }

    @Test("comments, quoted keys, dotted keys and spaced headers")
    func keyForms() {
        let index = TOMLSourceIndex(text: """
            # [not] = a header
            [ "defaults" ] # trailing comment
            "keepalive" = "1s:1s:1" # keepalive = 2
            'connect_timeout' = '5s'
            reconnect . max = 1
            "a\\"b" = 1
            """)
        #expect(index.header(of: .table("defaults")) == at(2, 1))
        #expect(index.header(of: .table("not")) == nil)
        #expect(index.value(of: "keepalive", in: .table("defaults")) == at(3, 15))
        #expect(index.value(of: "connect_timeout", in: .table("defaults")) == at(4, 21))
        #expect(index.key("reconnect", in: .table("defaults")) == at(5, 1))
        #expect(index.key("a\"b", in: .table("defaults")) == at(6, 1))
    }

    @Test("multi-line strings and arrays are skipped, so their contents are not taken for keys or headers")
    func multiLineValues() {
        let index = TOMLSourceIndex(text: """
            [defaults]
            a = \"\"\"
            [[endpoint]]
            fake = 1 \\\"\"\"
            still = \"\"\"\"
            b = '''
            [x]'''
            c = [
              "]", # ]
              { d = 1 },
            ]
            e = "[[endpoint]]"
            f = 'C:\\path\\'
            g = 1
            """)
        #expect(index.header(of: .element("endpoint", 0)) == nil)
        #expect(index.key("fake", in: .element("endpoint", 0)) == nil)
        #expect(index.key("still", in: .table("defaults")) == nil)
        #expect(index.header(of: .table("x")) == nil)
        #expect(index.value(of: "b", in: .table("defaults")) == at(6, 5))
        #expect(index.value(of: "c", in: .table("defaults")) == at(8, 5))
        #expect(index.key("d", in: .table("defaults")) == nil)
        #expect(index.value(of: "e", in: .table("defaults")) == at(12, 5))
        #expect(index.value(of: "f", in: .table("defaults")) == at(13, 5))
        #expect(index.value(of: "g", in: .table("defaults")) == at(14, 5))
    }

    @Test("a sub-table header is a key of the latest array element")
    func subTables() {
        let index = TOMLSourceIndex(text: """
            [[endpoint]]
            name = "a"
            [[endpoint]]
            name = "b"
            [endpoint.extra]
            x = 1
            [defaults.more]
            """)
        #expect(index.key("extra", in: .element("endpoint", 1)) == at(5, 1))
        #expect(index.key("extra", in: .element("endpoint", 0)) == nil)
        #expect(index.key("x", in: .table("endpoint.extra")) == at(6, 1))
        #expect(index.key("more", in: .table("defaults")) == at(7, 1))
    }

    @Test("location falls back from value to key to header to the table's key in the root")
    func locationFallback() {
        let index = TOMLSourceIndex(text: """
            defaults.keepalive_count = 3
            endpoint = [{ name = "a" }]
            [[other]]
            [table]
            k.j = 1
            """)
        #expect(index.location(of: "k", in: .table("table")) == at(5, 1), "a dotted key's value is its last segment's")
        #expect(index.value(of: "k", in: .table("table")) == nil)
        #expect(index.location(of: "missing", in: .table("table")) == at(4, 1))
        #expect(index.location(of: nil, in: .element("other", 0)) == at(3, 1))
        #expect(index.location(of: "keepalive_count", in: .table("defaults")) == at(1, 1))
        #expect(index.location(of: "name", in: .element("endpoint", 0)) == at(2, 1))
        #expect(index.location(of: "x", in: .element("nowhere", 0)) == nil)
        #expect(index.location(of: "x", in: .root) == nil)
    }

    @Test("columns count Unicode scalars; CRLF line ends and tabs are handled")
    func columns() {
        let index = TOMLSourceIndex(text: "[\"défauts\"]\r\n\t\"ключ\" = \"é\"\r\nnext = 2\r\n")
        #expect(index.header(of: .table("défauts")) == at(1, 1))
        #expect(index.key("ключ", in: .table("défauts")) == at(2, 2))
        #expect(index.value(of: "ключ", in: .table("défauts")) == at(2, 11))
        #expect(index.value(of: "next", in: .table("défauts")) == at(3, 8))
    }

    @Test("text the parser would reject does not stop the index")
    func garbage() {
        let index = TOMLSourceIndex(text: "[[\n= 1\n\"unterminated\nok = 1\n'''")
        #expect(index.key("ok", in: .root) == at(4, 1))
    }
}
