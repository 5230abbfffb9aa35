import Foundation
import Qualification

extension CertificateDocument {
    /// Everything known about one lane of the array.
    public struct Lane: Codable, Sendable, Equatable {
        /// Lane index, 0-based.
        public var lane: Int
        /// `active` for lanes the part needs, `spare` otherwise.
        public var role: String
        /// PASS when the lane met every criterion, FAIL when it missed one, INCOMPLETE when the run holds no
        /// evidence for it at all.
        public var verdict: Verdict
        /// Optical power at each step that measured it but the burn-in read points (summarised in ``drift``), W.
        public var power: [LanePower]
        /// BER evidence at each gated step.
        public var ber: [LaneBER]
        /// Optical power over the burn-in and its drift, when the run had a burn-in with at least two read points.
        public var drift: LaneDrift?
        /// The criteria the lane failed, in words.
        public var failures: [String]
        /// Lane-level warnings (e.g. drift above the warning level).
        public var warnings: [String]
        /// The spare lane replacing this failed active lane, or the failed active lane this spare replaces.
        public var remappedWith: Int?

        /// Creates a lane entry.
        public init(
            lane: Int, role: String, verdict: Verdict, power: [LanePower], ber: [LaneBER], drift: LaneDrift?,
            failures: [String], warnings: [String], remappedWith: Int?
        ) {
            self.lane = lane
            self.role = role
            self.verdict = verdict
            self.power = power
            self.ber = ber
            self.drift = drift
            self.failures = failures
            self.warnings = warnings
            self.remappedWith = remappedWith
        }

        enum CodingKeys: String, CodingKey {
            case lane, role, verdict, power, ber, drift, failures, warnings
            case remappedWith = "remapped_with"
        }

        /// Encodes every member, writing `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(lane, forKey: .lane)
            try container.encode(role, forKey: .role)
            try container.encode(verdict, forKey: .verdict)
            try container.encode(power, forKey: .power)
            try container.encode(ber, forKey: .ber)
            try container.encode(drift, forKey: .drift)
            try container.encode(failures, forKey: .failures)
            try container.encode(warnings, forKey: .warnings)
            try container.encode(remappedWith, forKey: .remappedWith)
        }
    }

    /// A lane's optical power at one step.
    public struct LanePower: Codable, Sendable, Equatable {
        /// Step index.
        public var step: Int
        /// The step's setpoint, °C.
        public var celsius: Double
        /// Optical power, W; `null` when the meter returned no number.
        public var watts: Double?

        /// Creates a power entry.
        public init(step: Int, celsius: Double, watts: Double?) {
            self.step = step
            self.celsius = celsius
            self.watts = watts
        }

        enum CodingKeys: String, CodingKey {
            case step, celsius, watts
        }

        /// Encodes every member, writing `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(step, forKey: .step)
            try container.encode(celsius, forKey: .celsius)
            try container.encode(watts, forKey: .watts)
        }
    }

    /// A lane's BER gate at one gated step: the counts at its decision (since the count last restarted), the
    /// stopping plan's decision on them and the lane's loss-of-lock history. The plan is in `limits.ber_gates`.
    public struct LaneBER: Codable, Sendable, Equatable {
        /// Step index.
        public var step: Int
        /// The step's setpoint, °C.
        public var celsius: Double
        /// Compared bits at the decision.
        public var comparedBits: Double?
        /// Bit errors at the decision.
        public var errors: Double?
        /// `accept` or `reject`: the stopping plan's decision on these counts.
        public var decision: String
        /// Times the detector lost lock during the gate.
        public var lockLosses: Int
        /// Times the count restarted after a loss of lock.
        public var restarts: Int
        /// The gate's target BER.
        public var targetBER: Double
        /// Whether the lane passed the gate: accepted, with no loss of lock its sync policy does not forgive.
        public var meetsTarget: Bool

        /// Creates a BER entry.
        public init(
            step: Int, celsius: Double, comparedBits: Double?, errors: Double?, decision: String, lockLosses: Int, restarts: Int,
            targetBER: Double, meetsTarget: Bool
        ) {
            self.step = step
            self.celsius = celsius
            self.comparedBits = comparedBits
            self.errors = errors
            self.decision = decision
            self.lockLosses = lockLosses
            self.restarts = restarts
            self.targetBER = targetBER
            self.meetsTarget = meetsTarget
        }

        enum CodingKeys: String, CodingKey {
            case step, celsius, errors, decision, restarts
            case comparedBits = "compared_bits"
            case lockLosses = "lock_losses"
            case targetBER = "target_ber"
            case meetsTarget = "meets_target"
        }

        /// Encodes every member, writing `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(step, forKey: .step)
            try container.encode(celsius, forKey: .celsius)
            try container.encode(comparedBits, forKey: .comparedBits)
            try container.encode(errors, forKey: .errors)
            try container.encode(decision, forKey: .decision)
            try container.encode(lockLosses, forKey: .lockLosses)
            try container.encode(restarts, forKey: .restarts)
            try container.encode(targetBER, forKey: .targetBER)
            try container.encode(meetsTarget, forKey: .meetsTarget)
        }
    }

    /// A lane's optical power over the burn-in and its drift. Each read point's reading stays in run.sqlite; the
    /// certificate carries the summary the drift criterion judged, so its size does not grow with the burn-in.
    public struct LaneDrift: Codable, Sendable, Equatable {
        /// Least-squares slope of optical power, % of the first read point per 1000 h.
        public var percentPer1000Hours: Double?
        /// 95 % expanded uncertainty (k = 2) of the slope from the scatter about the fit, % per 1000 h; `null`
        /// with two read points (no scatter to judge it by).
        public var uncertaintyPercentPer1000Hours: Double?
        /// Change from the first to the last read point, %.
        public var changePercent: Double?
        /// Read points with a reading.
        public var readPoints: Int
        /// Optical power at the first and the last read point, W.
        public var firstWatts: Double?
        /// Optical power at the last read point, W.
        public var lastWatts: Double?
        /// Lowest optical power over the read points, W.
        public var minimumWatts: Double?
        /// Highest optical power over the read points, W.
        public var maximumWatts: Double?

        /// Creates a drift entry.
        public init(
            percentPer1000Hours: Double?, uncertaintyPercentPer1000Hours: Double?, changePercent: Double?,
            readPoints: Int, firstWatts: Double?, lastWatts: Double?, minimumWatts: Double?, maximumWatts: Double?
        ) {
            self.percentPer1000Hours = percentPer1000Hours
            self.uncertaintyPercentPer1000Hours = uncertaintyPercentPer1000Hours
            self.changePercent = changePercent
            self.readPoints = readPoints
            self.firstWatts = firstWatts
            self.lastWatts = lastWatts
            self.minimumWatts = minimumWatts
            self.maximumWatts = maximumWatts
        }

        enum CodingKeys: String, CodingKey {
            case percentPer1000Hours = "percent_per_1000h"
            case uncertaintyPercentPer1000Hours = "uncertainty_percent_per_1000h"
            case changePercent = "change_percent"
            case readPoints = "read_points"
            case firstWatts = "first_watts"
            case lastWatts = "last_watts"
            case minimumWatts = "minimum_watts"
            case maximumWatts = "maximum_watts"
        }

        /// Encodes every member, writing `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(percentPer1000Hours, forKey: .percentPer1000Hours)
            try container.encode(uncertaintyPercentPer1000Hours, forKey: .uncertaintyPercentPer1000Hours)
            try container.encode(changePercent, forKey: .changePercent)
            try container.encode(readPoints, forKey: .readPoints)
            try container.encode(firstWatts, forKey: .firstWatts)
            try container.encode(lastWatts, forKey: .lastWatts)
            try container.encode(minimumWatts, forKey: .minimumWatts)
            try container.encode(maximumWatts, forKey: .maximumWatts)
        }
    }

    /// A failed active lane and the spare lane that takes its place.
    public struct Remap: Codable, Sendable, Equatable {
        /// The failed active lane.
        public var active: Int
        /// The spare lane that replaces it.
        public var spare: Int

        /// Creates a remap entry.
        public init(active: Int, spare: Int) {
            self.active = active
            self.spare = spare
        }
    }
}
