/// What a simulated lane is made of: fixed at construction from the seed.
public struct LaneTraits: Sendable, Codable, Equatable, Hashable {
    /// The health class of a lane.
    public enum LaneClass: String, Sendable, Codable, CaseIterable, Hashable {
        /// A normal emitter: passes BER < 1e-12 from −40 to 125 °C.
        case good
        /// A low-output emitter (55–65 % of median) that droops faster with heat and ages faster: it passes
        /// around 25 °C but exceeds BER 1e-12 at 105–125 °C.
        case weak
        /// An emitter that gives no light: the photodiode sees only dark power; no sync, BER 0.5.
        case dead
    }

    /// Zero-based lane position in the array.
    public let index: Int
    /// Health class.
    public let laneClass: LaneClass
    /// Optical power at the photodiode at 25 °C before any stress, W.
    public let nominalPower25: Double
    /// Thermal droop coefficient k in P(T) = P25 · exp(−k (T − 25)), 1/K (0 for dead lanes).
    public let k: Double
    /// Fractional power loss rate under powered stress at the reference temperature (85 °C), 1/h
    /// (0 for dead lanes).
    public let agingRate: Double

    /// Creates lane traits (the array model makes these from its seed; tests and tools may build their own).
    public init(index: Int, laneClass: LaneClass, nominalPower25: Double, k: Double, agingRate: Double) {
        self.index = index
        self.laneClass = laneClass
        self.nominalPower25 = nominalPower25
        self.k = k
        self.agingRate = agingRate
    }
}
