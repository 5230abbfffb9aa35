/// A thermal chamber or thermal stream: what the sequencer needs to move and hold the DUT's temperature.
///
/// Drivers enforce the station's ``ChamberLimits`` themselves: a setpoint or ramp outside them is refused
/// before anything is sent, whatever the caller asks.
public protocol ThermalChamber: Instrument {
    /// The limits this driver enforces.
    nonisolated var limits: ChamberLimits { get }
    /// Whether the controller takes a ramp rate.
    nonisolated var supportsRampRate: Bool { get }
    /// Commands a new setpoint, °C. Throws ``SafetyLimitError`` outside the limits.
    func setSetpoint(_ celsius: Double) async throws
    /// Sets the ramp rate, K/min, where the controller supports it. Throws ``SafetyLimitError`` above the limit.
    func setRampRate(_ kelvinPerMinute: Double) async throws
    /// Reads air and DUT temperatures and the setpoint.
    func readTemperatures() async throws -> ChamberReading
    /// Starts temperature control.
    func start() async throws
    /// Stops temperature control.
    func stop() async throws
    /// Active alarms (door open, overheat, low flow…); empty when none.
    func alarms() async throws -> [String]
    /// Turns the dry-air purge on or off, where the chamber has one.
    func setPurge(_ on: Bool) async throws
    /// Goes to the station's safe temperature and keeps control running.
    func goToSafeState() async throws
}
