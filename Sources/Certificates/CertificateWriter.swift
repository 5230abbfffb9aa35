import CertificateSigning
import Foundation

/// Writes a certificate into a run directory: `certificate.json`, `certificate.jws` (its signature) and
/// `certificate.html` (the readable rendering).
public enum CertificateWriter {
    /// The certificate file name.
    public static let jsonFileName = "certificate.json"
    /// The signed certificate file name.
    public static let jwsFileName = "certificate.jws"
    /// The rendered certificate file name.
    public static let htmlFileName = "certificate.html"

    /// Where the three files were written.
    public struct Files: Sendable, Equatable {
        /// Path of `certificate.json`.
        public var json: String
        /// Path of `certificate.jws`.
        public var jws: String
        /// Path of `certificate.html`.
        public var html: String
    }

    /// Writes the three files, each replaced atomically and durably (temporary file, fsync, rename, fsync of the
    /// directory: a reader, or a resume after a crash, sees the old file or the whole new one).
    ///
    /// `certificate.json` holds exactly `document.jsonData()` (pretty-printed, sorted keys, unescaped slashes,
    /// trailing newline); `certificate.jws` is the compact JWS over exactly those bytes, signed with `key`, plus a
    /// newline; `certificate.html` is ``CertificateHTML/render(_:temperatureLog:)``. The JWS is written last, so a
    /// signature on disk always covers the `certificate.json` beside it.
    ///
    /// - Throws: `CertificateWriteError` naming the file when the directory is missing or a file cannot be
    ///   written; `CertificateEncodingError`; `JWSSigningError`.
    @discardableResult
    public static func write(
        _ document: CertificateDocument, to directory: String, key: StationSigningKey,
        temperatureLog: [TemperatureLog.Entry]
    ) throws -> Files {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CertificateWriteError(path: directory, reason: "the run directory does not exist")
        }
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        let files = Files(
            json: base.appendingPathComponent(jsonFileName).path,
            jws: base.appendingPathComponent(jwsFileName).path,
            html: base.appendingPathComponent(htmlFileName).path)
        let json = try document.jsonData()
        let jws = try JWS.sign(payload: json, with: key)
        let html = CertificateHTML.render(document, temperatureLog: temperatureLog)
        DurableFile.removeLeftovers(in: directory)
        try DurableFile.write(json, to: files.json, beforeRename: .jsonTemporary)
        FinishingCrashPoint.jsonWritten.reach()
        try DurableFile.write(Data(html.utf8), to: files.html)
        FinishingCrashPoint.htmlWritten.reach()
        try DurableFile.write(Data((jws + "\n").utf8), to: files.jws, beforeRename: .jwsTemporary)
        FinishingCrashPoint.jwsWritten.reach()
        return files
    }
}

/// A certificate file could not be written.
public struct CertificateWriteError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file or directory concerned.
    public var path: String
    /// What went wrong.
    public var reason: String

    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// A readable message.
    public var description: String {
        "cannot write the certificate to \(path): \(reason)"
    }
}
