import InstrumentProtocols
import Instruments
import StationLinks
import Synchronization
import Testing

/// A small Keysight E36312A behind a TCP socket: three outputs addressed by channel lists, measurements, the
/// questionable-instrument summary condition and an error queue.
final class E36312APeer: Sendable {
    struct State {
        var identity = "Keysight Technologies,E36312A,MY12345678,1.0.4-1.0.0-1.04"
        var volts = [0.0, 0.0, 0.0]
        var amps = [5.0, 1.0, 1.0]
        var on = [false, false, false]
        var load = 0.2
        var errors: [String] = []
        var silent = false
        /// `OUTP:PAIR?`: OFF, PAR or SER (E36312A; pairing ties outputs 2 and 3 together).
        var pairing = "OFF"
        /// Over-voltage protection levels set with `VOLT:PROT v,(@n)`.
        var protection: [Double?] = [nil, nil, nil]
    }

    let state = Mutex(State())

    func answer(_ line: String) -> PeerAnswer {
        state.withLock { state in
            guard !state.silent else { return .silent }
            if line == "*IDN?" { return .reply(state.identity) }
            if line == "OUTP:PAIR?" { return .reply(state.pairing) }
            if line == "SYST:ERR?" {
                return .reply(state.errors.isEmpty ? "0,\"No error\"" : state.errors.removeFirst())
            }
            guard let open = line.range(of: "(@"), let channel = Int(line[open.upperBound...].dropLast()),
                (1...3).contains(channel)
            else {
                if line.hasPrefix("STAT:QUES:INST:ISUM"), let channel = Int(line.dropFirst(19).prefix(1)) {
                    let limited = state.on[channel - 1] && state.load >= state.amps[channel - 1]
                    return .reply(limited ? "1" : state.on[channel - 1] ? "2" : "0")
                }
                return .silent
            }
            let index = channel - 1
            let head = line[..<open.lowerBound].trimmingCharacters(in: [" ", ","])
            let words = head.split(separator: " ")
            switch (words.first, words.count) {
            case ("MEAS:VOLT?", 1): return .reply(String(state.on[index] ? state.volts[index] : 0))
            case ("MEAS:CURR?", 1): return .reply(String(state.on[index] ? min(state.load, state.amps[index]) : 0))
            case ("OUTP?", 1): return .reply(state.on[index] ? "1" : "0")
            case ("VOLT", 2):
                guard let value = Double(words[1]), value <= (channel == 1 ? 6.18 : 25.75) else {
                    state.errors.append("-222,\"Data out of range\"")
                    return .silent
                }
                state.volts[index] = value
            case ("CURR", 2): state.amps[index] = Double(words[1]) ?? state.amps[index]
            case ("VOLT:PROT", 2): state.protection[index] = Double(words[1])
            case ("OUTP", 2): state.on[index] = words[1] == "ON"
            default: state.errors.append("-113,\"Undefined header\"")
            }
            return .silent
        }
    }
}

@Suite("Keysight E36312A driver over TCP")
struct KeysightE36312ASupplyTests {
    let model = E36312APeer()
    let peer: ProtocolPeer
    let events = EventLog()
    static let limits = SupplyLimits(maximumVolts: 20, maximumAmps: 0.8)

    init() throws {
        let model = model
        peer = try ProtocolPeer(.tcp) { model.answer($0) }
    }

    private func supply(channel: Int, timeout: Duration = answeredTimeout) async throws -> KeysightE36312ASupply {
        let session = try await scpiSession(to: peer, driver: "keysight-e36312a", events: events, timeout: timeout)
        let supply = KeysightE36312ASupply(role: "supply", session: session, limits: Self.limits, channel: channel)
        _ = try await supply.connect()
        return supply
    }

    @Test("the catalog's driver accepts an E36312A and drives output 1 by default")
    func connectThroughFactory() async throws {
        defer { peer.stop() }
        let supply = try await makeDriver(
            "e36312a", as: KeysightE36312ASupply.self, peer: peer, supplyLimits: Self.limits)
        let identity = try await supply.connect()
        #expect(identity.model == "E36312A")
        #expect(supply.channel == 1)
        try await supply.goToSafeState()
        #expect(
            try await peer.waitForLines(7)
                == ["*IDN?", "*CLS", "SYST:ERR?", "OUTP:PAIR?", "VOLT:PROT 6,(@1)", "SYST:ERR?", "OUTP OFF,(@1)"])
        await supply.disconnect()
    }

    @Test("refuses other supplies, including the E36313A whose outputs are rated differently", arguments: [
        "Keysight Technologies,E36313A,MY1,1.0", "KEITHLEY INSTRUMENTS,MODEL 2450,04089762,1.6.7c",
    ])
    func connectRefuses(identity: String) async throws {
        defer { peer.stop() }
        model.state.withLock { $0.identity = identity }
        let supply = try await makeDriver(
            "keysight-e36312a", as: KeysightE36312ASupply.self, peer: peer, supplyLimits: Self.limits)
        #expect(await instrumentError { try await supply.connect() }?.kind == .identityMismatch)
        await supply.disconnect()
    }

    @Test("configure sets the current limit, then the voltage, on the configured output with error checks")
    func configure() async throws {
        defer { peer.stop() }
        let supply = try await supply(channel: 2)
        try await supply.configure(volts: 12, currentLimit: 0.5)
        #expect(Array(peer.lines.suffix(4)) == ["CURR 0.5,(@2)", "SYST:ERR?", "VOLT 12,(@2)", "SYST:ERR?"])
        #expect(model.state.withLock { ($0.volts[1], $0.amps[1]) } == (12, 0.5))
        await supply.disconnect()
    }

    @Test("the station's limits and the output's rating are enforced before anything is sent")
    func limitsRefusedBeforeSending() async throws {
        defer { peer.stop() }
        let second = try await supply(channel: 2)
        let before = peer.lines.count
        let voltage = await safetyLimitError { try await second.configure(volts: 21, currentLimit: 0.5) }
        #expect(voltage?.quantity == "voltage")
        let current = await safetyLimitError { try await second.configure(volts: 5, currentLimit: 0.9) }
        #expect(current?.quantity == "current limit")
        await second.disconnect()
        let first = try await supply(channel: 1)
        #expect(await instrumentError { try await first.configure(volts: 12, currentLimit: 0.5) }?.kind == .unsupported)
        try await first.goToSafeState()
        let sent = Array(try await peer.waitForLines(before + 7).dropFirst(before))
        #expect(sent == ["*IDN?", "*CLS", "SYST:ERR?", "OUTP:PAIR?", "VOLT:PROT 6,(@1)", "SYST:ERR?", "OUTP OFF,(@1)"])
        await first.disconnect()
    }

    @Test("connect sets over-voltage protection from the station's max_volts, within the output's rating")
    func overVoltageProtection() async throws {
        defer { peer.stop() }
        let second = try await supply(channel: 2)
        await second.disconnect()
        // The station allows 20 V: output 2 (rated 25 V) trips above 20 V.
        #expect(model.state.withLock { $0.protection[1] } == 20)
    }

    @Test("paired outputs are refused unless the station file says they are paired", arguments: ["PAR", "SER"])
    func pairedOutputsRefused(pairing: String) async throws {
        defer { peer.stop() }
        model.state.withLock { $0.pairing = pairing }
        let session = try await scpiSession(to: peer, driver: "keysight-e36312a", events: events, timeout: answeredTimeout)
        let supply = KeysightE36312ASupply(role: "supply", session: session, limits: Self.limits, channel: 2)
        let failure = await instrumentError { try await supply.connect() }
        #expect(failure?.kind == .unsupported)
        #expect(failure?.message.contains("paired in \(pairing == "PAR" ? "parallel" : "series")") == true)
        #expect(!peer.lines.contains { $0.hasPrefix("VOLT:PROT") })
        await supply.disconnect()
        let expected = KeysightE36312ASupply(
            role: "supply", session: try await scpiSession(to: peer, driver: "keysight-e36312a", events: events,
                                                         timeout: answeredTimeout),
            limits: Self.limits, channel: 2, pairing: pairing)
        _ = try await expected.connect()
        await expected.disconnect()
    }

    @Test("output on, then measure: voltage, current, output state and constant-current compliance")
    func measure() async throws {
        defer { peer.stop() }
        let supply = try await supply(channel: 3)
        try await supply.configure(volts: 3.3, currentLimit: 0.5)
        try await supply.setOutput(true)
        #expect(Array(peer.lines.suffix(2)) == ["OUTP ON,(@3)", "SYST:ERR?"])
        #expect(try await supply.measure() == SupplyReading(volts: 3.3, amps: 0.2, outputOn: true, inCompliance: false))
        let queries = Array(peer.lines.suffix(4))
        #expect(queries == ["MEAS:VOLT? (@3)", "MEAS:CURR? (@3)", "OUTP? (@3)", "STAT:QUES:INST:ISUM3:COND?"])
        model.state.withLock { $0.load = 0.9 }
        #expect(try await supply.measure() == SupplyReading(volts: 3.3, amps: 0.5, outputOn: true, inCompliance: true))
        await supply.disconnect()
    }

    @Test("a value the supply rejects surfaces its SCPI error")
    func deviceError() async throws {
        defer { peer.stop() }
        let supply = try await supply(channel: 1)
        model.state.withLock { $0.errors = ["-221,\"Settings conflict\""] }
        await #expect(throws: SCPIDeviceError.self) { try await supply.setOutput(true) }
        await supply.disconnect()
    }

    @Test("a supply that stops answering is a station fault after the retries")
    func silenceIsStationFault() async throws {
        defer { peer.stop() }
        let supply = try await supply(channel: 1, timeout: silentTimeout)
        model.state.withLock { $0.silent = true }
        #expect(await instrumentError { try await supply.measure() }?.kind == .stationFault)
        #expect(events.of(.retry).count == 2)
        #expect(events.of(.fault).count == 1)
        await supply.disconnect()
    }
}
