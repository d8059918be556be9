import KeepaliveCore

/// Finds the key an operator probably meant, because TOML parsers accept any key and a typo such as
/// `keepalive_intervall` would otherwise be ignored without a word.
enum KeySuggestion {
    /// The allowed key nearest to `key` by edit distance (ignoring case), when near enough to be a typo;
    /// otherwise the one allowed key that ends in `_key` (`idle` → `keepalive_idle`).
    static func closest(to key: String, among allowed: [String]) -> String? {
        let typed = Array(key.lowercased().unicodeScalars)
        let scored = allowed.map { (key: $0, distance: distance(typed, Array($0.unicodeScalars))) }
        if let best = scored.min(by: { $0.distance < $1.distance }),
           best.distance <= max(2, typed.count / 4),
           best.distance < typed.count
        {
            return best.key
        }
        let suffixed = allowed.filter { $0.hasSuffix("_" + key.lowercased()) }
        return suffixed.count == 1 ? suffixed[0] : nil
    }

    /// Levenshtein distance: insertions, deletions and substitutions each cost 1.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
