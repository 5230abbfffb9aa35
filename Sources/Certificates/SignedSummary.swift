import Crypto
import Foundation
import Qualification

/// What `certificate.jws` signs: a summary of the certificate small enough for any JOSE library's default payload
/// limit (at most ``maximumBytes``), binding the full evidence by digest.
///
/// It names the certificate, the DUT, the profile and station with their files' SHA-256, the verdict and every
/// criterion's verdict, the times, whether the run was simulated (with its seed), the SHA-256 of
/// `certificate.json`, `certificate.html` and `events.log`, and the head and row count of run.sqlite's evidence
/// chain. `qualstation certificate verify` checks every digest against the files beside the JWS.
public struct SignedSummary: Codable, Sendable, Equatable {
    /// The format identifier.
    public static let currentFormat = "qualstation-signed-summary/1"
    /// The largest summary written, bytes: half of joserfc's default 128 kB payload limit.
    public static let maximumBytes = 64 * 1024

    /// A file bound by its digest. `events.log` only grows (a resume appends to it): its first `bytes` bytes are
    /// what was signed.
    public struct FileDigest: Codable, Sendable, Equatable {
        /// The file name in the run directory.
        public var file: String
        /// SHA-256 of its bytes, lowercase hex.
        public var sha256: String
        /// Its size, bytes.
        public var bytes: Int

        /// Creates a digest entry.
        public init(file: String, sha256: String, bytes: Int) {
            self.file = file
            self.sha256 = sha256
            self.bytes = bytes
        }
    }

    /// A criterion's verdict.
    public struct CriterionVerdict: Codable, Sendable, Equatable {
        /// The criterion's name.
        public var name: String
        /// Its verdict.
        public var verdict: Verdict

        /// Creates an entry.
        public init(name: String, verdict: Verdict) {
            self.name = name
            self.verdict = verdict
        }
    }

    /// Always ``currentFormat``.
    public var format: String
    /// The certificate identifier.
    public var certificateID: String
    /// DUT serial number.
    public var dut: String
    /// Part number.
    public var part: String
    /// Lot, or empty.
    public var lot: String
    /// Profile name and version.
    public var profile: String
    /// SHA-256 of the profile file.
    public var profileSHA256: String
    /// Station identifier.
    public var station: String
    /// SHA-256 of the station file.
    public var stationSHA256: String
    /// The overall verdict.
    public var verdict: Verdict
    /// Every criterion's verdict.
    public var criteria: [CriterionVerdict]
    /// When the run started, ended and the certificate was issued.
    public var times: CertificateDocument.Times
    /// Whether the instruments were simulated: such a certificate qualifies no hardware.
    public var simulated: Bool
    /// The simulation's seed, for a simulated run.
    public var seed: String?
    /// `certificate.json`, `certificate.html` and `events.log` by digest.
    public var files: [FileDigest]
    /// The head and row count of run.sqlite's evidence chain when the certificate was issued.
    public var evidenceChain: CertificateDocument.EvidenceChain?

    enum CodingKeys: String, CodingKey {
        case format, dut, part, lot, profile, station, verdict, criteria, times, simulated, seed, files
        case certificateID = "certificate_id"
        case profileSHA256 = "profile_sha256"
        case stationSHA256 = "station_sha256"
        case evidenceChain = "evidence_chain"
    }

    /// The summary of `document` with the digests of the files' bytes.
    public init(document: CertificateDocument, json: Data, html: Data, eventLog: Data?) {
        format = Self.currentFormat
        certificateID = document.id
        dut = document.dut.serial
        part = document.dut.part
        lot = document.dut.lot
        profile = "\(document.profile.name) \(document.profile.version)"
        profileSHA256 = document.profile.fileSHA256
        station = document.station.id
        stationSHA256 = document.station.fileSHA256
        verdict = document.verdict
        criteria = document.criteria.map { CriterionVerdict(name: $0.name, verdict: $0.verdict) }
        times = document.times
        simulated = document.simulated
        seed = document.seed
        var digests = [
            Self.digest(CertificateWriter.jsonFileName, json), Self.digest(CertificateWriter.htmlFileName, html),
        ]
        if let eventLog { digests.append(Self.digest(CertificateWriter.eventLogFileName, eventLog)) }
        files = digests
        evidenceChain = document.evidenceChain
    }

    /// The digest entry of `data` named `file`.
    public static func digest(_ file: String, _ data: Data) -> FileDigest {
        FileDigest(file: file, sha256: sha256(data), bytes: data.count)
    }

    /// SHA-256 of `data`, lowercase hex.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined()
    }

    /// The signed bytes: compact JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self)
        } catch {
            throw CertificateEncodingError(certificateID: certificateID, reason: String(describing: error))
        }
    }

    /// Decodes a summary from signed bytes.
    public static func decode(from data: Data) throws -> SignedSummary {
        try JSONDecoder().decode(SignedSummary.self, from: data)
    }
}
