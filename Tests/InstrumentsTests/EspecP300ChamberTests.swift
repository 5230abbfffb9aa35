import InstrumentProtocols
import Instruments
import StationLinks
import Synchronization
import Testing

/// A small Espec P-300 on the far side of a pseudo-terminal: parses the CR LF command lines with the protocol
/// module's server-side parser and answers `OK: …`, `NA:…` or data as the controller does.
final class EspecPeer: Sendable {
    struct State {
        var rom = "P300-V1.07"
        var processValue = 23.5
        var setPoint = 25.0
        var highest = 100.0
        var mode = EspecChamberMode.standby
        var alarms: [Int] = []
        var product: Double?
        var temperatureReply: String?
        var silent = false
    }

    let state = Mutex(State())

    func answer(_ received: String) -> PeerAnswer {
        state.withLock { state in
            guard !state.silent else { return .silent }
            // On RS-485 every command starts with the unit address; the peer answers any address.
            var line = received
            if let comma = line.firstIndex(of: ","), Int(line[..<comma]) != nil {
                line = String(line[line.index(after: comma)...])
            }
            switch line {
            case "ROM?": return .reply(state.rom)
            case "ALARM?": return .reply(([state.alarms.count] + state.alarms).map(String.init).joined(separator: ","))
            case "MON PTC?":
                guard let product = state.product else { return .reply("NA:CONT NOT READY-1") }
                return .reply("\(product),\(state.processValue),\(state.mode),\(state.alarms.count)")
            case "RELAY,ON,4", "RELAY,OFF,4": return .reply(EspecP300.acceptedReply(for: line))
            default: break
            }
            guard let (_, command) = try? EspecP300Command.parse(line) else { return .reply("NA:CMD ERR") }
            switch command {
            case .readTemperature:
                let status = EspecTemperatureStatus(
                    processValue: state.processValue, setPoint: state.setPoint, highLimit: state.highest, lowLimit: -40)
                return .reply(state.temperatureReply ?? status.reply)
            case .setTemperature(let setPoint, _, _):
                guard let setPoint, setPoint <= state.highest else { return .reply("NA:DATA OUT OF RANGE") }
                state.setPoint = setPoint
            case .readMode:
                return .reply(state.mode.description)
            case .setMode(let mode):
                state.mode = mode == .constant ? .constant : mode == .off ? .off : .standby
            case .power(let on):
                state.mode = on ? .constant : .off
            case .readMonitor:
                let monitor = EspecMonitor(
                    temperature: state.processValue, humidity: nil, mode: state.mode, alarmCount: state.alarms.count)
                return .reply(monitor.reply)
            }
            return .reply(EspecP300.acceptedReply(for: line))
        }
    }
}

@Suite("Espec P-300 driver over a pseudo-terminal")
struct EspecP300ChamberTests {
    let model = EspecPeer()
    let peer: ProtocolPeer
    let events = EventLog()

    init() throws {
        let model = model
        peer = try ProtocolPeer(.serial, replyTerminator: "\r\n") { model.answer($0) }
    }

    private func connected() async throws -> EspecP300Chamber {
        let chamber = try await makeDriver(
            "espec-p300", as: EspecP300Chamber.self, peer: peer, events: events, chamberLimits: testChamberLimits)
        _ = try await chamber.connect()
        return chamber
    }

    @Test("accepts a P-300 by its ROM version and probes for the product sensor, in CR LF lines")
    func connectAcceptsP300() async throws {
        defer { peer.stop() }
        let chamber = try await makeDriver(
            "espec-p300", as: EspecP300Chamber.self, peer: peer, chamberLimits: testChamberLimits)
        let identity = try await chamber.connect()
        #expect(identity.model == "P-300")
        #expect(identity.firmware == "P300-V1.07")
        #expect(String(decoding: peer.received, as: UTF8.self) == "ROM?\r\nMON PTC?\r\n")
        await chamber.disconnect()
    }

    @Test("refuses a controller whose ROM version is not a P-300's")
    func connectRefusesOtherController() async throws {
        defer { peer.stop() }
        model.state.withLock { $0.rom = "SCP220-V2.00" }
        let chamber = try await makeDriver(
            "espec-p300", as: EspecP300Chamber.self, peer: peer, chamberLimits: testChamberLimits)
        let error = await instrumentError { try await chamber.connect() }
        #expect(error?.kind == .identityMismatch)
        #expect(error?.description.contains("SCP220-V2.00") == true)
        await chamber.disconnect()
    }

    @Test("a setpoint is sent as TEMP, S<value> and read back from TEMP?")
    func setpointRoundTrip() async throws {
        defer { peer.stop() }
        let chamber = try await connected()
        try await chamber.setSetpoint(85)
        #expect(peer.lines.last == "TEMP, S85.0")
        #expect(model.state.withLock { $0.setPoint } == 85)
        let reading = try await chamber.readTemperatures()
        #expect(reading == ChamberReading(airCelsius: 23.5, dutCelsius: nil, setpointCelsius: 85))
        await chamber.disconnect()
    }

    @Test("a setpoint outside the station's limits is refused before anything is sent")
    func setpointLimitRefusedBeforeSending() async throws {
        defer { peer.stop() }
        let chamber = try await connected()
        let before = peer.lines.count
        let error = await safetyLimitError { try await chamber.setSetpoint(151) }
        #expect(error?.quantity == "setpoint")
        _ = try await chamber.readTemperatures()
        #expect(Array(peer.lines.dropFirst(before)) == ["TEMP?"])
        await chamber.disconnect()
    }

    @Test("NA: is a device error with the controller's message, not retried")
    func refusalIsDeviceError() async throws {
        defer { peer.stop() }
        let chamber = try await connected()
        let error = await instrumentError { try await chamber.setSetpoint(140) }
        #expect(error?.kind == .deviceError)
        #expect(error?.message.contains("NA:DATA OUT OF RANGE") == true)
        #expect(peer.lines.filter { $0.hasPrefix("TEMP,") } == ["TEMP, S140.0"])
        #expect(events.of(.retry).isEmpty)
        await chamber.disconnect()
    }

    @Test("with the product-temperature option the DUT and air temperatures come from MON PTC?")
    func productTemperature() async throws {
        defer { peer.stop() }
        model.state.withLock { $0.product = 31.5 }
        let chamber = try await connected()
        let reading = try await chamber.readTemperatures()
        #expect(reading == ChamberReading(airCelsius: 23.5, dutCelsius: 31.5, setpointCelsius: 25))
        await chamber.disconnect()
    }

    @Test("start powers an OFF controller on, then runs constant; stop goes to standby")
    func startAndStop() async throws {
        defer { peer.stop() }
        model.state.withLock { $0.mode = .off }
        let chamber = try await connected()
        try await chamber.start()
        #expect(Array(peer.lines.suffix(3)) == ["MODE?", "POWER,ON", "MODE,CONSTANT"])
        try await chamber.stop()
        #expect(peer.lines.last == "MODE,STANDBY")
        #expect(model.state.withLock { $0.mode } == .standby)
        await chamber.disconnect()
    }

    @Test("the safe state sets the safe temperature and keeps constant control running")
    func safeState() async throws {
        defer { peer.stop() }
        let chamber = try await connected()
        try await chamber.goToSafeState()
        #expect(Array(peer.lines.suffix(3)) == ["TEMP, S25.0", "MODE?", "MODE,CONSTANT"])
        await chamber.disconnect()
    }

    @Test("alarms are the codes ALARM? lists")
    func alarms() async throws {
        defer { peer.stop() }
        let chamber = try await connected()
        #expect(try await chamber.alarms().isEmpty)
        model.state.withLock { $0.alarms = [3, 18] }
        #expect(try await chamber.alarms() == ["Espec alarm code 3", "Espec alarm code 18"])
        await chamber.disconnect()
    }

    @Test("the P-300 takes no ramp rate, and a ramp above the limit is refused as such")
    func rampRate() async throws {
        defer { peer.stop() }
        let chamber = try await connected()
        #expect(chamber.supportsRampRate == false)
        #expect(await instrumentError { try await chamber.setRampRate(5) }?.kind == .unsupported)
        #expect(await safetyLimitError { try await chamber.setRampRate(20) }?.quantity == "ramp rate")
        await chamber.disconnect()
    }

    @Test("purge drives the configured time-signal relay; without one, purge on is unsupported")
    func purge() async throws {
        defer { peer.stop() }
        let plain = try await connected()
        #expect(await instrumentError { try await plain.setPurge(true) }?.kind == .unsupported)
        try await plain.setPurge(false)
        await plain.disconnect()
        let session = try await lineSession(to: peer, terminator: .crlf, driver: "espec-p300")
        let chamber = EspecP300Chamber(role: "chamber", session: session, limits: testChamberLimits, purgeRelay: 4)
        _ = try await chamber.connect()
        try await chamber.setPurge(true)
        try await chamber.setPurge(false)
        #expect(Array(peer.lines.suffix(2)) == ["RELAY,ON,4", "RELAY,OFF,4"])
        await chamber.disconnect()
    }

    @Test("on RS-485 every command carries the unit address")
    func rs485Address() async throws {
        defer { peer.stop() }
        let session = try await lineSession(to: peer, terminator: .crlf, driver: "espec-p300")
        let chamber = EspecP300Chamber(role: "chamber", session: session, limits: testChamberLimits, address: 2)
        _ = try await chamber.connect()
        try await chamber.setSetpoint(-10)
        #expect(String(decoding: peer.received, as: UTF8.self) == "2,ROM?\r\n2,MON PTC?\r\n2,TEMP, S-10.0\r\n")
        await chamber.disconnect()
    }

    @Test("a malformed reply is retried, then becomes a station fault")
    func malformedReplyIsStationFault() async throws {
        defer { peer.stop() }
        let chamber = try await connected()
        model.state.withLock { $0.temperatureReply = "23.5,25.0" }
        let error = await instrumentError { try await chamber.readTemperatures() }
        #expect(error?.kind == .stationFault)
        #expect(peer.lines.filter { $0 == "TEMP?" }.count == 3)
        #expect(events.of(.retry).count == 2)
        #expect(events.of(.fault).count == 1)
        await chamber.disconnect()
    }

    @Test("a controller that does not answer is a station fault after the retries")
    func silenceIsStationFault() async throws {
        defer { peer.stop() }
        model.state.withLock { $0.silent = true }
        let chamber = try await makeDriver(
            "espec-p300", as: EspecP300Chamber.self, peer: peer, events: events, timeout: silentTimeout,
            chamberLimits: testChamberLimits)
        let error = await instrumentError { try await chamber.connect() }
        #expect(error?.kind == .stationFault)
        #expect(try await peer.waitForLines(3) == ["ROM?", "ROM?", "ROM?"])
        await chamber.disconnect()
    }
}
