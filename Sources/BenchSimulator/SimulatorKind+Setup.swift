import StationConfiguration

extension SimulatorKind {
    /// Checks that the station describes the instrument as the simulated family is, and fixes the wiring's
    /// channel count where the family has a fixed one. Returns a sentence for the technician when it does not fit.
    func fit(_ wiring: inout BenchWiring, entry: InstrumentEntry, station: StationFile) -> String? {
        switch self {
        case .multiLaneBERT:
            let lanes = SimulatedMultiLaneBERT.laneCount
            if let channels = entry.channels, channels != lanes {
                return "an ML4039 has \(lanes) lanes, but the entry declares channels: \(channels)"
            }
            wiring.bertChannels = lanes
        case .thorlabsPM100:
            if let channels = entry.channels, channels != 1 {
                return "a PM100 console has one sensor input, but the entry declares channels: \(channels)"
            }
            if station.laneMap.meterChannel != 1 {
                let channel = station.laneMap.meterChannel
                return "a PM100 console has one input, so lane_map.meter_channel must be 1, not \(channel)"
            }
            wiring.meterChannels = 1
        case .keysightE36312A:
            if SimulatedKeysightE36312A.ratings[entry.output] == nil {
                return "the E36312A has outputs 1 to 3, not output: \(entry.output)"
            }
        case .watlowF4, .scpiBERT, .keysightN774x, .scpiSwitch, .keysightN7731C, .jdsuSB, .keithley2450, .keithley2460,
            .keithley2461, .keithley2470, .especP300, .thermoStreamATS, .keysightDAQ970A:
            break
        }
        return nil
    }

    /// Puts the family's power-on settings into a new world (they are also what a reboot or `*RST` restores).
    func preparePowerOn(_ world: inout BenchWorld, entry: InstrumentEntry) {
        switch self {
        case .multiLaneBERT:
            world.bert = SimulatedMultiLaneBERT.powerOnState()
        case .thorlabsPM100:
            world.meterPowerOn = SimulatedThorlabsPM100.powerOnMeter
            world.meter = world.meterPowerOn
        case .keysightE36312A:
            world.supplyPowerOn = SimulatedKeysightE36312A.powerOnOutput(entry.output)
            world.supply = world.supplyPowerOn
        case .watlowF4, .scpiBERT, .keysightN774x, .scpiSwitch, .keysightN7731C, .jdsuSB, .keithley2450, .keithley2460,
            .keithley2461, .keithley2470, .especP300, .thermoStreamATS, .keysightDAQ970A:
            break
        }
    }

    /// Whether the family is served on a pseudo-terminal (a serial instrument) rather than loopback TCP.
    var servedOnTerminal: Bool {
        self == .watlowF4 || self == .especP300 || self == .jdsuSB
    }
}
