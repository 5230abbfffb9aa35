import Foundation
import InstrumentProtocols
import Instruments
import Testing

/// The Keysight N7731C and JDSU SB switch drivers against an independent peer (`Peers/scpi_socket_peer.py`)
/// answering in the formats of the public sources: the 8163 guide's `A,3` routes and `A,A;1,8` port
/// configuration for the N773x, and the SB's `IDN?` / `CLOSE n` / `OPC?` / `CLOSE?` lines ended by CR.
@Suite(.serialized)
struct OpticalSwitchPeerTests {
    static let keysightIdentity = "Keysight Technologies,N7731C,MY53100123,1.0.7"
    static let sbIdentity = "JDSU SB10B5-C2FP SN1234567"

    func keysight(identity: String = keysightIdentity, fixed: [String] = []) async throws -> SCPISocketPeer {
        try await SCPISocketPeer.start(
            replies: [
                "*IDN?": [identity], "*ESR?": ["0"], "ROUT1:CHAN1:CONF?": ["A,A;1,8"], "ROUT1:CHAN1?": ["A,1"],
            ], fixed: fixed)
    }

    func sb(
        identity: String = sbIdentity, completion: [String] = ["1"], delays: [String] = [], fixed: [String] = []
    ) async throws -> SCPISocketPeer {
        try await SCPISocketPeer.start(
            replies: ["IDN?": [identity], "OPC?": completion, "CLOSE?": ["0"]], delays: delays, carriageReturn: true,
            fixed: fixed)
    }

    @Test("an N7731C is identified, reports 8 outputs, and every route is sent as :ROUT1:CHAN1 A,n and read back")
    func keysightRoutesAndReadsBack() async throws {
        let peer = try await keysight()
        defer { peer.stop() }
        let (instrument, identity) = try await InstrumentFactory.connect(peer.configuration("keysight-n7731c"), events: EventLog().sink)
        let opticalSwitch = try #require(instrument as? KeysightN7731CSwitch)
        #expect(identity.model == "N7731C")
        #expect(await opticalSwitch.channelCount() == 8)
        try await opticalSwitch.route(to: 3)
        try await opticalSwitch.route(to: 8)
        #expect(try await opticalSwitch.restoreSettingsIfLost() == .intact)
        await opticalSwitch.disconnect()
        let received = peer.received
        #expect(Array(received.prefix(3)) == ["*IDN?", "*CLS", "ROUT1:CHAN1:CONF?"])
        let route = try #require(received.firstIndex(of: "ROUT1:CHAN1 A,3"))
        #expect(Array(received[route...].prefix(3)) == ["ROUT1:CHAN1 A,3", "SYST:ERR?", "ROUT1:CHAN1?"])
        #expect(peer.sent.contains("A,8"))
    }

    @Test("an N7731C that reports another route after a route is an error naming both")
    func keysightStuckRouteIsAnError() async throws {
        let peer = try await keysight(fixed: ["ROUT1:CHAN1?"])
        defer { peer.stop() }
        let (instrument, _) = try await InstrumentFactory.connect(peer.configuration("keysight-n7731c"), events: EventLog().sink)
        let failure = await instrumentError { try await (instrument as? KeysightN7731CSwitch)?.route(to: 4) }
        let error = try #require(failure)
        #expect(error.kind == .deviceError)
        #expect(error.message == "routed A to output 4, but the switch reports output 1")
        await instrument.disconnect()
    }

    @Test("a Keysight power meter on the switch's address is refused, and an output it lacks is never sent")
    func keysightRefusals() async throws {
        let meter = try await keysight(identity: "Keysight Technologies,N7745A,MY53100123,1.0.7")
        defer { meter.stop() }
        let refused = await instrumentError {
            try await InstrumentFactory.connect(meter.configuration("keysight-n7731c"), events: EventLog().sink)
        }
        #expect(refused?.kind == .identityMismatch)
        #expect(meter.received == ["*IDN?"])

        let peer = try await keysight()
        defer { peer.stop() }
        let (instrument, _) = try await InstrumentFactory.connect(peer.configuration("keysight-n7731c"), events: EventLog().sink)
        let beyond = await instrumentError { try await (instrument as? KeysightN7731CSwitch)?.route(to: 9) }
        #expect(beyond?.kind == .unsupported)
        #expect(beyond?.message == "no output 9; the switch has outputs 1 to 8")
        #expect(!peer.received.contains { $0.hasPrefix("ROUT1:CHAN1 ") })
        await instrument.disconnect()
    }

    @Test("an SB is identified by its part number, counts 10 channels from SB10, and routes with CLOSE, OPC?, CLOSE?")
    func sbRoutesAndReadsBack() async throws {
        let peer = try await sb()
        defer { peer.stop() }
        let (instrument, identity) = try await InstrumentFactory.connect(peer.configuration("jdsu-sb"), events: EventLog().sink)
        let opticalSwitch = try #require(instrument as? JDSUSBSwitch)
        #expect(identity.model == "SB10B5-C2FP")
        #expect(identity.serialNumber == "SN1234567")
        #expect(await opticalSwitch.channelCount() == 10)
        try await opticalSwitch.route(to: 7)
        #expect(try await opticalSwitch.restoreSettingsIfLost() == .intact)
        await opticalSwitch.disconnect()
        #expect(peer.received == ["IDN?", "CLOSE 7", "OPC?", "CLOSE?", "CLOSE?"])
    }

    @Test("the station file's channels: overrides the SB's part number")
    func sbChannelsFromStationFile() async throws {
        let peer = try await sb(identity: "JDSU SBX-C2FP SN1")
        defer { peer.stop() }
        let unknown = await instrumentError {
            try await InstrumentFactory.connect(peer.configuration("jdsu-sb"), events: EventLog().sink)
        }
        #expect(unknown?.message == "cannot tell the channel count of SBX-C2FP; give it as channels: in the station file")
        var configuration = peer.configuration("jdsu-sb")
        configuration.channels = 4
        let (instrument, _) = try await InstrumentFactory.connect(configuration, events: EventLog().sink)
        #expect(await (instrument as? JDSUSBSwitch)?.channelCount() == 4)
        await instrument.disconnect()
    }

    @Test("an SB-less IDN? is refused; a stuck SB and one that never completes are errors, not routes")
    func sbFailures() async throws {
        let other = try await sb(identity: "DiCon GP700 1234")
        defer { other.stop() }
        let refused = await instrumentError {
            try await InstrumentFactory.connect(other.configuration("jdsu-sb"), events: EventLog().sink)
        }
        #expect(refused?.kind == .identityMismatch)

        let stuck = try await sb(fixed: ["CLOSE?"])
        defer { stuck.stop() }
        let (instrument, _) = try await InstrumentFactory.connect(stuck.configuration("jdsu-sb"), events: EventLog().sink)
        let failure = await instrumentError { try await (instrument as? JDSUSBSwitch)?.route(to: 2) }
        #expect(failure?.kind == .deviceError)
        #expect(failure?.message == "CLOSE 2 sent, but CLOSE? reports no path (channel 0)")
        await instrument.disconnect()

        let busy = try await sb(completion: ["0"])
        defer { busy.stop() }
        let (moving, _) = try await InstrumentFactory.connect(busy.configuration("jdsu-sb"), events: EventLog().sink)
        let never = await instrumentError { try await (moving as? JDSUSBSwitch)?.route(to: 2) }
        #expect(never?.kind == .stationFault)
        #expect(busy.received.filter { $0 == "OPC?" }.count == 20)
        #expect(!busy.received.contains("CLOSE?"))
        await moving.disconnect()
    }

    @Test("a late OPC? reply after a timeout is dropped by the IDN? resynchronisation, never taken for CLOSE?")
    func sbLateReplyIsDropped() async throws {
        // The first OPC? is answered 650 ms late, past the 300 ms timeout; its "1" must not answer a later query.
        let peer = try await sb(delays: ["OPC?=650:1"])
        defer { peer.stop() }
        let events = EventLog()
        let (instrument, _) = try await InstrumentFactory.connect(
            peer.configuration("jdsu-sb", timeout: .milliseconds(300)), events: events.sink)
        let opticalSwitch = try #require(instrument as? JDSUSBSwitch)
        try await opticalSwitch.route(to: 6)
        await opticalSwitch.disconnect()
        #expect(events.of(.retry).count >= 1)
        #expect(events.all.contains { $0.message.hasPrefix("resynchronised with IDN?") })
        let received = peer.received
        let close = try #require(received.lastIndex(of: "CLOSE?"))
        #expect(received[..<close].contains("IDN?"), "resynchronised before reading the channel back: \(received)")
    }
}
