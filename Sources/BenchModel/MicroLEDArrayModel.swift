import Foundation

/// The optics of a simulated Micro LED co-packaged-optics array: per-lane power at the far-end photodiode,
/// its temperature dependence, ageing under burn-in, and the bit error ratio that follows from it.
///
/// Every lane is drawn once from the seed at construction (see ``LaneTraits``); afterwards every figure is a pure
/// function of the lane, the DUT temperature and the accumulated stress, so the same seed always gives the same
/// array and the same answers.
///
/// - Optical power: P = P25 · exp(−k (T − 25)) · exp(−agingRate · stressHours).
/// - BER: Q = qReference · P / medianPower25, BER = ½ erfc(Q / √2); 0.5 when the lane has no signal.
/// - Stress hours are equivalent hours of powered stress at the ageing reference temperature (85 °C); convert
///   real hours at another temperature with ``equivalentStressHours(_:atCelsius:)``.
///
/// The supply side (current, energy per bit, the over-current fault) is in `MicroLEDArrayModel+Supply.swift`.
public struct MicroLEDArrayModel: Sendable, Equatable {
    /// The design figures the array was drawn from.
    public let parameters: Parameters
    /// The seed the lanes were drawn from.
    public let seed: UInt64
    /// Every lane, in index order (zero-based).
    public let lanes: [LaneTraits]
    /// Fault hook: the DUT suddenly draws ``Parameters/overCurrentFactor`` (3×) its normal supply current.
    public var overCurrentFault: Bool = false

    /// Boltzmann constant, eV/K.
    public static let boltzmannElectronVoltsPerKelvin = 8.617_333_262e-5

    /// Draws an array from `seed`: dead and weak lane counts (unless fixed by the parameters), their positions,
    /// and every lane's power, thermal coefficient and ageing rate.
    public init(parameters: Parameters = Parameters(), seed: UInt64) {
        self.parameters = parameters
        self.seed = seed
        self.lanes = Self.drawLanes(parameters: parameters, random: SeededRandom(seed: seed).child(Self.arrayKey))
    }

    /// Several arrays as one, lanes renumbered in order (a board of sockets): the first array's design figures
    /// with the lane and payload counts summed, and the first array's seed.
    public init(concatenating arrays: [MicroLEDArrayModel]) {
        var parameters = arrays.first?.parameters ?? Parameters()
        parameters.laneCount = arrays.reduce(0) { $0 + $1.lanes.count }
        parameters.activeLaneCount = arrays.reduce(0) { $0 + $1.parameters.activeLaneCount }
        parameters.deadLaneCount = arrays.reduce(0) { $0 + $1.lanes(ofClass: .dead).count }
        parameters.weakLaneCount = arrays.reduce(0) { $0 + $1.lanes(ofClass: .weak).count }
        self.parameters = parameters
        self.seed = arrays.first?.seed ?? 0
        var lanes: [LaneTraits] = []
        for array in arrays {
            for lane in array.lanes {
                lanes.append(
                    LaneTraits(
                        index: lanes.count, laneClass: lane.laneClass, nominalPower25: lane.nominalPower25, k: lane.k,
                        agingRate: lane.agingRate))
            }
        }
        self.lanes = lanes
    }

    // MARK: Queries

    /// Lanes of one health class, in index order.
    public func lanes(ofClass laneClass: LaneTraits.LaneClass) -> [LaneTraits] {
        lanes.filter { $0.laneClass == laneClass }
    }

    /// Optical power at the photodiode of `lane`, W.
    /// - Parameters:
    ///   - lane: zero-based lane index; an index outside the array reads as an unlit position (dark power).
    ///   - dutCelsius: the DUT temperature now.
    ///   - stressHours: equivalent hours of powered stress at the ageing reference temperature (85 °C).
    public func opticalPower(lane: Int, dutCelsius: Double, stressHours: Double = 0) -> Double {
        guard lanes.indices.contains(lane) else { return parameters.darkPowerWatts }
        let traits = lanes[lane]
        if traits.laneClass == .dead { return parameters.darkPowerWatts }
        let thermal = exp(-traits.k * (dutCelsius - 25))
        let aged = exp(-traits.agingRate * max(0, stressHours))
        return max(parameters.darkPowerWatts, traits.nominalPower25 * thermal * aged)
    }

    /// Whether the receiver of `lane` detects a signal (power above the signal-detect threshold) and can sync.
    public func hasSignal(lane: Int, dutCelsius: Double, stressHours: Double = 0) -> Bool {
        opticalPower(lane: lane, dutCelsius: dutCelsius, stressHours: stressHours)
            > parameters.signalDetectThresholdWatts
    }

    /// The receiver's Q factor on `lane`: qReference · P / medianPower25 (noise-limited receiver).
    public func qFactor(lane: Int, dutCelsius: Double, stressHours: Double = 0) -> Double {
        guard parameters.medianPower25Watts > 0 else { return 0 }
        let power = opticalPower(lane: lane, dutCelsius: dutCelsius, stressHours: stressHours)
        return parameters.qReference * power / parameters.medianPower25Watts
    }

    /// The true bit error ratio of `lane`: ½ erfc(Q / √2), or 0.5 when the lane has no signal (no sync).
    public func bitErrorRatio(lane: Int, dutCelsius: Double, stressHours: Double = 0) -> Double {
        guard hasSignal(lane: lane, dutCelsius: dutCelsius, stressHours: stressHours) else { return 0.5 }
        let q = qFactor(lane: lane, dutCelsius: dutCelsius, stressHours: stressHours)
        return min(0.5, 0.5 * erfc(q / 2.0.squareRoot()))
    }

    // MARK: Ageing

    /// How much faster the array ages at `dutCelsius` than at the reference temperature (Arrhenius).
    public func agingAccelerationFactor(dutCelsius: Double) -> Double {
        let reference = parameters.agingReferenceCelsius + 273.15
        let kelvin = max(dutCelsius + 273.15, 1)
        let exponent = parameters.agingActivationEnergyElectronVolts / Self.boltzmannElectronVoltsPerKelvin
            * (1 / reference - 1 / kelvin)
        return exp(exponent)
    }

    /// Converts `hours` of powered stress at `atCelsius` into equivalent hours at the reference temperature;
    /// sum these over a burn-in's temperature history to get the `stressHours` the queries take.
    public func equivalentStressHours(_ hours: Double, atCelsius: Double) -> Double {
        max(0, hours) * agingAccelerationFactor(dutCelsius: atCelsius)
    }

    // MARK: Drawing the lanes

    private static let arrayKey = SeededRandom.key("array")
    private static let deadCountKey = SeededRandom.key("array.deadCount")
    private static let weakCountKey = SeededRandom.key("array.weakCount")
    private static let shuffleKey = SeededRandom.key("array.positions")
    private static let powerKey = SeededRandom.key("array.lane.power")
    private static let weakFractionKey = SeededRandom.key("array.lane.weakFraction")
    private static let thermalKey = SeededRandom.key("array.lane.k")
    private static let agingKey = SeededRandom.key("array.lane.aging")

    private static func drawLanes(parameters p: Parameters, random: SeededRandom) -> [LaneTraits] {
        let count = max(0, p.laneCount)
        guard count > 0 else { return [] }
        let dead = min(count, max(0, p.deadLaneCount ?? Int(random.uniform(deadCountKey) * 4)))
        let weak = min(count - dead, max(0, p.weakLaneCount ?? Int(random.uniform(weakCountKey) * 5)))

        // Partial Fisher-Yates: the first `dead` shuffled positions are dead, the next `weak` are weak.
        var order = Array(0..<count)
        for slot in 0..<(dead + weak) {
            let pick = slot + Int(random.uniform(shuffleKey, UInt64(slot)) * Double(count - slot))
            order.swapAt(slot, min(pick, count - 1))
        }
        var classes = [LaneTraits.LaneClass](repeating: .good, count: count)
        for slot in 0..<dead { classes[order[slot]] = .dead }
        for slot in dead..<(dead + weak) { classes[order[slot]] = .weak }

        return (0..<count).map { index in
            let lane = UInt64(index)
            switch classes[index] {
            case .dead:
                return LaneTraits(index: index, laneClass: .dead, nominalPower25: p.darkPowerWatts, k: 0, agingRate: 0)
            case .good:
                let zPower = screenedGaussian(random, powerKey, lane, limit: 3)
                let zThermal = screenedGaussian(random, thermalKey, lane, limit: 3)
                let zAging = screenedGaussian(random, agingKey, lane, limit: 3)
                return LaneTraits(
                    index: index, laneClass: .good,
                    nominalPower25: p.medianPower25Watts * exp(p.powerSpreadSigma * zPower),
                    k: p.temperatureCoefficientPerKelvin * exp(p.temperatureCoefficientSpreadSigma * zThermal),
                    agingRate: p.agingRatePerHour * exp(p.agingSpreadSigma * zAging))
            case .weak:
                let low = min(p.weakPowerFractionMinimum, p.weakPowerFractionMaximum)
                let high = max(p.weakPowerFractionMinimum, p.weakPowerFractionMaximum)
                let fraction = low + (high - low) * random.uniform(weakFractionKey, lane)
                let zThermal = screenedGaussian(random, thermalKey, lane, limit: 2)
                let zAging = screenedGaussian(random, agingKey, lane, limit: 3)
                return LaneTraits(
                    index: index, laneClass: .weak,
                    nominalPower25: p.medianPower25Watts * fraction,
                    k: p.temperatureCoefficientPerKelvin * p.weakTemperatureCoefficientFactor
                        * exp(p.temperatureCoefficientSpreadSigma * zThermal),
                    agingRate: p.agingRatePerHour * p.weakAgingFactor * exp(p.agingSpreadSigma * zAging))
            }
        }
    }

    /// A standard normal value redrawn (with a new attempt key) until it lies within ±limit: the lanes that a
    /// production screen would have rejected never reach the bench.
    private static func screenedGaussian(
        _ random: SeededRandom, _ key: UInt64, _ lane: UInt64, limit: Double
    ) -> Double {
        for attempt in UInt64(0)..<64 {
            let z = random.gaussian(key, lane, attempt)
            if abs(z) <= limit { return z }
        }
        return 0
    }
}
