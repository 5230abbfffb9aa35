/// A numeric reply, keeping apart the two special values SCPI instruments send instead of a reading.
///
/// SCPI-99 reserves `9.9E37` for overflow (positive or negative infinity, an over-range reading) and
/// `9.91E37` for not-a-number. Some instruments send `NAN`, `NaN` or `INF` as text; MultiLane's `BER?` sends
/// `NaN` for "no errors counted".
public enum SCPINumber: Sendable, Hashable, CustomStringConvertible {
    /// A finite reading.
    case value(Double)
    /// `±9.9E37` or `±INF`: over range.
    case overflow(negative: Bool)
    /// `9.91E37` or `NAN`: no valid number.
    case notANumber

    /// The SCPI overflow value, 9.9E37.
    public static let overflowMagnitude = 9.9e37
    /// The SCPI not-a-number value, 9.91E37.
    public static let notANumberValue = 9.91e37

    /// Classifies a `Double`: infinities become `.overflow`, NaN becomes `.notANumber`, a finite value
    /// `.value` (so `9.9E37` itself also becomes `.overflow`, and `9.91E37` `.notANumber`).
    public init(_ double: Double) {
        if double.isNaN || double == Self.notANumberValue {
            self = .notANumber
        } else if !double.isFinite || abs(double) >= Self.overflowMagnitude {
            self = .overflow(negative: double < 0)
        } else {
            self = .value(double)
        }
    }

    /// The number as a `Double`: ±infinity for overflow, NaN for not-a-number.
    public var doubleValue: Double {
        switch self {
        case .value(let value): value
        case .overflow(let negative): negative ? -.infinity : .infinity
        case .notANumber: .nan
        }
    }

    /// The reply a simulator sends: the value in decimal (e.g. `0.00125`, `1e-05`), `9.9E37`, `-9.9E37`
    /// or `9.91E37`.
    public var reply: String {
        switch self {
        case .value(let value): "\(value)"
        case .overflow(let negative): negative ? "-9.9E37" : "9.9E37"
        case .notANumber: "9.91E37"
        }
    }

    /// The reply form.
    public var description: String { reply }
}
