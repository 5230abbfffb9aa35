import InstrumentProtocols
import StationConfiguration

/// Keithley 2450 SourceMeter (or a 2460, 2461, 2470: the same SCPI, ``Model``) sourcing the DUT's voltage with a
/// current limit (protocols.md §6). It measures what the DUT model draws; above the limit it holds the current there,
/// the voltage sags and `:SOUR:VOLT:ILIM:TRIP?` answers 1.
///
/// `*IDN?` names the model the station file's driver asks for, and the source and limit ranges are that model's
/// (a 2450 refuses a 2.5 A limit with -222, as a real one does).
struct SimulatedKeithley2450: SimulatedSCPIInstrument {
    /// A model of the family and its ranges: the largest `:SOUR:VOLT:LEV` and `:SOUR:VOLT:ILIM` it accepts (the
    /// reference manuals' `:SOURce[1]:<function>:<x>LIMit`: 2450 ±210 V, ±1.05 A; 2460/2461 105 V, 7.35 A; 2470
    /// ±1100 V, ±1.05 A).
    struct Model: Sendable, Equatable {
        /// The model number `*IDN?` reports after "MODEL ".
        var number: String
        /// Highest source voltage, V.
        var volts: Double
        /// Highest current limit, A.
        var amps: Double

        /// 2450: 210 V, 1.05 A.
        static let model2450 = Model(number: "2450", volts: 210, amps: 1.05)
        /// 2460: 105 V, 7.35 A.
        static let model2460 = Model(number: "2460", volts: 105, amps: 7.35)
        /// 2461: 105 V, 7.35 A DC.
        static let model2461 = Model(number: "2461", volts: 105, amps: 7.35)
        /// 2470: 1100 V, 1.05 A.
        static let model2470 = Model(number: "2470", volts: 1100, amps: 1.05)
    }

    let role = InstrumentRole.supply
    let identity: InstrumentIdentity
    /// The model simulated.
    let model: Model
    /// The 2450 has three command sets and reports the active one to `*LANG?` (QCoDeS `Keithley_2450.py`,
    /// `_has_correct_language_mode`); the simulated one is always in SCPI.
    let commandLanguage: String? = "SCPI"
    private let table: SCPICommandTable

    /// A SourceMeter of `model` whose serial number derives from `seed`; with `socket`, the own supply of that
    /// socket of a batch board (by socket index), otherwise the station's supply.
    init(model: Model = .model2450, seed: UInt64, socket: Int? = nil) throws(SCPIHeaderPatternError) {
        self.model = model
        identity = InstrumentIdentity(
            manufacturer: "KEITHLEY INSTRUMENTS", model: "MODEL \(model.number)",
            serialNumber: "04" + SimulatedSerial.digits(seed: seed &+ UInt64(socket.map { $0 + 1 } ?? 0), role: .supply),
            firmware: "1.7.12b")
        table = try Self.table(model, socket: socket)
    }

    func execute(_ unit: SCPIProgramUnit, in world: inout BenchWorld) throws(SCPICommandError) -> SCPIReply? {
        try table.execute(unit, in: &world)
    }

    private static func table(_ model: Model, socket: Int?) throws(SCPIHeaderPatternError) -> SCPICommandTable {
        let voltageRange = -model.volts...model.volts
        let currentLimitRange = 1e-9...model.amps
        return try SCPICommandTable([
            ("[:SOURce]:FUNCtion[:MODE]", { unit, _, world throws(SCPICommandError) in
                try unit.requireParameterCount(1...1)
                let parameter = try unit.parameter(0)
                if parameter.matches(keyword: "VOLTage") {
                    world[supply: socket].sourceFunction = "VOLT"
                } else if parameter.matches(keyword: "CURRent") {
                    world[supply: socket].sourceFunction = "CURR"
                } else {
                    throw SCPICommandError(
                        .illegalParameterValue, detail: "source function \(parameter.text) is not VOLT or CURR",
                        command: unit.text)
                }
                world.updatePower(at: world.time)
                return nil
            }),
            ("[:SOURce]:FUNCtion[:MODE]?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(world[supply: socket].sourceFunction)
            }),
            ("[:SOURce]:VOLTage[:LEVel]", { unit, _, world throws(SCPICommandError) in
                world[supply: socket].volts = try SCPIArguments.number(unit, in: voltageRange, what: "voltage (V)")
                world.updatePower(at: world.time)
                return nil
            }),
            ("[:SOURce]:VOLTage[:LEVel]?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(SCPIArguments.nr3(world[supply: socket].volts))
            }),
            ("[:SOURce]:VOLTage:ILIMit", { unit, _, world throws(SCPICommandError) in
                world[supply: socket].currentLimit = try SCPIArguments.number(unit, in: currentLimitRange, what: "current limit (A)")
                world.updatePower(at: world.time)
                return nil
            }),
            ("[:SOURce]:VOLTage:ILIMit?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(SCPIArguments.nr3(world[supply: socket].currentLimit))
            }),
            ("[:SOURce]:VOLTage:ILIMit:TRIPped?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return SCPIArguments.flag(world.supplyPoint(socket: socket).inCompliance)
            }),
            (":OUTPut[:STATe]", { unit, _, world throws(SCPICommandError) in
                world[supply: socket].outputOn = try SCPIArguments.boolean(unit)
                world.updatePower(at: world.time)
                return nil
            }),
            (":OUTPut[:STATe]?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return SCPIArguments.flag(world[supply: socket].outputOn)
            }),
            (":SENSe:FUNCtion[:ON]", { unit, _, world throws(SCPICommandError) in
                try unit.requireParameterCount(1...1)
                let parameter = try unit.parameter(0)
                let name = ((try? parameter.string()) ?? parameter.text).uppercased()
                guard ["CURR", "CURRENT", "CURR:DC", "VOLT", "VOLTAGE", "VOLT:DC"].contains(name) else {
                    throw SCPICommandError(
                        .illegalParameterValue, detail: "measure function \(parameter.text) is not \"CURR\" or \"VOLT\"",
                        command: unit.text)
                }
                world[supply: socket].senseFunction = name.hasPrefix("CURR") ? "CURR" : "VOLT"
                return nil
            }),
            (":SENSe:FUNCtion[:ON]?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text("\"\(world[supply: socket].senseFunction):DC\"")
            }),
            (":SENSe:CURRent:NPLCycles", { unit, _, _ throws(SCPICommandError) in
                _ = try SCPIArguments.number(unit, in: 0.01...10, what: "integration time (PLC)")
                return nil
            }),
            (":MEASure:CURRent[:DC]?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(SCPIArguments.nr3(world.supplyMeasurement(socket: socket).amps))
            }),
            (":MEASure:VOLTage[:DC]?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(SCPIArguments.nr3(world.supplyMeasurement(socket: socket).volts))
            }),
            (":READ?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                let measured = world.supplyMeasurement(socket: socket)
                return .text(SCPIArguments.nr3(world[supply: socket].senseFunction == "CURR" ? measured.amps : measured.volts))
            }),
        ])
    }
}
