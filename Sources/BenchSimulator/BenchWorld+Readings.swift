import BenchModel

extension BenchWorld {
    /// Relative gain noise of the optical power meter (σ).
    static let meterGainNoise = 0.002
    /// Additive noise of the optical power meter (σ), W.
    static let meterFloorNoiseWatts = 3e-10
    /// Lowest power the meter reports, W.
    static let meterMinimumWatts = 1e-12

    /// The DUT lane whose light meter channel `channel` sees now, if any: through the switch when the station
    /// has one (only on the lane map's meter channel), otherwise channel n sees lane n − meter channel.
    func lane(meterChannel channel: Int) -> Int? {
        if wiring.switchChannels != nil {
            guard channel == wiring.meterChannel, let closed = switchClosed else { return nil }
            return wiring.lane(switchChannel: closed)
        }
        let lane = channel - wiring.meterChannel
        return (0..<wiring.laneCount).contains(lane) ? lane : nil
    }

    /// A meter reading of channel `channel` now, W: the light there with gain and floor noise (about 1 nW of
    /// noise floor where there is no light).
    mutating func meterReading(channel: Int) -> Double {
        let setpoint = UInt64(bitPattern: Int64((chamber.setpointCelsius * 10).rounded()))
        if readings.meterSetpoint != setpoint {
            readings.meterSetpoint = setpoint
            readings.meterAtSetpoint = [:]
        }
        let seen = lane(meterChannel: channel)
        let socket = seen.flatMap { board?.socket(ofBoardLane: $0)?.socket } ?? ReadingCounters.unsocketed
        readings.meterAtSetpoint[socket, default: 0] += 1
        let count = readings.meterAtSetpoint[socket, default: 0]
        let truth = seen.map { emittedPower(lane: $0) } ?? array.parameters.darkPowerWatts
        // Keyed by what is measured (lane, set point, how many readings at this set point), not by process
        // history, so a resumed run reads what the uninterrupted run would have read.
        let what = seen.map { UInt64($0 + 1) } ?? UInt64(1_000_000 + channel)
        let gain = random.gaussian(Self.meterGainKey, setpoint, what, count)
        let floor = random.gaussian(Self.meterFloorKey, setpoint, what, count)
        return max(Self.meterMinimumWatts, truth * (1 + Self.meterGainNoise * gain) + Self.meterFloorNoiseWatts * floor)
    }

    /// What the supply (of socket `socket`, or the station's) measures now: terminal voltage and current with a
    /// little noise.
    mutating func supplyMeasurement(socket: Int? = nil) -> (volts: Double, amps: Double) {
        let counter = socket ?? ReadingCounters.unsocketed
        readings.supply[counter, default: 0] += 1
        let count = readings.supply[counter, default: 0]
        var keyTime = SeededRandom.key(time)
        if let socket { keyTime = SeededRandom.mix(keyTime ^ UInt64(socket + 1)) }
        let voltageNoise = random.gaussian(Self.supplyVoltsKey, keyTime, count)
        let currentNoise = random.gaussian(Self.supplyAmpsKey, keyTime, count)
        let point = supplyPoint(socket: socket)
        let volts = point.volts + 20e-6 * voltageNoise
        let amps = point.amps * (1 + 1e-4 * currentNoise) + 5e-9 * currentNoise
        return (volts, amps)
    }

    /// The chamber's air and DUT sensor readings now, °C, departing from the physics by an injected
    /// temperature excursion while one lasts.
    mutating func chamberReadings() -> (air: Double, dut: Double) {
        readings.chamber += 1
        // On a board every socket reads the one chamber, in no fixed order: readings at one instant agree.
        let sample = board == nil ? readings.chamber : 0
        let chamber = self.chamber
        let noise = random.child(Self.chamberKey)
        return (chamber.airReading(noise: noise, sample: sample) + readingExcursionKelvin,
                chamber.dutReading(noise: noise, sample: sample) + readingExcursionKelvin)
    }

    private static let meterGainKey = SeededRandom.key("meter.gain")
    private static let meterFloorKey = SeededRandom.key("meter.floor")
    private static let supplyVoltsKey = SeededRandom.key("supply.volts")
    private static let supplyAmpsKey = SeededRandom.key("supply.amps")
    private static let chamberKey = SeededRandom.key("chamber")
}

extension BenchWorld {
    /// The settings of socket `socket`'s own supply, or of the station's supply (nil, or a socket without its own).
    subscript(supply socket: Int?) -> SupplyState {
        get { socket.flatMap { ownSupplies[$0] } ?? supply }
        set {
            if let socket, ownSupplies[socket] != nil { ownSupplies[socket] = newValue } else { supply = newValue }
        }
    }
}
