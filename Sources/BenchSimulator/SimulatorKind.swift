/// The instrument families the bench simulator can serve, by the driver name a station file uses.
enum SimulatorKind: String, CaseIterable, Sendable {
    /// Watlow F4 chamber controller, Modbus RTU on a pseudo-terminal.
    case watlowF4 = "watlow-f4"
    /// The multi-lane SCPI BERT family (docs/scpi-bert.md).
    case scpiBERT = "scpi-bert"
    /// Keysight N7744A / N7745A multi-channel optical power meter.
    case keysightN774x = "keysight-n774x"
    /// SCPI 1×N optical switch.
    case scpiSwitch = "scpi-switch"
    /// Keithley 2450 SourceMeter.
    case keithley2450 = "keithley-2450"

    /// How the family is reached.
    enum Wire: Sendable {
        /// Modbus RTU over a serial line (served on a pseudo-terminal).
        case modbus
        /// SCPI on a raw TCP socket (served on loopback).
        case scpi
    }

    /// How the family is reached.
    var wire: Wire {
        self == .watlowF4 ? .modbus : .scpi
    }

    /// Other names station files use for the same driver (the driver catalog's aliases).
    var aliases: [String] {
        switch self {
        case .watlowF4: ["watlow_f4", "f4"]
        case .scpiBERT: ["scpi_bert"]
        case .keysightN774x: ["keysight-n7744a", "keysight-n7745a", "n774x"]
        case .scpiSwitch: ["scpi_switch"]
        case .keithley2450: ["keithley2450", "k2450"]
        }
    }

    /// The family for a driver name or alias (case-insensitive), or nil when the simulator has none.
    static func lookup(driver: String) -> SimulatorKind? {
        let key = driver.lowercased()
        return allCases.first { $0.rawValue == key || $0.aliases.contains(key) }
    }
}
