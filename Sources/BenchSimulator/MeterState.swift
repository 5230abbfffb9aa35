/// The optical power meter's per-channel settings.
struct MeterState: Sendable, Equatable {
    /// Power-on wavelength correction, m.
    static let powerOnWavelength = 1550e-9
    /// The wavelength range the simulated detector accepts, m (a Si+InGaAs head: visible to 1700 nm).
    static let wavelengthRange = 400e-9...1700e-9

    /// Wavelength correction per channel (index = channel − 1), m.
    var wavelengths: [Double]
    /// Unit per channel: `true` for W, `false` for dBm (the power-on unit).
    var watts: [Bool]
    /// Samples averaged per reading (single-input meters such as the Thorlabs PM100).
    var averageCount = 1
    /// Whether the power range is chosen automatically.
    var autoRange = true

    /// A meter with `channels` channels at power-on: `wavelength` (1550 nm unless given), dBm.
    init(channels: Int, wavelength: Double = MeterState.powerOnWavelength) {
        wavelengths = [Double](repeating: wavelength, count: max(1, channels))
        watts = [Bool](repeating: false, count: max(1, channels))
    }

    /// Channels.
    var channelCount: Int { watts.count }
}
