/// What the operator asked for when starting a run.
public struct RunRequest: Sendable, Equatable {
    /// The station file.
    public var stationPath: String
    /// The qualification profile.
    public var profilePath: String
    /// The DUT's serial number.
    public var dut: String
    /// The run directory; `runs/<DUT>-<UTC timestamp>` when nil.
    public var outputDirectory: String?
    /// Overrides the station file's simulation seed.
    public var seed: UInt64?
    /// Who runs it.
    public var operatorName: String
    /// The DUT's lot, when known.
    public var lot: String?

    /// Creates a request.
    public init(
        stationPath: String, profilePath: String, dut: String, outputDirectory: String? = nil, seed: UInt64? = nil,
        operatorName: String, lot: String? = nil
    ) {
        self.stationPath = stationPath
        self.profilePath = profilePath
        self.dut = dut
        self.outputDirectory = outputDirectory
        self.seed = seed
        self.operatorName = operatorName
        self.lot = lot
    }
}
