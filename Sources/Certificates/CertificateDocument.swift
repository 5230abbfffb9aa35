import Foundation
import Qualification

/// A qualification certificate: one run of one profile on one station for one DUT, with the verdict and all the
/// evidence a third party needs to recompute it (bits, errors, confidence, targets, limits, uncertainties).
///
/// It is the content of `certificate.json`, the payload signed into `certificate.jws`, and the source of the
/// HTML and terminal renderings. The JSON has snake_case keys, sorted; times are ISO 8601 UTC to the second;
/// numbers are plain JSON numbers; absent values are written as `null` so every field is always present.
/// It covers the report contents of ISO/IEC 17025:2017 §7.8.2.1 and §7.8.3, and the statement of conformity of
/// §7.8.6 with its decision rule (ILAC-G8:09/2019).
public struct CertificateDocument: Codable, Sendable, Equatable {
    /// The format identifier written into every certificate.
    public static let currentFormat = "qualstation-certificate/1"
    /// The statement that results relate only to the item tested (ISO/IEC 17025 §7.8.2.1).
    public static let standardStatement =
        "The results relate only to the item tested. This certificate shall not be reproduced except in full."
    /// The clear end mark of the certificate (ISO/IEC 17025 §7.8.2.1).
    public static let standardEndMark = "End of certificate"

    /// Always ``currentFormat``.
    public var format: String
    /// The unique certificate identifier: `QS-` followed by the run id.
    public var id: String
    /// The title, from the profile.
    public var title: String
    /// The laboratory.
    public var lab: Lab
    /// The station that did the work.
    public var station: Station
    /// The item tested.
    public var dut: DUT
    /// The method: the qualification profile.
    public var profile: ProfileReference
    /// The run: identifier, status and recorded context.
    public var run: RunInformation
    /// Every instrument on the station with its identity and calibration.
    public var instruments: [Instrument]
    /// The software that issued the certificate.
    public var software: Software
    /// Who ran the test.
    public var `operator`: String
    /// Start, end and issue times.
    public var times: Times
    /// Conditions during each step of the plan.
    public var environment: [EnvironmentStep]
    /// The decision rule applied to every criterion.
    public var decisionRule: DecisionRuleStatement
    /// The limits of the profile, as needed to recompute each verdict.
    public var limits: Limits
    /// Each criterion's result.
    public var criteria: [Criterion]
    /// Each lane's evidence and verdict.
    public var lanes: [Lane]
    /// Failed active lanes and the spare lane that replaces each.
    public var remap: [Remap]
    /// Whether the instruments were simulated. A simulated certificate qualifies no hardware; it says so on its
    /// first line, in its signed summary and wherever it is shown or verified.
    public var simulated: Bool
    /// The simulation's seed, for a simulated run: the same seed gives the same certificate contents.
    public var seed: String?
    /// The head and row count of run.sqlite's evidence chain when the certificate was issued.
    public var evidenceChain: EvidenceChain?
    /// The lanes the part uses after remapping: what every per-lane criterion was judged on.
    public var countedLanes: [Int]
    /// Everything the verdicts were computed from (the rules and the evidence); `qualstation certificate verify`
    /// and scripts/check-certificate.py recompute every verdict from it.
    public var verdictInputs: VerdictInputs?
    /// Retries, faults, resumes, resyncs, interlocks and aborts during the run.
    public var deviations: [Deviation]
    /// The overall verdict.
    public var verdict: Verdict
    /// Why the verdict is what it is.
    public var reasons: [String]
    /// ``standardStatement``.
    public var statement: String
    /// ``standardEndMark``.
    public var endMark: String

    /// Creates a document from its parts; ``CertificateBuilder`` fills it from a run.
    public init(
        format: String = CertificateDocument.currentFormat, id: String, title: String, lab: Lab, station: Station,
        dut: DUT, profile: ProfileReference, run: RunInformation, instruments: [Instrument], software: Software,
        operator: String, times: Times, environment: [EnvironmentStep], decisionRule: DecisionRuleStatement,
        limits: Limits, criteria: [Criterion], lanes: [Lane], remap: [Remap], countedLanes: [Int] = [],
        verdictInputs: VerdictInputs? = nil, simulated: Bool = false, seed: String? = nil, evidenceChain: EvidenceChain? = nil, deviations: [Deviation], verdict: Verdict, reasons: [String], statement: String = CertificateDocument.standardStatement,
        endMark: String = CertificateDocument.standardEndMark
    ) {
        self.format = format
        self.id = id
        self.title = title
        self.lab = lab
        self.station = station
        self.dut = dut
        self.profile = profile
        self.run = run
        self.instruments = instruments
        self.software = software
        self.operator = `operator`
        self.times = times
        self.environment = environment
        self.decisionRule = decisionRule
        self.limits = limits
        self.criteria = criteria
        self.lanes = lanes
        self.remap = remap
        self.countedLanes = countedLanes
        self.simulated = simulated
        self.seed = seed
        self.evidenceChain = evidenceChain
        self.verdictInputs = verdictInputs
        self.deviations = deviations
        self.verdict = verdict
        self.reasons = reasons
        self.statement = statement
        self.endMark = endMark
    }

    enum CodingKeys: String, CodingKey {
        case format, id, title, lab, station, dut, profile, run, instruments, software
        case `operator` = "operator"
        case times, environment
        case decisionRule = "decision_rule"
        case limits, criteria, lanes, remap, deviations, verdict, reasons, statement
        case endMark = "end_mark"
        case countedLanes = "counted_lanes"
        case simulated, seed
        case evidenceChain = "evidence_chain"
        case verdictInputs = "verdict_inputs"
    }

    /// The head and row count of a run database's evidence chain (every measurement and event row hash-chained).
    public struct EvidenceChain: Codable, Sendable, Equatable {
        /// SHA-256 of the last row's chain entry, hex.
        public var head: String
        /// Rows in the chain.
        public var count: Int

        /// Creates the entry.
        public init(head: String, count: Int) {
            self.head = head
            self.count = count
        }
    }

    /// The exact bytes of `certificate.json`: pretty-printed JSON with sorted keys and unescaped slashes,
    /// followed by a newline. These are the bytes the JWS signs.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self) + Data("\n".utf8)
        } catch {
            throw CertificateEncodingError(certificateID: id, reason: String(describing: error))
        }
    }

    /// Decodes a certificate from JSON (for example a `certificate.json` file or a verified JWS payload).
    public static func decode(from data: Data) throws -> CertificateDocument {
        try JSONDecoder().decode(CertificateDocument.self, from: data)
    }

    /// The criteria whose verdict is not PASS.
    public var failingCriteria: [Criterion] { criteria.filter { $0.verdict != .pass } }

    /// The lanes whose verdict is FAIL.
    public var failedLanes: [Lane] { lanes.filter { $0.verdict == .fail } }
}

/// The certificate could not be turned into JSON (a value JSON cannot represent).
public struct CertificateEncodingError: Error, CustomStringConvertible, Sendable {
    /// The certificate concerned.
    public var certificateID: String
    /// What the encoder reported.
    public var reason: String

    /// A readable message.
    public var description: String {
        "certificate \(certificateID) cannot be written as JSON: \(reason)"
    }
}
