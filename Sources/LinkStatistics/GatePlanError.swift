import Foundation

/// A gate plan that cannot be built, with the offending value and what to change.
public enum GatePlanError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The target BER is not a positive finite number.
    case invalidTargetBER(Double)
    /// The confidence level is not a fraction strictly between 0 and 1.
    case invalidConfidence(Double)
    /// The gate maximum (compared bits) is not positive; it may be infinite for an uncapped gate.
    case invalidMaximumBits(Double)
    /// The allowed error count is negative or above ``GatePlan/largestMaximumErrors``.
    case invalidMaximumErrors(Int)
    /// The spending list does not have one fraction per look (maximumErrors + 1).
    case spendingCount(given: Int, expected: Int)
    /// A spending fraction is negative or not finite.
    case invalidSpendingFraction(index: Int, value: Double)
    /// The spending fractions add up to more than 1, so the looks together would spend more than α.
    case spendingExceedsOne(sum: Double)
    /// The first look is given no share of α, so it would never be reached.
    case firstLookSpendsNothing
    /// The first look needs more compared bits than the gate allows.
    case firstLookBeyondMaximum(neededBits: Double, maximumBits: Double)

    /// A message a lab technician can act on.
    public var description: String {
        switch self {
        case .invalidTargetBER(let value):
            return "target BER \(value) is not usable: give a positive number such as 1e-12"
        case .invalidConfidence(let value):
            return "confidence level \(value) is not usable: give a fraction strictly between 0 and 1, e.g. 0.95"
        case .invalidMaximumBits(let value):
            return "gate maximum of \(value) bits is not usable: give a positive max_seconds (the bits are max_seconds × line rate)"
        case .invalidMaximumErrors(let value):
            return "max_errors \(value) is not usable: give 0 to \(GatePlan.largestMaximumErrors) errors (2 is the default)"
        case .spendingCount(let given, let expected):
            return "spending lists \(given) fraction(s) but the plan has \(expected) looks (max_errors + 1): give one fraction per look"
        case .invalidSpendingFraction(let index, let value):
            return "spending fraction \(value) for look \(index) is not usable: give a number of 0 or more"
        case .spendingExceedsOne(let sum):
            return "spending fractions add up to \(sum), more than 1: the looks together would spend more than 1 − confidence; scale them down"
        case .firstLookSpendsNothing:
            return "spending gives the first look 0: give it a positive share of 1 − confidence (0.9 is the default)"
        case .firstLookBeyondMaximum(let needed, let maximum):
            let factor = needed / maximum
            return String(
                format: "the first look needs %.4g compared bits but the gate stops at %.4g bits: raise max_seconds to at least %.3f times its value, or lower the confidence",
                needed, maximum, factor)
        }
    }

    /// ``description``, with bits also given as seconds at `lineRate` (bit/s) where that helps: for a first look
    /// beyond the gate maximum, the max_seconds it needs.
    public func description(lineRate: Double) -> String {
        guard case .firstLookBeyondMaximum(let needed, let maximum) = self, lineRate > 0, lineRate.isFinite else {
            return description
        }
        return String(
            format: "the first look needs %.1f s of counting at %g Gb/s (%.4g compared bits) but max_seconds is %.1f s: raise max_seconds to at least %.0f s, or lower the confidence",
            needed / lineRate, lineRate / 1e9, needed, maximum / lineRate, (needed / lineRate).rounded(.up))
    }
}
