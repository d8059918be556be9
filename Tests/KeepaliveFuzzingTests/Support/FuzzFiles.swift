import Foundation
import KeepaliveTestSupport

/// The fuzz inputs on disk: the seed corpus the fuzzers start from (`Tests/Fuzz/Corpus/TARGET`) and the
/// regression cases this target keeps (`Fixtures/TARGET`), one file per input.
enum FuzzFiles {
    static let fixtures = TestFixtures.directory(of: "KeepaliveFuzzingTests")
    static let corpus = TestFixtures.testsDirectory.appendingPathComponent("Fuzz/Corpus")

    /// Every seed of `target`, by file name.
    static func seeds(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        try files(in: corpus.appendingPathComponent(target))
    }

    /// One seed of `target`.
    static func seed(_ target: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: corpus.appendingPathComponent(target).appendingPathComponent(name)))
    }

    /// One regression case of `target`.
    static func regression(_ target: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(target).appendingPathComponent(name)))
    }

    /// The names of every regression case of `target`, to check that each has a test.
    static func regressionNames(_ target: String) throws -> Set<String> {
        Set(try files(in: fixtures.appendingPathComponent(target)).map(\.name))
    }

    private static func files(in directory: URL) throws -> [(name: String, bytes: [UInt8])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
        return try names.map { name in
            (name, Array(try Data(contentsOf: directory.appendingPathComponent(name))))
        }
    }
}
