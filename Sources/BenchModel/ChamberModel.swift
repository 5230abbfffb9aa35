import Foundation

/// The thermal physics of a temperature chamber with one device under test (DUT) inside.
///
/// While the chamber runs, the air moves linearly toward the setpoint at the ramp rate and stops there. The DUT
/// follows the air through a first-order lag (time constant ``Parameters/dutTimeConstantSeconds``). When the chamber
/// is stopped, or while an ``alarm`` is latched, heaters and compressor are off and the air relaxes exponentially
/// toward ambient (time constant ``Parameters/stoppedTimeConstantSeconds``).
///
/// ``advance(to:)`` integrates these equations exactly (analytic solution per piece: linear air, constant air,
/// exponentially relaxing air), so one jump of an hour and 3600 one-second steps give the same state to rounding.
public struct ChamberModel: Sendable, Equatable {
    /// The chamber's ratings and thermal constants.
    public struct Parameters: Sendable, Codable, Equatable {
        /// Lowest air temperature the chamber is rated for, °C.
        public var ratedMinimumCelsius: Double
        /// Highest air temperature the chamber is rated for, °C.
        public var ratedMaximumCelsius: Double
        /// Fastest air ramp the chamber can drive, K/min.
        public var maximumRampKelvinPerMinute: Double
        /// Time constant of the DUT's first-order lag behind the air, s.
        public var dutTimeConstantSeconds: Double
        /// Temperature of the room around the chamber, °C.
        public var ambientCelsius: Double
        /// Standard deviation of the air sensor's reading noise, K.
        public var airNoiseKelvin: Double
        /// Standard deviation of the DUT thermocouple's reading noise, K.
        public var dutNoiseKelvin: Double
        /// Time constant with which the air relaxes toward ambient while the chamber is stopped, s.
        public var stoppedTimeConstantSeconds: Double

        /// Creates chamber parameters; the defaults describe a −70…180 °C, 15 K/min chamber.
        public init(
            ratedMinimumCelsius: Double = -70,
            ratedMaximumCelsius: Double = 180,
            maximumRampKelvinPerMinute: Double = 15,
            dutTimeConstantSeconds: Double = 60,
            ambientCelsius: Double = 23,
            airNoiseKelvin: Double = 0.05,
            dutNoiseKelvin: Double = 0.03,
            stoppedTimeConstantSeconds: Double = 600
        ) {
            self.ratedMinimumCelsius = ratedMinimumCelsius
            self.ratedMaximumCelsius = ratedMaximumCelsius
            self.maximumRampKelvinPerMinute = maximumRampKelvinPerMinute
            self.dutTimeConstantSeconds = dutTimeConstantSeconds
            self.ambientCelsius = ambientCelsius
            self.airNoiseKelvin = airNoiseKelvin
            self.dutNoiseKelvin = dutNoiseKelvin
            self.stoppedTimeConstantSeconds = stoppedTimeConstantSeconds
        }

        /// Decodes parameters; any field left out takes its default.
        public init(from decoder: any Decoder) throws {
            let defaults = Parameters()
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func value(_ key: CodingKeys, _ fallback: Double) throws -> Double {
                try container.decodeIfPresent(Double.self, forKey: key) ?? fallback
            }
            ratedMinimumCelsius = try value(.ratedMinimumCelsius, defaults.ratedMinimumCelsius)
            ratedMaximumCelsius = try value(.ratedMaximumCelsius, defaults.ratedMaximumCelsius)
            maximumRampKelvinPerMinute = try value(.maximumRampKelvinPerMinute, defaults.maximumRampKelvinPerMinute)
            dutTimeConstantSeconds = try value(.dutTimeConstantSeconds, defaults.dutTimeConstantSeconds)
            ambientCelsius = try value(.ambientCelsius, defaults.ambientCelsius)
            airNoiseKelvin = try value(.airNoiseKelvin, defaults.airNoiseKelvin)
            dutNoiseKelvin = try value(.dutNoiseKelvin, defaults.dutNoiseKelvin)
            stoppedTimeConstantSeconds = try value(.stoppedTimeConstantSeconds, defaults.stoppedTimeConstantSeconds)
        }

        /// The rated air temperature range, °C.
        public var ratedRange: ClosedRange<Double> {
            min(ratedMinimumCelsius, ratedMaximumCelsius)...max(ratedMinimumCelsius, ratedMaximumCelsius)
        }
    }

    /// The chamber's ratings and thermal constants.
    public internal(set) var parameters: Parameters
    /// Bench time of the current state, s.
    public private(set) var time: Double
    /// The setpoint in use, °C (always within the rated range).
    public private(set) var setpointCelsius: Double
    /// The air ramp rate in use, K/min (never above the rated maximum).
    public private(set) var rampRateKelvinPerMinute: Double
    /// Whether the chamber is running (heating/cooling toward the setpoint). Stopped, it drifts toward ambient.
    public private(set) var isRunning: Bool
    /// Air temperature now, °C.
    public private(set) var airCelsius: Double
    /// DUT temperature now, °C.
    public private(set) var dutCelsius: Double

    /// Fault hook: the air temperatures the chamber can actually reach (e.g. a weak compressor: `-20...180`).
    /// The air saturates at the bound instead of reaching a setpoint outside it. `nil` = the whole rated range.
    public var reachableRange: ClosedRange<Double>?
    /// Fault hook: a latched alarm message. While set, the chamber's heating and cooling are off (it behaves as
    /// stopped and drifts toward ambient) until the alarm is cleared by setting it to `nil`.
    public var alarm: String?
    /// Steady-state rise of a powered, heat-dissipating DUT above the air, K (0 = passive DUT). The DUT lags
    /// toward `air + dutSelfHeatingKelvin`.
    public var dutSelfHeatingKelvin: Double = 0

    /// Creates a chamber at rest: air and DUT at ambient, setpoint ambient, ramp rate at the rated maximum.
    /// - Parameters:
    ///   - parameters: ratings and thermal constants.
    ///   - time: bench time of the initial state, s.
    ///   - running: whether the chamber starts running (holding the ambient setpoint) or stopped.
    public init(parameters: Parameters = Parameters(), time: Double = 0, running: Bool = true) {
        self.parameters = parameters
        self.time = time
        let ambient = parameters.ambientCelsius
        let range = parameters.ratedRange
        self.setpointCelsius = min(max(ambient, range.lowerBound), range.upperBound)
        self.rampRateKelvinPerMinute = max(0, parameters.maximumRampKelvinPerMinute)
        self.isRunning = running
        self.airCelsius = ambient
        self.dutCelsius = ambient
    }

    /// The same chamber with another DUT in it: the same air, controls and time, a DUT now at this one's temperature
    /// that follows the air with time constant `seconds` (another socket of a board).
    public func withDUTTimeConstant(_ seconds: Double) -> ChamberModel {
        var copy = self
        copy.parameters.dutTimeConstantSeconds = seconds
        return copy
    }

    // MARK: Controls

    /// Sets the setpoint, clamped to the rated range, and returns the value actually used, °C.
    /// A NaN setpoint is ignored (the previous setpoint stays and is returned).
    @discardableResult
    public mutating func setSetpoint(_ celsius: Double) -> Double {
        guard !celsius.isNaN else { return setpointCelsius }
        let range = parameters.ratedRange
        setpointCelsius = min(max(celsius, range.lowerBound), range.upperBound)
        return setpointCelsius
    }

    /// Sets the air ramp rate, clamped to 0…maximum K/min, and returns the value actually used.
    /// A NaN rate is ignored (the previous rate stays and is returned).
    @discardableResult
    public mutating func setRampRate(_ kelvinPerMinute: Double) -> Double {
        guard !kelvinPerMinute.isNaN else { return rampRateKelvinPerMinute }
        rampRateKelvinPerMinute = min(max(kelvinPerMinute, 0), max(0, parameters.maximumRampKelvinPerMinute))
        return rampRateKelvinPerMinute
    }

    /// Starts (`true`) or stops (`false`) the chamber's temperature control from the current time on.
    public mutating func setRunning(_ running: Bool) {
        isRunning = running
    }

    /// Whether the chamber is actively controlling: running and no alarm latched.
    public var isControlling: Bool {
        isRunning && alarm == nil
    }

    /// Where the air is heading now, °C: the setpoint limited to the reachable range while controlling,
    /// ambient otherwise.
    public var airTargetCelsius: Double {
        guard isControlling else { return parameters.ambientCelsius }
        guard let reachable = reachableRange else { return setpointCelsius }
        return min(max(setpointCelsius, reachable.lowerBound), reachable.upperBound)
    }

    // MARK: Time

    /// Advances the state to bench time `time` (s), integrating air and DUT exactly. Earlier times are ignored:
    /// bench time never runs backwards.
    public mutating func advance(to time: Double) {
        guard time > self.time, time.isFinite else { return }
        let duration = time - self.time
        if isControlling {
            advanceControlled(by: duration)
        } else {
            advanceRelaxing(by: duration)
        }
        self.time = time
    }

    /// Controlled: a linear air ramp until the target is reached, then constant air.
    private mutating func advanceControlled(by duration: Double) {
        let target = airTargetCelsius
        let rate = rampRateKelvinPerMinute / 60
        var remaining = duration
        if airCelsius != target && rate > 0 {
            let slope = target > airCelsius ? rate : -rate
            let timeToTarget = abs(target - airCelsius) / rate
            if timeToTarget > remaining {
                dutCelsius = Self.lagBehindLinearAir(
                    dut: dutCelsius, air: airCelsius + dutSelfHeatingKelvin, slope: slope,
                    duration: remaining, tau: parameters.dutTimeConstantSeconds)
                airCelsius += slope * remaining
                return
            }
            dutCelsius = Self.lagBehindLinearAir(
                dut: dutCelsius, air: airCelsius + dutSelfHeatingKelvin, slope: slope,
                duration: timeToTarget, tau: parameters.dutTimeConstantSeconds)
            airCelsius = target
            remaining -= timeToTarget
        }
        dutCelsius = Self.lagBehindLinearAir(
            dut: dutCelsius, air: airCelsius + dutSelfHeatingKelvin, slope: 0,
            duration: remaining, tau: parameters.dutTimeConstantSeconds)
    }

    /// Stopped or alarmed: air relaxes exponentially toward ambient; the DUT lags behind it.
    private mutating func advanceRelaxing(by duration: Double) {
        let ambient = parameters.ambientCelsius
        let tauAir = parameters.stoppedTimeConstantSeconds
        let tauDut = parameters.dutTimeConstantSeconds
        let airOffset = airCelsius - ambient
        let dutOffset = dutCelsius - ambient - dutSelfHeatingKelvin
        let airDecay = tauAir > 0 ? exp(-duration / tauAir) : 0
        airCelsius = ambient + airOffset * airDecay
        guard tauDut > 0 else {
            dutCelsius = airCelsius + dutSelfHeatingKelvin
            return
        }
        let dutDecay = exp(-duration / tauDut)
        // Two first-order lags in series: the air's offset feeds the DUT's.
        let coupling: Double
        if tauAir <= 0 {
            coupling = 0
        } else if abs(tauAir - tauDut) <= 1e-9 * tauAir {
            coupling = duration / tauDut * dutDecay
        } else {
            coupling = tauAir / (tauAir - tauDut) * (airDecay - dutDecay)
        }
        dutCelsius = ambient + dutSelfHeatingKelvin + dutOffset * dutDecay + airOffset * coupling
    }

    /// Exact first-order lag response to an input moving linearly from `air` with `slope` (K/s) for `duration`.
    private static func lagBehindLinearAir(
        dut: Double, air: Double, slope: Double, duration: Double, tau: Double
    ) -> Double {
        let airAtEnd = air + slope * duration
        guard tau > 0 else { return airAtEnd }
        let decay = exp(-duration / tau)
        return airAtEnd - slope * tau + (dut - air + slope * tau) * decay
    }

    // MARK: Readings

    /// The air sensor's reading now, °C: true air temperature plus Gaussian noise keyed by time and `sample`.
    /// - Parameters:
    ///   - noise: the bench's random source; the same source, time and sample give the same reading.
    ///   - sample: a sample counter or channel number distinguishing readings taken at the same time.
    public func airReading(noise: SeededRandom, sample: UInt64) -> Double {
        airCelsius + parameters.airNoiseKelvin
            * noise.gaussian(Self.airKey, SeededRandom.key(time), sample)
    }

    /// The DUT thermocouple's reading now, °C: true DUT temperature plus Gaussian noise keyed by time and `sample`.
    /// - Parameters:
    ///   - noise: the bench's random source; the same source, time and sample give the same reading.
    ///   - sample: a sample counter or channel number distinguishing readings taken at the same time.
    public func dutReading(noise: SeededRandom, sample: UInt64) -> Double {
        dutCelsius + parameters.dutNoiseKelvin
            * noise.gaussian(Self.dutKey, SeededRandom.key(time), sample)
    }

    private static let airKey = SeededRandom.key("chamber.air")
    private static let dutKey = SeededRandom.key("chamber.dut")
}
