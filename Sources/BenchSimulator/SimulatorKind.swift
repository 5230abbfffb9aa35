import StationConfiguration

/// The instrument families the bench simulator can serve, by the driver name a station file uses.
enum SimulatorKind: String, CaseIterable, Sendable {
    /// Watlow F4 chamber controller, Modbus RTU on a pseudo-terminal.
    case watlowF4 = "watlow-f4"
    /// The multi-lane SCPI BERT family (docs/scpi-bert.md).
    case scpiBERT = "scpi-bert"
    /// Keysight N7744A / N7745A multi-channel optical power meter.
    case keysightN774x = "keysight-n774x"
    /// SCPI 1×N optical switch (QualStation's own contract, docs/scpi-switch.md).
    case scpiSwitch = "scpi-switch"
    /// Keysight N7731C / N7734A optical switch, SCPI `:ROUT1:CHAN1` on loopback TCP.
    case keysightN7731C = "keysight-n7731c"
    /// JDS Uniphase SB fibre-optic switch, `CLOSE n` lines ended by CR on a pseudo-terminal.
    case jdsuSB = "jdsu-sb"
    /// Keithley 2450 SourceMeter (210 V, 1.05 A).
    case keithley2450 = "keithley-2450"
    /// Keithley 2460 high-current SourceMeter (105 V, 7.35 A), the 2450's SCPI.
    case keithley2460 = "keithley-2460"
    /// Keithley 2461 high-current SourceMeter (105 V, 7.35 A DC), the 2450's SCPI.
    case keithley2461 = "keithley-2461"
    /// Keithley 2470 high-voltage SourceMeter (1100 V, 1.05 A), the 2450's SCPI.
    case keithley2470 = "keithley-2470"
    /// Espec P-300 chamber controller, ASCII lines (CR LF) on a pseudo-terminal.
    case especP300 = "espec-p300"
    /// Temptronic ThermoStream ATS, ASCII lines (LF) on loopback TCP.
    case thermoStreamATS = "thermostream-ats"
    /// MultiLane ML4039 behind the scopehal SCPI bridge, lines on loopback TCP.
    case multiLaneBERT = "multilane-bert"
    /// Thorlabs PM100D console with one photodiode sensor, SCPI on loopback TCP.
    case thorlabsPM100 = "thorlabs-pm100"
    /// Keysight E36312A triple-output supply, SCPI on loopback TCP.
    case keysightE36312A = "keysight-e36312a"
    /// Keysight DAQ970A data-acquisition unit reading the sockets' DUT thermocouples, SCPI on loopback TCP.
    case keysightDAQ970A = "keysight-daq970a"

    /// How the family is reached.
    enum Wire: Sendable {
        /// Modbus RTU over a serial line (served on a pseudo-terminal).
        case modbus
        /// SCPI on a raw TCP socket (served on loopback).
        case scpi
        /// Vendor ASCII lines, one reply line per query (served on a pseudo-terminal or loopback).
        case lines
    }

    /// How the family is reached.
    var wire: Wire {
        switch self {
        case .watlowF4: .modbus
        case .especP300, .thermoStreamATS, .multiLaneBERT, .jdsuSB: .lines
        case .scpiBERT, .keysightN774x, .scpiSwitch, .keysightN7731C, .keithley2450, .keithley2460, .keithley2461,
            .keithley2470, .thorlabsPM100, .keysightE36312A, .keysightDAQ970A:
            .scpi
        }
    }

    /// The station role the family plays.
    var role: InstrumentRole {
        switch self {
        case .watlowF4, .especP300, .thermoStreamATS: .chamber
        case .scpiBERT, .multiLaneBERT: .bert
        case .keysightN774x, .thorlabsPM100: .meter
        case .scpiSwitch, .keysightN7731C, .jdsuSB: .switch
        case .keithley2450, .keithley2460, .keithley2461, .keithley2470, .keysightE36312A: .supply
        case .keysightDAQ970A: .thermocouples
        }
    }

    /// Other names station files use for the same driver (the driver catalog's aliases).
    var aliases: [String] {
        switch self {
        case .watlowF4: ["watlow_f4", "f4"]
        case .scpiBERT: ["scpi_bert"]
        case .keysightN774x: ["keysight-n7744a", "keysight-n7745a", "n774x"]
        case .scpiSwitch: ["scpi_switch"]
        case .keysightN7731C: ["keysight_n7731c", "keysight-n7734a", "n7731c", "n7734a"]
        case .jdsuSB: ["jdsu_sb", "jds-sb", "viavi-sb"]
        case .keithley2450: ["keithley2450", "k2450"]
        case .keithley2460: ["keithley2460", "k2460"]
        case .keithley2461: ["keithley2461", "k2461"]
        case .keithley2470: ["keithley2470", "k2470"]
        case .especP300: ["espec_p300", "p300"]
        case .thermoStreamATS: ["thermostream_ats", "temptronic-ats"]
        case .multiLaneBERT: ["multilane_bert", "ml4039"]
        case .thorlabsPM100: ["thorlabs_pm100", "pm100d", "pm100usb"]
        case .keysightE36312A: ["keysight_e36312a", "e36312a"]
        case .keysightDAQ970A: ["keysight_daq970a", "daq970a", "daq973a", "agilent-34970a", "34970a", "34972a"]
        }
    }

    /// The SourceMeter model the family simulates, nil for the other families.
    var sourceMeterModel: SimulatedKeithley2450.Model? {
        switch self {
        case .keithley2450: .model2450
        case .keithley2460: .model2460
        case .keithley2461: .model2461
        case .keithley2470: .model2470
        default: nil
        }
    }

    /// The family for a driver name or alias (case-insensitive), or nil when the simulator has none.
    static func lookup(driver: String) -> SimulatorKind? {
        let key = driver.lowercased()
        return allCases.first { $0.rawValue == key || $0.aliases.contains(key) }
    }
}
