import Foundation

/// The identity and outcome of one run: one profile on one station for one DUT.
///
/// Stored as the single row of the `run` table.
public struct RunRecord: Codable, Sendable, Equatable {
    /// The run identifier, for example `"DEMO-0001-20261123T101500Z"`.
    public var id: String
    /// The serial number of the device under test.
    public var dut: String
    /// Who started the run.
    public var operatorName: String
    /// The station file the run used.
    public var stationPath: String
    /// SHA-256 of the station file's bytes, lowercase hex.
    public var stationSHA256: String
    /// The profile file the run used.
    public var profilePath: String
    /// SHA-256 of the profile file's bytes, lowercase hex.
    public var profileSHA256: String
    /// The profile's name as written in the profile.
    public var profileName: String
    /// The profile's version as written in the profile.
    public var profileVersion: String
    /// The bench model seed; simulated stations only. Stored as the `Int64` with the same bit pattern.
    public var seed: UInt64?
    /// The QualStation version that started the run.
    public var softwareVersion: String
    /// When the run started (station clock).
    public var startedAt: Date
    /// When the run finished; `nil` while running.
    public var endedAt: Date?
    /// Where the run stands.
    public var status: RunStatus
    /// `"PASS"`, `"FAIL"` or `"INCOMPLETE"` once finished; `nil` while running.
    public var verdict: String?
    /// Why the run is incomplete, when it is.
    public var incompleteReason: String?
    /// Free-form context such as lab, part and lot; stored as a JSON object.
    public var metadata: [String: String]

    /// Makes a run record.
    public init(
        id: String, dut: String, operatorName: String,
        stationPath: String, stationSHA256: String,
        profilePath: String, profileSHA256: String,
        profileName: String, profileVersion: String,
        seed: UInt64? = nil, softwareVersion: String,
        startedAt: Date, endedAt: Date? = nil,
        status: RunStatus = .running, verdict: String? = nil, incompleteReason: String? = nil,
        metadata: [String: String] = [:]
    ) {
        self.id = id
        self.dut = dut
        self.operatorName = operatorName
        self.stationPath = stationPath
        self.stationSHA256 = stationSHA256
        self.profilePath = profilePath
        self.profileSHA256 = profileSHA256
        self.profileName = profileName
        self.profileVersion = profileVersion
        self.seed = seed
        self.softwareVersion = softwareVersion
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.verdict = verdict
        self.incompleteReason = incompleteReason
        self.metadata = metadata
    }
}
