import Foundation

/// The competitor of the SCPI benchmark: `pyvisa_roundtrips.py`, i.e. pyvisa with the pyvisa-py backend, run as
/// a child process against the same simulated instrument, with the same queries and counts.
enum PyVisaRoundTrips {
    /// What the script reports.
    struct Report: Decodable, Sendable {
        /// One query's timings.
        struct Entry: Decodable, Sendable {
            /// Median over the repetitions, µs per query.
            var medianUs: Double
            /// Every repetition, µs per query.
            var runsUs: [Double]
            /// Length of the reply pyvisa returned (text without terminator, or block payload).
            var replyBytes: Int
        }
        /// pyvisa's version.
        var pyvisa: String
        /// pyvisa-py's version.
        var pyvisaPy: String
        /// The interpreter's version.
        var python: String
        /// Timings by command.
        var results: [String: Entry]
    }

    /// How the comparison went.
    enum Outcome: Sendable {
        /// The script ran and reported.
        case measured(Report)
        /// Python, pyvisa or pyvisa-py is not installed; the text says which.
        case notInstalled(String)
        /// The script ran but failed; the text says how.
        case failed(String)
    }

    /// Runs the script once.
    ///
    /// - Parameters:
    ///   - python: the interpreter (a path, or a name looked up in PATH).
    ///   - script: the path of `pyvisa_roundtrips.py`.
    ///   - port: the simulated instrument's loopback port (its raw socket), unless `resource` is given.
    ///   - resource: the resource string pyvisa opens instead (a VXI-11 or HiSLIP address).
    ///   - queries: the queries in order, with how pyvisa reads their replies.
    static func run(
        python: String, script: String, port: UInt16, resource: String? = nil, queries: [SCPIBenchmark.Query], count: Int, repetitions: Int,
        warmup: Int
    ) -> Outcome {
        guard FileManager.default.fileExists(atPath: script) else {
            return .failed("\(script) not found (pass --pyvisa-script, or run from the package root)")
        }
        let arguments = [script, resource ?? String(port), String(count), String(repetitions), String(warmup)]
            + queries.map { ($0.isBlock ? "block:" : "text:") + $0.command }
        let result: ChildProcess.Result
        do {
            result = try ChildProcess(program: python, arguments: arguments).run()
        } catch {
            return .notInstalled("\(error)")
        }
        let errors = result.errorOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        switch result.exitCode {
        case 0?:
            break
        case 3?:
            return .notInstalled(errors)
        case 127?:
            return .notInstalled("\(python) not found")
        default:
            let how = result.exitCode.map { "exit code \($0)" } ?? "signal \(result.signal ?? 0)"
            return .failed("\(python) \(script) ended with \(how): \(errors.suffix(400))")
        }
        let line = result.output.split(separator: "\n").last.map(String.init) ?? ""
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return .measured(try decoder.decode(Report.self, from: Data(line.utf8)))
        } catch {
            return .failed("cannot read the script's report \(line.prefix(200).debugDescription): \(error)")
        }
    }
}
