import Foundation
import InstrumentProtocols
import StationConfiguration

/// A Keysight DAQ970A with a 20-channel multiplexer module in slot 1 (channels 101 … 100 + N) reading the board's
/// DUT thermocouples: the subset of its SCPI that thermocouple scans use.
///
/// `CONF:TEMP TC,<type>,(@list)` configures the channels and makes them the scan list; `UNIT:TEMP C|F|K,(@list)`
/// sets their unit; `ROUT:SCAN (@list)` sets the scan list (of configured channels), `ROUT:SCAN:SIZE?` answers
/// its length; `READ?` scans it and answers one reading per channel, comma-separated, in scan-list order;
/// `MEAS:TEMP? TC,<type>,(@list)` configures and reads at once. A channel whose thermocouple sits on a socket reads
/// that socket's DUT (``BenchWorld/thermocoupleCelsius(channel:)``), any other channel the air. Power-on and `*RST`
/// clear the configuration and the scan list; `READ?` without a scan list is -221.
struct SimulatedDAQ970A: SimulatedSCPIInstrument {
    let role = InstrumentRole.thermocouples
    let identity: InstrumentIdentity
    private let table: SCPICommandTable

    /// Thermocouple types the unit knows.
    static let types: Set<String> = ["B", "E", "J", "K", "N", "R", "S", "T"]

    /// A unit whose module has `channels`.
    init(channels: ThermocoupleChannels, seed: UInt64) throws(SCPIHeaderPatternError) {
        identity = InstrumentIdentity(
            manufacturer: "Keysight Technologies", model: "DAQ970A",
            serialNumber: "MY" + SimulatedSerial.digits(seed: seed, role: .thermocouples, count: 8), firmware: "A.03.01-01.00-03.01-00.02-01-01")
        table = try Self.table(channels: channels)
    }

    func execute(_ unit: SCPIProgramUnit, in world: inout BenchWorld) throws(SCPICommandError) -> SCPIReply? {
        try table.execute(unit, in: &world)
    }

    private static func table(channels: ThermocoupleChannels) throws(SCPIHeaderPatternError) -> SCPICommandTable {
        @Sendable func list(_ unit: SCPIProgramUnit, at index: Int) throws(SCPICommandError) -> [Int] {
            let list = try unit.channelList(at: index)
            guard !list.isEmpty else {
                throw SCPICommandError(.illegalParameterValue, detail: "the channel list is empty", command: unit.text)
            }
            for channel in list where !channels.contains(channel) {
                throw SCPICommandError(
                    .dataOutOfRange, detail: "channel \(channel) does not exist; the module has \(channels.description)",
                    command: unit.text)
            }
            return list
        }
        @Sendable func configure(_ unit: SCPIProgramUnit, _ world: inout BenchWorld) throws(SCPICommandError) -> [Int] {
            try unit.requireParameterCount(3...3)
            let transducer = try unit.parameter(0)
            guard transducer.matches(keyword: "TCouple") || transducer.matches(keyword: "TC") else {
                throw SCPICommandError(
                    .illegalParameterValue, detail: "the simulated module reads thermocouples (TC) only", command: unit.text)
            }
            let type = try unit.keyword(at: 1)
            guard types.contains(type) else {
                throw SCPICommandError(.illegalParameterValue, detail: "\(type) is no thermocouple type", command: unit.text)
            }
            let scanned = try list(unit, at: 2)
            for channel in scanned {
                world.thermocoupleReader.types[channel] = type
                world.thermocoupleReader.units[channel] = world.thermocoupleReader.units[channel] ?? "C"
            }
            world.thermocoupleReader.scanList = scanned
            return scanned
        }
        @Sendable func scan(_ unit: SCPIProgramUnit, _ world: inout BenchWorld) throws(SCPICommandError) -> SCPIReply {
            let scanned = world.thermocoupleReader.scanList
            guard !scanned.isEmpty else {
                throw SCPICommandError(.settingsConflict, detail: "no scan list (ROUT:SCAN)", command: unit.text)
            }
            let values = scanned.map { channel in
                let celsius = world.thermocoupleCelsius(channel: channel)
                switch world.thermocoupleReader.units[channel] {
                case "F": return celsius * 9 / 5 + 32
                case "K": return celsius + 273.15
                default: return celsius
                }
            }
            return .text(values.map { SCPIArguments.nr3($0, digits: 8) }.joined(separator: ","))
        }
        return try SCPICommandTable([
            ("CONFigure:TEMPerature", { unit, _, world throws(SCPICommandError) in
                _ = try configure(unit, &world)
                return nil
            }),
            ("UNIT:TEMPerature", { unit, _, world throws(SCPICommandError) in
                try unit.requireParameterCount(2...2)
                let symbol = try unit.keyword(at: 0)
                guard ["C", "CEL", "F", "FAR", "K"].contains(symbol) else {
                    throw SCPICommandError(.illegalParameterValue, detail: "\(symbol) is no temperature unit", command: unit.text)
                }
                for channel in try list(unit, at: 1) { world.thermocoupleReader.units[channel] = String(symbol.prefix(1)) }
                return nil
            }),
            ("ROUTe:SCAN", { unit, _, world throws(SCPICommandError) in
                try unit.requireParameterCount(1...1)
                let scanned = try list(unit, at: 0)
                for channel in scanned where world.thermocoupleReader.types[channel] == nil {
                    throw SCPICommandError(
                        .settingsConflict, detail: "channel \(channel) is not configured (CONF:TEMP)", command: unit.text)
                }
                world.thermocoupleReader.scanList = scanned
                return nil
            }),
            ("ROUTe:SCAN:SIZE?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text("\(world.thermocoupleReader.scanList.count)")
            }),
            ("READ?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return try scan(unit, &world)
            }),
            ("MEASure:TEMPerature?", { unit, _, world throws(SCPICommandError) in
                _ = try configure(unit, &world)
                return try scan(unit, &world)
            }),
        ])
    }
}
