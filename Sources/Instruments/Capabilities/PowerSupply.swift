/// The DUT's power supply or SMU.
///
/// Drivers enforce the station's ``SupplyLimits``: a voltage or current limit above them is refused.
public protocol PowerSupply: Instrument {
    /// The limits this driver enforces.
    nonisolated var limits: SupplyLimits { get }
    /// Sets the output voltage and current limit (output state unchanged).
    func configure(volts: Double, currentLimit: Double) async throws
    /// Turns the output on or off.
    func setOutput(_ on: Bool) async throws
    /// Measures voltage and current.
    func measure() async throws -> SupplyReading
    /// Turns the output off.
    func goToSafeState() async throws
}
