import Foundation
import Instruments
import Testing

/// The DAQ970A / 34970A driver against an independent peer answering as the 34970A User's Guide documents: `READ?`
/// one reading per scanned channel, comma-separated in scan-list order (`+2.53100000E+01`), an open thermocouple as
/// the overload value `+9.90000000E+37`.
@Suite(.serialized)
struct KeysightDAQ970APeerTests {
    @Test("a 34970A scans channels 101 and 102 as type K in °C, answers in scan-list order, and an open thermocouple is a device error")
    func scansAndRefusesOverload() async throws {
        let peer = try await SCPISocketPeer.start(replies: [
            "*IDN?": ["HEWLETT-PACKARD,34970A,0,13-2-2"],
            "READ?": ["+2.53100000E+01,+2.61200000E+01", "+9.90000000E+37,+2.61200000E+01"],
        ])
        defer { peer.stop() }
        let events = EventLog()
        let (instrument, identity) = try await InstrumentFactory.connect(peer.configuration("agilent-34970a"), events: events.sink)
        let reader = try #require(instrument as? KeysightDAQ970A)
        #expect(identity.model == "34970A")
        let temperatures = try await reader.readTemperatures(channels: [102, 101])
        #expect(temperatures == [101: 25.31, 102: 26.12])
        let received = peer.received
        #expect(received.contains("CONF:TEMP TC,K,(@101,102)"))
        #expect(received.contains("UNIT:TEMP C,(@101,102)"))
        #expect(received.contains("ROUT:SCAN (@101,102)"))
        let error = try await #require(throws: InstrumentError.self) { try await reader.readTemperatures(channels: [101, 102]) }
        #expect(error.kind == .deviceError)
        #expect(error.message.contains("channel 101") && error.message.contains("open"), "\(error)")
        // The same channels are not configured again.
        #expect(peer.received.filter { $0.hasPrefix("CONF:TEMP") }.count == 1)
        await reader.disconnect()
    }

    @Test("a DMM that is no data-acquisition unit is refused at connect")
    func wrongModelIsRefused() async throws {
        let peer = try await SCPISocketPeer.start(replies: ["*IDN?": ["Keysight Technologies,34465A,MY12345678,A.03.01"]])
        defer { peer.stop() }
        let error = try await #require(throws: InstrumentError.self) {
            _ = try await InstrumentFactory.connect(peer.configuration("keysight-daq970a"), events: EventLog().sink)
        }
        #expect(error.kind == .identityMismatch)
    }
}
