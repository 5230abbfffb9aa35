import Foundation
import InstrumentProtocols
import StationConfiguration

/// A Thorlabs PM100D console with an S120C photodiode sensor (400–1100 nm), served as SCPI on loopback TCP
/// (protocols.md §3; the real console is USBTMC, the driver speaks the same SCPI over either).
///
/// Its one input sees the lane the switch routes to (the lane map's meter channel, which must be 1), with the
/// bench's meter noise. Commands (`[SENSe]` optional, `[:DC]`/`[:SCALar]` optional):
///
/// | command | meaning |
/// |---|---|
/// | `SYST:SENS:IDN?` | `S120C,<serial>,<cal date>,1,18,289`: photodiode, flags power + wavelength + temperature |
/// | `SENS:POW:UNIT W\|DBM`, `…?` | reading unit (power-on: W) |
/// | `SENS:POW:DC:RANG:AUTO ON\|OFF`, `…?` | auto range |
/// | `SENS:AVER:COUN n`, `…?` | samples per reading, 1…10 000 (-222 beyond) |
/// | `CONF:POW`, `CONF?` | power measurement (the only one this sensor offers) |
/// | `SENS:CORR:WAV nm`, `SENS:CORR:WAV? [MIN\|MAX]` | wavelength correction, nm, within the sensor's range (-222) |
/// | `SENS:CORR:COLL:ZERO` | zeroing (accepted; the simulated sensor has no offset) |
/// | `MEAS:POW?`, `READ?` | one reading in the set unit |
struct SimulatedThorlabsPM100: SimulatedSCPIInstrument {
    let role = InstrumentRole.meter
    let identity: InstrumentIdentity
    private let table: SCPICommandTable

    /// The sensor's wavelength range, nm (S120C).
    static let sensorRange = 400.0...1100.0
    /// The wavelength the console starts with, nm.
    static let powerOnWavelength = 635.0
    /// Accepted averaging counts.
    static let averageRange = 1...10_000

    /// The meter settings at power-on and `*RST`: one input, watts, 635 nm.
    static var powerOnMeter: MeterState {
        var meter = MeterState(channels: 1, wavelength: powerOnWavelength * 1e-9)
        meter.watts = [true]
        return meter
    }

    /// A console whose serial numbers derive from `seed`.
    init(seed: UInt64) throws(SCPIHeaderPatternError) {
        identity = InstrumentIdentity(
            manufacturer: "Thorlabs", model: "PM100D",
            serialNumber: "P" + SimulatedSerial.digits(seed: seed, role: .meter, count: 7), firmware: "2.8.0")
        let sensor = "S120C," + SimulatedSerial.digits(seed: seed &+ 1, role: .meter, count: 8) + ",12-Mar-2026,1,18,289"
        table = try Self.table(sensor: sensor)
    }

    func execute(_ unit: SCPIProgramUnit, in world: inout BenchWorld) throws(SCPICommandError) -> SCPIReply? {
        try table.execute(unit, in: &world)
    }

    private static func table(sensor: String) throws(SCPIHeaderPatternError) -> SCPICommandTable {
        @Sendable func reading(_ world: inout BenchWorld) -> String {
            let watts = world.meterReading(channel: 1)
            return SCPIArguments.nr3(world.meter.watts[0] ? watts : 10 * log10(watts / 1e-3))
        }
        return try SCPICommandTable([
            ("SYSTem:SENSor:IDN?", { unit, _, _ throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(sensor)
            }),
            ("[SENSe]:POWer[:DC]:UNIT", { unit, _, world throws(SCPICommandError) in
                try unit.requireParameterCount(1...1)
                let parameter = try unit.parameter(0)
                if parameter.matches(keyword: "W") {
                    world.meter.watts[0] = true
                } else if parameter.matches(keyword: "DBM") {
                    world.meter.watts[0] = false
                } else {
                    throw SCPICommandError(
                        .illegalParameterValue, detail: "unit \(parameter.text) is neither W nor DBM", command: unit.text)
                }
                return nil
            }),
            ("[SENSe]:POWer[:DC]:UNIT?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(world.meter.watts[0] ? "W" : "DBM")
            }),
            ("[SENSe]:POWer[:DC]:RANGe:AUTO", { unit, _, world throws(SCPICommandError) in
                world.meter.autoRange = try SCPIArguments.boolean(unit)
                return nil
            }),
            ("[SENSe]:POWer[:DC]:RANGe:AUTO?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return SCPIArguments.flag(world.meter.autoRange)
            }),
            ("[SENSe]:AVERage[:COUNt]", { unit, _, world throws(SCPICommandError) in
                try unit.requireParameterCount(1...1)
                let count = try unit.integer(at: 0)
                guard averageRange.contains(count) else {
                    throw SCPICommandError(
                        .dataOutOfRange,
                        detail: "averaging count \(count) is outside \(averageRange.lowerBound)…\(averageRange.upperBound)",
                        command: unit.text)
                }
                world.meter.averageCount = count
                return nil
            }),
            ("[SENSe]:AVERage[:COUNt]?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(String(world.meter.averageCount))
            }),
            ("CONFigure[:SCALar]:POWer[:DC]", { unit, _, _ throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return nil
            }),
            ("CONFigure?", { unit, _, _ throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text("POW")
            }),
            ("[SENSe]:CORRection:WAVelength", { unit, _, world throws(SCPICommandError) in
                let nanometres = try SCPIArguments.number(unit, in: sensorRange, what: "wavelength (nm) for the S120C")
                world.meter.wavelengths[0] = nanometres * 1e-9
                return nil
            }),
            ("[SENSe]:CORRection:WAVelength?", { unit, _, world throws(SCPICommandError) in
                try unit.requireParameterCount(0...1)
                guard !unit.parameters.isEmpty else {
                    return .text(SCPIArguments.nr3(world.meter.wavelengths[0] * 1e9))
                }
                switch try unit.numeric(at: 0) {
                case .minimum: return .text(SCPIArguments.nr3(sensorRange.lowerBound))
                case .maximum: return .text(SCPIArguments.nr3(sensorRange.upperBound))
                case .default, .value:
                    throw SCPICommandError(
                        .illegalParameterValue, detail: "the wavelength query takes MIN or MAX", command: unit.text)
                }
            }),
            ("[SENSe]:CORRection:COLLect:ZERO[:INITiate]", { unit, _, _ throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return nil
            }),
            ("MEASure[:SCALar]:POWer[:DC]?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(reading(&world))
            }),
            ("READ?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(reading(&world))
            }),
        ])
    }
}
