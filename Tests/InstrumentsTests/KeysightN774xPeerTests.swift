import Foundation
import Instruments
import Testing

/// The N774x driver against an independent peer that answers `SENS:POW:UNIT:ALL:CSV?` as a real meter does:
/// `1,1,1,1,1,1,1,1,` and a NUL before the newline (shattered97/OSICS_Interface `KeysightPowerMeter.cpp`).
@Suite(.serialized)
struct KeysightN774xPeerTests {
    @Test("an N7745A's unit list with its trailing NUL counts 8 channels, not 9")
    func trailingNulIsNoChannel() async throws {
        let peer = try await SCPISocketPeer.start(replies: [
            "*IDN?": ["Keysight Technologies,N7745A,MY53100123,V1.0.12"],
            "SENS:POW:UNIT:ALL:CSV?": ["0,0,0,0,0,0,0,0,\u{0}", "1,1,1,1,1,1,1,1,\u{0}"],
        ])
        defer { peer.stop() }
        let events = EventLog()
        let (instrument, identity) = try await InstrumentFactory.connect(peer.configuration("keysight-n774x"), events: events.sink)
        let meter = try #require(instrument as? KeysightN774xMeter)
        #expect(identity.model == "N7745A")
        #expect(await meter.channelCount() == 8)
        await meter.disconnect()
        let received = peer.received
        #expect(received.contains("SENS8:POW:UNIT 1"))
        #expect(!received.contains { $0.hasPrefix("SENS9") })
        #expect(peer.sent.contains("0,0,0,0,0,0,0,0,\\u0000"))
        #expect(events.all.isEmpty)
    }
}
