import InstrumentProtocols
import Instruments
import StationLinks
import Synchronization
import Testing

/// A small ThermoStream ATS behind a TCP socket: parses LF lines with the protocol module's server-side parser,
/// keeps the Operator screen's three set points, and answers only queries, as the ATS does.
final class ThermoStreamPeer: Sendable {
    struct State {
        var identity = "TEMPTRONIC,ATS-545,AT1234,2.1.0"
        var screen = 5
        var setPoints = [85.0, 25.0, -20.0]
        var selected = 1
        var air = 22.0
        var dut = 23.0
        var faults: UInt16 = 0
        var ignoresSetPoint = false
        var airReply: String?
        var silent = false
    }

    let state = Mutex(State())

    func answer(_ line: String) -> PeerAnswer {
        state.withLock { state in
            guard !state.silent else { return .silent }
            if line == "*IDN?" { return .reply(state.identity) }
            guard let command = try? ThermoStreamCommand.parse(line) else { return .silent }
            switch command {
            case .readScreen: return .reply("\(state.screen)")
            case .readAirTemperature: return .reply(state.airReply ?? ThermoStream.temperatureReply(state.air))
            case .readDUTTemperature: return .reply(ThermoStream.temperatureReply(state.dut))
            case .readSetPoint: return .reply(ThermoStream.temperatureReply(state.setPoints[state.selected]))
            case .readErrors: return .reply("\(state.faults)")
            case .resetOperator: state.screen = 5
            case .selectSetPoint(let number): state.selected = number
            case .setPoint(let value): if !state.ignoresSetPoint { state.setPoints[state.selected] = value }
            default: break
            }
            return .silent
        }
    }
}

@Suite("ThermoStream ATS driver over TCP")
struct ThermoStreamATSTests {
    let model = ThermoStreamPeer()
    let peer: ProtocolPeer
    let events = EventLog()

    init() throws {
        let model = model
        peer = try ProtocolPeer(.tcp) { model.answer($0) }
    }

    private func connected() async throws -> ThermoStreamATS {
        let stream = try await makeDriver(
            "thermostream-ats", as: ThermoStreamATS.self, peer: peer, events: events, chamberLimits: testChamberLimits)
        _ = try await stream.connect()
        return stream
    }

    @Test("accepts an ATS, takes remote control on the Operator screen, sets the air limits and DUT mode")
    func connectSequence() async throws {
        defer { peer.stop() }
        let stream = try await connected()
        let lines = try await peer.waitForLines(8)
        #expect(lines == ["*IDN?", "%RM", "RSTO", "WHAT?", "ULIM 150", "LLIM -40", "TMPD?", "DUTM 1"])
        #expect(await stream.controlsDUT)
        await stream.disconnect()
    }

    @Test("refuses an instrument that is not a ThermoStream")
    func connectRefusesOtherInstrument() async throws {
        defer { peer.stop() }
        model.state.withLock { $0.identity = "Keysight Technologies,E36312A,MY1,1.0" }
        let stream = try await makeDriver(
            "thermostream-ats", as: ThermoStreamATS.self, peer: peer, chamberLimits: testChamberLimits)
        #expect(await instrumentError { try await stream.connect() }?.kind == .identityMismatch)
        #expect(peer.lines == ["*IDN?"])
        await stream.disconnect()
    }

    @Test("without a valid DUT reading the ATS runs in air mode and reports no DUT temperature")
    func airMode() async throws {
        defer { peer.stop() }
        model.state.withLock { $0.dut = 999.9 }
        let stream = try await connected()
        #expect(try await peer.waitForLines(8).last == "DUTM 0")
        #expect(await stream.controlsDUT == false)
        let reading = try await stream.readTemperatures()
        #expect(reading == ChamberReading(airCelsius: 22, dutCelsius: nil, setpointCelsius: 25))
        await stream.disconnect()
    }

    @Test("a setpoint selects the cold, ambient or hot set point, re-sends the ramp, and is read back")
    func setpointSelection() async throws {
        defer { peer.stop() }
        let stream = try await connected()
        try await stream.setRampRate(8)
        try await stream.setSetpoint(-20.5)
        #expect(Array(peer.lines.suffix(6)) == ["RAMP 8", "WHAT?", "SETN 2", "RAMP 8", "SETP -20.5", "SETP?"])
        try await stream.setSetpoint(25)
        #expect(Array(peer.lines.suffix(4)) == ["SETN 1", "RAMP 8", "SETP 25", "SETP?"])
        try await stream.setSetpoint(125)
        #expect(Array(peer.lines.suffix(4)) == ["SETN 0", "RAMP 8", "SETP 125", "SETP?"])
        #expect(model.state.withLock { $0.setPoints } == [125, 25, -20.5])
        await stream.disconnect()
    }

    @Test("setpoints and ramps beyond the station's limits are refused before anything is sent")
    func limitsRefusedBeforeSending() async throws {
        defer { peer.stop() }
        let stream = try await connected()
        _ = try await peer.waitForLines(8)
        let before = peer.lines.count
        #expect(await safetyLimitError { try await stream.setSetpoint(-41) }?.quantity == "setpoint")
        #expect(await safetyLimitError { try await stream.setRampRate(12) }?.quantity == "ramp rate")
        _ = try await stream.readTemperatures()
        #expect(Array(peer.lines.dropFirst(before)) == ["TMPA?", "TMPD?", "SETP?"])
        await stream.disconnect()
    }

    @Test("a set point the ATS did not take (unacknowledged command) is a device error")
    func setpointReadBackMismatch() async throws {
        defer { peer.stop() }
        model.state.withLock { $0.ignoresSetPoint = true }
        let stream = try await connected()
        #expect(await instrumentError { try await stream.setSetpoint(60) }?.kind == .deviceError)
        await stream.disconnect()
    }

    @Test("readings come from TMPA?, TMPD? and SETP?; an invalid DUT reading in DUT mode is a device error")
    func readings() async throws {
        defer { peer.stop() }
        let stream = try await connected()
        let reading = try await stream.readTemperatures()
        #expect(reading == ChamberReading(airCelsius: 22, dutCelsius: 23, setpointCelsius: 25))
        model.state.withLock { $0.dut = 999.9 }
        #expect(await instrumentError { try await stream.readTemperatures() }?.kind == .deviceError)
        await stream.disconnect()
    }

    @Test("start lowers the head and turns compressor and flow on; stop turns the flow off; purge on is flow on")
    func startStopPurge() async throws {
        defer { peer.stop() }
        let stream = try await connected()
        _ = try await peer.waitForLines(8)
        try await stream.start()
        try await stream.stop()
        try await stream.setPurge(false)
        try await stream.setPurge(true)
        // The ATS acknowledges nothing: each batch ends with a WHAT? that confirms it was taken. The head is
        // never moved: the station file does not allow it (head_control defaults to false).
        #expect(
            Array(try await peer.waitForLines(15).suffix(7))
                == ["COOL 1", "FLOW 1", "WHAT?", "FLOW 0", "WHAT?", "FLOW 1", "WHAT?"])
        #expect(!peer.lines.contains { $0.hasPrefix("HEAD") })
        await stream.disconnect()
    }

    @Test("with a dead man, start arms TTIM first and every reading while running re-arms it; stopped, none is sent")
    func deadManArmsAndRearms() async throws {
        defer { peer.stop() }
        let stream = ThermoStreamATS(
            role: "role-under-test", session: try await lineSession(to: peer, terminator: .lf, driver: "thermostream-ats"),
            limits: testChamberLimits, deadManSeconds: 120)
        _ = try await stream.connect()
        let connected = try await peer.waitForLines(8).count
        #expect(!peer.lines.contains { $0.hasPrefix("TTIM") }, "nothing is armed before start")
        try await stream.start()
        _ = try await stream.readTemperatures()
        try await stream.stop()
        _ = try await stream.readTemperatures()
        let lines = Array(try await peer.waitForLines(connected + 13).dropFirst(connected))
        #expect(lines == [
            "TTIM 120", "COOL 1", "FLOW 1", "WHAT?", "TTIM 120", "TMPA?", "TMPD?", "SETP?", "FLOW 0", "WHAT?",
            "TMPA?", "TMPD?", "SETP?",
        ])
        await stream.disconnect()
    }

    @Test("alarms name the EROR? bits")
    func alarms() async throws {
        defer { peer.stop() }
        let stream = try await connected()
        #expect(try await stream.alarms().isEmpty)
        model.state.withLock { $0.faults = 0b1001 }
        #expect(try await stream.alarms() == ["overheat", "low air flow"])
        await stream.disconnect()
    }

    @Test("the safe state selects the safe temperature and keeps the flow on")
    func safeState() async throws {
        defer { peer.stop() }
        let stream = try await connected()
        try await stream.goToSafeState()
        #expect(Array(try await peer.waitForLines(13).suffix(5)) == ["SETN 1", "SETP 25", "SETP?", "FLOW 1", "WHAT?"])
        await stream.disconnect()
    }

    @Test("a garbled reading is retried, then becomes a station fault")
    func malformedReplyIsStationFault() async throws {
        defer { peer.stop() }
        let stream = try await connected()
        model.state.withLock { $0.airReply = "2#.0" }
        #expect(await instrumentError { try await stream.readTemperatures() }?.kind == .stationFault)
        #expect(peer.lines.filter { $0 == "TMPA?" }.count == 3)
        #expect(events.of(.retry).count == 2)
        await stream.disconnect()
    }

    @Test("an ATS that does not answer is a station fault after the retries")
    func silenceIsStationFault() async throws {
        defer { peer.stop() }
        model.state.withLock { $0.silent = true }
        let stream = try await makeDriver(
            "thermostream-ats", as: ThermoStreamATS.self, peer: peer, events: events, timeout: silentTimeout,
            chamberLimits: testChamberLimits)
        #expect(await instrumentError { try await stream.connect() }?.kind == .stationFault)
        #expect(try await peer.waitForLines(3) == ["*IDN?", "*IDN?", "*IDN?"])
        #expect(events.of(.fault).count == 1)
        await stream.disconnect()
    }
}
