import BenchSimulator
import Foundation
import InstrumentProtocols
import Instruments
import StationClock
import StationConfiguration
import StationLinks
import Testing

/// Helpers for the tests of the alternative instrument families: station files naming them, drivers connected
/// with every setting their station entry carries, and raw line conversations over TCP or a pseudo-terminal.
enum FamilyBench {
    /// The simulated station with `lanes` lanes and the given replacements, e.g. a driver swapped for another.
    static func file(
        lanes: Int = 16, dead: String = "0", weak: String = "0", faults: String = "[]",
        replacing extra: [(String, String)]
    ) throws -> StationFile {
        try TestBench.stationFile(lanes: lanes, dead: dead, weak: weak, faults: faults, replacing: extra)
    }

    /// Starting `file` fails with a simulation error of `kind` for `role`.
    static func expectRefusal(_ file: StationFile, _ kind: SimulationError.Kind, role: InstrumentRole) throws {
        let error = try #require(throws: SimulationError.self) {
            _ = try SimulatedStation.start(station: file, clock: VirtualClock(epoch: TestBench.epoch))
        }
        #expect(error.kind == kind)
        #expect(error.role == role)
    }

    /// Every name and alias the driver catalog has for `driver` starts a simulator in `role` when it replaces
    /// `original` in the simulated station.
    static func expectServedUnderEveryName(
        _ driver: String, replacing original: String, role: InstrumentRole, extra: [(String, String)] = []
    ) throws {
        let description = try #require(DriverCatalog.lookup(driver))
        for name in [description.name] + description.aliases {
            let file = try self.file(lanes: 4, replacing: [(original, "driver: \(name)")] + extra)
            let station = try SimulatedStation.start(station: file, clock: VirtualClock(epoch: TestBench.epoch))
            #expect(station.resources[role] != nil, "name \(name)")
            station.stop()
        }
    }
}

extension TestBench {
    /// Connects the real driver of `role` through the instrument factory with every setting its station entry
    /// carries (supply output, averaging, bus address, purge relay), as the station assembly does.
    func connectWithEntry<T>(
        _ role: InstrumentRole, as type: T.Type, timeout: Duration = .seconds(2), retries: Int = 3
    ) async throws -> (instrument: T, identity: InstrumentIdentity) {
        var configuration = try configuration(role, timeout: timeout, retries: retries)
        let entry = try #require(file.instrument(role))
        configuration.output = entry.output
        configuration.averaging = entry.averaging
        configuration.busAddress = entry.busAddress
        configuration.purgeRelay = entry.purgeRelay
        let log = events
        let (instrument, identity) = try await InstrumentFactory.connect(configuration, events: { log.append($0) })
        return (try #require(instrument as? T), identity)
    }
}

extension TestBench {
    /// Connects the chamber with a dead man of `deadManSeconds`, starts it towards 60 °C and reads it every
    /// `interval` s, `reads` times (it must keep running), then stops reading, as a dead controller would: the
    /// chamber still runs 1 s before `stopsAfter` s from the last reading, has stopped by itself 1 s after, and
    /// its air then falls towards ambient.
    func expectDeadManStopsTheChamber(
        deadManSeconds: Int, stopsAfter: Double, reads: Int, every interval: Double
    ) async throws {
        var configuration = try configuration(.chamber)
        configuration.deadManSeconds = deadManSeconds
        let (instrument, _) = try await InstrumentFactory.connect(configuration, events: { _ in })
        let chamber = try #require(instrument as? any ThermalChamber)
        try await chamber.start()
        try await chamber.setSetpoint(60)
        for _ in 0..<reads {
            try await wait(interval)
            _ = try await chamber.readTemperatures()
            #expect(station.bench.status().chamberRunning)
        }
        try await wait(stopsAfter - 1)
        let before = station.bench.status()
        #expect(before.chamberRunning)
        try await wait(2)
        #expect(!station.bench.status().chamberRunning)
        try await wait(600)
        #expect(station.bench.status().airCelsius < before.airCelsius - 10)
        await chamber.disconnect()
        await shutDown()
    }
}

/// A raw line conversation with one simulated instrument, over its TCP port or its pseudo-terminal.
struct LineConversation {
    let link: any ByteLink
    let terminator: String

    /// Opens the instrument of `role`; commands end with `terminator`.
    init(_ bench: TestBench, _ role: InstrumentRole, terminator: String = "\n") async throws {
        self.terminator = terminator
        switch try #require(bench.station.resources[role]) {
        case .tcpSocket(_, let host, let port):
            link = try await TCPLink.connect(host: host, port: port, timeout: .seconds(2))
        case .serial(let device):
            link = try SerialLink.open(path: device, settings: SerialSettings(baud: 19200))
        default:
            throw LinkError(.cannotOpen(errno: 0), resource: "\(role)", operation: "look up the simulator")
        }
    }

    /// Sends one line.
    func send(_ line: String) async throws {
        try await link.write(Array((line + terminator).utf8), timeout: .seconds(1))
    }

    /// Sends one line and returns the reply line, trimmed.
    func ask(_ line: String, timeout: Duration = .seconds(2)) async throws -> String {
        try await send(line)
        let reply = try await link.read(until: 0x0A, maxCount: 1 << 16, timeout: timeout)
        return String(decoding: reply, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether `line` goes unanswered for `timeout`.
    func isUnanswered(_ line: String, timeout: Duration = .milliseconds(300)) async throws -> Bool {
        try await send(line)
        do {
            _ = try await link.read(until: 0x0A, maxCount: 1 << 16, timeout: timeout)
            return false
        } catch let error as LinkError where error.kind == .timeout {
            return true
        }
    }

    /// Closes the link.
    func close() async {
        await link.close()
    }
}
