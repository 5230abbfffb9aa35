import BenchModel

/// One channel's counters as the BERT reports them.
struct LaneCounterRecord: Sendable, Equatable {
    /// Bits compared in this gate.
    var comparedBits: UInt64
    /// Errors counted in this gate.
    var errors: UInt64
    /// Detector locked now.
    var synchronized: Bool
    /// Signal present at the receiver now.
    var signal: Bool
    /// Gate counting now.
    var gateRunning: Bool
    /// The detector lost its lock since the gate started or the channel's last `SENS<n>:SYNC` (sticky).
    var lockLost = false

    /// The `FETC:COUN:ALL?` flags byte: bit 0 synchronised, bit 1 signal present, bit 2 gate running, bit 3 lock
    /// lost since the gate started or the channel's last re-synchronisation.
    var flags: UInt8 {
        (synchronized ? 1 : 0) | (signal ? 2 : 0) | (gateRunning ? 4 : 0) | (lockLost ? 8 : 0)
    }
}

extension BenchWorld {
    /// Gates whose bits per lane stay within this count errors from real bits through the PRBS checker; longer
    /// gates draw Poisson counts at the lane's bit error ratio.
    static let realBitLimit = 1 << 22

    private static let huntKey = SeededRandom.key("bert.hunt")
    private static let huntPositionsKey = SeededRandom.key("bert.hunt.positions")
    private static let errorsKey = SeededRandom.key("bert.errors")
    private static let errorPositionsKey = SeededRandom.key("bert.errors.positions")

    /// Folds every lane's counted bits up to `time` into its counters.
    mutating func commitAllLanes(at time: Double) {
        for index in bert.lanes.indices {
            bert.lanes[index].commit(at: time, rate: bert.lineRate, gateRunning: bert.gateRunning)
        }
    }

    /// Re-evaluates every receiver at `time`: a lane without signal (or in `forcing`, or under an injected
    /// `lose-sync`) loses its lock; a lane with signal and no lock hunts on a burst of real bits, except under
    /// `lose-sync`, whose detectors hunt again (and relock) at the first evaluation after the window.
    mutating func refreshLanes(at time: Double, forcing: Set<Int> = []) {
        guard !bert.lanes.isEmpty else { return }
        // On a board each socket's lanes see their own DUT's temperature.
        let chamberDUT = thermal.dutCelsius(at: time)
        let temperatures = board?.sockets.indices.map { dutCelsius(socket: $0, at: time) } ?? []
        let stress = thermal.stressHours(at: time, array: array)
        for index in bert.lanes.indices {
            let channel = index + 1
            let lane = wiring.lane(bertChannel: channel)
            var signal = false
            let dut = lane.flatMap { board?.socket(ofBoardLane: $0) }.map { temperatures[$0.socket] } ?? chamberDUT
            if bert.lanes[index].outputOn, let lane, isPowered(lane: lane), !darkLanes.contains(lane) {
                signal = array.hasSignal(lane: lane, dutCelsius: dut, stressHours: stress)
            }
            bert.lanes[index].signal = signal
            let unlockable = lane.map { unlockableLanes.contains($0) } ?? false
            if bert.lanes[index].locked, !signal || forcing.contains(channel) || unlockable {
                bert.lanes[index].commit(at: time, rate: bert.lineRate, gateRunning: bert.gateRunning)
                bert.lanes[index].loseLock()
            }
            guard signal, let lane, !unlockable else { continue }
            let ber = array.bitErrorRatio(lane: lane, dutCelsius: dut, stressHours: stress)
            bert.lanes[index].lastBitErrorRatio = ber
            if !bert.lanes[index].locked {
                hunt(index, ber: ber, at: time)
            }
        }
    }

    /// One acquisition attempt of channel `index + 1`: a burst from the transmitter, with bit flips drawn at
    /// `ber`, into the receiver's checker.
    private mutating func hunt(_ index: Int, ber: Double, at time: Double) {
        bert.lanes[index].hunts += 1
        let lane = bert.lanes[index]
        let keys = [Self.huntKey, UInt64(index + 1), bert.gateContext, lane.hunts]
        let bits = LaneSignalPath.burstBits
        let flips = min(Int(clamping: random.poisson(mean: ber * Double(bits), keys: keys)), bits)
        let locked: Bool
        if flips == 0 {
            locked = bert.memo.cleanAcquisition(tx: lane.tx, rx: lane.rx)
        } else {
            let positions = LaneSignalPath.flipPositions(
                count: flips, bits: bits, random: random, keys: [Self.huntPositionsKey, UInt64(index + 1), bert.gateContext, lane.hunts])
            locked = LaneSignalPath.acquires(tx: lane.tx, rx: lane.rx, flips: positions)
        }
        bert.lanes[index].locked = locked
        if locked { bert.lanes[index].since = time }
    }

    /// Changes channels' settings at `time`. Lanes whose patterns changed lose their lock and hunt again; a
    /// change of outputs changes the DUT's current and light.
    mutating func reconfigureLanes(_ channels: [Int], at time: Double, _ change: (inout BERTLane) -> Void) {
        var changed = Set<Int>()
        drivenBySocket = nil
        for channel in channels where bert.lanes.indices.contains(channel - 1) {
            let index = channel - 1
            bert.lanes[index].commit(at: time, rate: bert.lineRate, gateRunning: bert.gateRunning)
            let before = (bert.lanes[index].tx, bert.lanes[index].rx)
            change(&bert.lanes[index])
            if before != (bert.lanes[index].tx, bert.lanes[index].rx) { changed.insert(channel) }
        }
        updatePower(at: time)
        refreshLanes(at: time, forcing: changed)
    }

    /// Changes the line rate at `time`: counted bits are folded in at the old rate and every receiver relocks.
    mutating func setLineRate(_ rate: Double, at time: Double) {
        commitAllLanes(at: time)
        bert.lineRate = rate
        updatePower(at: time)
        refreshLanes(at: time, forcing: Set(bert.lanes.indices.map { $0 + 1 }))
    }

    /// Zeroes every counter, starts counting and re-synchronises every lane.
    mutating func startGate(at time: Double) {
        bert.gateContext = UInt64(bitPattern: Int64((chamber.setpointCelsius * 10).rounded()))
        bert.readOrdinal = 0
        bert.gateRunning = true
        for index in bert.lanes.indices {
            bert.lanes[index].bits = 0
            bert.lanes[index].errors = 0
            bert.lanes[index].drawnBits = 0
            bert.lanes[index].since = time
            bert.lanes[index].hunts = 0
        }
        refreshLanes(at: time, forcing: Set(bert.lanes.indices.map { $0 + 1 }))
        for index in bert.lanes.indices {
            bert.lanes[index].lockLost = false
        }
    }

    /// Stops counting; the counters keep their values.
    mutating func stopGate(at time: Double) {
        commitAllLanes(at: time)
        bert.gateRunning = false
    }

    /// Re-synchronises one channel (`SENS<n>:SYNC`); its counters continue and its sticky lock-lost flag clears.
    mutating func resynchronize(channel: Int, at time: Double) {
        refreshLanes(at: time, forcing: [channel])
        if bert.lanes.indices.contains(channel - 1) {
            bert.lanes[channel - 1].lockLost = false
        }
    }

    /// Reads every channel's counters at `time`. Errors for the bits compared since the last read are drawn
    /// now (keyed by channel, gate set point and read number), so counters only grow and replay identically.
    mutating func readCounters(at time: Double) -> [LaneCounterRecord] {
        refreshLanes(at: time)
        commitAllLanes(at: time)
        bert.readOrdinal += 1
        var records: [LaneCounterRecord] = []
        records.reserveCapacity(bert.lanes.count)
        for index in bert.lanes.indices {
            drawErrors(index)
            let lane = bert.lanes[index]
            records.append(
                LaneCounterRecord(
                    comparedBits: UInt64(max(0, lane.bits).rounded(.down)), errors: lane.errors,
                    synchronized: lane.locked, signal: lane.signal, gateRunning: bert.gateRunning,
                    lockLost: lane.lockLost))
        }
        return records
    }

    /// Draws the errors of channel `index + 1`'s bits compared since the last draw.
    private mutating func drawErrors(_ index: Int) {
        let lane = bert.lanes[index]
        let pending = lane.bits - lane.drawnBits
        guard pending >= 1 else { return }
        bert.lanes[index].drawnBits = lane.bits
        let keys = [Self.errorsKey, UInt64(index + 1), bert.gateContext, bert.readOrdinal]
        let ber = lane.lastBitErrorRatio
        guard lane.bits <= Double(Self.realBitLimit) else {
            bert.lanes[index].errors += ErrorCountModel.drawErrors(ber: ber, bits: pending, noise: random, keys: keys)
            return
        }
        // Short gate: the flips go through real bits and the checker counts them.
        let segmentBits = Int(pending.rounded(.down))
        let flips = min(Int(clamping: random.poisson(mean: ber * Double(segmentBits), keys: keys)), segmentBits)
        guard flips > 0 else { return }
        let positions = LaneSignalPath.flipPositions(
            count: flips, bits: segmentBits, random: random,
            keys: [Self.errorPositionsKey, UInt64(index + 1), bert.gateContext, bert.readOrdinal])
        let counted = LaneSignalPath.countErrors(
            tx: lane.tx, rx: lane.rx, segmentWords: (segmentBits + 63) / 64, flips: positions)
        bert.lanes[index].errors += UInt64(max(0, counted.errors))
        if !counted.locked, bert.lanes[index].locked {
            bert.lanes[index].loseLock()
        }
    }
}
