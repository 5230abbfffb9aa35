import InstrumentProtocols
import Instruments
import Qualification
import StationConfiguration
import StationLinks

/// Connects every instrument a station file declares and hands the sequencer a ``ConnectedStation``.
///
/// Each instrument goes through the same path whether it is real or simulated: resource string → link →
/// protocol session → driver, with the driver's identity check on connect.
public enum StationConnector {
    /// Connects the station's instruments.
    ///
    /// - Parameters:
    ///   - station: the station file.
    ///   - resources: addresses that replace the station file's (the simulators' ptys and ports).
    ///   - portmapperPorts: the portmapper port of a VXI-11 resource, where it is not 111 (a simulator's).
    ///   - events: where drivers report retries and faults.
    ///   - adaptLink: wraps each role's opened link before its driver gets it (the identity by default).
    /// - Throws: ``StationConnectionError`` naming the role that could not be connected (every instrument
    ///   already connected is disconnected again), or ``StationAssemblyError`` when a role is missing or its driver
    ///   lacks the capability the role needs.
    public static func connect(
        _ station: StationFile, resources: [InstrumentRole: ResourceString] = [:],
        portmapperPorts: [InstrumentRole: UInt16] = [:], events: @escaping InstrumentEventSink,
        adaptLink: @escaping @Sendable (InstrumentRole, any ByteLink) -> any ByteLink = { $1 }
    ) async throws -> ConnectedStation {
        var connected: [InstrumentRole: any Instrument] = [:]
        var identities: [InstrumentRole: InstrumentIdentity] = [:]
        do {
            for role in InstrumentRole.allCases.sorted() {
                guard let entry = station.instrument(role) else { continue }
                var configuration = DriverConfiguration(entry: entry, station: station, resource: resources[role])
                if let port = portmapperPorts[role] { configuration.portmapperPort = port }
                do {
                    let (instrument, identity) = try await InstrumentFactory.connect(
                        configuration, events: events, adaptLink: { adaptLink(role, $0) })
                    connected[role] = instrument
                    identities[role] = identity
                } catch {
                    throw StationConnectionError(
                        role: role, driver: entry.driver, resource: configuration.resource, reason: "\(error)")
                }
            }
            return ConnectedStation(
                chamber: try require(connected, .chamber, as: (any ThermalChamber).self, station: station),
                bert: try require(connected, .bert, as: (any BitErrorRatioTester).self, station: station),
                meter: try require(connected, .meter, as: (any OpticalPowerMeter).self, station: station),
                opticalSwitch: try optional(connected, .switch, as: (any OpticalSwitch).self, station: station),
                supply: try require(connected, .supply, as: (any PowerSupply).self, station: station),
                thermocouples: try optional(connected, .thermocouples, as: (any ThermocoupleReader).self, station: station),
                identities: identities, file: station)
        } catch {
            for instrument in connected.values { await instrument.disconnect() }
            throw error
        }
    }

    private static func require<Capability>(
        _ connected: [InstrumentRole: any Instrument], _ role: InstrumentRole, as capability: Capability.Type,
        station: StationFile
    ) throws -> Capability {
        guard let instrument = try optional(connected, role, as: capability, station: station) else {
            throw StationAssemblyError(path: station.path, reason: "instruments.\(role.rawValue) is missing")
        }
        return instrument
    }

    private static func optional<Capability>(
        _ connected: [InstrumentRole: any Instrument], _ role: InstrumentRole, as capability: Capability.Type,
        station: StationFile
    ) throws -> Capability? {
        guard let instrument = connected[role] else { return nil }
        guard let typed = instrument as? Capability else {
            throw StationAssemblyError(
                path: station.path,
                reason: "instruments.\(role.rawValue).driver '\(instrument.driverName)' is not a \(role.rawValue) driver")
        }
        return typed
    }
}
