import InstrumentProtocols
import StationConfiguration

/// A Keysight E36312A triple-output supply (protocols.md §6): output 1 rated 6 V / 5 A, outputs 2 and 3
/// 25 V / 1 A, each programmable 3 % beyond its rating (6.18 V / 5.15 A, 25.75 V / 1.03 A; -222 beyond).
///
/// The DUT hangs on one output (the station entry's `output:`), which is the bench's supply: it measures what the
/// DUT model draws, and above the current limit it holds the current there while the voltage sags
/// (constant-current operation). The other two outputs drive no load. Every command names its outputs with a
/// channel list, e.g. `VOLT 1.8,(@1)`, `OUTP ON,(@1)`, `MEAS:CURR? (@1)`, `OUTP? (@1,2)`; without one it
/// addresses output 1 (the power-on selection; `INST:NSEL` is not simulated). Queries over several outputs
/// answer comma-separated values. `STAT:QUES:INST:ISUM<n>:COND?` answers 1 (bit 0) in constant current,
/// 2 (bit 1) in constant voltage, 0 with the output off. At power-on and `*RST` every output is off at 0 V
/// with its current limit at the rating.
struct SimulatedKeysightE36312A: SimulatedSCPIInstrument {
    let role = InstrumentRole.supply
    let identity: InstrumentIdentity
    /// The output the DUT is connected to, 1…3.
    let dutOutput: Int
    private let table: SCPICommandTable

    /// Rated volts and amps per output.
    static let ratings: [Int: (volts: Double, amps: Double)] = [1: (6, 5), 2: (25, 1), 3: (25, 1)]
    /// Programmable ranges: 3 % beyond the ratings.
    static let programmingMargin = 1.03

    /// The power-on settings of `output`: off, 0 V, the current limit at the output's rating.
    static func powerOnOutput(_ output: Int) -> SupplyState {
        var state = SupplyState()
        state.currentLimit = ratings[output]?.amps ?? 1
        return state
    }

    /// A supply powering the DUT from `dutOutput`, with a serial number derived from `seed`.
    init(dutOutput: Int, seed: UInt64) throws(SCPIHeaderPatternError) {
        self.dutOutput = dutOutput
        identity = InstrumentIdentity(
            manufacturer: "Keysight Technologies", model: "E36312A",
            serialNumber: "MY" + SimulatedSerial.digits(seed: seed, role: .supply, count: 8), firmware: "1.0.4-1.0.0-1.04")
        table = try Self.table(dutOutput: dutOutput)
    }

    func execute(_ unit: SCPIProgramUnit, in world: inout BenchWorld) throws(SCPICommandError) -> SCPIReply? {
        try table.execute(unit, in: &world)
    }

    private static func table(dutOutput: Int) throws(SCPIHeaderPatternError) -> SCPICommandTable {
        let outputs = Outputs(dut: dutOutput)
        return try SCPICommandTable([
            ("[SOURce]:VOLTage[:LEVel][:IMMediate][:AMPLitude]", { unit, _, world throws(SCPICommandError) in
                let (value, channels) = try outputs.setting(unit, limit: { $0.volts }, what: "voltage (V)")
                for channel in channels { outputs.change(channel, in: &world) { $0.volts = value } }
                return nil
            }),
            ("[SOURce]:VOLTage[:LEVel][:IMMediate][:AMPLitude]?", { unit, _, world throws(SCPICommandError) in
                let channels = try outputs.queried(unit)
                return .text(channels.map { SCPIArguments.nr3(outputs.settings($0, world).volts) }.joined(separator: ","))
            }),
            ("[SOURce]:CURRent[:LEVel][:IMMediate][:AMPLitude]", { unit, _, world throws(SCPICommandError) in
                let (value, channels) = try outputs.setting(unit, limit: { $0.amps }, what: "current limit (A)")
                for channel in channels { outputs.change(channel, in: &world) { $0.currentLimit = value } }
                return nil
            }),
            ("[SOURce]:CURRent[:LEVel][:IMMediate][:AMPLitude]?", { unit, _, world throws(SCPICommandError) in
                let channels = try outputs.queried(unit)
                return .text(
                    channels.map { SCPIArguments.nr3(outputs.settings($0, world).currentLimit) }.joined(separator: ","))
            }),
            ("OUTPut[:STATe]", { unit, _, world throws(SCPICommandError) in
                try unit.requireParameterCount(1...2)
                let on = try unit.boolean(at: 0)
                for channel in try outputs.channels(unit, at: 1) {
                    outputs.change(channel, in: &world) { $0.outputOn = on }
                }
                return nil
            }),
            // Over-voltage protection level per output (Keysight E36300 programming guide, VOLT:PROT; pymeasure
            // keysightE36312A.py): accepted within the output's rating and not modelled further (the simulated
            // DUT never drives the output above its setting).
            ("[SOURce]:VOLTage:PROTection[:LEVel]", { unit, _, _ throws(SCPICommandError) in
                _ = try outputs.setting(unit, limit: { $0.volts }, what: "over-voltage protection (V)")
                return nil
            }),
            // Output pairing (OUTP:PAIR OFF|PAR|SER): the simulated supply's outputs are never paired.
            ("OUTPut:PAIR?", { unit, _, _ throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text("OFF")
            }),
            ("OUTPut[:STATe]?", { unit, _, world throws(SCPICommandError) in
                let channels = try outputs.queried(unit)
                return .text(channels.map { outputs.settings($0, world).outputOn ? "1" : "0" }.joined(separator: ","))
            }),
            ("MEASure[:SCALar]:VOLTage[:DC]?", { unit, _, world throws(SCPICommandError) in
                let channels = try outputs.queried(unit)
                return .text(channels.map { SCPIArguments.nr3(outputs.measure($0, &world).volts) }.joined(separator: ","))
            }),
            ("MEASure[:SCALar]:CURRent[:DC]?", { unit, _, world throws(SCPICommandError) in
                let channels = try outputs.queried(unit)
                return .text(channels.map { SCPIArguments.nr3(outputs.measure($0, &world).amps) }.joined(separator: ","))
            }),
            ("STATus:QUEStionable:INSTrument:ISUMmary#[:CONDition]?", { unit, match, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                let channel = try SCPIArguments.channel(match, count: 3, unit: unit)
                return .text(String(outputs.condition(channel, world)))
            }),
        ])
    }

    /// The three outputs as seen from the command handlers: the DUT's output is the bench's supply.
    private struct Outputs: Sendable {
        let dut: Int

        /// The settings of `output` now.
        func settings(_ output: Int, _ world: BenchWorld) -> SupplyState {
            output == dut ? world.supply : world.spareOutputs[output] ?? SimulatedKeysightE36312A.powerOnOutput(output)
        }

        /// Changes the settings of `output`; on the DUT's output the DUT's operating point follows.
        func change(_ output: Int, in world: inout BenchWorld, _ body: (inout SupplyState) -> Void) {
            guard output != dut else {
                body(&world.supply)
                world.updatePower(at: world.time)
                return
            }
            var state = settings(output, world)
            body(&state)
            world.spareOutputs[output] = state
        }

        /// Terminal voltage and current of `output` now (no load on the spare outputs).
        func measure(_ output: Int, _ world: inout BenchWorld) -> (volts: Double, amps: Double) {
            guard output != dut else { return world.supplyMeasurement() }
            let state = settings(output, world)
            return (state.outputOn ? state.volts : 0, 0)
        }

        /// The questionable-instrument summary condition of `output`: 1 constant current, 2 constant voltage.
        func condition(_ output: Int, _ world: BenchWorld) -> Int {
            guard settings(output, world).outputOn else { return 0 }
            return output == dut && world.operatingPoint.inCompliance ? 1 : 2
        }

        /// The value and outputs of a setting `<value>[,(@list)]`, the value checked against the outputs' range.
        func setting(
            _ unit: SCPIProgramUnit, limit: ((volts: Double, amps: Double)) -> Double, what: String
        ) throws(SCPICommandError) -> (Double, [Int]) {
            try unit.requireParameterCount(1...2)
            let value = try unit.double(at: 0)
            let channels = try channels(unit, at: 1)
            for channel in channels {
                let rating = SimulatedKeysightE36312A.ratings[channel] ?? (0, 0)
                let maximum = limit(rating) * SimulatedKeysightE36312A.programmingMargin
                guard (0...maximum).contains(value) else {
                    throw SCPICommandError(
                        .dataOutOfRange, detail: "\(what) \(value) is outside 0…\(maximum) on output \(channel)",
                        command: unit.text)
                }
            }
            return (value, channels)
        }

        /// The outputs of a query `[(@list)]`.
        func queried(_ unit: SCPIProgramUnit) throws(SCPICommandError) -> [Int] {
            try unit.requireParameterCount(0...1)
            return try channels(unit, at: 0)
        }

        /// The channel list at `index`, output 1 when absent; each must be 1…3.
        func channels(_ unit: SCPIProgramUnit, at index: Int) throws(SCPICommandError) -> [Int] {
            guard unit.parameters.count > index else { return [1] }
            let list = try unit.channelList(at: index)
            guard !list.isEmpty else {
                throw SCPICommandError(.illegalParameterValue, detail: "the channel list is empty", command: unit.text)
            }
            for channel in list where SimulatedKeysightE36312A.ratings[channel] == nil {
                throw SCPICommandError(
                    .dataOutOfRange, detail: "output \(channel) does not exist; the E36312A has outputs 1 to 3",
                    command: unit.text)
            }
            return list
        }
    }
}
