import Foundation
import Glibc
import InstrumentProtocols
import Instruments
import StationLinks
import Testing

/// Why the pymodbus peer could not be used.
struct PymodbusPeerError: Error, CustomStringConvertible {
    let description: String
}

/// pymodbus's Modbus RTU server (`Peers/modbus_rtu_peer.py`) as a child process, on a socat pseudo-terminal pair.
///
/// The peer prints `SOCAT <pid>`, then `READY <device>` once it listens, then one line per frame: `RX <hex>` for bytes received,
/// `TX <hex>` for a reply sent, `CORRUPT <hex>` for a reply sent with a broken CRC, `SILENT <hex>` for a reply
/// withheld. Its standard output goes to a file that ``log`` reads.
final class PymodbusPeer {
    /// The pseudo-terminal the station opens.
    let device: String
    private let process: PeerProcess

    /// The command that installs what the peer needs.
    static let installHint = "run `bash scripts/install-deps && python3 -m pip install -r .ci/requirements.txt` "
        + "(CI installs pymodbus and pyserial this way)"

    /// The peer script, next to this file.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Peers/modbus_rtu_peer.py").path

    /// Nil when python3 imports the parts of pymodbus (3.16 API) and pyserial the peer uses; else what is wrong.
    static let missingPrerequisite: String? = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import serial, pymodbus.server, pymodbus.framer; "
            + "from pymodbus.simulator import DataType, SimData, SimDevice"]
        let errors = Pipe()
        probe.standardError = errors
        probe.standardOutput = FileHandle.nullDevice
        probe.standardInput = FileHandle.nullDevice
        do {
            try probe.run()
        } catch {
            return "cannot run python3 (\(error)); \(installHint)"
        }
        let detail = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else {
            let lastLine = detail.split(separator: "\n").last.map(String.init)
                ?? "exit status \(probe.terminationStatus)"
            return "python3 cannot import pymodbus 3.16 and pyserial (\(lastLine)); \(installHint)"
        }
        return nil
    }()

    private init(device: String, process: PeerProcess) {
        self.device = device
        self.process = process
    }

    /// Starts the peer with `arguments` (fault injection flags, register values) and waits until it listens.
    ///
    /// Throws ``PymodbusPeerError`` when python3, pymodbus or pyserial is missing, or the peer never gets ready.
    static func start(_ arguments: [String] = []) async throws -> PymodbusPeer {
        if let missingPrerequisite {
            throw PymodbusPeerError(description: missingPrerequisite)
        }
        do {
            let process = try await PeerProcess.start(
                script: script, arguments: ["--baud", "19200", "--exit-on-stdin-eof"] + arguments, ready: "READY ",
                patience: .seconds(60))
            return PymodbusPeer(device: String(process.readyLine.dropFirst("READY ".count)), process: process)
        } catch let error as PeerProcessError {
            throw PymodbusPeerError(description: "the pymodbus peer: \(error)")
        }
    }

    /// The peer's output lines so far.
    var log: [String] { process.log }

    /// Output lines starting with `tag` and a space (`TX`, `CORRUPT`, `SILENT`, `RX`).
    func lines(_ tag: String) -> [String] { log.filter { $0.hasPrefix(tag + " ") } }

    /// Every byte the peer received, as one lowercase hex string.
    var receivedHex: String { lines("RX").map { String($0.dropFirst(3)) }.joined() }

    /// Waits (up to ten seconds) until `count` lines tagged `tag` were logged, and returns them.
    func waitForLines(_ tag: String, count: Int) async throws -> [String] {
        let deadline = ContinuousClock.now + .seconds(10)
        while lines(tag).count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        return lines(tag)
    }

    /// Ends the peer (end of input, then SIGTERM, then SIGKILL) and its socat, and removes its files.
    func stop() {
        process.stop { endSocat() }
    }

    /// The peer ends its socat itself; should the peer have died first, ends that socat (only while the process
    /// with that id still runs socat on this peer's pty links).
    private func endSocat() {
        guard let line = log.first(where: { $0.hasPrefix("SOCAT ") }), let pid = Int32(line.dropFirst(6)) else {
            return
        }
        func runsPeerSocat() -> Bool {
            guard let commandLine = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8) else {
                return false
            }
            return commandLine.contains("socat") && commandLine.contains("modbus-rtu-peer-")
        }
        let deadline = ContinuousClock.now + .seconds(2)
        while runsPeerSocat(), ContinuousClock.now < deadline {
            usleep(20_000)
        }
        if runsPeerSocat() {
            kill(pid, SIGKILL)
        }
    }
}

/// QualStation's Modbus RTU master and Watlow F4 driver against an independent slave: pymodbus's RTU server.
@Suite(.serialized)
struct ModbusPymodbusInteropTests {
    static let limits = ChamberLimits(
        minimumCelsius: -60, maximumCelsius: 150, maximumRampKelvinPerMinute: 10, safeCelsius: 25)

    /// A client on the peer's device, as the Watlow driver makes it (unit 1, 19200 baud).
    func client(
        _ peer: PymodbusPeer, events: EventLog, timeout: Duration = answeredTimeout
    ) throws -> ModbusRTUClient {
        let link = try SerialLink.open(path: peer.device, settings: SerialSettings(baud: 19200))
        return ModbusRTUClient(
            link: link, unit: 1, baud: 19200, role: "chamber", driver: "watlow-f4",
            policy: RetryPolicy(retries: testRetries, timeout: timeout), events: events.sink)
    }

    /// The station's configuration for the F4 on the peer's device.
    func configuration(_ peer: PymodbusPeer, timeout: Duration = answeredTimeout) -> DriverConfiguration {
        var configuration = DriverConfiguration(
            role: "chamber", driver: "watlow-f4", resource: .serial(device: peer.device),
            serial: SerialSettings(baud: 19200), timeout: timeout, retries: testRetries, chamberLimits: Self.limits)
        // The peer is a cascade controller: input 3 carries the DUT.
        configuration.watlowWiring.dutInput = true
        return configuration
    }

    /// Connects the F4 driver to the peer through the factory.
    func chamber(_ peer: PymodbusPeer, events: EventLog) async throws -> (WatlowF4Chamber, InstrumentIdentity) {
        let (instrument, identity) = try await InstrumentFactory.connect(configuration(peer), events: events.sink)
        let chamber = try #require(instrument as? WatlowF4Chamber)
        return (chamber, identity)
    }

    @Test("function 3 reads the holding registers pymodbus serves")
    func readsHoldingRegisters() async throws {
        let peer = try await PymodbusPeer.start()
        defer { peer.stop() }
        let events = EventLog()
        let modbus = try client(peer, events: events)
        #expect(try await modbus.readHoldingRegisters(start: 0, count: 6) == [5270, 12, 3456, 0, 0, 2107])
        let inputs = try await modbus.readHoldingRegisters(start: 100, count: 9)
        #expect(inputs == [235, 0, 0, 0, 0, 0, 0, 0, UInt16(bitPattern: -3987)])
        #expect(try await modbus.readHoldingRegisters(start: 606, count: 1) == [1])
        await modbus.close()
        #expect(events.all.isEmpty)
        // The request frames as pymodbus received them: unit 1, function 3, start, count, CRC low byte first.
        #expect(peer.receivedHex.hasPrefix("010300000006c5c8"))
        #expect(peer.lines("TX").count == 3)
    }

    @Test("function 6 writes one register that pymodbus then reads back")
    func writesSingleRegister() async throws {
        let peer = try await PymodbusPeer.start()
        defer { peer.stop() }
        let events = EventLog()
        let modbus = try client(peer, events: events)
        try await modbus.writeSingleRegister(300, value: 275)
        #expect(try await modbus.readHoldingRegisters(start: 300, count: 1) == [275])
        try await modbus.writeSingleRegister(2010, value: 1)
        #expect(try await modbus.readHoldingRegisters(start: 2010, count: 1) == [1])
        await modbus.close()
        #expect(peer.receivedHex.hasPrefix("0106012c0113"))
        #expect(events.all.isEmpty)
    }

    @Test("function 16 writes consecutive registers that pymodbus then reads back")
    func writesMultipleRegisters() async throws {
        let peer = try await PymodbusPeer.start()
        defer { peer.stop() }
        let events = EventLog()
        let modbus = try client(peer, events: events)
        let clock: [UInt16] = [13, 45, 7, 6, 30, 2026]
        try await modbus.writeMultipleRegisters(start: 1916, values: clock)
        #expect(try await modbus.readHoldingRegisters(start: 1916, count: 6) == clock)
        await modbus.close()
        // Function 16 at 1916 (0x077C), six registers, twelve bytes.
        #expect(peer.receivedHex.hasPrefix("0110077c00060c000d002d"))
        #expect(events.all.isEmpty)
    }

    @Test("an exception reply from pymodbus becomes a device error naming the exception, without retries")
    func exceptionReplyIsTypedError() async throws {
        let peer = try await PymodbusPeer.start()
        defer { peer.stop() }
        let events = EventLog()
        let modbus = try client(peer, events: events)
        let unknownRead = await instrumentError { try await modbus.readHoldingRegisters(start: 5000, count: 1) }
        let readError = try #require(unknownRead)
        #expect(readError.kind == .deviceError)
        #expect(readError.description.contains("illegal data address"))
        #expect(readError.description.contains("3 (read holding registers)"))
        // A range running past the end of a register block is refused the same way.
        let spanning = await instrumentError { try await modbus.readHoldingRegisters(start: 0, count: 10) }
        #expect(spanning?.kind == .deviceError)
        let unknownWrite = await instrumentError { try await modbus.writeSingleRegister(4000, value: 1) }
        #expect(unknownWrite?.kind == .deviceError)
        #expect(unknownWrite?.description.contains("illegal data address") == true)
        #expect(unknownWrite?.description.contains("6 (write single register)") == true)
        // The link is still in step afterwards.
        #expect(try await modbus.readHoldingRegisters(start: 0, count: 1) == [5270])
        await modbus.close()
        #expect(events.of(.retry).isEmpty)
        #expect(peer.lines("TX").count == 4)
    }

    @Test("the Watlow F4 driver connects through the factory and reads pymodbus's registers")
    func watlowDriverConnectsAndReads() async throws {
        let peer = try await PymodbusPeer.start()
        defer { peer.stop() }
        let events = EventLog()
        let (chamber, identity) = try await chamber(peer, events: events)
        #expect(identity.manufacturer == "Watlow")
        #expect(identity.model == "F4")
        #expect(identity.serialNumber == "123456")
        let reading = try await chamber.readTemperatures()
        #expect(abs(reading.airCelsius - 23.5) < 1e-9)
        #expect(abs((reading.dutCelsius ?? .nan) - -39.87) < 1e-9)
        #expect(abs(reading.setpointCelsius - 25.0) < 1e-9)
        #expect(try await chamber.alarms().isEmpty)
        try await chamber.setSetpoint(85.5)
        #expect(abs(try await chamber.readTemperatures().setpointCelsius - 85.5) < 1e-9)
        await chamber.disconnect()
        // 85.5 °C with one decimal is 855 (0x0357) in register 300 (0x012C), written with function 6.
        #expect(peer.receivedHex.contains("0106012c0357"))
        #expect(events.all.isEmpty)
    }

    @Test("negative temperatures round-trip through pymodbus's signed registers")
    func negativeTemperaturesRoundTrip() async throws {
        let peer = try await PymodbusPeer.start()
        defer { peer.stop() }
        let events = EventLog()
        let (chamber, _) = try await chamber(peer, events: events)
        // The DUT input is seeded at -39.87 °C (two decimals) as pymodbus packs a signed 16-bit value.
        #expect(abs((try await chamber.readTemperatures().dutCelsius ?? .nan) - -39.87) < 1e-9)
        try await chamber.setSetpoint(-40.0)
        #expect(abs(try await chamber.readTemperatures().setpointCelsius - -40.0) < 1e-9)
        try await chamber.setSetpoint(-0.5)
        #expect(abs(try await chamber.readTemperatures().setpointCelsius - -0.5) < 1e-9)
        await chamber.disconnect()
        // -400 is 0xFE70 and -5 is 0xFFFB on the wire, two's complement, big-endian.
        #expect(peer.receivedHex.contains("0106012cfe70"))
        #expect(peer.receivedHex.contains("0106012cfffb"))
    }

    @Test("replies with a corrupted CRC are retried, counted, and the read succeeds")
    func corruptedCRCIsRetried() async throws {
        let peer = try await PymodbusPeer.start(["--corrupt-crc-first", "\(testRetries)"])
        defer { peer.stop() }
        let events = EventLog()
        let modbus = try client(peer, events: events)
        #expect(try await modbus.readHoldingRegisters(start: 0, count: 6) == [5270, 12, 3456, 0, 0, 2107])
        await modbus.close()
        let retries = events.of(.retry)
        #expect(retries.count == testRetries)
        #expect(retries.allSatisfy { $0.message.contains("CRC") })
        #expect(retries.first?.message.contains("retry 1 of \(testRetries)") == true)
        #expect(events.of(.fault).isEmpty)
        #expect(peer.lines("CORRUPT").count == testRetries)
        #expect(peer.lines("TX").count == 1)
    }

    @Test("a request pymodbus leaves unanswered once is retried after the timeout and succeeds")
    func transientSilenceIsRetried() async throws {
        let peer = try await PymodbusPeer.start(["--silent-first", "1"])
        defer { peer.stop() }
        let events = EventLog()
        let modbus = try client(peer, events: events, timeout: .seconds(1))
        try await modbus.writeSingleRegister(300, value: 300)
        #expect(try await modbus.readHoldingRegisters(start: 300, count: 1) == [300])
        await modbus.close()
        #expect(events.of(.retry).count == 1)
        #expect(events.of(.fault).isEmpty)
        #expect(peer.lines("SILENT").count == 1)
    }

    @Test("a pymodbus peer that stays silent ends in a station fault after the bounded retries")
    func persistentSilenceIsStationFault() async throws {
        let peer = try await PymodbusPeer.start(["--silent-first", "1000000"])
        defer { peer.stop() }
        let events = EventLog()
        let failure = await instrumentError {
            try await InstrumentFactory.connect(configuration(peer, timeout: silentTimeout), events: events.sink)
        }
        let error = try #require(failure)
        #expect(error.kind == .stationFault)
        #expect(error.description.contains("gave up after \(testRetries + 1) attempts"))
        #expect(events.of(.retry).count == testRetries)
        #expect(events.of(.fault).count == 1)
        // pymodbus received every attempt and withheld every reply: the first request and the retries, no more.
        let withheld = try await peer.waitForLines("SILENT", count: testRetries + 1)
        #expect(withheld.count == testRetries + 1)
        #expect(peer.lines("TX").isEmpty)
    }
}
