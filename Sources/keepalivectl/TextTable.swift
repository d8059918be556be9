/// Left-aligned columns two spaces apart, widths from the plain text so that colour codes do not shift them.
struct TextTable {
    struct Cell {
        var text: String
        /// Wraps the padded-out text, e.g. in colour codes.
        var style: (String) -> String = { $0 }
    }

    var header: [String]
    var rows: [[Cell]] = []

    /// Built as UTF-8 bytes: appending to a `String` cost 75 ns a piece, most of a 10 000-peer table.
    func render() -> String {
        let lines = [header.map { Cell(text: $0) }] + rows
        let widths = lines.map { $0.map { Self.width(of: $0.text) } }
        var columnWidths = Array(repeating: 0, count: header.count)
        for line in widths {
            for (column, width) in line.enumerated() {
                columnWidths[column] = max(columnWidths[column], width)
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(lines.count * (columnWidths.reduce(0, +) + 2 * columnWidths.count + 1))
        for (cells, cellWidths) in zip(lines, widths) {
            for (column, cell) in cells.enumerated() {
                output.append(contentsOf: cell.style(cell.text).utf8)
                if column < cells.count - 1 {
                    let padding = columnWidths[column] - cellWidths[column] + 2
                    output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))
                }
            }
            output.append(UInt8(ascii: "\n"))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Characters, as the terminal shows them; printable ASCII (every peer name and address) has one per byte,
    /// which spares walking grapheme clusters.
    private static func width(of text: String) -> Int {
        let utf8 = text.utf8
        return utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } ? utf8.count : text.count
    }
}
