import Foundation
import Qualification

extension CertificateDocument {
    /// The decision rule of the statement of conformity (ISO/IEC 17025 §7.8.6, ILAC-G8:09/2019 §4.2).
    public struct DecisionRuleStatement: Codable, Sendable, Equatable {
        /// `simple_acceptance` or `guard_band`.
        public var kind: String
        /// The coverage factor k of the guard band w = k·U (meaningful for `guard_band`).
        public var coverageFactor: Double
        /// The rule in words, including how BER, sparing and INCOMPLETE are decided.
        public var text: String

        /// Creates the decision rule part.
        public init(kind: String, coverageFactor: Double, text: String) {
            self.kind = kind
            self.coverageFactor = coverageFactor
            self.text = text
        }

        enum CodingKeys: String, CodingKey {
            case kind, text
            case coverageFactor = "coverage_factor"
        }
    }

    /// One criterion's result, with what a third party needs to recompute it.
    public struct Criterion: Codable, Sendable, Equatable {
        /// Criterion name, e.g. `energy per bit at 85 °C`.
        public var name: String
        /// The measured value the decision used; `null` when there is none.
        public var measured: Double?
        /// The limit from the profile.
        public var limit: Double?
        /// Unit of `measured` and `limit`.
        public var unit: String
        /// Expanded uncertainty (k = 2) of the measured value.
        public var uncertainty: Double?
        /// The decision rule applied to this criterion.
        public var rule: String
        /// PASS, FAIL or INCOMPLETE.
        public var verdict: Verdict
        /// How the verdict follows from the values.
        public var detail: String

        /// Creates a criterion entry.
        public init(
            name: String, measured: Double?, limit: Double?, unit: String, uncertainty: Double?, rule: String,
            verdict: Verdict, detail: String
        ) {
            self.name = name
            self.measured = measured
            self.limit = limit
            self.unit = unit
            self.uncertainty = uncertainty
            self.rule = rule
            self.verdict = verdict
            self.detail = detail
        }

        enum CodingKeys: String, CodingKey {
            case name, measured, limit, unit, uncertainty, rule, verdict, detail
        }

        /// Encodes every member, writing `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(measured, forKey: .measured)
            try container.encode(limit, forKey: .limit)
            try container.encode(unit, forKey: .unit)
            try container.encode(uncertainty, forKey: .uncertainty)
            try container.encode(rule, forKey: .rule)
            try container.encode(verdict, forKey: .verdict)
            try container.encode(detail, forKey: .detail)
        }
    }

    /// The limits of the profile: with the evidence, enough to recompute every verdict.
    public struct Limits: Codable, Sendable, Equatable {
        /// The BER gate of each step that ran one.
        public var berGates: [BERGateLimit]
        /// Per-lane optical power window, dBm.
        public var opticalPower: OpticalPowerLimit?
        /// Power retention at a temperature relative to a reference temperature.
        public var retention: [RetentionLimit]
        /// Energy-per-bit limit.
        public var energyPerBit: EnergyPerBitLimit?
        /// Burn-in drift limits.
        public var burnInDrift: DriftLimit?

        /// Creates the limits part.
        public init(
            berGates: [BERGateLimit], opticalPower: OpticalPowerLimit?, retention: [RetentionLimit],
            energyPerBit: EnergyPerBitLimit?, burnInDrift: DriftLimit?
        ) {
            self.berGates = berGates
            self.opticalPower = opticalPower
            self.retention = retention
            self.energyPerBit = energyPerBit
            self.burnInDrift = burnInDrift
        }

        enum CodingKeys: String, CodingKey {
            case retention
            case berGates = "ber_gates"
            case opticalPower = "optical_power"
            case energyPerBit = "energy_per_bit"
            case burnInDrift = "burn_in_drift"
        }

        /// Encodes every member, writing `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(berGates, forKey: .berGates)
            try container.encode(opticalPower, forKey: .opticalPower)
            try container.encode(retention, forKey: .retention)
            try container.encode(energyPerBit, forKey: .energyPerBit)
            try container.encode(burnInDrift, forKey: .burnInDrift)
        }
    }

    /// The BER gate of one step and what its stopping plan promises: the plan's looks, each with the bits it
    /// needs, the most errors it accepts and the α it spends, and the exact probability that a lane whose true BER
    /// equals the target is accepted (the false-acceptance probability, at most 1 − confidence).
    public struct BERGateLimit: Codable, Sendable, Equatable {
        /// Step index.
        public var step: Int
        /// Setpoint, °C.
        public var celsius: Double
        /// PRBS pattern, e.g. `PRBS31`.
        public var pattern: String
        /// Whether the pattern was inverted.
        public var inverted: Bool
        /// Target BER.
        public var targetBER: Double
        /// Confidence level: the plan's false acceptance at the target is at most 1 − confidence.
        public var confidence: Double
        /// `zero-error` or `multi-stage`.
        public var plan: String
        /// The plan's looks.
        public var looks: [GateLookLimit]
        /// More errors than this reject a lane at once.
        public var maximumErrors: Int
        /// The gate's maximum, s.
        public var maximumSeconds: Double
        /// How often counters were read between looks, s.
        public var pollSeconds: Double
        /// `fail` or `restart-once`.
        public var onSyncLoss: String
        /// Exact P(accept | BER = target).
        public var acceptanceAtTarget: Double
        /// Exact P(accept | BER = target/10).
        public var acceptanceAtTenthOfTarget: Double
        /// The promise in words.
        public var statement: String

        /// Creates a gate entry.
        public init(
            step: Int, celsius: Double, pattern: String, inverted: Bool, targetBER: Double, confidence: Double, plan: String,
            looks: [GateLookLimit], maximumErrors: Int, maximumSeconds: Double, pollSeconds: Double, onSyncLoss: String,
            acceptanceAtTarget: Double, acceptanceAtTenthOfTarget: Double, statement: String
        ) {
            self.step = step
            self.celsius = celsius
            self.pattern = pattern
            self.inverted = inverted
            self.targetBER = targetBER
            self.confidence = confidence
            self.plan = plan
            self.looks = looks
            self.maximumErrors = maximumErrors
            self.maximumSeconds = maximumSeconds
            self.pollSeconds = pollSeconds
            self.onSyncLoss = onSyncLoss
            self.acceptanceAtTarget = acceptanceAtTarget
            self.acceptanceAtTenthOfTarget = acceptanceAtTenthOfTarget
            self.statement = statement
        }

        enum CodingKeys: String, CodingKey {
            case step, celsius, pattern, inverted, confidence, plan, looks, statement
            case targetBER = "target_ber"
            case maximumErrors = "max_errors"
            case maximumSeconds = "max_seconds"
            case pollSeconds = "poll_seconds"
            case onSyncLoss = "on_sync_loss"
            case acceptanceAtTarget = "p_accept_at_target"
            case acceptanceAtTenthOfTarget = "p_accept_at_target_over_10"
        }
    }

    /// One look of a gate's stopping plan.
    public struct GateLookLimit: Codable, Sendable, Equatable {
        /// Bits a lane must have compared (since its count started) for this look.
        public var bits: Double
        /// Seconds at the line rate.
        public var seconds: Double
        /// A lane with at most this many errors at this look is accepted.
        public var acceptErrors: Int
        /// Exact P(accepted at this look and not before | BER = target).
        public var spentAlpha: Double

        /// Creates a look.
        public init(bits: Double, seconds: Double, acceptErrors: Int, spentAlpha: Double) {
            self.bits = bits
            self.seconds = seconds
            self.acceptErrors = acceptErrors
            self.spentAlpha = spentAlpha
        }

        enum CodingKeys: String, CodingKey {
            case bits, seconds
            case acceptErrors = "accept_errors"
            case spentAlpha = "spent_alpha"
        }
    }

    /// The optical power window: the verdict inputs' own type, so the two cannot drift apart.
    public typealias OpticalPowerLimit = PowerWindowParameters

    /// Power at `atCelsius` must be at least `minimumFraction` of the power at `referenceCelsius`, per lane.
    public struct RetentionLimit: Codable, Sendable, Equatable {
        /// Temperature checked, °C.
        public var atCelsius: Double
        /// Reference temperature, °C.
        public var referenceCelsius: Double
        /// Minimum fraction.
        public var minimumFraction: Double

        /// Creates a retention limit.
        public init(atCelsius: Double, referenceCelsius: Double, minimumFraction: Double) {
            self.atCelsius = atCelsius
            self.referenceCelsius = referenceCelsius
            self.minimumFraction = minimumFraction
        }

        enum CodingKeys: String, CodingKey {
            case atCelsius = "at_celsius"
            case referenceCelsius = "reference_celsius"
            case minimumFraction = "min_fraction"
        }
    }

    /// The energy-per-bit limit (supply power over the payload rate of the required lanes): the verdict inputs'
    /// own type.
    public typealias EnergyPerBitLimit = EnergyParameters

    /// Burn-in drift limits on each lane's optical power: the verdict inputs' own type.
    public typealias DriftLimit = DriftParameters
}
