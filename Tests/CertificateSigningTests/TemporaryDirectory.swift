import Foundation

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("CertificateSigningTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        path = url.path
    }

    func file(_ name: String) -> String {
        path + "/" + name
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The permission bits of a file, as `ls -l` would show them in octal.
func permissionBits(of path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    let permissions = try require_((attributes[.posixPermissions] as? NSNumber)?.intValue)
    return permissions & 0o7777
}

/// Unwraps for helper functions outside a test body.
func require_<T>(_ value: T?) throws -> T {
    guard let value else { throw HelperError.missingValue }
    return value
}

enum HelperError: Error {
    case missingValue
}
