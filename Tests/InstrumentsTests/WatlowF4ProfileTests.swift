import Foundation
import InstrumentProtocols
import Instruments
import StationLinks
import Testing

/// The Watlow F4 driver against pymodbus: a running profile, the run event's polarity, and the DUT input, each as
/// the station file configures them (ChamberConnectLibrary `watlowf4.py`; PyICe `TestEquity_115.py`).
@Suite(.serialized)
struct WatlowF4ProfileTests {
    /// The F4 on the peer's device, wired as `wiring` says.
    func chamber(_ peer: PymodbusPeer, wiring: WatlowF4Wiring = .standard) async throws -> WatlowF4Chamber {
        var configuration = DriverConfiguration(
            role: "chamber", driver: "watlow-f4", resource: .serial(device: peer.device),
            serial: SerialSettings(baud: 19200), timeout: answeredTimeout, retries: testRetries,
            chamberLimits: ModbusPymodbusInteropTests.limits)
        configuration.watlowWiring = wiring
        let (instrument, _) = try await InstrumentFactory.connect(configuration, events: EventLog().sink)
        return try #require(instrument as? WatlowF4Chamber)
    }

    @Test("a running profile (200 = 2) is seen at connect and terminated (1217 = 1) before the set point is written")
    func runningProfileIsTerminated() async throws {
        let peer = try await PymodbusPeer.start(["--register", "200=2"])
        defer { peer.stop() }
        let chamber = try await chamber(peer)
        #expect(await chamber.profileAtConnect == 2)
        #expect(WatlowF4Chamber.describeProfile(2).contains("a profile is running on the F4"))
        try await chamber.setSetpoint(40)
        #expect(await chamber.terminatedProfiles == 1)
        await chamber.disconnect()
        // Function 6 to 1217 (0x04C1) with 1, then to 300 (0x012C) with 400 (40.0 °C, one decimal).
        let hex = peer.receivedHex
        let terminate = try #require(hex.range(of: "010604c10001"))
        let setpoint = try #require(hex.range(of: "0106012c0190"))
        #expect(terminate.lowerBound < setpoint.lowerBound)
    }

    @Test("station limits beyond the F4's set-point range (602, 603) are refused at connect, naming both ranges")
    func limitsBeyondTheSetPointRangeAreRefused() async throws {
        let peer = try await PymodbusPeer.start(["--register", "603=1200"])
        defer { peer.stop() }
        let failure = await instrumentError { try await chamber(peer) }
        let error = try #require(failure)
        #expect(error.kind == .unsupported)
        #expect(error.message.contains("the F4's set-point range is -70 to 120 °C (registers 602, 603), narrower than the "
            + "station's limits.chamber -60 to 150 °C"))
        // The peer's own range (-70 … 180 °C) holds the limits: accepted.
        let wide = try await PymodbusPeer.start()
        defer { wide.stop() }
        await (try await chamber(wide)).disconnect()
    }

    @Test("with no profile running nothing is terminated")
    func idleControllerIsLeftAlone() async throws {
        let peer = try await PymodbusPeer.start()
        defer { peer.stop() }
        let chamber = try await chamber(peer)
        #expect(await chamber.profileAtConnect == 0)
        try await chamber.setSetpoint(40)
        try await chamber.start()
        await chamber.disconnect()
        #expect(!peer.receivedHex.contains("010604c1"))
    }

    @Test("the run event's register and polarity come from the station file; the default is event 1 with 1 = on")
    func runEventPolarity() async throws {
        let peer = try await PymodbusPeer.start()
        defer { peer.stop() }
        let standard = try await chamber(peer)
        try await standard.start()
        try await standard.stop()
        await standard.disconnect()
        // Register 2000 (0x07D0): 1 runs, 0 stops.
        #expect(peer.receivedHex.contains("010607d00001"))
        #expect(peer.receivedHex.range(of: "010607d00001")?.lowerBound ?? peer.receivedHex.endIndex
            < peer.receivedHex.range(of: "010607d00000")?.lowerBound ?? peer.receivedHex.startIndex)

        let testEquity = try await PymodbusPeer.start()
        defer { testEquity.stop() }
        let inverted = try await chamber(
            testEquity, wiring: WatlowF4Wiring(runEventRegister: 2010, runEventOnValue: 0, dutInput: false))
        try await inverted.start()
        await inverted.disconnect()
        // Register 2010 (0x07DA) with 0 runs this chamber; register 2000 is never written.
        #expect(testEquity.receivedHex.contains("010607da0000"))
        #expect(!testEquity.receivedHex.contains("010607d0"))
    }

    @Test("input 3 (108, 626) is read only when the station file says the controller has a DUT input")
    func dutInputOnlyWhenConfigured() async throws {
        let peer = try await PymodbusPeer.start()
        defer { peer.stop() }
        let plain = try await chamber(peer)
        let reading = try await plain.readTemperatures()
        #expect(reading.dutCelsius == nil)
        #expect(abs(reading.airCelsius - 23.5) < 1e-9)
        await plain.disconnect()
        // Never a read of 626 (0x0272), and the inputs are read one register wide (100, count 1).
        #expect(!peer.receivedHex.contains("01030272"))
        #expect(peer.receivedHex.contains("010300640001"))
        #expect(!peer.receivedHex.contains("010300640009"))

        let cascade = try await PymodbusPeer.start()
        defer { cascade.stop() }
        let withDUT = try await chamber(cascade, wiring: WatlowF4Wiring(runEventRegister: 2000, runEventOnValue: 1, dutInput: true))
        #expect(abs((try await withDUT.readTemperatures().dutCelsius ?? .nan) - -39.87) < 1e-9)
        await withDUT.disconnect()
    }
}
