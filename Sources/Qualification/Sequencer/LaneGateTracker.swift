import Instruments
import LinkStatistics
import StationConfiguration

/// One lane's BER gate: its counts since the count (re)started, the stopping plan's decision and its loss-of-lock
/// history.
///
/// Time without lock never counts as clean bits: a loss of lock (the detector unlocked at a poll, or its sticky
/// lock-lost flag set since the previous one) either rejects the lane or, under ``SyncLossPolicy/restartOnce``,
/// asks for a resynchronisation and restarts the count from the first locked reading after it, once. A lane
/// accepted earlier in the gate is still watched until the gate ends: losing lock afterwards undoes its acceptance.
public struct LaneGateTracker: Sendable, Equatable {
    /// The outcome so far.
    public enum State: Sendable, Equatable {
        /// Counting, no decision yet.
        case counting
        /// Waiting for the first locked reading after a resynchronisation, to restart the count from it.
        case awaitingRestart
        /// Accepted by the stopping plan at these counts.
        case accepted(bits: Double, errors: Double)
        /// Rejected (too many errors, the gate ended, or lock lost) at these counts.
        case rejected(bits: Double, errors: Double)
    }

    /// What the gate runner must do for the lane after an observation.
    public enum Action: Sendable, Equatable {
        /// Nothing.
        case none
        /// Resynchronise the lane's detector (a restart after a loss of lock).
        case resynchronize
    }

    public let policy: SyncLossPolicy
    public private(set) var state: State = .counting
    private(set) var lockLosses = 0
    private(set) var restarts = 0
    private var baseBits: UInt64 = 0
    private var baseErrors: UInt64 = 0
    private var lastBits = 0.0
    private var lastErrors = 0.0

    public init(policy: SyncLossPolicy) {
        self.policy = policy
    }

    /// Whether the lane still needs the gate to run (an accepted lane is still watched, but does not keep the
    /// gate going).
    public var isUndecided: Bool {
        switch state {
        case .counting, .awaitingRestart: return true
        case .accepted, .rejected: return false
        }
    }

    /// Whether the lane was rejected.
    public var isRejected: Bool {
        if case .rejected = state { return true }
        return false
    }

    /// Whether the lane was accepted.
    public var isAccepted: Bool {
        if case .accepted = state { return true }
        return false
    }

    /// Counts at the decision (or the latest counts while undecided).
    var decisionCounts: (bits: Double, errors: Double) {
        switch state {
        case .accepted(let bits, let errors), .rejected(let bits, let errors): return (bits, errors)
        case .counting, .awaitingRestart: return (lastBits, lastErrors)
        }
    }

    /// Takes one poll's counters. `finished` is true at the gate's last poll (its maximum, or the plan's last look).
    public mutating func observe(_ counter: LaneCounters, plan: GatePlan, finished: Bool) throws(StationFault) -> Action {
        if isRejected { return .none }
        let lost = counter.lockLost || !counter.synchronized
        if case .awaitingRestart = state {
            guard !lost else {
                lockLosses += 1
                state = .rejected(bits: lastBits, errors: lastErrors)
                return .none
            }
            baseBits = counter.comparedBits
            baseErrors = counter.errors
            state = .counting
            lastBits = 0
            lastErrors = 0
            if finished { state = .rejected(bits: 0, errors: 0) }
            return .none
        }
        guard counter.comparedBits >= baseBits, counter.errors >= baseErrors else {
            throw StationFault(
                "BERT counters went backwards on channel \(counter.channel) (\(counter.comparedBits) bits after \(baseBits)): did the BERT reboot?")
        }
        let bits = Double(counter.comparedBits - baseBits)
        let errors = Double(counter.errors - baseErrors)
        if lost {
            lockLosses += 1
            if policy == .restartOnce, restarts == 0, !finished {
                restarts += 1
                state = .awaitingRestart
                return .resynchronize
            }
            // An acceptance earlier in the gate does not stand: the lane lost lock while the gate ran.
            state = .rejected(bits: bits, errors: errors)
            return .none
        }
        lastBits = bits
        lastErrors = errors
        guard case .counting = state else { return .none }
        switch plan.decide(comparedBits: bits, errors: Int(clamping: counter.errors - baseErrors), finished: finished) {
        case .accept: state = .accepted(bits: bits, errors: errors)
        case .reject: state = .rejected(bits: bits, errors: errors)
        case .undecided: break
        }
        return .none
    }
}
