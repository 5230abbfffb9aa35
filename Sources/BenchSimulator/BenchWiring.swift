import StationConfiguration

/// How the simulated instruments connect to the DUT's lanes: which BERT channel drives a lane, which switch
/// output carries its light, and which meter channel sees it. Built from the station's lane map.
public struct BenchWiring: Sendable, Equatable {
    /// Lanes in the simulated array.
    public var laneCount: Int
    /// BERT channels, or nil when the station has no BERT (the DUT then drives every lane itself).
    public var bertChannels: Int?
    /// The BERT channel of lane 0.
    public var bertFirstChannel: Int
    /// Switch outputs, or nil when the station has no switch in front of the meter.
    public var switchChannels: Int?
    /// The switch output of lane 0.
    public var switchFirstChannel: Int
    /// Meter channels.
    public var meterChannels: Int
    /// The meter channel behind the switch, or of lane 0 when there is no switch.
    public var meterChannel: Int

    /// Creates a wiring description.
    public init(
        laneCount: Int, bertChannels: Int?, bertFirstChannel: Int, switchChannels: Int?, switchFirstChannel: Int,
        meterChannels: Int, meterChannel: Int
    ) {
        self.laneCount = laneCount
        self.bertChannels = bertChannels
        self.bertFirstChannel = bertFirstChannel
        self.switchChannels = switchChannels
        self.switchFirstChannel = switchFirstChannel
        self.meterChannels = meterChannels
        self.meterChannel = meterChannel
    }

    /// The wiring of `station`: channel counts from the instrument entries (defaulting to one per lane for the
    /// BERT and switch, and 4 for the meter), first channels from the lane map.
    init(station: StationFile, laneCount: Int) {
        let map = station.laneMap
        self.init(
            laneCount: laneCount,
            bertChannels: station.instrument(.bert).map { $0.channels ?? laneCount },
            bertFirstChannel: map.bertFirstChannel,
            switchChannels: station.instrument(.switch).map { $0.channels ?? laneCount },
            switchFirstChannel: map.switchFirstChannel,
            meterChannels: station.instrument(.meter).map { $0.channels ?? 4 } ?? 4,
            meterChannel: map.meterChannel)
    }

    /// The DUT lane (0-based) BERT channel `channel` (1-based) drives, if any.
    public func lane(bertChannel channel: Int) -> Int? {
        let lane = channel - bertFirstChannel
        return (0..<laneCount).contains(lane) ? lane : nil
    }

    /// The BERT channel that drives `lane`, if the BERT has one.
    public func bertChannel(lane: Int) -> Int? {
        guard let channels = bertChannels else { return nil }
        let channel = bertFirstChannel + lane
        return (1...max(1, channels)).contains(channel) ? channel : nil
    }

    /// The DUT lane whose light switch output `channel` carries, if any.
    public func lane(switchChannel channel: Int) -> Int? {
        let lane = channel - switchFirstChannel
        return (0..<laneCount).contains(lane) ? lane : nil
    }
}
