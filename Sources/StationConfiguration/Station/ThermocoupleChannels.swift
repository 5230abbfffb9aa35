/// The channels of a thermocouple reader (`instruments.thermocouples`): the multiplexer module in slot 1 of a
/// Keysight DAQ970A / 34970A numbers its channels 101, 102, …; `channels: N` in the station file says the module
/// has N thermocouple inputs (101 … 100 + N), 20 when not given (a DAQM901A / 34901A).
public struct ThermocoupleChannels: Sendable, Equatable {
    /// The module's channel count.
    public var count: Int

    /// The default module's channel count (DAQM901A / 34901A: 20 two-wire channels).
    public static let defaultCount = 20
    /// The first channel number of the module in slot 1.
    public static let first = 101

    /// The channels of a reader whose station-file entry says `channels: count` (nil: the default module).
    public init(count: Int?) {
        self.count = count ?? Self.defaultCount
    }

    /// The channel numbers.
    public var range: ClosedRange<Int> { Self.first...(Self.first + max(1, count) - 1) }

    /// Whether the reader has `channel`.
    public func contains(_ channel: Int) -> Bool { range.contains(channel) }

    /// E.g. `101–120`.
    public var description: String { "\(range.lowerBound)–\(range.upperBound)" }
}
