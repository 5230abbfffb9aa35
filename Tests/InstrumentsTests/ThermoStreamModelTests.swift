import Foundation
import InstrumentProtocols
import Instruments
import Testing

/// The ThermoStream driver against an independent peer answering as each model does (pymeasure
/// `temptronic_ats545.py`, `temptronic_eco560.py`): the model's air limit, `WHAT?`, error bits, and the head.
@Suite(.serialized)
struct ThermoStreamModelTests {
    static let limits = ChamberLimits(minimumCelsius: -100, maximumCelsius: 150, maximumRampKelvinPerMinute: 10, safeCelsius: 25)

    /// A peer identifying as `model`, on the Operator screen answering `screen`, with no DUT sensor.
    func peer(model: String, screen: String = "5", errors: String = "0") async throws -> SCPISocketPeer {
        try await SCPISocketPeer.start(replies: [
            "*IDN?": ["TEMPTRONIC,\(model),AT1234,2.1.0"], "WHAT?": [screen], "TMPD?": ["999.9"],
            "EROR?": [errors], "SETP?": ["25.0"],
        ])
    }

    /// Connects the driver with the station file's `model` and `head_control`.
    func connect(
        _ peer: SCPISocketPeer, model: ThermoStreamModel? = nil, headControl: Bool = false
    ) async throws -> ThermoStreamATS {
        var configuration = peer.configuration("thermostream-ats", chamberLimits: Self.limits)
        configuration.thermoStreamModel = model
        configuration.headControl = headControl
        let (instrument, _) = try await InstrumentFactory.connect(configuration, events: EventLog().sink)
        return try #require(instrument as? ThermoStreamATS)
    }

    @Test("an ATS-545 answering WHAT? with 10 in manual mode is accepted, and its air limit is -80")
    func ats545ManualScreenIsTen() async throws {
        let peer = try await peer(model: "ATS-545", screen: "10")
        defer { peer.stop() }
        let stream = try await connect(peer)
        #expect(await stream.model == .ats545)
        await stream.disconnect()
        #expect(peer.received.contains("LLIM -80"))
    }

    @Test("a model that is not an ATS-545 answering 10 is refused with the screen it reported")
    func otherModelWithScreenTenIsRefused() async throws {
        let peer = try await peer(model: "ATS-525", screen: "10")
        defer { peer.stop() }
        let failure = await instrumentError { try await connect(peer) }
        #expect(failure?.message.contains("reports screen 10") == true)
    }

    @Test("the station file's model sets the lower limit; one that *IDN? contradicts is refused")
    func modelSetsLowerLimit() async throws {
        let ats525 = try await peer(model: "ATS-525")
        defer { ats525.stop() }
        let stream = try await connect(ats525, model: .ats525)
        await stream.disconnect()
        #expect(ats525.received.contains("LLIM -60"))

        let eco = try await peer(model: "ECO-560")
        defer { eco.stop() }
        let wrong = await instrumentError { try await connect(eco, model: .ats545) }
        #expect(wrong?.kind == .identityMismatch)
        #expect(wrong?.message.contains("model ats-545") == true)
    }

    @Test("an ECO-560's error bits are named as the ECO defines them")
    func eco560ErrorBits() async throws {
        // Bits 2 and 5: set point out of range and no purge flow on an ECO (bit 5 is "air sensor open" on an ATS).
        let peer = try await peer(model: "ECO-560", errors: "36")
        defer { peer.stop() }
        let stream = try await connect(peer)
        #expect(await stream.model == .eco560)
        #expect(try await stream.alarms() == ["set point out of range", "no purge flow"])
        await stream.disconnect()
        #expect(peer.received.contains("LLIM -100"))
    }

    @Test("the head is lowered only when the station file allows it")
    func headOnlyWithHeadControl() async throws {
        let peer = try await peer(model: "ATS-545", screen: "10")
        defer { peer.stop() }
        let stream = try await connect(peer)
        try await stream.start()
        await stream.disconnect()
        #expect(!peer.received.contains { $0.hasPrefix("HEAD") })

        let allowed = try await self.peer(model: "ATS-545", screen: "10")
        defer { allowed.stop() }
        let moving = try await connect(allowed, headControl: true)
        try await moving.start()
        await moving.disconnect()
        #expect(allowed.received.contains("HEAD 1"))
    }
}
