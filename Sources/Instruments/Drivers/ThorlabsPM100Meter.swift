import Foundation
import InstrumentProtocols

/// Thorlabs PM100 family optical power meters (PM100A, PM100D, PM100USB, PM101…, PM400) over USBTMC SCPI
/// (protocols.md §3; PM100D and PM400 manuals), one input.
///
/// - Identity: `*IDN?` answers `THORLABS,<model>,<serial>,<firmware>`; the model must be one of the SCPI consoles
///   above. (The original PM100 console speaks an older, non-SCPI command set and is refused.)
/// - Sensor: `SYST:SENS:IDN?` answers `name,serial,cal,type,subtype,flags`; flag bit 1 (value 1) marks a power
///   sensor. A console without a power sensor cannot measure and is a device error at connect.
/// - Setup at connect: watts (`SENS:POW:UNIT W`), auto range (`SENS:POW:DC:RANG:AUTO ON`), the averaging count
///   (`SENS:AVER:COUN n`, about 3 ms per sample) and power measurement (`CONF:POW`); the sensor's wavelength
///   range (`SENS:CORR:WAV? MIN|MAX`, nm) is read so an impossible wavelength is refused before it is sent.
/// - Reading: `MEAS:POW?`, watts.
public actor ThorlabsPM100Meter: OpticalPowerMeter {
    public nonisolated let role: String
    public nonisolated let driverName = "thorlabs-pm100"
    private let session: SCPISession
    private var averages: Int
    private var wavelengthRange: ClosedRange<Double>?
    private var wavelengthNanometres: Double?

    /// Model prefixes of the SCPI consoles this driver drives.
    public static let models = ["PM100A", "PM100D", "PM100USB", "PM101", "PM102", "PM103", "PM400"]
    /// Averaging count used when none is given.
    public static let defaultAverageCount = 100

    /// Creates the driver over a SCPI session; `averageCount` samples are averaged per reading.
    public init(role: String, session: SCPISession, averageCount: Int = ThorlabsPM100Meter.defaultAverageCount) {
        self.role = role
        self.session = session
        self.averages = averageCount
    }

    /// Samples averaged per reading.
    public var averageCount: Int { averages }

    /// The sensor's wavelength range, nm; known after ``connect()``.
    public var wavelengthRangeNanometres: ClosedRange<Double>? { wavelengthRange }

    /// Whether the sensor's wavelength correction can be set: flag 32 of `SYST:SENS:IDN?` (pymeasure
    /// `thorlabspm100usb.py`: 1 power, 2 energy, 32 wavelength settable, 256 temperature sensor); known after
    /// ``connect()``.
    public private(set) var wavelengthSettable = false

    /// The sensor flags of a `SYST:SENS:IDN?` reply (its sixth field), or nil when the reply has no flags.
    static func sensorFlags(_ reply: String) -> Int? {
        let fields = reply.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 6 else { return nil }
        return Int(fields[5].trimmingCharacters(in: .whitespaces))
    }

    /// Zeroes the sensor's dark offset (`SENS:CORR:COLL:ZERO:INIT`, pymeasure `thorlabspm100usb.py`; protocols.md
    /// §3), then waits for the console with `*OPC?` and checks the error queue. The sensor must be dark: cover it
    /// or switch the light off first.
    public func zeroDarkOffset() async throws {
        try await session.write("SENS:CORR:COLL:ZERO:INIT")
        try await session.synchronize()
        try await session.checkErrors(after: "SENS:CORR:COLL:ZERO:INIT")
    }

    public func connect() async throws -> InstrumentIdentity {
        let identity = try await session.identify()
        let model = identity.model.uppercased()
        guard identity.manufacturer.uppercased() == "THORLABS", Self.models.contains(where: { model.hasPrefix($0) })
        else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "\(identity) is not a Thorlabs PM100-family SCPI power meter ("
                    + Self.models.joined(separator: ", ") + ")")
        }
        try await session.write("*CLS")
        let sensor = try await session.query("SYST:SENS:IDN?")
        guard Self.isPowerSensor(sensor) else {
            throw InstrumentError(
                .deviceError, role: role, driver: driverName,
                message: "no power sensor on the console: SYST:SENS:IDN? answered \(sensor.debugDescription)")
        }
        wavelengthSettable = (Self.sensorFlags(sensor) ?? 0) & 32 != 0
        try await applyMeasurementSetup()
        if wavelengthSettable {
            let minimum = try await number("SENS:CORR:WAV? MIN")
            let maximum = try await number("SENS:CORR:WAV? MAX")
            wavelengthRange = minimum <= maximum ? minimum...maximum : nil
        }
        return identity
    }

    public func disconnect() async {
        await session.close()
    }

    public func channelCount() async -> Int { 1 }

    /// Sets how many samples are averaged per reading (about 3 ms each).
    public func setAveraging(_ count: Int) async throws {
        guard count >= 1 else {
            throw InstrumentError(
                .unsupported, role: role, driver: driverName, message: "averaging count \(count) is below 1")
        }
        try await session.configure("SENS:AVER:COUN \(count)")
        averages = count
    }

    public func setWavelength(_ nanometres: Double) async throws {
        guard wavelengthSettable else {
            throw InstrumentError(
                .unsupported, role: role, driver: driverName,
                message: "the sensor's wavelength cannot be set (SYST:SENS:IDN? flag 32 is clear), so its readings "
                    + "cannot be corrected for \(SettingsAudit.format(nanometres)) nm; fit a sensor with a settable "
                    + "wavelength")
        }
        guard nanometres.isFinite, nanometres > 0, wavelengthRange?.contains(nanometres) ?? true else {
            let range = wavelengthRange.map { " (\($0.lowerBound)…\($0.upperBound) nm)" } ?? ""
            throw InstrumentError(
                .unsupported, role: role, driver: driverName,
                message: "wavelength \(nanometres) nm is outside the sensor's range\(range)")
        }
        try await session.configure("SENS:CORR:WAV \(String(format: "%.1f", nanometres))")
        wavelengthNanometres = nanometres
    }

    /// Checks the power-on bit and reads back unit, auto range, averaging and wavelength; re-applies them all
    /// when anything is lost (the console powers on in W at 635 nm with no averaging).
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        var audit = SettingsAudit()
        audit.powerOn(try await session.powerOnSinceLastCheck(), instrument: "meter")
        let unit = try await session.query("SENS:POW:UNIT?").uppercased()
        if unit != "W" { audit.mismatch("unit", found: unit, expected: "W") }
        let autoRange = try await number("SENS:POW:DC:RANG:AUTO?")
        if autoRange != 1 { audit.mismatch("auto range", found: "off", expected: "on") }
        let count = try await number("SENS:AVER:COUN?")
        audit.compare("averaging", found: count, expected: Double(averages), tolerance: 0.5, unit: " samples")
        if let wavelengthNanometres {
            let found = try await number("SENS:CORR:WAV?")
            audit.compare("wavelength", found: found, expected: wavelengthNanometres, tolerance: 0.05, unit: " nm")
        }
        guard audit.lost else { return .intact }
        try await applyMeasurementSetup()
        var applied = ["unit W", "auto range", "averaging \(averages)", "power measurement"]
        if let wavelengthNanometres {
            try await setWavelength(wavelengthNanometres)
            applied.append("wavelength \(SettingsAudit.format(wavelengthNanometres)) nm")
        }
        return audit.outcome(applied: applied)
    }

    /// Watts, auto range, the averaging count and power measurement.
    private func applyMeasurementSetup() async throws {
        try await session.configure("SENS:POW:UNIT W")
        try await session.configure("SENS:POW:DC:RANG:AUTO ON")
        try await setAveraging(averages)
        try await session.configure("CONF:POW")
    }

    public func readPower(channel: Int) async throws -> Double {
        guard channel == 1 else {
            throw InstrumentError(
                .unsupported, role: role, driver: driverName, message: "no channel \(channel); the meter has one")
        }
        return try await session.query("MEAS:POW?") { reply in
            guard let value = Double(reply), value.isFinite, value < 9e37 else {
                throw ReplyParseError(command: "MEAS:POW?", expected: "a power in W", reply: reply)
            }
            return value
        }
    }

    public func readAllPowers() async throws -> [Double] {
        [try await readPower(channel: 1)]
    }

    /// Whether a `SYST:SENS:IDN?` reply names a power sensor (six fields, flag bit 1 set).
    static func isPowerSensor(_ reply: String) -> Bool {
        guard let flags = sensorFlags(reply) else { return false }
        return flags & 1 == 1
    }

    private func number(_ command: String) async throws -> Double {
        try await session.query(command) { reply in
            guard let value = Double(reply), value.isFinite else {
                throw ReplyParseError(command: command, expected: "a number", reply: reply)
            }
            return value
        }
    }
}
