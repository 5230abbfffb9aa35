import CertificateSigning
import Foundation

extension CertificateWriter {
    /// What a run directory holds of its certificate.
    public enum Completeness: Sendable, Equatable {
        /// certificate.json, certificate.html and a valid certificate.jws are there, and the JSON is the signed payload.
        case whole
        /// Finishing was interrupted: a file is missing or empty, the JWS is cut short, or certificate.json is a
        /// prefix of the signed payload. The reason says which.
        case unfinished(String)
        /// Every file is there but certificate.json is not what was signed: it was changed afterwards.
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
        let json = contents[jsonFileName] ?? Data()
        if json == verified.payload { return .whole }
        if json.count < verified.payload.count, verified.payload.prefix(json.count) == json {
            return .unfinished("\(jsonFileName) is cut short (\(json.count) of \(verified.payload.count) bytes)")
        }
        return .altered("\(jsonFileName) is not the payload \(jwsFileName) signed: it was changed after signing")
    }
}
