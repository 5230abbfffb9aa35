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

    /// A meter with `channels` channels at power-on: 1550 nm, dBm.
    init(channels: Int) {
        wavelengths = [Double](repeating: Self.powerOnWavelength, count: max(1, channels))
        watts = [Bool](repeating: false, count: max(1, channels))
    }

    /// Channels.
    var channelCount: Int { watts.count }
}
