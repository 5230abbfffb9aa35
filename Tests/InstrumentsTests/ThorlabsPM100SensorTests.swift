import Foundation
import Instruments
import Testing

/// The PM100 driver reads the sensor's flags (`SYST:SENS:IDN?`, pymeasure `thorlabspm100usb.py`) before it sets
/// a wavelength, and zeroes the dark offset, against an independent peer.
@Suite(.serialized)
struct ThorlabsPM100SensorTests {
    /// A PM100D with a sensor reporting `flags`.
    func peer(flags: Int) async throws -> SCPISocketPeer {
        try await SCPISocketPeer.start(replies: [
            "*IDN?": ["Thorlabs,PM100D,P0012345,2.8.0"],
            "SYST:SENS:IDN?": ["S302C,190501,01-Jan-2024,2,18,\(flags)"],
            "SENS:CORR:WAV? MIN": ["190"], "SENS:CORR:WAV? MAX": ["25000"], "SENS:CORR:WAV?": ["635"],
        ])
    }

    /// Connects the PM100 driver to `peer`.
    func meter(_ peer: SCPISocketPeer) async throws -> ThorlabsPM100Meter {
        let (instrument, _) = try await InstrumentFactory.connect(peer.configuration("thorlabs-pm100"), events: EventLog().sink)
        return try #require(instrument as? ThorlabsPM100Meter)
    }

    @Test("a sensor without flag 32 (wavelength settable) is never sent a wavelength")
    func fixedWavelengthSensorIsRefused() async throws {
        // Flags 1 + 256: a power sensor with a temperature sensor, its wavelength not settable.
        let peer = try await peer(flags: 257)
        defer { peer.stop() }
        let meter = try await meter(peer)
        #expect(await meter.wavelengthSettable == false)
        let failure = await instrumentError { try await meter.setWavelength(1310) }
        #expect(failure?.kind == .unsupported)
        #expect(failure?.message.contains("flag 32 is clear") == true)
        await meter.disconnect()
        #expect(!peer.received.contains { $0.hasPrefix("SENS:CORR:WAV") })
    }

    @Test("a sensor with flag 32 takes the wavelength")
    func settableWavelength() async throws {
        let peer = try await peer(flags: 289)
        defer { peer.stop() }
        let meter = try await meter(peer)
        #expect(await meter.wavelengthSettable)
        try await meter.setWavelength(1310)
        await meter.disconnect()
        #expect(peer.received.contains("SENS:CORR:WAV 1310.0"))
    }

    @Test("dark zero sends SENS:CORR:COLL:ZERO:INIT and waits for the console")
    func darkZero() async throws {
        let peer = try await peer(flags: 289)
        defer { peer.stop() }
        let meter = try await meter(peer)
        try await meter.zeroDarkOffset()
        await meter.disconnect()
        let received = peer.received
        let zero = try #require(received.firstIndex(of: "SENS:CORR:COLL:ZERO:INIT"))
        #expect(received[zero + 1] == "*OPC?")
        #expect(received[zero + 2] == "SYST:ERR?")
    }
}
