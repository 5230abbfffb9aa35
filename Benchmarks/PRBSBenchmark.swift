import PRBS

/// PRBS checker throughput on one core against a memory copy of the same size, measured side by side.
///
/// Clean PRBS31 and PRBS7 streams are generated into 64 MiB buffers; each repetition feeds a whole buffer to a
/// fresh checker. The ceilings are a `memcpy` between two buffers of the same size and a read-only pass (XOR of
/// every word) over the stream. Every repetition runs all measurements back to back, so a noisy neighbour on a
/// shared machine slows them alike; figures are medians over the repetitions, and the ratio checker/memcpy is
/// the number that carries between machines.
enum PRBSBenchmark {
    /// Runs the measurements and returns their figures.
    ///
    /// - Parameters:
    ///   - megabytes: size of each stream buffer (and of the copy) in MiB.
    ///   - repetitions: timed repetitions per figure; the median is reported.
    static func run(megabytes: Int = 64, repetitions: Int = 7) -> [BenchmarkFigure] {
        let megabytes = max(1, megabytes)
        let wordCount = megabytes * (1 << 20) / 8
        let bits = Double(wordCount * 64)
        let patterns: [PRBSPattern] = [.prbs31, .prbs7]

        let source = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: wordCount)
        let destination = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: wordCount)
        defer {
            source.deallocate()
            destination.deallocate()
        }
        for index in 0..<wordCount {
            source[index] = UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15
        }
        destination.initialize(repeating: 0)

        var generators = patterns.map { PRBSGenerator(pattern: $0) }
        var streams = patterns.map { _ in [UInt64](repeating: 0, count: wordCount) }
        for index in patterns.indices {
            generators[index].fill(&streams[index])
        }

        var copySeconds: [Double] = []
        var readSeconds: [Double] = []
        var checkSeconds = patterns.map { _ in [Double]() }
        var fillSeconds = patterns.map { _ in [Double]() }
        var checksum: UInt64 = 0
        var errorsOnCleanStreams = 0
        for _ in 0..<max(1, repetitions) {
            copySeconds.append(time { copy(source, to: destination) })
            readSeconds.append(time { checksum ^= xorOfWords(streams[0]) })
            for index in patterns.indices {
                var checker = PRBSChecker(pattern: patterns[index])
                checkSeconds[index].append(time { checker.check(streams[index]) })
                errorsOnCleanStreams += checker.errorBits + (checker.isLocked ? 0 : 1)
                fillSeconds[index].append(time { generators[index].fill(&streams[index]) })
            }
        }
        checksum ^= destination[wordCount / 2] ^ destination[wordCount - 1]

        let copyGbps = bits / median(copySeconds) / 1e9
        var figures = [
            BenchmarkFigure(name: "memcpy \(megabytes) MiB, one core", value: copyGbps, unit: "Gbit/s"),
            BenchmarkFigure(
                name: "read-only pass \(megabytes) MiB, one core",
                value: bits / median(readSeconds) / 1e9,
                unit: "Gbit/s"
            ),
        ]
        for index in patterns.indices {
            let name = patterns[index].rawValue.lowercased()
            let checkGbps = bits / median(checkSeconds[index]) / 1e9
            figures.append(BenchmarkFigure(name: "\(name) checker, one core", value: checkGbps, unit: "Gbit/s"))
            figures.append(BenchmarkFigure(name: "\(name) checker / memcpy", value: checkGbps / copyGbps, unit: "x"))
            let fillGbps = bits / median(fillSeconds[index]) / 1e9
            figures.append(BenchmarkFigure(name: "\(name) generator fill, one core", value: fillGbps, unit: "Gbit/s"))
        }
        let errors = Double(errorsOnCleanStreams)
        figures.append(BenchmarkFigure(name: "prbs checker errors on clean streams", value: errors, unit: "bits"))
        if checksum == 0 {
            // Using the checksum keeps the copy and the read pass from being optimised away; a zero XOR over
            // random-looking data practically never happens.
            figures.append(BenchmarkFigure(name: "read-only pass and copy checksum zero", value: 0, unit: "words"))
        }
        return figures
    }

    /// Copies `source` over `destination` with `memcpy`.
    private static func copy(
        _ source: UnsafeMutableBufferPointer<UInt64>,
        to destination: UnsafeMutableBufferPointer<UInt64>
    ) {
        guard let from = source.baseAddress, let to = destination.baseAddress else {
            return
        }
        UnsafeMutableRawPointer(to).copyMemory(from: from, byteCount: source.count * 8)
    }

    /// XOR of every word: a read-only pass over the buffer.
    private static func xorOfWords(_ words: [UInt64]) -> UInt64 {
        words.withUnsafeBufferPointer { buffer in
            buffer.reduce(0, ^)
        }
    }

    /// Seconds taken by `body`.
    private static func time(_ body: () -> Void) -> Double {
        let elapsed = ContinuousClock().measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// The median of `values`.
    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else {
            return .nan
        }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
