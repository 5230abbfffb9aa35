import Foundation
import Glibc
import Synchronization
import SystemdNotify
import Testing

/// A unix datagram socket standing in for systemd's notification socket.
final class NotifySocket: Sendable {
    let descriptor: Int32
    /// `$NOTIFY_SOCKET` for it: a path, or `@name` in the abstract namespace.
    let name: String

    init(abstract: Bool) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        let tag = "qs-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        name = abstract ? "@\(tag)" : FileManager.default.temporaryDirectory.appendingPathComponent(tag).path
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(name.utf8)
        if abstract { path[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    deinit {
        close(descriptor)
        if !name.hasPrefix("@") { unlink(name) }
    }

    /// The next datagram, or nil after `milliseconds` without one.
    func receive(milliseconds: Int32 = 2000) -> String? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count >= 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }
}

@Suite("sd_notify without libsystemd")
struct ServiceNotifierTests {
    @Test("messages arrive as datagrams on a socket path and in the abstract namespace", arguments: [false, true])
    func sends(abstract: Bool) throws {
        let listener = try NotifySocket(abstract: abstract)
        let notifier = try #require(ServiceNotifier(environment: ["NOTIFY_SOCKET": listener.name]))
        try notifier.send("READY=1\nSTATUS=soaking at 85 °C")
        #expect(listener.receive() == "READY=1\nSTATUS=soaking at 85 °C")
        try notifier.send("STOPPING=1")
        #expect(listener.receive() == "STOPPING=1")
    }

    @Test("no NOTIFY_SOCKET, no notifier; the watchdog interval is read only for this process")
    func environment() throws {
        #expect(ServiceNotifier(environment: [:]) == nil)
        #expect(ServiceNotifier(environment: ["NOTIFY_SOCKET": "relative/path"]) == nil)
        let mine = try #require(ServiceNotifier(
            environment: ["NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "42"], processID: 42))
        #expect(mine.watchdogInterval == .seconds(30))
        let other = try #require(ServiceNotifier(
            environment: ["NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "43"], processID: 42))
        #expect(other.watchdogInterval == nil)
    }

    @Test("a full queue is said so; READY=1 and STOPPING=1 wait a moment for the listener to read")
    func fullQueue() throws {
        let listener = try NotifySocket(abstract: true)
        let notifier = try #require(ServiceNotifier(environment: ["NOTIFY_SOCKET": listener.name]))
        // Nobody reads: the queue fills within a few hundred datagrams at most (net.unix.max_dgram_qlen).
        var refusal: ServiceNotifierError?
        for index in 0..<1000 where refusal == nil {
            do { try notifier.send("WATCHDOG=1 \(index)") } catch { refusal = error }
        }
        let full = try #require(refusal, "the queue never filled")
        #expect(full.queueFull)
        // The listener reads again a little later; the patient message goes through instead of being lost.
        let sawStopping = Mutex(false)
        let drained = DispatchSemaphore(value: 0)
        Thread {
            var pause = timespec(tv_sec: 0, tv_nsec: 100_000_000)
            _ = nanosleep(&pause, nil)
            while let message = listener.receive(milliseconds: 5000) {
                if message == "STOPPING=1" {
                    sawStopping.withLock { $0 = true }
                    break
                }
            }
            drained.signal()
        }.start()
        try notifier.send("STOPPING=1", patience: .seconds(30))
        drained.wait()
        #expect(sawStopping.withLock { $0 })
    }

    @Test("a socket nobody listens on is a clear error naming it")
    func nobodyListens() throws {
        let notifier = try #require(ServiceNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/notify"]))
        #expect(throws: ServiceNotifierError.self) { try notifier.send("READY=1") }
        do {
            try notifier.send("READY=1")
        } catch {
            #expect(error.description.contains("NOTIFY_SOCKET=/nonexistent/notify"))
        }
    }
}

@Suite("qualstation under systemd: Type=notify, watchdog, and resume after a power cut")
struct ServiceRunTests {
    @Test("a run tells systemd READY=1, keeps the watchdog fed while it progresses, and says STOPPING=1 at the end")
    func notifiesTheServiceManager() async throws {
        let listener = try NotifySocket(abstract: false)
        let scratch = try QualStationProcess.scratchDirectory()
        // Read as systemd does, while the run goes on, on a thread started before the run: a reader that starts
        // late lets the socket's short queue (net.unix.max_dgram_qlen, 10) fill, and later messages are dropped.
        let received = Mutex<[String]>([])
        let done = DispatchSemaphore(value: 0)
        Thread {
            while let message = listener.receive(milliseconds: 60_000) {
                received.withLock { $0.append(message) }
                if message.contains("STOPPING=1") { break }
            }
            done.signal()
        }.start()
        let (result, _, _) = try await QualStationProcess.quickCheck(
            dut: "NOTIFY-0001", scratch: scratch,
            extraEnvironment: ["NOTIFY_SOCKET": listener.name, "WATCHDOG_USEC": "200000"])
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        try await QualStationProcess.blocking { done.wait() }
        let lines = received.withLock { $0 }.flatMap { $0.split(separator: "\n").map(String.init) }
        let ready = try #require(lines.firstIndex(of: "READY=1"), "no READY=1 in \(lines)")
        let stopping = try #require(lines.firstIndex(of: "STOPPING=1"), "no STOPPING=1 in \(lines)")
        #expect(ready < stopping)
        #expect(lines.contains("WATCHDOG=1"), "the watchdog was never fed: \(lines)")
        #expect(lines.contains { $0.hasPrefix("STATUS=step 1/1") }, "no step status in \(lines)")
    }

    @Test("resume --all-interrupted resumes the killed runs one per station, leaves finished runs alone, exits 75 while some wait")
    func resumesAfterAPowerCut() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let keys = scratch.appendingPathComponent("keys")
        let root = scratch.appendingPathComponent("runs")
        // Two runs on the one simulated station, each killed mid-run as a power cut would, one after the other.
        var killed: [URL] = []
        for dut in ["CUT-0001", "CUT-0002"] {
            let directory = root.appendingPathComponent(dut)
            let run = try InterruptedRunTests.WatchedRun(
                ["run", "--station", "stations/simulated.yaml", "--profile", "profiles/cpo-qualification.yaml",
                 "--dut", dut, "--out", directory.path], keyDirectory: keys)
            #expect(try await run.wait(for: "step 2/8"), "the run never reached step 2:\n\(run.text)")
            kill(run.process.processIdentifier, SIGKILL)
            _ = try await run.finish()
            killed.append(directory)
        }
        let finished = try await QualStationProcess.run(
            ["run", "--station", "stations/simulated.yaml", "--profile", "profiles/quick-check.yaml", "--dut", "DONE-0001",
             "--out", root.appendingPathComponent("DONE-0001").path], keyDirectory: keys)
        #expect(finished.status == 0)

        let first = try await QualStationProcess.run(["resume", "--all-interrupted", root.path], keyDirectory: keys)
        #expect(first.status == 75, "one run waits for the station: \(first.output)\(first.errorOutput)")
        #expect(first.output.contains("resuming  \(killed[0].path)"), "\(first.output)")
        #expect(first.output.contains("waiting   \(killed[1].path)"), "\(first.output)")
        #expect(first.output.contains("finished  \(root.appendingPathComponent("DONE-0001").path)  PASS"), "\(first.output)")
        try await Self.waitForCertificate(killed[0])

        let second = try await QualStationProcess.run(["resume", "--all-interrupted", root.path], keyDirectory: keys)
        #expect(second.status == 0, "\(second.output)\(second.errorOutput)")
        #expect(second.output.contains("resuming  \(killed[1].path)"), "\(second.output)")
        try await Self.waitForCertificate(killed[1])
        for directory in killed {
            let verify = try await QualStationProcess.run(["certificate", "verify", directory.path], keyDirectory: keys)
            #expect(verify.status == 0, "\(verify.output)\(verify.errorOutput)")
            let log = try String(contentsOf: directory.appendingPathComponent("resume.log"), encoding: .utf8)
            #expect(log.contains("VERDICT:"), "\(log)")
        }
        let third = try await QualStationProcess.run(["resume", "--all-interrupted", root.path], keyDirectory: keys)
        #expect(third.status == 0)
        #expect(!third.output.contains("resuming"), "\(third.output)")
    }

    @Test("run --resume-existing, as the unit restarts it: a fresh directory starts the run, a killed one resumes, a finished one is refused")
    func restartResumes() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let keys = scratch.appendingPathComponent("keys")
        let directory = scratch.appendingPathComponent("LOT42-0007")
        let arguments = [
            "run", "--station", "stations/simulated.yaml", "--profile", "profiles/cpo-qualification.yaml",
            "--dut", "LOT42-0007", "--out", directory.path, "--resume-existing",
        ]
        let run = try InterruptedRunTests.WatchedRun(arguments, keyDirectory: keys)
        #expect(try await run.wait(for: "step 3/8"), "the run never reached step 3:\n\(run.text)")
        kill(run.process.processIdentifier, SIGKILL)
        _ = try await run.finish()

        let restarted = try await QualStationProcess.run(arguments, keyDirectory: keys)
        #expect([0, 1].contains(restarted.status), "\(restarted.output)\(restarted.errorOutput)")
        #expect(restarted.output.contains("run resumed"), "the restart must resume, not start again: \(restarted.output)")
        #expect(!restarted.output.contains("step 1/8"), "completed steps must not run again")

        // A finished run is not started again: the unit's RestartPreventExitStatus stops there.
        let again = try await QualStationProcess.run(arguments, keyDirectory: keys)
        #expect(again.status == 65)
        #expect(again.errorOutput.contains("already completed"), "\(again.errorOutput)")
    }

    /// Waits (up to ten minutes: a cpo-qualification's resume among the whole-run suites on a loaded 2-core
    /// machine has taken more than two) for a detached resume to leave a whole certificate and let go of the run.
    static func waitForCertificate(_ directory: URL) async throws {
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline {
            let log = (try? String(contentsOf: directory.appendingPathComponent("resume.log"), encoding: .utf8)) ?? ""
            if log.contains("VERDICT:") { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("no verdict from the detached resume of \(directory.path)")
    }
}
