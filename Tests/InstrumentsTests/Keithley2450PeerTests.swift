import Foundation
import Instruments
import Testing

/// The Keithley 2450 driver checks `*LANG?` at connect (QCoDeS `Keithley_2450.py`) against an independent peer.
@Suite(.serialized)
struct Keithley2450PeerTests {
    static let limits = SupplyLimits(maximumVolts: 5, maximumAmps: 0.1)

    /// A peer that identifies as a `model` and reports `language` to `*LANG?`.
    func peer(language: String, model: String = "2450") async throws -> SCPISocketPeer {
        try await SCPISocketPeer.start(replies: [
            "*IDN?": ["KEITHLEY INSTRUMENTS,MODEL \(model),04412345,1.7.12b"],
            "*LANG?": [language],
        ])
    }

    @Test("a 2450 in TSP mode is refused at once, with how to switch it to SCPI")
    func tspIsRefused() async throws {
        let peer = try await peer(language: "TSP")
        defer { peer.stop() }
        let events = EventLog()
        let failure = await instrumentError {
            try await InstrumentFactory.connect(peer.configuration("keithley-2450", supplyLimits: Self.limits), events: events.sink)
        }
        let error = try #require(failure)
        #expect(error.kind == .unsupported)
        #expect(error.message.contains("the instrument is in TSP mode; switch it to SCPI: MENU > System > Settings > Command Set"))
        // Refused before any SCPI setting was sent, and without retries.
        #expect(peer.received == ["*IDN?", "*LANG?"])
        #expect(events.of(.retry).isEmpty)
    }

    @Test("a 2450 emulating a 2400 is refused, naming the emulation")
    func scpi2400IsRefused() async throws {
        let peer = try await peer(language: "SCPI2400")
        defer { peer.stop() }
        let failure = await instrumentError {
            try await InstrumentFactory.connect(peer.configuration("keithley-2450", supplyLimits: Self.limits), events: EventLog().sink)
        }
        #expect(failure?.message.contains("SCPI2400 (Keithley 2400 emulation) mode") == true)
    }

    @Test("a 2450 in SCPI connects and reports its language")
    func scpiConnects() async throws {
        let peer = try await peer(language: "SCPI")
        defer { peer.stop() }
        let (instrument, _) = try await InstrumentFactory.connect(
            peer.configuration("keithley-2450", supplyLimits: Self.limits), events: EventLog().sink)
        let supply = try #require(instrument as? Keithley2450Supply)
        #expect(await supply.language == "SCPI")
        await supply.disconnect()
        #expect(peer.received.contains { $0.hasPrefix(":SOUR:FUNC VOLT") })
    }

    @Test("keithley-2460 and keithley-2470 select the same driver and check the model in *IDN?", arguments: ["2460", "2470"])
    func modelChecked(model: String) async throws {
        let peer = try await peer(language: "SCPI", model: model)
        defer { peer.stop() }
        let (instrument, identity) = try await InstrumentFactory.connect(
            peer.configuration("keithley-\(model)", supplyLimits: Self.limits), events: EventLog().sink)
        let supply = try #require(instrument as? Keithley2450Supply)
        #expect(supply.model.rawValue == model)
        #expect(supply.driverName == "keithley-\(model)")
        #expect(identity.model == "MODEL \(model)")
        #expect(await supply.language == "SCPI")
        await supply.disconnect()
    }

    @Test("a 2450 is refused by the keithley-2460 driver, and a 2460 by the keithley-2450 driver, naming the model")
    func wrongModelIsRefused() async throws {
        for (answers, driver, expected) in [("2450", "keithley-2460", "Keithley 2460"), ("2460", "keithley-2450", "Keithley 2450")] {
            let peer = try await peer(language: "SCPI", model: answers)
            defer { peer.stop() }
            let failure = await instrumentError {
                try await InstrumentFactory.connect(peer.configuration(driver, supplyLimits: Self.limits), events: EventLog().sink)
            }
            #expect(failure?.kind == .identityMismatch)
            #expect(failure?.message.contains("MODEL \(answers)") == true, "\(String(describing: failure))")
            #expect(failure?.message.contains("is not a \(expected)") == true, "\(String(describing: failure))")
        }
    }
}
