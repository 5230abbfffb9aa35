import Foundation
import Synchronization
import Testing

/// Ctrl-C, SIGTERM and kill -9 in the middle of a qualification: the station goes to its safe state (or, after
/// kill -9, nothing is lost), the run is INCOMPLETE, and `qualstation resume` finishes it.
@Suite("interrupted runs and resume, end to end", .serialized)
struct InterruptedRunTests {
    /// A running `qualstation` whose output can be watched while it runs.
    final class WatchedRun: Sendable {
        /// Output collected so far, shared with the pipe handlers.
        final class Collected: Sendable {
            let text = Mutex("")
        }

        let process: Process
        private let output = Collected()

        init(_ arguments: [String], keyDirectory: URL) throws {
            let (process, stdout, stderr) = try QualStationProcess.start(arguments, keyDirectory: keyDirectory)
            self.process = process
            for pipe in [stdout, stderr] {
                pipe.fileHandleForReading.readabilityHandler = { [output] handle in
                    let data = handle.availableData
                    if data.isEmpty {
                        handle.readabilityHandler = nil
                        return
                    }
                    output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
                }
            }
        }

        var text: String { output.text.withLock { $0 } }

        /// Waits until the output contains `marker` (or the process ends, or two minutes pass).
        func wait(for marker: String) async throws -> Bool {
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline {
                if text.contains(marker) { return true }
                if !process.isRunning { return text.contains(marker) }
                try await Task.sleep(for: .milliseconds(20))
            }
            return false
        }

        /// Waits for the process to end and returns its exit status.
        func finish() async throws -> Int32 {
            let process = self.process
            return try await QualStationProcess.blocking {
                process.waitUntilExit()
                Thread.sleep(forTimeInterval: 0.1)
                return process.terminationStatus
            }
        }
    }

    struct Certificate: Decodable {
        struct Lane: Decodable {
            var lane: Int
            var verdict: String
        }
        var verdict: String
        var lanes: [Lane]
    }

    static func certificate(_ directory: URL) throws -> Certificate {
        try JSONDecoder().decode(Certificate.self, from: Data(contentsOf: directory.appendingPathComponent("certificate.json")))
    }

    static func runArguments(_ directory: URL, dut: String) -> [String] {
        [
            "run", "--station", "stations/simulated.yaml", "--profile", "profiles/cpo-qualification.yaml",
            "--dut", dut, "--out", directory.path,
        ]
    }

    @Test("Ctrl-C mid-run: safe state, exit 2 with an INCOMPLETE certificate; resume completes the run", arguments: [SIGINT, SIGTERM])
    func abortAndResume(signal: Int32) async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let keys = scratch.appendingPathComponent("keys")
        let directory = scratch.appendingPathComponent("run")
        let run = try WatchedRun(Self.runArguments(directory, dut: "ABORT-0001"), keyDirectory: keys)
        #expect(try await run.wait(for: "step 3/8"), "the run never reached step 3:\n\(run.text)")
        kill(run.process.processIdentifier, signal)
        let status = try await run.finish()
        #expect(status == 2, "\(run.text)")
        #expect(run.text.contains("safe state"))
        #expect(run.text.contains("VERDICT: INCOMPLETE"))
        #expect(try Self.certificate(directory).verdict == "INCOMPLETE")
        let log = try String(contentsOf: directory.appendingPathComponent("events.log"), encoding: .utf8)
        #expect(log.contains("supply off"))

        let resumed = try await QualStationProcess.run(["resume", directory.path], keyDirectory: keys)
        let certificate = try Self.certificate(directory)
        #expect(certificate.verdict != "INCOMPLETE", "\(resumed.output)\(resumed.errorOutput)")
        #expect(resumed.status == (certificate.verdict == "PASS" ? 0 : 1))
        // The signal arrived during step 3 or later (the run keeps going while the signal is in flight): the resume
        // starts at the interrupted step, and never again at a step completed before it.
        #expect(resumed.output.contains("step 8/8"))
        #expect(!resumed.output.contains("step 1/8") && !resumed.output.contains("step 2/8"), "completed steps must not run again")
    }

    @Test("kill -9 mid-run loses nothing: resume reaches the verdicts of an uninterrupted run with the same seed")
    func killAndResume() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let keys = scratch.appendingPathComponent("keys")
        let reference = scratch.appendingPathComponent("reference")
        let uninterrupted = try await QualStationProcess.run(Self.runArguments(reference, dut: "KILL-0001"), keyDirectory: keys)
        #expect([0, 1].contains(uninterrupted.status), "\(uninterrupted.output)\(uninterrupted.errorOutput)")

        let directory = scratch.appendingPathComponent("killed")
        let run = try WatchedRun(Self.runArguments(directory, dut: "KILL-0001"), keyDirectory: keys)
        #expect(try await run.wait(for: "step 5/8"), "the run never reached step 5:\n\(run.text)")
        kill(run.process.processIdentifier, SIGKILL)
        _ = try await run.finish()
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("certificate.json").path))

        let resumed = try await QualStationProcess.run(["resume", directory.path], keyDirectory: keys)
        #expect(resumed.status == uninterrupted.status, "\(resumed.output)\(resumed.errorOutput)")
        #expect(resumed.output.contains("the previous session stopped without finishing the run"))
        let expected = try Self.certificate(reference)
        let actual = try Self.certificate(directory)
        #expect(actual.verdict == expected.verdict)
        #expect(actual.lanes.map(\.verdict) == expected.lanes.map(\.verdict))
    }
}
