import Foundation
import Qualification

extension CertificateDocument {
    /// The conditions of one planned step (ISO/IEC 17025 §7.8.3.1 a), from the readings of its latest completed
    /// attempt. Temperatures are `null` for a step that never completed. The `dut_*` and `air_*` figures cover the
    /// ramp and soak into the step (for a step that measures nothing, the whole step); ``measurement`` covers the
    /// measurement window alone.
    public struct EnvironmentStep: Codable, Sendable, Equatable {
        /// Step index.
        public var index: Int
        /// Step name.
        public var name: String
        /// `temperature-point`, `cycle-dwell` or `burn-in-read-point`.
        public var kind: String
        /// `pending`, `running` or `complete`.
        public var status: String
        /// Attempts the step took (more than one after a resume).
        public var attempts: Int
        /// When the step's latest attempt started.
        public var started: CertificateTime?
        /// When the step last completed.
        public var ended: CertificateTime?
        /// Chamber setpoint, °C.
        public var setpointCelsius: Double
        /// Lowest DUT temperature read, °C.
        public var dutMinimumCelsius: Double?
        /// Mean DUT temperature read, °C.
        public var dutMeanCelsius: Double?
        /// Highest DUT temperature read, °C.
        public var dutMaximumCelsius: Double?
        /// Lowest chamber air temperature read, °C.
        public var airMinimumCelsius: Double?
        /// Highest chamber air temperature read, °C.
        public var airMaximumCelsius: Double?
        /// Temperature readings the figures come from (air readings).
        public var samples: Int
        /// Mean supply power during measurement, W.
        public var supplyWatts: Double?
        /// Energy per bit over the required lanes, pJ/bit.
        public var picojoulesPerBit: Double?
        /// The DUT temperature over the measurement window, for a step that measured.
        public var measurement: MeasurementWindow?

        /// Creates an environment entry.
        public init(
            index: Int, name: String, kind: String, status: String, attempts: Int, started: CertificateTime?,
            ended: CertificateTime?, setpointCelsius: Double, dutMinimumCelsius: Double?, dutMeanCelsius: Double?,
            dutMaximumCelsius: Double?, airMinimumCelsius: Double?, airMaximumCelsius: Double?, samples: Int,
            supplyWatts: Double?, picojoulesPerBit: Double?, measurement: MeasurementWindow? = nil
        ) {
            self.index = index
            self.name = name
            self.kind = kind
            self.status = status
            self.attempts = attempts
            self.started = started
            self.ended = ended
            self.setpointCelsius = setpointCelsius
            self.dutMinimumCelsius = dutMinimumCelsius
            self.dutMeanCelsius = dutMeanCelsius
            self.dutMaximumCelsius = dutMaximumCelsius
            self.airMinimumCelsius = airMinimumCelsius
            self.airMaximumCelsius = airMaximumCelsius
            self.samples = samples
            self.supplyWatts = supplyWatts
            self.picojoulesPerBit = picojoulesPerBit
            self.measurement = measurement
        }

        enum CodingKeys: String, CodingKey {
            case index, name, kind, status, attempts, started, ended, samples, measurement
            case setpointCelsius = "setpoint_celsius"
            case dutMinimumCelsius = "dut_min_celsius"
            case dutMeanCelsius = "dut_mean_celsius"
            case dutMaximumCelsius = "dut_max_celsius"
            case airMinimumCelsius = "air_min_celsius"
            case airMaximumCelsius = "air_max_celsius"
            case supplyWatts = "supply_watts"
            case picojoulesPerBit = "pj_per_bit"
        }

        /// Encodes every member, writing `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(name, forKey: .name)
            try container.encode(kind, forKey: .kind)
            try container.encode(status, forKey: .status)
            try container.encode(attempts, forKey: .attempts)
            try container.encode(started, forKey: .started)
            try container.encode(ended, forKey: .ended)
            try container.encode(setpointCelsius, forKey: .setpointCelsius)
            try container.encode(dutMinimumCelsius, forKey: .dutMinimumCelsius)
            try container.encode(dutMeanCelsius, forKey: .dutMeanCelsius)
            try container.encode(dutMaximumCelsius, forKey: .dutMaximumCelsius)
            try container.encode(airMinimumCelsius, forKey: .airMinimumCelsius)
            try container.encode(airMaximumCelsius, forKey: .airMaximumCelsius)
            try container.encode(samples, forKey: .samples)
            try container.encode(supplyWatts, forKey: .supplyWatts)
            try container.encode(picojoulesPerBit, forKey: .picojoulesPerBit)
            try container.encode(measurement, forKey: .measurement)
        }
    }

    /// A departure from the planned course of the run (ISO/IEC 17025 §7.8.2.1 n): a retry, fault, resume,
    /// resync, interlock or abort recorded in the run store.
    public struct Deviation: Codable, Sendable, Equatable {
        /// When it happened.
        public var time: CertificateTime
        /// The step it happened in, if any.
        public var step: Int?
        /// `retry`, `fault`, `resume`, `resync`, `interlock` or `abort`.
        public var kind: String
        /// What happened.
        public var message: String

        /// Creates a deviation entry.
        public init(time: CertificateTime, step: Int?, kind: String, message: String) {
            self.time = time
            self.step = step
            self.kind = kind
            self.message = message
        }

        enum CodingKeys: String, CodingKey {
            case time, step, kind, message
        }

        /// Encodes every member, writing `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(time, forKey: .time)
            try container.encode(step, forKey: .step)
            try container.encode(kind, forKey: .kind)
            try container.encode(message, forKey: .message)
        }
    }
}
