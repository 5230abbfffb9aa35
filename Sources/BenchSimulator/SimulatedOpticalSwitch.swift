import InstrumentProtocols
import StationConfiguration

/// A SCPI 1×N optical switch (`scpi-switch`): `ROUT:CLOS (@n)` routes output n to the common port, which feeds
/// the meter channel of the lane map.
struct SimulatedOpticalSwitch: SimulatedSCPIInstrument {
    let role = InstrumentRole.switch
    let identity: InstrumentIdentity
    private let table: SCPICommandTable

    /// A switch with `channels` outputs.
    init(channels: Int, seed: UInt64) throws(SCPIHeaderPatternError) {
        identity = InstrumentIdentity(
            manufacturer: "QualStation", model: "SIM-OSW1X\(channels)",
            serialNumber: "SW" + SimulatedSerial.digits(seed: seed, role: .switch), firmware: "1.0.0")
        table = try Self.table(channels: channels)
    }

    func execute(_ unit: SCPIProgramUnit, in world: inout BenchWorld) throws(SCPICommandError) -> SCPIReply? {
        try table.execute(unit, in: &world)
    }

    private static func table(channels: Int) throws(SCPIHeaderPatternError) -> SCPICommandTable {
        try SCPICommandTable([
            ("ROUTe:CHANnel:COUNt?", { unit, _, _ throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(String(channels))
            }),
            ("ROUTe:CLOSe", { unit, _, world throws(SCPICommandError) in
                try unit.requireParameterCount(1...1)
                let list = try unit.channelList(at: 0)
                guard list.count == 1, let output = list.first else {
                    throw SCPICommandError(
                        .settingsConflict, detail: "a 1×\(channels) switch closes exactly one output, not \(list.count)",
                        command: unit.text)
                }
                guard (1...max(1, channels)).contains(output) else {
                    throw SCPICommandError(
                        .dataOutOfRange, detail: "output \(output) does not exist; the switch has \(channels)",
                        command: unit.text)
                }
                world.switchClosed = output
                return nil
            }),
            ("ROUTe:CLOSe?", { unit, _, world throws(SCPICommandError) in
                try unit.requireParameterCount(0...1)
                guard !unit.parameters.isEmpty else {
                    return .text(world.switchClosed.map { "(@\($0))" } ?? "(@)")
                }
                let list = try unit.channelList(at: 0)
                return .text(list.map { $0 == world.switchClosed ? "1" : "0" }.joined(separator: ","))
            }),
            ("ROUTe:OPEN:ALL", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                world.switchClosed = nil
                return nil
            }),
        ])
    }
}
