import BenchModel
import Foundation
import InstrumentProtocols
import PRBS
import StationConfiguration

/// A MultiLane ML4039 (four lanes) behind the glscopeclient bridge `scopehal-mlbert-bridge` (protocols.md §5),
/// served as LF-terminated lines on loopback TCP, parsed as the bridge's `BertServer` parses them: a header
/// `[subject:]command` (subject `TXn` or `RXn`, lane clamped to 1…4), a space, the argument.
///
/// - Queries: `*IDN?` (`multiLane,ML4039,<16 hex digits>,0.0`), `RXn:LOCK?` (`1`/`0`: the detector's lock in the
///   bench world), `TXn:LOCK?` (always `0`, as the bridge reports it), and `BER?`: one measurement window of
///   the `INTEGRATION` length (programmed in units of 25 000 bits) on all four lanes, answered as four `%e`
///   ratios. A locked lane's errors are drawn at its bit error ratio in the bench world (through real PRBS bits
///   for short windows), `0.000000e+00` when there are none; an unlocked lane reads `5.000000e-01`. On the wall
///   clock the reply comes when the window has run (integration ÷ line rate); on a virtual clock at once.
/// - Settings, never answered: `TXn:POLY`, `RXn:POLY` (PRBS7/9/15/23/31; `RXn:POLY AUTO` follows the
///   transmitter's polynomial), `TXn:INVERT`, `RXn:INVERT` (re-arm the detector, as `mlBert_SetPRBSPattern` does,
///   unless deferred), `TXn:ENABLE` (drives the DUT lane at once), `DEFER` … `APPLY` (pattern and polarity
///   changes wait for `APPLY`), `INTEGRATION`, `RATE` (bit/s; every lane relocks). Analogue settings (`SWING`,
///   cursors, `SAMPLE`, `CTLESTEP`, `CLKOUT`, `REFCLK`, `USERPATTERN`) are accepted without effect.
/// - Anything else, `SYST:ERR?` included, gets no reply: the bridge has no error queue.
///
/// Power-on (and after a reboot): PRBS7 both ways, not inverted, transmitters enabled, 10.3125 Gb/s,
/// 10 000 000 bits per window, not deferring.
struct SimulatedMultiLaneBERT: SimulatedLineInstrument {
    let role = InstrumentRole.bert
    let terminator = LineTerminator.lf
    private let identity: String
    private var tx: [PatternSetting] = []
    private var rx: [PatternSetting] = []
    private var rxAuto: [Bool] = []
    private var deferring = false
    private var integration = SimulatedMultiLaneBERT.powerOnIntegration
    private var windows: UInt64 = 0

    /// Lanes of an ML4039.
    static let laneCount = 4
    /// The bridge's power-on line rate, bit/s.
    static let powerOnLineRate = 10.3125e9
    /// The bridge's power-on integration length, bits.
    static let powerOnIntegration: UInt64 = 10_000_000
    /// The unit in which the bridge programs the integration length, bits.
    static let integrationUnit: UInt64 = 25_000
    /// The ratio an unlocked detector reports.
    static let unlockedRatio = 0.5

    private static let windowKey = SeededRandom.key("mlbert.window")
    private static let windowPositionsKey = SeededRandom.key("mlbert.window.positions")
    private static let powerOnPattern = PatternSetting(pattern: .prbs7, inverted: false)

    /// The bench world's BERT at power-on: four lanes at PRBS7 with their transmitters enabled.
    static func powerOnState() -> BERTState {
        var lane = BERTLane()
        lane.tx = powerOnPattern
        lane.rx = powerOnPattern
        lane.outputOn = true
        return BERTState(channels: laneCount, lineRate: powerOnLineRate, powerOnLane: lane)
    }

    /// A bridge whose serial number derives from `seed`.
    init(seed: UInt64) {
        let serial = SeededRandom(seed: seed).hash(keys: [SeededRandom.key("serial"), SeededRandom.key("bert")])
        identity = String(format: "multiLane,ML4039,%016llx,0.0", serial)
        resetSettings()
    }

    mutating func powerOn(in world: BenchWorld) {
        resetSettings()
    }

    private mutating func resetSettings() {
        tx = [PatternSetting](repeating: Self.powerOnPattern, count: Self.laneCount)
        rx = tx
        rxAuto = [Bool](repeating: false, count: Self.laneCount)
        deferring = false
        integration = Self.powerOnIntegration
    }

    mutating func respond(to line: String, in world: inout BenchWorld) -> LineReply? {
        let text = line.trimmingCharacters(in: .whitespaces)
        let space = text.firstIndex(of: " ")
        let header = String(text[..<(space ?? text.endIndex)]).uppercased()
        let argument = space.map { String(text[text.index(after: $0)...]).trimmingCharacters(in: .whitespaces) } ?? ""
        let colon = header.firstIndex(of: ":")
        let subject = colon.map { String(header[..<$0]) } ?? ""
        var name = colon.map { String(header[header.index(after: $0)...]) } ?? header
        let isQuery = name.hasSuffix("?")
        if isQuery { name.removeLast() }
        // The bridge takes the lane from the characters after TX/RX and clamps it to 0…3.
        let lane = min(max((Int(subject.dropFirst(2)) ?? 0) - 1, 0), Self.laneCount - 1)
        if isQuery {
            return query(subject: subject, name: name, lane: lane, in: &world)
        }
        command(subject: subject, name: name, argument: argument.uppercased(), lane: lane, in: &world)
        return nil
    }

    private mutating func query(subject: String, name: String, lane: Int, in world: inout BenchWorld) -> LineReply? {
        switch (subject, name) {
        case ("", "*IDN"):
            return LineReply(identity)
        case ("", "BER"):
            return measureWindow(in: &world)
        case (_, "LOCK") where subject.hasPrefix("T"):
            return LineReply("0")
        case (_, "LOCK") where !subject.isEmpty:
            world.refreshLanes(at: world.time)
            let locked = world.bert.lanes.indices.contains(lane) && world.bert.lanes[lane].locked
            return LineReply(locked ? "1" : "0")
        default:
            return nil
        }
    }

    private mutating func command(
        subject: String, name: String, argument: String, lane: Int, in world: inout BenchWorld
    ) {
        if subject.hasPrefix("T") {
            switch name {
            case "POLY":
                if let pattern = Self.polynomial(argument) { tx[lane].pattern = pattern }
                if !deferring { apply(lane, in: &world) }
            case "INVERT":
                tx[lane].inverted = argument == "1"
                if !deferring { apply(lane, in: &world) }
            case "ENABLE":
                let on = argument == "1"
                world.reconfigureLanes([lane + 1], at: world.time) { $0.outputOn = on }
            default:
                break
            }
        } else if !subject.isEmpty {
            switch name {
            case "POLY":
                if argument == "AUTO" {
                    rxAuto[lane] = true
                } else if let pattern = Self.polynomial(argument) {
                    rxAuto[lane] = false
                    rx[lane].pattern = pattern
                }
                if !deferring { apply(lane, in: &world) }
            case "INVERT":
                rx[lane].inverted = argument == "1"
                if !deferring { apply(lane, in: &world) }
            default:
                break
            }
        } else {
            switch name {
            case "DEFER":
                deferring = true
            case "APPLY":
                for index in 0..<Self.laneCount { apply(index, in: &world) }
                deferring = false
            case "INTEGRATION":
                if let bits = UInt64(argument), bits > 0 { integration = bits }
            case "RATE":
                if let rate = Double(argument), (BERTState.minimumLineRate...BERTState.maximumLineRate).contains(rate) {
                    world.setLineRate(rate, at: world.time)
                }
            default:
                break
            }
        }
    }

    /// Programs lane `index`'s generator and detector and re-arms the detector.
    private func apply(_ index: Int, in world: inout BenchWorld) {
        let transmit = tx[index]
        let receive = rxAuto[index] ? PatternSetting(pattern: transmit.pattern, inverted: rx[index].inverted) : rx[index]
        world.reconfigureLanes([index + 1], at: world.time) { lane in
            lane.tx = transmit
            lane.rx = receive
        }
        world.resynchronize(channel: index + 1, at: world.time)
    }

    /// The bits one window compares: the integration length in whole units, at least one.
    private var windowBits: UInt64 {
        max(1, integration / Self.integrationUnit) * Self.integrationUnit
    }

    /// `BER?`: one window on every lane.
    private mutating func measureWindow(in world: inout BenchWorld) -> LineReply {
        world.refreshLanes(at: world.time)
        windows += 1
        let bits = windowBits
        var ratios: [String] = []
        for index in 0..<Self.laneCount {
            guard world.bert.lanes.indices.contains(index), world.bert.lanes[index].locked else {
                ratios.append(String(format: "%e", Self.unlockedRatio))
                continue
            }
            let errors = windowErrors(index, bits: bits, in: &world)
            ratios.append(String(format: "%e", Double(errors) / Double(bits)))
        }
        let seconds = Double(bits) / max(world.bert.lineRate, 1)
        return LineReply(ratios.joined(separator: ","), notBefore: world.time + seconds)
    }

    /// Errors of lane `index` in a window of `bits`, drawn at its bit error ratio; short windows put the errors
    /// into real PRBS bits, and a detector that loses its lock on them is unlocked.
    private func windowErrors(_ index: Int, bits: UInt64, in world: inout BenchWorld) -> UInt64 {
        let lane = world.bert.lanes[index]
        let ber = lane.lastBitErrorRatio
        let keys = [Self.windowKey, UInt64(index + 1), windows]
        guard bits <= UInt64(BenchWorld.realBitLimit) else {
            return ErrorCountModel.drawErrors(ber: ber, bits: Double(bits), noise: world.random, keys: keys)
        }
        let count = Int(bits)
        let flips = min(Int(clamping: world.random.poisson(mean: ber * Double(count), keys: keys)), count)
        guard flips > 0 else { return 0 }
        let positions = LaneSignalPath.flipPositions(
            count: flips, bits: count, random: world.random, keys: [Self.windowPositionsKey, UInt64(index + 1), windows])
        let counted = LaneSignalPath.countErrors(
            tx: lane.tx, rx: lane.rx, segmentWords: (count + 63) / 64, flips: positions)
        if !counted.locked {
            world.bert.lanes[index].loseLock()
        }
        return UInt64(max(0, counted.errors))
    }

    /// The bridge's polynomial names; nil for anything else (`USER`, unknown), which leaves the setting.
    private static func polynomial(_ name: String) -> PRBSPattern? {
        switch name {
        case "PRBS7": .prbs7
        case "PRBS9": .prbs9
        case "PRBS15": .prbs15
        case "PRBS23": .prbs23
        case "PRBS31": .prbs31
        default: nil
        }
    }
}
