import Foundation
import KeepaliveTestSupport

/// Files of the package that the tests check or run, found from this source file's place in the checkout.
enum RepositoryLayout {
    /// `relativePath` under the package root (the directory holding Package.swift).
    static func path(_ relativePath: String) -> String {
        TestFixtures.repository.appending(path: relativePath).path
    }
}
