/// Left-aligned columns two spaces apart, widths from the plain text so that colour codes do not shift them.
struct TextTable {
    struct Cell {
        var text: String
        /// Wraps the padded-out text, e.g. in colour codes.
        var style: (String) -> String = { $0 }
    }

    var header: [String]
    var rows: [[Cell]] = []

    func render() -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() {
                widths[column] = max(widths[column], cell.text.count)
            }
        }
        let lines = [header.map { Cell(text: $0) }] + rows
        return lines.map { cells in
            var line = ""
            for (column, cell) in cells.enumerated() {
                line += cell.style(cell.text)
                if column < cells.count - 1 {
                    line += String(repeating: " ", count: widths[column] - cell.text.count + 2)
                }
            }
            return line + "\n"
        }.joined()
    }
}
