import Foundation
import Testing

/// One process per run directory and per station: a second `run` or `resume` refuses at once with exit 75 and
/// names the process holding the lock, and a lock dies with its process, even after `kill -9`.
@Suite("exclusive runs and stations, end to end", .serialized)
struct ExclusiveRunTests {
    typealias WatchedRun = InterruptedRunTests.WatchedRun

    static func cpoRun(_ directory: URL, dut: String) -> [String] {
        InterruptedRunTests.runArguments(directory, dut: dut)
    }

    /// How long a refusal may take, s: it does no work but start the process and try the lock.
    static let refusalBound = 3.0

    /// The bound a refusal must meet: ``refusalBound`` on an idle machine, stretched by how long a trivial command
    /// (validate, which opens no lock) takes right now, so a machine loaded by the whole suite does not fail it.
    static func refusalBound(keys: URL) async throws -> Double {
        let (_, baseline) = try await timed(["validate", "--station", "stations/simulated.yaml"], keys: keys)
        return max(refusalBound, 2 * baseline + 1)
    }

    /// Runs `arguments` and returns the result with its wall time in seconds.
    static func timed(_ arguments: [String], keys: URL) async throws -> (QualStationProcess.Result, Double) {
        let start = ContinuousClock.now
        let result = try await QualStationProcess.run(arguments, keyDirectory: keys)
        let elapsed = ContinuousClock.now - start
        return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// Starts the cpo qualification in a fresh scratch directory, sends `signal` once it reaches step 1 (of 8, so
    /// the run is far from its end even when the tests load the machine) and waits
    /// for it to end; returns the key and run directories, the process id and its exit status.
    static func interruptedRun(dut: String, signal: Int32) async throws -> (keys: URL, directory: URL, pid: Int32, status: Int32) {
        let scratch = try QualStationProcess.scratchDirectory()
        let directory = scratch.appendingPathComponent("run")
        let run = try WatchedRun(cpoRun(directory, dut: dut), keyDirectory: scratch.appendingPathComponent("keys"))
        #expect(try await run.wait(for: "step 1/8"), "\(run.text)")
        kill(run.process.processIdentifier, signal)
        let status = try await run.finish()
        return (scratch.appendingPathComponent("keys"), directory, run.process.processIdentifier, status)
    }

    /// Stops the cpo qualification with SIGTERM at step 1 (an INCOMPLETE certificate), then resumes it and returns
    /// once the resume has printed `marker`.
    static func resumedAfterStop(dut: String, marker: String) async throws -> (keys: URL, directory: URL, resumed: WatchedRun) {
        let (keys, directory, _, stopped) = try await interruptedRun(dut: dut, signal: SIGTERM)
        #expect(stopped == 2)
        let resumed = try WatchedRun(["resume", directory.path], keyDirectory: keys)
        #expect(try await resumed.wait(for: marker), "\(resumed.text)")
        return (keys, directory, resumed)
    }

    @Test("a second resume on a live run exits 75 within a second, naming its pid; the first finishes with its verdict")
    func secondResume() async throws {
        let (keys, directory, resumed) = try await Self.resumedAfterStop(dut: "LOCK-0001", marker: "run resumed")
        let bound = try await Self.refusalBound(keys: keys)
        let (second, seconds) = try await Self.timed(["resume", directory.path], keys: keys)
        #expect(second.status == 75, "\(second.output)\(second.errorOutput)")
        // It refuses at once instead of waiting for the lock: the first is still running. (Well under a second on an
        // idle machine; the bound allows for process start-up while the whole suite loads both cores.)
        #expect(resumed.process.isRunning, "the second resume waited for the first to finish")
        #expect(seconds < bound, "the second resume took \(seconds) s to refuse (bound \(bound) s)")
        #expect(second.errorOutput.contains("in use by process \(resumed.process.processIdentifier)"), "\(second.errorOutput)")
        #expect(second.errorOutput.contains(directory.path))
        let again = try await QualStationProcess.run(
            ["run", "--station", "stations/simulated.yaml", "--profile", "profiles/quick-check.yaml", "--dut", "LOCK-0001",
             "--out", directory.path], keyDirectory: keys)
        #expect(again.status == 75, "a run into the live directory: \(again.output)\(again.errorOutput)")

        let status = try await resumed.finish()
        let certificate = try InterruptedRunTests.certificate(directory)
        #expect(certificate.verdict != "INCOMPLETE", "\(resumed.text)")
        #expect(status == (certificate.verdict == "PASS" ? 0 : 1), "\(resumed.text)")
    }

    @Test("a second run on the same station exits 75 without creating its run directory; another lock directory is another bench")
    func secondRunOnStation() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let keys = scratch.appendingPathComponent("keys")
        let first = try WatchedRun(Self.cpoRun(scratch.appendingPathComponent("first"), dut: "LOCK-0002"), keyDirectory: keys)
        #expect(try await first.wait(for: "run started"), "\(first.text)")
        let secondDirectory = scratch.appendingPathComponent("second")
        let quick = [
            "run", "--station", "stations/simulated.yaml", "--profile", "profiles/quick-check.yaml", "--dut", "LOCK-0003",
            "--out", secondDirectory.path,
        ]
        let bound = try await Self.refusalBound(keys: keys)
        let (second, seconds) = try await Self.timed(quick, keys: keys)
        #expect(second.status == 75, "\(second.output)\(second.errorOutput)")
        #expect(first.process.isRunning, "the second run waited for the first to finish")
        #expect(seconds < bound, "the second run took \(seconds) s to refuse (bound \(bound) s)")
        #expect(second.errorOutput.contains("station SIM-CPO-01 is in use by process \(first.process.processIdentifier)"), "\(second.errorOutput)")
        #expect(!FileManager.default.fileExists(atPath: secondDirectory.path))

        let elsewhere = try await QualStationProcess.run(
            quick + ["--lock-dir", scratch.appendingPathComponent("other-locks").path], keyDirectory: keys)
        #expect(elsewhere.status == 0, "\(elsewhere.output)\(elsewhere.errorOutput)")
        #expect([0, 1].contains(try await first.finish()), "\(first.text)")
    }

    @Test("after kill -9 no lock is left: resume takes the run over and finishes it")
    func noStaleLock() async throws {
        let (keys, directory, pid, _) = try await Self.interruptedRun(dut: "LOCK-0004", signal: SIGKILL)
        let lock = try String(contentsOf: directory.appendingPathComponent("run.lock"), encoding: .utf8)
        #expect(lock.trimmingCharacters(in: .whitespacesAndNewlines) == "\(pid)")

        let resumed = try await QualStationProcess.run(["resume", directory.path], keyDirectory: keys)
        #expect([0, 1].contains(resumed.status), "\(resumed.output)\(resumed.errorOutput)")
        #expect(resumed.output.contains("the previous session stopped without finishing the run"))
    }

    @Test("an INCOMPLETE certificate still verifies after an interrupted resume added rows to run.sqlite after it")
    func certificateBeforeLaterRows() async throws {
        let (keys, directory, resumed) = try await Self.resumedAfterStop(dut: "LOCK-0005", marker: "step ")
        kill(resumed.process.processIdentifier, SIGKILL)
        _ = try await resumed.finish()

        let verified = try await QualStationProcess.run(["certificate", "verify", directory.path], keyDirectory: keys)
        #expect(verified.status == 0, "\(verified.output)\(verified.errorOutput)")
        // The certificate states its chain head (`evidence_chain`) and is checked against its own rows.
        let json = try String(contentsOf: directory.appendingPathComponent("certificate.json"), encoding: .utf8)
        #expect(json.contains("\"evidence_chain\""), "the certificate states its chain head")
        #expect(verified.output.contains("recorded after this certificate was issued"), "\(verified.output)")
    }
}
