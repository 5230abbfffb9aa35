extension GatePlan {
    /// Judges a lane from its counters: the one decision rule the sequencer and the benchmark both use.
    ///
    /// - errors > `maximumErrors` → reject (``GateRejection/tooManyErrors(errors:maximumErrors:)``);
    /// - otherwise take the last look with bits ≤ `comparedBits`; errors ≤ its `acceptErrors` → accept;
    /// - past the final look → reject (``GateRejection/notAcceptedAtFinalLook(errors:acceptErrors:)``);
    /// - errors above every later look's threshold → reject (``GateRejection/noLookCanAccept(errors:)``);
    /// - `finished` (the gate maximum is reached) → reject (``GateRejection/gateEnded(comparedBits:errors:)``);
    /// - else undecided.
    ///
    /// Errors only grow with bits and `acceptErrors` does not decrease from look to look, so a lane accepted at
    /// any reading at or after look k's bits would also have been accepted at look k or earlier had it been read
    /// exactly there: accepting here is a sub-event of the exact plan's acceptance. P(accept) is therefore at most
    /// ``acceptanceProbability(ber:)`` for any poll interval and any gate maximum, and equals it when counters are
    /// read at every look (``pollSchedule(pollBits:)``) and the maximum lies beyond the last look.
    public func decide(comparedBits: Double, errors: Int, finished: Bool) -> GateDecision {
        if errors > maximumErrors {
            return .reject(.tooManyErrors(errors: errors, maximumErrors: maximumErrors))
        }
        let current = looks.lastIndex { $0.bits <= comparedBits }
        if let current, errors <= looks[current].acceptErrors {
            return .accept(look: current)
        }
        if let current, current == looks.count - 1 {
            return .reject(.notAcceptedAtFinalLook(errors: errors, acceptErrors: looks[current].acceptErrors))
        }
        let remaining = looks[(current.map { $0 + 1 } ?? 0)...]
        if !remaining.contains(where: { errors <= $0.acceptErrors }) {
            return .reject(.noLookCanAccept(errors: errors))
        }
        if finished {
            return .reject(.gateEnded(comparedBits: comparedBits, errors: errors))
        }
        return .undecided
    }

    /// The compared-bit positions at which a gate runner should read the counters: every `pollBits`, plus exactly
    /// every look's bits, up to the last look (sorted, without repeats). Reading at each look attains the plan's
    /// exact P(accept); reading later than a look only lowers it. A `pollBits` that is not positive and finite
    /// gives the looks alone.
    public func pollSchedule(pollBits: Double) -> [Double] {
        guard let last = looks.last?.bits else { return [] }
        var points = looks.map(\.bits)
        if pollBits > 0, pollBits.isFinite {
            var step = 1.0
            while step * pollBits < last {
                points.append(step * pollBits)
                step += 1
            }
        }
        var schedule: [Double] = []
        for point in points.sorted() where schedule.last != point {
            schedule.append(point)
        }
        return schedule
    }
}
