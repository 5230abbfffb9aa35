import BenchModel
import InstrumentProtocols
import StationConfiguration

/// The register map of a Watlow F4 chamber controller (protocols.md §4), served over Modbus RTU.
///
/// | register | meaning | access |
/// |---|---|---|
/// | 0 | model code 5270 | read |
/// | 1, 2 | serial number (two halves) | read |
/// | 3, 4 | software version, build | read |
/// | 5 | date code | read |
/// | 100 | input 1: air, signed, 1 decimal | read |
/// | 101…103, 105…107 | input status words (0) | read |
/// | 104 | input 2 (not fitted: 0) | read |
/// | 108 | input 3: DUT (product) thermocouple, signed, 1 decimal; only on a cascade controller (`dut_input`) | read |
/// | 200 | profile state (0: static set point; the simulated controller runs no profiles) | read |
/// | 201 | digital input 1 (limit alarm): 1 while the alarm is active | read |
/// | 300 | static set point, signed, 1 decimal; clamped to the rated range | read/write |
/// | 602, 603 | set point range low/high (the rated range) | read |
/// | 606, 616, 626 | decimal places of inputs 1–3 (1); 626 only with input 3 | read |
/// | 1217 | write 1: terminate the running profile (none runs here, so nothing changes) | write |
/// | 901 | units: 1 = °C | read |
/// | 1061 | digital input 1 active state (1) | read |
/// | 2000 | run/stop (event 1), or the station file's `run_event` register, with its `on_value` | read/write |
/// | 2010 | event output 2: dry-air purge valve | read/write |
///
/// The F4 takes no ramp rate in static mode; the chamber ramps at its fastest rate and the sequencer steps the
/// set point. Reading an unmapped register or writing a read-only one is exception 2 (illegal data address);
/// writing a value a register cannot take is exception 3 (illegal data value).
struct SimulatedWatlowF4: Sendable {
    /// The Modbus unit address the controller answers to.
    let unit: UInt8
    private let serial: (UInt16, UInt16)
    /// How the simulated controller is wired: its run event and polarity, and whether input 3 exists.
    let wiring: WatlowF4Wiring

    /// Decimal places of every input.
    static let decimals = 1

    /// A controller at Modbus address `unit`.
    init(unit: UInt8, seed: UInt64, wiring: WatlowF4Wiring = .standard) {
        self.unit = unit
        self.wiring = wiring
        let digits = SeededRandom(seed: seed).hash(keys: [SeededRandom.key("serial"), SeededRandom.key("chamber")])
        serial = (UInt16(digits % 10_000), UInt16((digits / 10_000) % 10_000))
    }

    /// Serves one decoded request addressed to this unit: the reply frame (an exception frame when refused).
    func serve(_ request: ModbusRequest, in world: inout BenchWorld) -> [UInt8] {
        let function = request.function.rawValue
        do {
            switch request.operation {
            case .readHoldingRegisters(let start, let count):
                var values: [UInt16] = []
                values.reserveCapacity(count)
                let readings = Self.touchesSensors(start: start, count: count) ? world.chamberReadings() : nil
                for offset in 0..<count {
                    values.append(try read(start &+ UInt16(offset), world: world, readings: readings))
                }
                return try ModbusResponse.readHoldingRegisters(unit: unit, values: values).encode()
            case .writeSingleRegister(let register, let value):
                try write(register, value: value, world: &world)
            case .writeMultipleRegisters(let start, let values):
                for (offset, value) in values.enumerated() {
                    try write(start &+ UInt16(offset), value: value, world: &world)
                }
            }
            guard let acknowledgement = ModbusResponse.acknowledging(request) else {
                return ModbusResponse.exceptionFrame(unit: unit, function: function, code: .serverDeviceFailure)
            }
            return try acknowledgement.encode()
        } catch let refusal as RegisterRefusal {
            return ModbusResponse.exceptionFrame(unit: unit, function: function, code: refusal.code)
        } catch {
            return ModbusResponse.exceptionFrame(unit: unit, function: function, code: .serverDeviceFailure)
        }
    }

    /// A register access the controller refuses, with the exception code it answers.
    private struct RegisterRefusal: Error {
        var code: ModbusExceptionCode
    }

    private static func touchesSensors(start: UInt16, count: Int) -> Bool {
        let end = Int(start) + count
        return Int(start) <= 108 && end > 100
    }

    private func read(
        _ register: UInt16, world: BenchWorld, readings: (air: Double, dut: Double)?
    ) throws -> UInt16 {
        let chamber = world.chamber
        switch register {
        case 0: return WatlowF4Registers.modelCode
        case 1: return serial.0
        case 2: return serial.1
        case 3: return 403
        case 4: return 12
        case 5: return 2419
        case 100: return Self.encode(readings?.air ?? chamber.airCelsius)
        case 108 where wiring.dutInput: return Self.encode(readings?.dut ?? chamber.dutCelsius)
        case 101...107: return 0
        case 200: return 0
        case 201: return chamber.alarm == nil ? 0 : 1
        case 300: return Self.encode(chamber.setpointCelsius)
        case 602: return Self.encode(chamber.parameters.ratedRange.lowerBound)
        case 603: return Self.encode(chamber.parameters.ratedRange.upperBound)
        case 606, 616: return UInt16(Self.decimals)
        case 626 where wiring.dutInput: return UInt16(Self.decimals)
        case 901: return 1
        case 1061: return 1
        case wiring.runEventRegister: return chamber.isRunning ? wiring.runEventOnValue : wiring.runEventOffValue
        case 2010: return world.chamberPurge ? 1 : 0
        case 2000...2070 where (register - 2000) % 10 == 0: return 0
        default: throw RegisterRefusal(code: .illegalDataAddress)
        }
    }

    private func write(_ register: UInt16, value: UInt16, world: inout BenchWorld) throws {
        switch register {
        case 300:
            let celsius = SignedRegister.decode(value, decimals: Self.decimals)
            world.controlChamber { $0.setSetpoint(celsius) }
        case wiring.runEventRegister:
            guard value <= 1 else { throw RegisterRefusal(code: .illegalDataValue) }
            world.controlChamber { $0.setRunning(value == wiring.runEventOnValue) }
        case WatlowF4Registers.terminateProfile:
            guard value == 1 else { throw RegisterRefusal(code: .illegalDataValue) }
        case 2010:
            guard value <= 1 else { throw RegisterRefusal(code: .illegalDataValue) }
            world.chamberPurge = value == 1
        default:
            throw RegisterRefusal(code: .illegalDataAddress)
        }
    }

    /// A temperature as a signed register with ``decimals`` places, saturating at the register's range.
    static func encode(_ celsius: Double) -> UInt16 {
        let scaled = (celsius * 10).rounded()
        let clamped = min(max(scaled, Double(Int16.min)), Double(Int16.max))
        return UInt16(bitPattern: Int16(clamped.isFinite ? clamped : 0))
    }
}

extension WatlowF4Registers {
    /// The model code an F4 reports in register 0.
    static let modelCode: UInt16 = 5270
}
