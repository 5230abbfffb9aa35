import InstrumentProtocols
import StationConfiguration

/// A Keysight N7731C optical switch (`keysight-n7731c`), 1×N from input port `A` of slot 1, channel 1, in the
/// `:ROUTe` command set of the 8163A/B, 8164A/B & 8166A/B mainframes guide ("Signal Routing"), which the N773x
/// switches share: `:ROUTe<slot>[:CHANnel<ch>] A,<n>` routes, `:ROUTe<slot>[:CHANnel<ch>]?` answers `A,<n>`,
/// `:ROUTe<slot>[:CHANnel<ch>]:CONFig?` answers the ports as `A,A;1,<N>`. Output n feeds the meter channel of the
/// lane map, as the `scpi-switch` simulator's does.
///
/// A real N7731C has 8 outputs at most; the simulator offers as many as the station's lane map needs, so a
/// whole simulated array can be read through it.
struct SimulatedKeysightN7731C: SimulatedSCPIInstrument {
    let role = InstrumentRole.switch
    let identity: InstrumentIdentity
    private let table: SCPICommandTable

    /// A switch with `outputs` output ports.
    init(outputs: Int, seed: UInt64) throws(SCPIHeaderPatternError) {
        identity = InstrumentIdentity(
            manufacturer: "Keysight Technologies", model: "N7731C",
            serialNumber: "MY" + SimulatedSerial.digits(seed: seed, role: .switch, count: 8), firmware: "1.2.3")
        table = try Self.table(outputs: outputs)
    }

    func execute(_ unit: SCPIProgramUnit, in world: inout BenchWorld) throws(SCPICommandError) -> SCPIReply? {
        try table.execute(unit, in: &world)
    }

    private static func table(outputs: Int) throws(SCPIHeaderPatternError) -> SCPICommandTable {
        /// A stand-alone N7731C is slot 1 with one switch channel; other suffixes are −114.
        @Sendable func onlyPath(_ match: SCPIHeaderMatch, _ unit: SCPIProgramUnit) throws(SCPICommandError) {
            guard match.suffixes.allSatisfy({ $0 == 1 }) else {
                throw SCPICommandError(
                    .headerSuffixOutOfRange, detail: "the N7731C has slot 1, channel 1 only", command: unit.text)
            }
        }
        return try SCPICommandTable([
            ("ROUTe#[:CHANnel#]:CONFig?", { unit, match, _ throws(SCPICommandError) in
                try onlyPath(match, unit)
                try SCPIArguments.noParameters(unit)
                return .text("A,A;1,\(outputs)")
            }),
            ("ROUTe#[:CHANnel#]", { unit, match, world throws(SCPICommandError) in
                try onlyPath(match, unit)
                try unit.requireParameterCount(2...2)
                guard try unit.parameter(0).matches(keyword: "A") else {
                    throw SCPICommandError(
                        .illegalParameterValue, detail: "input port \(try unit.parameter(0).text) does not exist; the switch has A",
                        command: unit.text)
                }
                let output = try unit.integer(at: 1)
                guard (1...max(1, outputs)).contains(output) else {
                    throw SCPICommandError(
                        .dataOutOfRange, detail: "output \(output) does not exist; the switch has 1 to \(outputs)",
                        command: unit.text)
                }
                world.switchClosed = output
                return nil
            }),
            ("ROUTe#[:CHANnel#]?", { unit, match, world throws(SCPICommandError) in
                try onlyPath(match, unit)
                try SCPIArguments.noParameters(unit)
                return .text("A,\(world.switchClosed ?? 0)")
            }),
        ])
    }
}
