import InstrumentProtocols
import Instruments
import StationLinks
import Synchronization
import Testing

/// A small Thorlabs PM100D on the far side of a pseudo-terminal, speaking its SCPI subset: identity, sensor
/// identification, wavelength range, power readings and an error queue.
final class PM100Peer: Sendable {
    struct State {
        var identity = "Thorlabs,PM100D,P0001234,2.4.0"
        var sensor = "S122C,12345,01-Jan-2020,1,18,289"
        var power = "1.234000E-03"
        var wavelength = 1550.0
        var averages = 1
        var errors: [String] = []
    }

    let state = Mutex(State())

    func answer(_ line: String) -> PeerAnswer {
        if let answer = resynchronisationAnswer(line) { return answer }
        return state.withLock { state in
            switch line {
            case "*IDN?": return .reply(state.identity)
            case "SYST:SENS:IDN?": return .reply(state.sensor)
            case "SYST:ERR?": return .reply(state.errors.isEmpty ? "0,\"No error\"" : state.errors.removeFirst())
            case "SENS:CORR:WAV? MIN": return .reply("4.000000E+02")
            case "SENS:CORR:WAV? MAX": return .reply("1.100000E+03")
            case "MEAS:POW?": return .reply(state.power)
            default: break
            }
            if line.hasPrefix("SENS:CORR:WAV "), let value = Double(line.dropFirst("SENS:CORR:WAV ".count)) {
                state.wavelength = value
            } else if line.hasPrefix("SENS:AVER:COUN "), let value = Int(line.dropFirst("SENS:AVER:COUN ".count)) {
                if value > 10_000 { state.errors.append("-222,\"Data out of range\"") } else { state.averages = value }
            }
            return .silent
        }
    }
}

@Suite("Thorlabs PM100 driver over a pseudo-terminal")
struct ThorlabsPM100MeterTests {
    let model = PM100Peer()
    let peer: ProtocolPeer
    let events = EventLog()

    init() throws {
        let model = model
        peer = try ProtocolPeer(.serial) { model.answer($0) }
    }

    private func connected() async throws -> ThorlabsPM100Meter {
        let meter = try await makeDriver("thorlabs-pm100", as: ThorlabsPM100Meter.self, peer: peer, events: events)
        _ = try await meter.connect()
        return meter
    }

    @Test("accepts a PM100D with a power sensor and sets watts, auto range, averaging and power mode")
    func connectSequence() async throws {
        defer { peer.stop() }
        let meter = try await connected()
        #expect(peer.lines == [
            "*IDN?", "*CLS", "SYST:SENS:IDN?", "SENS:POW:UNIT W", "SYST:ERR?", "SENS:POW:DC:RANG:AUTO ON", "SYST:ERR?",
            "SENS:AVER:COUN 100", "SYST:ERR?", "CONF:POW", "SYST:ERR?", "SENS:CORR:WAV? MIN", "SENS:CORR:WAV? MAX",
        ])
        #expect(await meter.wavelengthRangeNanometres == 400...1100)
        #expect(await meter.channelCount() == 1)
        await meter.disconnect()
    }

    @Test("refuses other meters, and the original PM100 whose command set differs", arguments: [
        "Newport,1936-R,12345,1.0", "THORLABS,PM100,P000001,1.0",
    ])
    func connectRefuses(identity: String) async throws {
        defer { peer.stop() }
        model.state.withLock { $0.identity = identity }
        let meter = try await makeDriver("thorlabs-pm100", as: ThorlabsPM100Meter.self, peer: peer)
        #expect(await instrumentError { try await meter.connect() }?.kind == .identityMismatch)
        #expect(peer.lines == ["*IDN?"])
        await meter.disconnect()
    }

    @Test("a console without a power sensor is a device error at connect")
    func noSensor() async throws {
        defer { peer.stop() }
        model.state.withLock { $0.sensor = "no sensor" }
        let meter = try await makeDriver("thorlabs-pm100", as: ThorlabsPM100Meter.self, peer: peer)
        let error = await instrumentError { try await meter.connect() }
        #expect(error?.kind == .deviceError)
        #expect(error?.message.contains("no sensor") == true)
        await meter.disconnect()
    }

    @Test("the wavelength is sent in nm and checked; one outside the sensor's range is refused before sending")
    func wavelength() async throws {
        defer { peer.stop() }
        let meter = try await connected()
        try await meter.setWavelength(850)
        #expect(Array(peer.lines.suffix(2)) == ["SENS:CORR:WAV 850.0", "SYST:ERR?"])
        #expect(model.state.withLock { $0.wavelength } == 850)
        let before = peer.lines.count
        #expect(await instrumentError { try await meter.setWavelength(1550) }?.kind == .unsupported)
        _ = try await meter.readPower(channel: 1)
        #expect(Array(peer.lines.dropFirst(before)) == ["MEAS:POW?"])
        await meter.disconnect()
    }

    @Test("power is MEAS:POW? in watts on the one channel")
    func power() async throws {
        defer { peer.stop() }
        let meter = try await connected()
        #expect(try await meter.readPower(channel: 1) == 1.234e-3)
        #expect(try await meter.readAllPowers() == [1.234e-3])
        #expect(await instrumentError { try await meter.readPower(channel: 2) }?.kind == .unsupported)
        await meter.disconnect()
    }

    @Test("averaging is SENS:AVER:COUN; a count the meter rejects surfaces its SCPI error")
    func averaging() async throws {
        defer { peer.stop() }
        let meter = try await connected()
        try await meter.setAveraging(300)
        #expect(model.state.withLock { $0.averages } == 300)
        #expect(await meter.averageCount == 300)
        await #expect(throws: SCPIDeviceError.self) { try await meter.setAveraging(20_000) }
        #expect(await meter.averageCount == 300)
        await meter.disconnect()
    }

    @Test("an unreadable power reply is retried, then becomes a station fault")
    func malformedReplyIsStationFault() async throws {
        defer { peer.stop() }
        let meter = try await connected()
        model.state.withLock { $0.power = "9.91E+37" }
        #expect(await instrumentError { try await meter.readPower(channel: 1) }?.kind == .stationFault)
        #expect(events.of(.retry).count == 2)
        // The peer's record of what it received may trail the driver a little on a loaded machine.
        let deadline = ContinuousClock.now + .seconds(30)
        while peer.lines.filter({ $0 == "MEAS:POW?" }).count < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(peer.lines.filter { $0 == "MEAS:POW?" }.count == 3)
        await meter.disconnect()
    }
}
