/// The outcome of one locked run over received words.
struct LockedRun {
    /// Words into the current loss-of-sync window.
    var windowPosition: Int
    /// Errors in the current loss-of-sync window.
    var windowErrors: Int
    /// Errors counted in this run.
    var errors = 0
    /// Words compared in this run.
    var consumed = 0
    /// Whether the run ended because a window exceeded the error limit.
    var lost = false
}

extension PRBSChecker {
    /// The locked hot loop, specialised per kernel.
    ///
    /// The reference is extended in `work` one chunk at a time (the history stays at the front). The first pass
    /// over a chunk is branch-free: make the reference word, store it, OR `reference ⊕ received ⊕ inversion`
    /// into an accumulator. A clean chunk (accumulator zero) only advances the window position. A chunk with
    /// differences is walked again word by word against the stored reference to count the differing bits
    /// (popcount) and to find the exact word at which a window exceeds its error limit.
    static func compare<K: LeapKernel>(
        _ kernel: K.Type,
        _ work: UnsafeMutablePointer<UInt64>,
        _ received: UnsafePointer<UInt64>,
        _ count: Int,
        _ invert: UInt64,
        _ policy: PRBSSyncPolicy,
        _ run: inout LockedRun
    ) {
        let history = K.historyWords
        let windowWords = policy.windowWords
        let limit = policy.maximumErrorsPerWindow
        let reference = work + history
        var windowPosition = run.windowPosition
        var windowErrors = run.windowErrors
        var errors = 0
        var done = 0
        while done < count {
            let chunk = min(PRBSGenerator.chunkWords, count - done)
            let input = received + done
            var differences: UInt64 = 0
            for index in 0..<chunk {
                let expected = K.word(reference, index)
                reference[index] = expected
                differences |= expected ^ input[index] ^ invert
            }
            if differences == 0 {
                windowPosition += chunk
                if windowPosition >= windowWords {
                    windowPosition %= windowWords
                    windowErrors = 0
                }
            } else {
                for index in 0..<chunk {
                    let difference = reference[index] ^ input[index] ^ invert
                    if difference != 0 {
                        let bits = difference.nonzeroBitCount
                        errors += bits
                        windowErrors += bits
                        if windowErrors > limit {
                            run.errors = errors
                            run.consumed = done + index + 1
                            run.windowPosition = 0
                            run.windowErrors = 0
                            run.lost = true
                            return
                        }
                    }
                    windowPosition += 1
                    if windowPosition == windowWords {
                        windowPosition = 0
                        windowErrors = 0
                    }
                }
            }
            for index in 0..<history {
                work[index] = work[chunk + index]
            }
            done += chunk
        }
        run.errors = errors
        run.consumed = count
        run.windowPosition = windowPosition
        run.windowErrors = windowErrors
    }
}
