import CertificateSigning
import Foundation

extension CertificateWriter {
    /// What a run directory holds of its certificate.
    public enum Completeness: Sendable, Equatable {
        /// certificate.json, certificate.html and a valid certificate.jws are there, and both files are the ones its
        /// signed summary names by digest.
        case whole
        /// Finishing was interrupted: a file is missing or empty, the JWS is cut short, or a file is shorter than
        /// the signed summary says. The reason says which.
        case unfinished(String)
        /// Every file is there but one is not what was signed: it was changed afterwards.
        case altered(String)
    }

    /// How much of its certificate `directory` holds.
    ///
    /// An unfinished certificate is issued again from run.sqlite by `qualstation resume`; an altered one is left
    /// alone, for `qualstation certificate verify` to report.
    public static func completeness(in directory: String) -> Completeness {
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        var contents: [String: Data] = [:]
        for name in [jsonFileName, htmlFileName, jwsFileName] {
            guard let data = FileManager.default.contents(atPath: base.appendingPathComponent(name).path), !data.isEmpty else {
                return .unfinished("\(name) is missing or empty")
            }
            contents[name] = data
        }
        let compact = String(decoding: contents[jwsFileName] ?? Data(), as: UTF8.self)
        guard let verified = try? JWS.verify(compact, trustedKey: nil) else {
            return .unfinished("\(jwsFileName) does not hold a valid signature")
        }
        guard let summary = try? SignedSummary.decode(from: verified.payload) else {
            return .altered("\(jwsFileName) does not sign a QualStation summary")
        }
        for name in [jsonFileName, htmlFileName] {
            let data = contents[name] ?? Data()
            guard let signed = summary.files.first(where: { $0.file == name }) else {
                return .altered("the signed summary does not name \(name)")
            }
            if SignedSummary.sha256(data) == signed.sha256 { continue }
            if data.count < signed.bytes {
                return .unfinished("\(name) is cut short (\(data.count) of \(signed.bytes) bytes)")
            }
            return .altered("\(name) is not the file \(jwsFileName) signed: it was changed after signing")
        }
        return .whole
    }
}
