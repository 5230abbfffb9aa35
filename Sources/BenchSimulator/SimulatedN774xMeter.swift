import Foundation
import InstrumentProtocols
import StationConfiguration

/// Keysight N7744A (4 channels) / N7745A (8 channels) optical power meter: per-channel unit and wavelength,
/// single-channel reads in the channel's unit and all channels at once as little-endian float32 (protocols.md §3).
struct SimulatedN774xMeter: SimulatedSCPIInstrument {
    let role = InstrumentRole.meter
    let identity: InstrumentIdentity
    private let table: SCPICommandTable

    /// A meter with `channels` channels (N7744A up to 4, N7745A above).
    init(channels: Int, seed: UInt64) throws(SCPIHeaderPatternError) {
        identity = InstrumentIdentity(
            manufacturer: "Keysight Technologies", model: channels <= 4 ? "N7744A" : "N7745A",
            serialNumber: "MY" + SimulatedSerial.digits(seed: seed, role: .meter, count: 8), firmware: "V1.0.12")
        table = try Self.table(channels: channels)
    }

    func execute(_ unit: SCPIProgramUnit, in world: inout BenchWorld) throws(SCPICommandError) -> SCPIReply? {
        try table.execute(unit, in: &world)
    }

    private static func table(channels: Int) throws(SCPIHeaderPatternError) -> SCPICommandTable {
        @Sendable func channel(_ match: SCPIHeaderMatch, _ unit: SCPIProgramUnit) throws(SCPICommandError) -> Int {
            try SCPIArguments.channel(match, count: channels, unit: unit)
        }
        @Sendable func reading(_ channel: Int, _ world: inout BenchWorld) -> Double {
            let watts = world.meterReading(channel: channel)
            return world.meter.watts[channel - 1] ? watts : 10 * log10(watts / 1e-3)
        }
        return try SCPICommandTable([
            ("SENSe:POWer:UNIT:ALL:CSV?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                // As a real N774x answers: 0 = dBm, 1 = W, a trailing comma and a NUL before the newline
                // (shattered97/OSICS_Interface KeysightPowerMeter.cpp, "1,1,1,1,1,1,1,1,\x00\n").
                return .text(world.meter.watts.map { $0 ? "1" : "0" }.joined(separator: ",") + ",\u{0}")
            }),
            ("SENSe#:POWer:UNIT", { unit, match, world throws(SCPICommandError) in
                let index = try channel(match, unit) - 1
                try unit.requireParameterCount(1...1)
                let parameter = try unit.parameter(0)
                if parameter.matches(keyword: "W") || parameter.matches(keyword: "WATT") {
                    world.meter.watts[index] = true
                } else if parameter.matches(keyword: "DBM") {
                    world.meter.watts[index] = false
                } else {
                    let code = try unit.integer(at: 0)
                    guard code == 0 || code == 1 else {
                        throw SCPICommandError(
                            .illegalParameterValue, detail: "unit \(code) is neither 0 (dBm) nor 1 (W)",
                            command: unit.text)
                    }
                    world.meter.watts[index] = code == 1
                }
                return nil
            }),
            ("SENSe#:POWer:UNIT?", { unit, match, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return SCPIArguments.flag(world.meter.watts[try channel(match, unit) - 1])
            }),
            ("SENSe#:POWer:WAVelength", { unit, match, world throws(SCPICommandError) in
                let index = try channel(match, unit) - 1
                world.meter.wavelengths[index] = try Self.wavelength(unit)
                return nil
            }),
            ("SENSe#:POWer:WAVelength?", { unit, match, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(SCPIArguments.nr3(world.meter.wavelengths[try channel(match, unit) - 1]))
            }),
            ("READ#:POWer?", { unit, match, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(SCPIArguments.nr3(reading(try channel(match, unit), &world)))
            }),
            ("FETCh#:POWer?", { unit, match, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(SCPIArguments.nr3(reading(try channel(match, unit), &world)))
            }),
            ("READ:POWer:ALL?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                let values = (1...max(1, channels)).map { Float(reading($0, &world)) }
                return .block(LittleEndianArray.encodeFloat32(values))
            }),
            ("READ:POWer:ALL:CSV?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                let values = (1...max(1, channels)).map { SCPIArguments.nr3(reading($0, &world)) }
                return .text(values.joined(separator: ","))
            }),
        ])
    }

    /// The wavelength parameter in metres: a number with an optional unit (`450NM`, `1.55E-6`, `1.55UM`).
    private static func wavelength(_ unit: SCPIProgramUnit) throws(SCPICommandError) -> Double {
        try unit.requireParameterCount(1...1)
        let (value, suffix) = try unit.parameter(0).quantity()
        let scale: Double
        switch suffix {
        case "", "M": scale = 1
        case "MM": scale = 1e-3
        case "UM": scale = 1e-6
        case "NM": scale = 1e-9
        case "PM": scale = 1e-12
        default:
            throw SCPICommandError(.invalidSuffix, detail: "\(suffix) is not a length unit", command: unit.text)
        }
        let metres = value * scale
        guard MeterState.wavelengthRange.contains(metres) else {
            throw SCPICommandError(
                .dataOutOfRange, detail: "wavelength \(metres) m is outside the detector's 400–1700 nm",
                command: unit.text)
        }
        return metres
    }
}
