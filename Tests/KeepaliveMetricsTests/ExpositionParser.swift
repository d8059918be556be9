/// Reads the Prometheus text format back, strictly enough to catch what scrapers reject: every sample belongs
/// to the family announced just before it, no family is announced twice, no series appears twice.
struct Exposition {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// `name{labels}` → value, labels as written.
    private(set) var samples: [String: Double] = [:]
    /// Family name → (type, help).
    private(set) var families: [String: (type: String, help: String)] = [:]
    /// Families in the order they were announced.
    private(set) var order: [String] = []

    init(_ text: String) throws {
        var current: String?
        var help: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") {
                let rest = line.dropFirst("# HELP ".count)
                let name = String(rest.prefix { $0 != " " })
                help[name] = String(rest.dropFirst(name.count + 1))
            } else if line.hasPrefix("# TYPE ") {
                let words = line.split(separator: " ")
                guard words.count == 4 else { throw Problem(description: "bad TYPE line: \(line)") }
                let name = String(words[2])
                guard families[name] == nil else { throw Problem(description: "\(name) announced twice") }
                families[name] = (String(words[3]), help[name] ?? "")
                order.append(name)
                current = name
            } else {
                guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                    throw Problem(description: "bad sample line: \(line)")
                }
                let series = String(line[..<space])
                let name = String(series.prefix { $0 != "{" })
                guard let current, name == current || (families[current]?.type == "histogram"
                    && ["_bucket", "_sum", "_count"].contains { name == current + $0 })
                else { throw Problem(description: "\(series) outside its family (after \(current ?? "nothing"))") }
                guard samples.updateValue(value, forKey: series) == nil else {
                    throw Problem(description: "\(series) appears twice")
                }
            }
        }
    }
}
