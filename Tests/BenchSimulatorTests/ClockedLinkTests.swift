@testable import BenchSimulator
import Foundation
import Instruments
import StationClock
import StationLinks
import Testing

/// On a virtual clock, a reply the simulator withheld times out in station time instead of holding the clock still
/// for the link's wall-clock timeout; a reply on its way is read as usual.
@Suite("clocked links: withheld replies time out in station time")
struct ClockedLinkTests {
    /// The meter driver over a ``ClockedLink`` to its simulator.
    static func clockedMeter(_ bench: TestBench, timeout: Duration) async throws -> any OpticalPowerMeter {
        let clock = bench.clock
        let ledger = try #require(bench.station.ledgers[.meter])
        let log = bench.events
        let (instrument, _) = try await InstrumentFactory.connect(
            try bench.configuration(.meter, timeout: timeout, retries: 1), events: { log.append($0) },
            adaptLink: { ClockedLink(base: $0, ledger: ledger, clock: clock) })
        return try #require(instrument as? any OpticalPowerMeter)
    }

    @Test("delivered replies take no station time; withheld ones take their timeout in station time, not on the wall clock")
    func withheldReplies() async throws {
        let bench = try TestBench(
            TestBench.stationFile(faults: "[{ kind: drop-replies, role: meter, probability: 1, after_seconds: 100 }]"))
        let meter = try await Self.clockedMeter(bench, timeout: .seconds(5))
        let before = bench.clock.now
        _ = try await meter.readPower(channel: 1)
        #expect(bench.clock.now == before, "a delivered reply must not let station time pass")

        try await bench.wait(200)
        let stationStart = bench.clock.now
        let wallStart = ContinuousClock.now
        await #expect(throws: (any Error).self) { _ = try await meter.readPower(channel: 1) }
        // What the wait costs in wall time is measured by `qualstation-bench sequencer` (a fault-injected run over a
        // clean one), not asserted here: a loaded machine's wall clock proves nothing either way.
        _ = wallStart
        #expect(bench.clock.now.timeIntervalSince(stationStart) >= 5, "the timeouts must pass in station time")
        await bench.shutDown()
    }

    @Test("a late reply that comes within the timeout is waited for on the wall clock, not timed out in station time")
    func lateRepliesWithinTheTimeout() async throws {
        let bench = try TestBench(
            TestBench.stationFile(faults: "[{ kind: delay-replies, role: meter, probability: 1, milliseconds: 300 }]"))
        let meter = try await Self.clockedMeter(bench, timeout: .seconds(2))
        let wallStart = ContinuousClock.now
        for _ in 0..<3 { _ = try await meter.readPower(channel: 1) }
        #expect(ContinuousClock.now - wallStart >= .milliseconds(900), "each reply was held back 300 ms")
        #expect(bench.events.count(.retry, role: .meter) == 0, "a reply on its way must never time out")
        await bench.shutDown()
    }

    /// The chamber driver of `bench` over a ``ClockedLink`` to its simulator.
    static func clockedChamber(_ bench: TestBench, timeout: Duration) async throws -> any ThermalChamber {
        let clock = bench.clock
        let ledger = try #require(bench.station.ledgers[.chamber], "the chamber's simulator keeps no ledger")
        let log = bench.events
        let (instrument, _) = try await InstrumentFactory.connect(
            try bench.configuration(.chamber, timeout: timeout, retries: 1), events: { log.append($0) },
            adaptLink: { ClockedLink(base: $0, ledger: ledger, clock: clock) })
        return try #require(instrument as? any ThermalChamber)
    }

    @Test(
        "a chamber's withheld replies time out in station time too: Modbus RTU on a pty and ASCII lines",
        arguments: ["stations/simulated.yaml", "stations/simulated-alternate.yaml"])
    func withheldChamberReplies(stationPath: String) async throws {
        let text = try String(
            contentsOfFile: TestBench.repository.appendingPathComponent(stationPath).path, encoding: .utf8)
        let bench = try TestBench(
            TestBench.stationFile(
                faults: "[{ kind: drop-replies, role: chamber, probability: 1, after_seconds: 100 }]", text: text))
        let chamber = try await Self.clockedChamber(bench, timeout: .seconds(4))
        let before = bench.clock.now
        _ = try await chamber.readTemperatures()
        #expect(bench.clock.now == before, "a delivered reply must not let station time pass")

        try await bench.wait(200)
        let stationStart = bench.clock.now
        let wallStart = ContinuousClock.now
        await #expect(throws: (any Error).self) { _ = try await chamber.readTemperatures() }
        // The wall-time cost is the benchmark's to measure, as above.
        _ = wallStart
        #expect(bench.clock.now.timeIntervalSince(stationStart) >= 4, "the timeouts must pass in station time")
        await bench.shutDown()
    }

    @Test("a clocked link over a simulator's pseudo-terminal still says it is one, so Modbus keeps no UART gaps on it")
    func passesOnThePseudoTerminal() throws {
        let terminal = try PseudoTerminal.open()
        defer { terminal.close() }
        let serial = try SerialLink.open(path: terminal.devicePath, settings: SerialSettings())
        let clocked = ClockedLink(base: serial, ledger: LinkLedger(), clock: VirtualClock(epoch: TestBench.epoch))
        #expect(serial.isPseudoTerminal)
        #expect((clocked as any ByteLink as? any CharacterTimedLink)?.isPseudoTerminal == true)
    }

    @Test("the ledger waits for the simulator to serve what was sent, and gives up after the wall-clock timeout")
    func ledger() async throws {
        let ledger = LinkLedger()
        #expect(await ledger.waitUntilServed(timeout: .milliseconds(10)))
        ledger.sent(6)
        #expect(!ledger.isQuiet)
        #expect(!(await ledger.waitUntilServed(timeout: .milliseconds(20))))
        let served = Task { await ledger.waitUntilServed(timeout: .seconds(10)) }
        try await Task.sleep(for: .milliseconds(20))
        ledger.replied(12)
        ledger.served(6)
        #expect(await served.value)
        #expect(!ledger.isQuiet, "12 reply bytes are unread")
        ledger.consumed(12)
        #expect(ledger.isQuiet)
        ledger.served(100)
        ledger.sent(3)
        #expect(!ledger.isQuiet, "serving never runs ahead of what was sent")
    }

    @Test("a ledger remembers no wait once it is over, however many reads waited (served, timed out or cancelled)")
    func ledgerForgetsFinishedWaits() async throws {
        let ledger = LinkLedger()
        for _ in 0..<20 {
            ledger.sent(4)
            let waiting = Task { await ledger.waitUntilServed(timeout: .seconds(10)) }
            try await Task.sleep(for: .milliseconds(2))
            ledger.served(4)
            #expect(await waiting.value)
        }
        ledger.sent(1)
        #expect(!(await ledger.waitUntilServed(timeout: .milliseconds(5))))
        let cancelled = Task { await ledger.waitUntilServed(timeout: .seconds(10)) }
        try await Task.sleep(for: .milliseconds(2))
        cancelled.cancel()
        #expect(!(await cancelled.value))
        // The timers of the finished waits have been cancelled or have fired by now.
        try await Task.sleep(for: .milliseconds(50))
        #expect(ledger.rememberedWaits == 0)
    }
}
