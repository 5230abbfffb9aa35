@testable import Instruments
import PRBS
import StationLinks
import Synchronization
import Testing

/// A small scopehal MultiLane bridge behind a TCP socket: settings are silent, `*IDN?`, `RXn:LOCK?` and `BER?`
/// answer as BertServer.cpp does (`BER?` as four `%e` values, one measurement window per query).
final class MultiLanePeer: Sendable {
    struct State {
        var identity = "multiLane,ML4039,0000000000001234,0.0"
        var locks = [true, true, false, true]
        var ratios = "2.000000e-09,0.000000e+00,nan,-nan(ind)"
        var windows = 0
    }

    let state = Mutex(State())

    func answer(_ line: String) -> PeerAnswer {
        state.withLock { state in
            switch line {
            case "*IDN?": return .reply(state.identity)
            case "BER?":
                state.windows += 1
                return .reply(state.ratios)
            default:
                if line.hasPrefix("RX"), line.hasSuffix(":LOCK?"), let lane = Int(line.dropFirst(2).prefix(1)),
                    (1...4).contains(lane)
                {
                    return .reply(state.locks[lane - 1] ? "1" : "0")
                }
                return .silent
            }
        }
    }
}

@Suite("MultiLane BERT driver over TCP")
struct MultiLaneBERTTests {
    let model = MultiLanePeer()
    let peer: ProtocolPeer
    let events = EventLog()
    static let lineRate = 10_312_500_000.0

    init() throws {
        let model = model
        peer = try ProtocolPeer(.tcp) { model.answer($0) }
    }

    private func connected() async throws -> MultiLaneBERT {
        let bert = try await makeDriver("multilane-bert", as: MultiLaneBERT.self, peer: peer, events: events)
        _ = try await bert.connect()
        return bert
    }

    @Test("accepts the bridge's multiLane identity and resets the integration length")
    func connectAccepts() async throws {
        defer { peer.stop() }
        let bert = try await connected()
        #expect(peer.lines == ["*IDN?", "INTEGRATION 10000000", "*IDN?"])
        #expect(await bert.channelCount() == 4)
        await bert.disconnect()
    }

    @Test("refuses an instrument that is not a MultiLane BERT")
    func connectRefuses() async throws {
        defer { peer.stop() }
        model.state.withLock { $0.identity = "Keysight Technologies,M8040A,DE1234,1.0" }
        let bert = try await makeDriver("multilane-bert", as: MultiLaneBERT.self, peer: peer)
        #expect(await instrumentError { try await bert.connect() }?.kind == .identityMismatch)
        await bert.disconnect()
    }

    @Test("configure batches rate, integration and per-lane patterns between DEFER and APPLY")
    func configure() async throws {
        defer { peer.stop() }
        let bert = try await connected()
        let before = peer.lines.count
        try await bert.configure(pattern: .prbs31, inverted: true, lineRateBitsPerSecond: Self.lineRate)
        let bits = await bert.integrationBits
        // The factory sizes the window at half the reply timeout (1 s here): 10.3125 Gb/s × 1 s, in 25 000-bit units.
        #expect(bits == MultiLaneBERT.integration(lineRate: Self.lineRate, window: answeredTimeout / 2))
        #expect(bits == 10_312_500_000)
        var expected = ["DEFER", "RATE 10312500000", "INTEGRATION \(bits)"]
        for lane in 1...4 {
            expected += ["TX\(lane):POLY PRBS31", "RX\(lane):POLY PRBS31", "TX\(lane):INVERT 1", "RX\(lane):INVERT 1"]
        }
        expected += ["APPLY", "*IDN?"]
        #expect(Array(peer.lines.dropFirst(before)) == expected)
        await bert.disconnect()
    }

    @Test("a pattern the bridge lacks is refused before anything is sent")
    func unsupportedPattern() async throws {
        defer { peer.stop() }
        let bert = try await connected()
        let before = peer.lines.count
        let error = await instrumentError {
            try await bert.configure(pattern: .prbs11, inverted: false, lineRateBitsPerSecond: Self.lineRate)
        }
        #expect(error?.kind == .unsupported)
        try await bert.setOutputs(true)
        let sent = Array(peer.lines.dropFirst(before))
        #expect(sent == ["TX1:ENABLE 1", "TX2:ENABLE 1", "TX3:ENABLE 1", "TX4:ENABLE 1", "*IDN?"])
        await bert.disconnect()
    }

    @Test("gate counters add one integration length per BER? window on locked lanes; errors are BER × length")
    func gateCounters() async throws {
        defer { peer.stop() }
        let bert = try await connected()
        try await bert.configure(pattern: .prbs31, inverted: false, lineRateBitsPerSecond: Self.lineRate)
        let bits = await bert.integrationBits
        try await bert.startGate()
        let deadline = ContinuousClock.now + .seconds(60)
        while try await bert.readCounters()[0].comparedBits < 3 * bits, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        try await bert.stopGate()
        let counters = try await bert.readCounters()
        let windows = UInt64(model.state.withLock { $0.windows })
        #expect(windows >= 3)
        #expect(counters.map(\.channel) == [1, 2, 3, 4])
        #expect(counters[0].comparedBits == windows * bits)
        #expect(counters[0].errors == windows * UInt64((2e-9 * Double(bits)).rounded()))
        #expect(counters[1] == LaneCounters(channel: 2, comparedBits: windows * bits, errors: 0, synchronized: true))
        #expect(counters[2] == LaneCounters(channel: 3, comparedBits: 0, errors: 0, synchronized: false))
        #expect(counters[3] == LaneCounters(channel: 4, comparedBits: windows * bits, errors: 0, synchronized: true))
        #expect(try await bert.readCounters() == counters)
        await bert.disconnect()
    }

    @Test("re-synchronising a lane re-sends its detector pattern, also while the gate runs")
    func resynchronize() async throws {
        defer { peer.stop() }
        let bert = try await connected()
        try await bert.configure(pattern: .prbs15, inverted: false, lineRateBitsPerSecond: Self.lineRate)
        try await bert.resynchronize(channel: 3)
        #expect(Array(peer.lines.suffix(2)) == ["RX3:POLY PRBS15", "*IDN?"])
        try await bert.startGate()
        try await bert.resynchronize(channel: 2)
        let deadline = ContinuousClock.now + .seconds(60)
        while !peer.lines.contains("RX2:POLY PRBS15"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        try await bert.stopGate()
        #expect(peer.lines.contains("RX2:POLY PRBS15"))
        #expect(await instrumentError { try await bert.resynchronize(channel: 5) }?.kind == .unsupported)
        await bert.disconnect()
    }

    @Test("a malformed BER? reply is retried; when retries run out the next readCounters is a station fault")
    func malformedRatiosAreStationFault() async throws {
        defer { peer.stop() }
        let bert = try await connected()
        try await bert.configure(pattern: .prbs7, inverted: false, lineRateBitsPerSecond: Self.lineRate)
        model.state.withLock { $0.ratios = "1e-9,2e-9" }
        try await bert.startGate()
        let deadline = ContinuousClock.now + .seconds(60)
        while events.of(.fault).isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await instrumentError { try await bert.readCounters() }?.kind == .stationFault)
        try await bert.stopGate()
        #expect(model.state.withLock { $0.windows } == 3)
        #expect(events.of(.retry).count == 2)
        await bert.disconnect()
    }

    @Test("the BER? parser takes %e values and any NaN spelling as no errors, and nothing else")
    func ratioParsing() throws {
        defer { peer.stop() }
        let ratios = try MultiLaneBERT.parseRatios("1.000000e-12,0.000000e+00,nan,-nan(ind)")
        #expect(ratios == [1e-12, 0, 0, 0])
        #expect(throws: ReplyParseError.self) { try MultiLaneBERT.parseRatios("1e-9,inf,0,0") }
        #expect(throws: ReplyParseError.self) { try MultiLaneBERT.parseRatios("1e-9,0,0") }
        #expect(throws: ReplyParseError.self) { try MultiLaneBERT.parseRatios("2,0,0,0") }
    }

    @Test("the integration length is a whole number of 25 000-bit units, at least one")
    func integrationLength() {
        defer { peer.stop() }
        #expect(MultiLaneBERT.integration(lineRate: 25_781_250_000, window: .milliseconds(100)) == 2_578_125_000)
        #expect(MultiLaneBERT.integration(lineRate: 10_000_000, window: .milliseconds(3)) == 25_000)
        #expect(MultiLaneBERT.integration(lineRate: 10_000_000, window: .milliseconds(6)) == 50_000)
    }
}
