/// The chamber limits a driver enforces, from the station file.
public struct ChamberLimits: Sendable, Equatable, Codable {
    /// Lowest setpoint, °C.
    public var minimumCelsius: Double
    /// Highest setpoint, °C.
    public var maximumCelsius: Double
    /// Fastest ramp, K/min.
    public var maximumRampKelvinPerMinute: Double
    /// Safe temperature for abort and fault, °C.
    public var safeCelsius: Double

    /// Creates limits.
    public init(minimumCelsius: Double, maximumCelsius: Double, maximumRampKelvinPerMinute: Double, safeCelsius: Double) {
        self.minimumCelsius = minimumCelsius
        self.maximumCelsius = maximumCelsius
        self.maximumRampKelvinPerMinute = maximumRampKelvinPerMinute
        self.safeCelsius = safeCelsius
    }

    /// Throws unless `celsius` is a finite value within the limits.
    public func check(setpoint celsius: Double, role: String) throws {
        guard celsius.isFinite, celsius >= minimumCelsius, celsius <= maximumCelsius else {
            throw SafetyLimitError(
                role: role, quantity: "setpoint", requested: celsius, unit: "°C",
                allowed: "\(minimumCelsius) to \(maximumCelsius) °C")
        }
    }

    /// Throws unless `kelvinPerMinute` is positive and within the limit.
    public func check(ramp kelvinPerMinute: Double, role: String) throws {
        guard kelvinPerMinute.isFinite, kelvinPerMinute > 0, kelvinPerMinute <= maximumRampKelvinPerMinute else {
            throw SafetyLimitError(
                role: role, quantity: "ramp rate", requested: kelvinPerMinute, unit: "K/min",
                allowed: "up to \(maximumRampKelvinPerMinute) K/min")
        }
    }
}

/// The supply limits a driver enforces, from the station file.
public struct SupplyLimits: Sendable, Equatable, Codable {
    /// Highest voltage, V.
    public var maximumVolts: Double
    /// Highest current limit, A.
    public var maximumAmps: Double

    /// Creates limits.
    public init(maximumVolts: Double, maximumAmps: Double) {
        self.maximumVolts = maximumVolts
        self.maximumAmps = maximumAmps
    }

    /// Throws unless the voltage and current limit are within the station's limits.
    public func check(volts: Double, currentLimit: Double, role: String) throws {
        guard volts.isFinite, volts >= 0, volts <= maximumVolts else {
            throw SafetyLimitError(role: role, quantity: "voltage", requested: volts, unit: "V", allowed: "0 to \(maximumVolts) V")
        }
        guard currentLimit.isFinite, currentLimit > 0, currentLimit <= maximumAmps else {
            throw SafetyLimitError(
                role: role, quantity: "current limit", requested: currentLimit, unit: "A", allowed: "up to \(maximumAmps) A")
        }
    }
}

/// A command refused because it would take an instrument beyond the station's hard limits.
public struct SafetyLimitError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The instrument's role.
    public var role: String
    /// What was asked, e.g. `setpoint`.
    public var quantity: String
    /// The requested value.
    public var requested: Double
    /// Its unit.
    public var unit: String
    /// What the station allows.
    public var allowed: String

    public var description: String {
        "\(role): refused \(quantity) \(requested) \(unit): the station allows \(allowed)"
    }
}
