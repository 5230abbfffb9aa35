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
    /// The run's event log, bound into the signed summary by its digest.
    public static let eventLogFileName = "events.log"

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
    /// trailing newline); `certificate.html` is ``CertificateHTML/render(_:temperatureLog:)``; `certificate.jws` is
    /// the compact JWS, signed with `key`, over the ``SignedSummary`` binding both and the run directory's
    /// `events.log` (its bytes as they are now; a later resume only appends, and the verifier checks that signed
    /// prefix) by SHA-256, plus a newline. The JWS is
    /// written last, so a signature on disk always covers the files beside it.
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
        let html = Data(CertificateHTML.render(document, temperatureLog: temperatureLog).utf8)
        let eventLog = FileManager.default.contents(atPath: base.appendingPathComponent(eventLogFileName).path)
        let summary = try SignedSummary(document: document, json: json, html: html, eventLog: eventLog).jsonData()
        guard summary.count <= SignedSummary.maximumBytes else {
            throw CertificateWriteError(
                path: files.jws, reason: "the signed summary has \(summary.count) bytes, more than \(SignedSummary.maximumBytes)")
        }
        let jws = try JWS.sign(payload: summary, with: key)
        DurableFile.removeLeftovers(in: directory)
        // An earlier certificate's signature (an INCOMPLETE run now resumed) must not stand beside the new files
        // while they are written: finishing cut short then shows as unfinished, never as altered.
        if FileManager.default.fileExists(atPath: files.jws) {
            do {
                try FileManager.default.removeItem(atPath: files.jws)
            } catch {
                throw CertificateWriteError(path: files.jws, reason: "cannot remove the earlier signature: \(error)")
            }
        }
        try DurableFile.write(json, to: files.json, beforeRename: .jsonTemporary)
        FinishingCrashPoint.jsonWritten.reach()
        try DurableFile.write(html, to: files.html)
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
