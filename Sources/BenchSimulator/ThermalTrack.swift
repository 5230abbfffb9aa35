import BenchModel

/// The chamber and the DUT's accumulated stress, evaluated so that a reading depends only on the control events
/// (setpoint, run/stop, alarm, DUT power) and the time asked for, never on how often something looked.
///
/// The chamber is kept as a snapshot taken at the last control event (the *anchor*) and advanced in one exact
/// jump to the time asked for. Stress hours are integrated from the anchor on a fixed grid of
/// ``stepSeconds`` (midpoint rule on the DUT temperature, Arrhenius-weighted by the array model) while the DUT is
/// powered; whole grid cells are cached, the partial cell is recomputed per query.
struct ThermalTrack: Sendable {
    /// Grid of the stress integration, s.
    static let stepSeconds = 60.0

    /// The chamber at the last control event.
    private(set) var anchor: ChamberModel
    /// Stress hours at the anchor time.
    private var stressAtAnchor = 0.0
    /// Whether the DUT is powered (accumulating stress) since the anchor.
    private(set) var powered = false
    /// Integration progress from the anchor along the grid: (time, stress hours).
    private var progress: (time: Double, hours: Double)
    /// The chamber as each socket of a board sees it at the anchor: the same air, the socket's DUT through its own
    /// thermal lag (``BoardModel/Socket/dutTimeConstantSeconds``), for the socket's own thermocouple.
    private var socketAnchors: [ChamberModel] = []

    /// Starts at `chamber`'s time with no stress.
    init(chamber: ChamberModel) {
        anchor = chamber
        progress = (chamber.time, 0)
    }

    /// The chamber's state at bench time `time` (not before the anchor).
    func chamber(at time: Double) -> ChamberModel {
        var chamber = anchor
        chamber.advance(to: time)
        return chamber
    }

    /// The true DUT temperature at `time`, °C.
    func dutCelsius(at time: Double) -> Double {
        chamber(at: time).dutCelsius
    }

    /// Follows each board socket's DUT through its own time constant, from the anchor on.
    mutating func followSockets(timeConstants: [Double]) {
        socketAnchors = timeConstants.map { anchor.withDUTTimeConstant($0) }
    }

    /// The chamber as board socket `socket` sees it at `time` (its DUT through its own lag); nil when the sockets
    /// are not followed.
    func socketChamber(_ socket: Int, at time: Double) -> ChamberModel? {
        guard socketAnchors.indices.contains(socket) else { return nil }
        var chamber = socketAnchors[socket]
        chamber.advance(to: time)
        return chamber
    }

    /// Equivalent stress hours at 85 °C accumulated up to `time`.
    mutating func stressHours(at time: Double, array: MicroLEDArrayModel) -> Double {
        guard powered, time > anchor.time else { return stressAtAnchor }
        while progress.time + Self.stepSeconds <= time {
            let end = progress.time + Self.stepSeconds
            progress = (end, progress.hours + increment(from: progress.time, to: end, array: array))
        }
        return progress.hours + increment(from: progress.time, to: time, array: array)
    }

    /// Re-anchors at `time`: the chamber snapshot and the stress so far become the new starting point.
    mutating func commit(at time: Double, array: MicroLEDArrayModel) {
        guard time > anchor.time else { return }
        let stress = stressHours(at: time, array: array)
        anchor = chamber(at: time)
        for index in socketAnchors.indices { socketAnchors[index].advance(to: time) }
        stressAtAnchor = stress
        progress = (time, stress)
    }

    /// Applies a control change at `time` (setpoint, run/stop, alarm, reachable range) after re-anchoring.
    mutating func control(at time: Double, array: MicroLEDArrayModel, _ change: (inout ChamberModel) -> Void) {
        commit(at: time, array: array)
        change(&anchor)
        for index in socketAnchors.indices { change(&socketAnchors[index]) }
    }

    /// Records from `time` on whether the DUT is powered.
    mutating func setPowered(_ on: Bool, at time: Double, array: MicroLEDArrayModel) {
        guard on != powered else { return }
        commit(at: time, array: array)
        powered = on
        progress = (max(time, anchor.time), stressAtAnchor)
    }

    private func increment(from start: Double, to end: Double, array: MicroLEDArrayModel) -> Double {
        guard end > start else { return 0 }
        let middle = dutCelsius(at: (start + end) / 2)
        return array.equivalentStressHours((end - start) / 3600, atCelsius: middle)
    }
}
