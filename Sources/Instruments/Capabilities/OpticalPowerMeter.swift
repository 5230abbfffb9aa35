/// An optical power meter with one or more channels.
public protocol OpticalPowerMeter: Instrument {
    /// Input channels.
    func channelCount() async -> Int
    /// Sets the wavelength correction, nm.
    func setWavelength(_ nanometres: Double) async throws
    /// Reads one channel, W.
    func readPower(channel: Int) async throws -> Double
    /// Reads every channel in one query where the instrument can, W.
    func readAllPowers() async throws -> [Double]
}

/// An optical switch that routes one of many inputs to a meter channel.
public protocol OpticalSwitch: Instrument {
    /// Outputs the switch can select.
    func channelCount() async -> Int
    /// Time to wait after a route before the light is stable.
    nonisolated var settlingTime: Duration { get }
    /// Routes `channel` (1-based) through.
    func route(to channel: Int) async throws
}
