import PRBS

/// What a driver family is: its name, aliases, the capability it implements, and what it can do.
public struct DriverDescription: Sendable, Equatable {
    /// The capability a driver implements.
    public enum Capability: String, Sendable, CaseIterable {
        /// ``ThermalChamber``.
        case chamber
        /// ``BitErrorRatioTester``.
        case bert
        /// ``OpticalPowerMeter``.
        case meter
        /// ``OpticalSwitch``.
        case `switch`
        /// ``PowerSupply``.
        case supply
        /// ``ThermocoupleReader``.
        case thermocouples
    }

    /// The wire protocol the driver speaks.
    public enum Wire: String, Sendable {
        /// SCPI over a line-oriented link (TCP socket, USBTMC, serial).
        case scpi
        /// Modbus RTU over serial.
        case modbusRTU = "modbus-rtu"
        /// Vendor ASCII lines over serial or TCP.
        case ascii
    }

    /// The canonical driver name.
    public var name: String
    /// Other names accepted in station files.
    public var aliases: [String]
    /// The capability implemented.
    public var capability: Capability
    /// The wire protocol.
    public var wire: Wire
    /// Patterns supported, for BERTs.
    public var patterns: [PRBSPattern]
    /// A one-line description for listings.
    public var summary: String
}

/// Every driver QualStation has, by name.
public enum DriverCatalog {
    /// All driver descriptions.
    public static let all: [DriverDescription] = [
        DriverDescription(
            name: "watlow-f4", aliases: ["watlow_f4", "f4"], capability: .chamber, wire: .modbusRTU, patterns: [],
            summary: "Watlow F4 chamber controller, Modbus RTU"),
        DriverDescription(
            name: "scpi-bert", aliases: ["scpi_bert"], capability: .bert, wire: .scpi, patterns: PRBSPattern.allCases,
            summary: "multi-lane SCPI BERT (docs/scpi-bert.md)"),
        DriverDescription(
            name: "keysight-n774x", aliases: ["keysight-n7744a", "keysight-n7745a", "n774x"], capability: .meter, wire: .scpi,
            patterns: [], summary: "Keysight N7744A/N7745A multi-channel optical power meter"),
        DriverDescription(
            name: "scpi-switch", aliases: ["scpi_switch"], capability: .switch, wire: .scpi, patterns: [],
            summary: "SCPI optical switch (ROUT:CLOS), QualStation's own contract (docs/scpi-switch.md)"),
        DriverDescription(
            name: "keysight-n7731c", aliases: ["keysight_n7731c", "keysight-n7734a", "n7731c", "n7734a"],
            capability: .switch, wire: .scpi, patterns: [],
            summary: "Keysight N7731C/N7734A optical switch (:ROUT1:CHAN1 A,n)"),
        DriverDescription(
            name: "jdsu-sb", aliases: ["jdsu_sb", "jds-sb", "viavi-sb"], capability: .switch, wire: .ascii, patterns: [],
            summary: "JDS Uniphase / Viavi SB fibre-optic switch (CLOSE n), ASCII lines ended by CR over serial"),
        DriverDescription(
            name: "keithley-2450", aliases: ["keithley2450", "k2450"], capability: .supply, wire: .scpi, patterns: [],
            summary: "Keithley 2450 SourceMeter (210 V, 1.05 A)"),
        DriverDescription(
            name: "keithley-2460", aliases: ["keithley2460", "k2460"], capability: .supply, wire: .scpi, patterns: [],
            summary: "Keithley 2460 high-current SourceMeter (105 V, 7.35 A), the 2450's SCPI"),
        DriverDescription(
            name: "keithley-2461", aliases: ["keithley2461", "k2461"], capability: .supply, wire: .scpi, patterns: [],
            summary: "Keithley 2461 high-current SourceMeter (105 V, 7.35 A DC), the 2450's SCPI"),
        DriverDescription(
            name: "keithley-2470", aliases: ["keithley2470", "k2470"], capability: .supply, wire: .scpi, patterns: [],
            summary: "Keithley 2470 high-voltage SourceMeter (1100 V, 1.05 A), the 2450's SCPI"),
        DriverDescription(
            name: "espec-p300", aliases: ["espec_p300", "p300"], capability: .chamber, wire: .ascii, patterns: [],
            summary: "Espec P-300 chamber controller, ASCII over serial"),
        DriverDescription(
            name: "thermostream-ats", aliases: ["thermostream_ats", "temptronic-ats"], capability: .chamber, wire: .ascii,
            patterns: [], summary: "Temptronic ThermoStream ATS thermal stream, ASCII over serial or TCP"),
        DriverDescription(
            name: "multilane-bert", aliases: ["multilane_bert", "ml4039"], capability: .bert, wire: .scpi,
            patterns: MultiLaneBERT.patterns, summary: "MultiLane ML4039 BERT behind the scopehal SCPI bridge"),
        DriverDescription(
            name: "thorlabs-pm100", aliases: ["thorlabs_pm100", "pm100d", "pm100usb"], capability: .meter, wire: .scpi,
            patterns: [], summary: "Thorlabs PM100 family optical power meter, USBTMC"),
        DriverDescription(
            name: "keysight-e36312a", aliases: ["keysight_e36312a", "e36312a"], capability: .supply, wire: .scpi,
            patterns: [], summary: "Keysight E36312A triple-output supply, one output"),
        DriverDescription(
            name: "keysight-daq970a", aliases: ["keysight_daq970a", "daq970a", "daq973a", "agilent-34970a", "34970a", "34972a"],
            capability: .thermocouples, wire: .scpi, patterns: [],
            summary: "Keysight DAQ970A / Agilent 34970A data-acquisition unit, type K thermocouples on channels 101…"),
    ]

    /// The description for `name` or one of its aliases (case-insensitive).
    public static func lookup(_ name: String) -> DriverDescription? {
        let key = name.lowercased()
        return all.first { $0.name == key || $0.aliases.contains(key) }
    }

    /// Canonical names, for messages.
    public static var names: [String] { all.map(\.name) }
}
