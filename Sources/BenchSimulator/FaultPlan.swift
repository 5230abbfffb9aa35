import BenchModel
import StationConfiguration

/// What happens to one request under the injected faults.
enum ReplyFate: Sendable, Equatable {
    /// Served normally.
    case deliver
    /// The instrument does not answer and ignores the request (silence, or booting after a reboot).
    case silent
    /// The request is executed but the reply is lost.
    case drop
    /// The reply's bytes are corrupted on the way.
    case garble
    /// The reply's Modbus CRC is wrong.
    case corruptCRC
    /// The reply is sent this long after it is ready (and later replies wait behind it).
    case delay(Duration)
}

/// A change of the simulated world at a fixed station time, from an injected fault.
enum FaultTransition: Sendable, Equatable {
    /// The instrument in the role reboots: its state returns to power-on defaults.
    case reboot(InstrumentRole)
    /// The chamber's limit alarm latches (`true`) or clears (`false`).
    case alarm(Bool)
    /// The chamber air can only reach this range from now on (`nil`: the whole rated range).
    case reachable(ClosedRange<Double>?)
    /// The DUT starts (`true`) or stops (`false`) drawing excess current.
    case overCurrent(Bool)
    /// The BERT's detectors of these DUT lanes (0-based) lose their lock and cannot hold one (`true`), or may
    /// lock again (`false`).
    case loseSync(lanes: [Int], Bool)
    /// These DUT lanes (0-based) stop emitting light, for good.
    case darkLanes([Int])
    /// The chamber's temperature readings depart by this many kelvin from the physics (0: they agree again).
    case excursion(Double)
}

/// A fault transition with its bench time.
struct ScheduledTransition: Sendable, Equatable {
    /// Bench seconds after the start of serving.
    var time: Double
    /// What changes.
    var change: FaultTransition
}

/// The faults of a simulated station, answering per request what happens to it and listing the world's
/// scheduled changes. Random faults draw from the seed, keyed by role, fault and request number, never by
/// wall time.
struct FaultPlan: Sendable {
    private let faults: [FaultSpec]
    private let random: SeededRandom

    /// Builds the plan for `faults`, drawing from `random`.
    init(faults: [FaultSpec], random: SeededRandom) {
        self.faults = faults
        self.random = random
    }

    /// Checks that each fault can apply to the instrument it names.
    static func validate(_ faults: [FaultSpec], station: StationFile, drivers: [InstrumentRole: SimulatorKind]) throws {
        for fault in faults {
            let entry = station.instrument(fault.role)
            func refuse(_ message: String) -> SimulationError {
                SimulationError(
                    .faultNotApplicable, station: station.path, role: fault.role, driver: entry?.driver,
                    message: "fault \(fault.kind.rawValue): \(message)")
            }
            guard let kind = drivers[fault.role] else {
                throw refuse("the station has no simulated instrument in this role")
            }
            guard fault.probability >= 0, fault.probability <= 1 else {
                throw refuse("probability \(fault.probability) is not between 0 and 1")
            }
            guard fault.afterSeconds >= 0, fault.seconds >= 0 else {
                throw refuse("after_seconds and seconds must not be negative")
            }
            switch fault.kind {
            case .delayReplies where kind.wire != .scpi:
                throw refuse("delayed replies are simulated on SCPI instruments only")
            case .crcErrors where kind.wire != .modbus:
                throw refuse("CRC errors exist only on Modbus instruments; use garble-replies for SCPI and ASCII ones")
            case .unreachableSetpoint where fault.role != .chamber, .chamberAlarm where fault.role != .chamber:
                throw refuse("this fault belongs to the chamber role")
            case .unreachableSetpoint where fault.limitCelsius == nil:
                throw refuse("limit_celsius is required")
            case .overCurrent where fault.role != .supply:
                throw refuse("the DUT's over-current shows on the supply; name role supply")
            case .loseSync where fault.role != .bert:
                throw refuse("lose-sync happens in the BERT's error detectors; name role bert")
            case .darkLanes where fault.role != .bert && fault.role != .meter:
                throw refuse("dark lanes show on the BERT and the meter; name role bert or meter")
            case .temperatureExcursion where fault.role != .chamber:
                throw refuse("this fault belongs to the chamber role")
            case .temperatureExcursion where fault.kelvin == nil:
                throw refuse("kelvin is required")
            case .loseSync, .darkLanes:
                guard !fault.lanes.isEmpty else { throw refuse("lanes is required") }
                let count = station.simulation?.lanes ?? 0
                if let lane = fault.lanes.first(where: { !(0..<count).contains($0) }) {
                    throw refuse("lane \(lane) is not a lane of the \(count)-lane array (lanes count from 0)")
                }
            default:
                break
            }
        }
    }

    /// What happens to request number `ordinal` of `role` at bench time `time`.
    func fate(role: InstrumentRole, at time: Double, ordinal: UInt64) -> ReplyFate {
        let mine = faults.enumerated().filter { $0.element.role == role }
        for (_, fault) in mine where Self.isSilencing(fault) && Self.window(fault).contains(time) {
            return .silent
        }
        for (index, fault) in mine where Self.window(fault).contains(time) {
            let fate: ReplyFate
            switch fault.kind {
            case .dropReplies: fate = .drop
            case .garbleReplies: fate = .garble
            case .crcErrors: fate = .corruptCRC
            case .delayReplies: fate = .delay(.milliseconds(fault.milliseconds ?? 0))
            default: continue
            }
            let draw = random.uniform(SeededRandom.key(role.rawValue), SeededRandom.key(fault.kind.rawValue),
                                      UInt64(index), ordinal)
            if draw < fault.probability { return fate }
        }
        return .deliver
    }

    /// Byte positions to corrupt in a reply of `count` bytes (the first byte always, and one more), keyed by
    /// role and request number.
    func garblePositions(role: InstrumentRole, ordinal: UInt64, count: Int) -> [Int] {
        guard count > 0 else { return [] }
        let other = Int(random.uniform(SeededRandom.key(role.rawValue), SeededRandom.key("garble"), ordinal)
            * Double(count))
        return Array(Set([0, min(other, count - 1)])).sorted()
    }

    /// The world's scheduled changes, in time order.
    func transitions(reachableFor limit: (Double) -> ClosedRange<Double>) -> [ScheduledTransition] {
        var list: [ScheduledTransition] = []
        for fault in faults {
            let end = fault.seconds > 0 ? fault.afterSeconds + fault.seconds : nil
            switch fault.kind {
            case .reboot:
                list.append(ScheduledTransition(time: fault.afterSeconds, change: .reboot(fault.role)))
            case .chamberAlarm:
                list.append(ScheduledTransition(time: fault.afterSeconds, change: .alarm(true)))
                if let end { list.append(ScheduledTransition(time: end, change: .alarm(false))) }
            case .overCurrent:
                list.append(ScheduledTransition(time: fault.afterSeconds, change: .overCurrent(true)))
                if let end { list.append(ScheduledTransition(time: end, change: .overCurrent(false))) }
            case .unreachableSetpoint:
                guard let celsius = fault.limitCelsius else { continue }
                list.append(ScheduledTransition(time: fault.afterSeconds, change: .reachable(limit(celsius))))
                if let end { list.append(ScheduledTransition(time: end, change: .reachable(nil))) }
            case .loseSync:
                list.append(ScheduledTransition(time: fault.afterSeconds, change: .loseSync(lanes: fault.lanes, true)))
                if let end { list.append(ScheduledTransition(time: end, change: .loseSync(lanes: fault.lanes, false))) }
            case .darkLanes:
                list.append(ScheduledTransition(time: fault.afterSeconds, change: .darkLanes(fault.lanes)))
            case .temperatureExcursion:
                guard let kelvin = fault.kelvin else { continue }
                list.append(ScheduledTransition(time: fault.afterSeconds, change: .excursion(kelvin)))
                if let end { list.append(ScheduledTransition(time: end, change: .excursion(0))) }
            case .dropReplies, .garbleReplies, .crcErrors, .delayReplies, .silence:
                continue
            }
        }
        return list.enumerated()
            .sorted { $0.element.time == $1.element.time ? $0.offset < $1.offset : $0.element.time < $1.element.time }
            .map(\.element)
    }

    /// Silence, and the boot time of a reboot, make the instrument ignore requests.
    private static func isSilencing(_ fault: FaultSpec) -> Bool {
        fault.kind == .silence || (fault.kind == .reboot && fault.seconds > 0)
    }

    /// When a fault is active: from `after_seconds` for `seconds`, or for good when `seconds` is 0
    /// (a reboot without boot time has no window).
    private static func window(_ fault: FaultSpec) -> Range<Double> {
        if fault.kind == .reboot {
            return fault.seconds > 0 ? fault.afterSeconds..<(fault.afterSeconds + fault.seconds) : 0..<0
        }
        let end = fault.seconds > 0 ? fault.afterSeconds + fault.seconds : Double.infinity
        return fault.afterSeconds..<end
    }
}
