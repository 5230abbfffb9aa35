import Foundation
import Instruments
import LinkStatistics
import StationClock
import StationConfiguration

/// Runs one BER gate on all lanes while reading optical and supply power, and records the evidence.
///
/// The gate stops as soon as every lane has either met the target (its compared bits reach the χ²-based
/// requirement for the errors seen, at the profile's confidence) or can no longer meet it within the gate limit.
/// A lane that loses sync is re-synchronised once and the event is recorded.
struct BERGateRunner {
    let station: ConnectedStation
    let clock: any StationClock
    let recorder: RunRecorder
    let supervisor: SafetySupervisor
    let thermal: ThermalController
    let lanes: Int
    let lineRate: Double
    let report: @Sendable (Int, Int) -> Void

    /// Per-lane state during the gate.
    private struct LaneState {
        var counters: LaneCounters?
        var decided = false
        var resynchronized = false
    }

    /// Runs the gate; optical power is scanned through the switch concurrently, supply power read at each poll.
    func run(gate: BERGate, measure: MeasurementSet) async throws {
        let maximumBits = gate.maximumSeconds * lineRate
        // Even zero errors need this many bits: no lane can be decided as passing earlier.
        let minimumBits = try gate.minimumBits()
        if measure.ber {
            try await station.bert.startGate()
        }
        let gateStart = clock.now
        clock.join()
        async let powers: Void = {
            defer { clock.leave() }
            if measure.opticalPower { try await scanOpticalPower() }
        }()
        if measure.supplyPower { try await recordSupply() }
        var states = [LaneState](repeating: LaneState(), count: lanes)
        if measure.ber {
            while true {
                let elapsed = clock.now.timeIntervalSince(gateStart)
                let firstPossible = minimumBits / lineRate
                let wait = elapsed < firstPossible - gate.pollSeconds ? min(firstPossible - elapsed, gate.pollSeconds * 30) : gate.pollSeconds
                try await clock.sleep(seconds: max(gate.pollSeconds, min(wait, gate.maximumSeconds - elapsed)))
                let counters = try await station.bert.readCounters()
                try recordCounters(counters, final: false)
                if measure.supplyPower { try await recordSupply() }
                try await thermal.sample()
                let finished = clock.now.timeIntervalSince(gateStart) >= gate.maximumSeconds
                try await update(&states, counters: counters, gate: gate, maximumBits: maximumBits, finished: finished)
                let done = states.filter(\.decided).count
                report(done, lanes)
                if done == lanes || finished { break }
            }
            try await station.bert.stopGate()
            let final = try await station.bert.readCounters()
            try recordCounters(final, final: true)
            recorder.event("gate", "BER gate done after \(Int(clock.now.timeIntervalSince(gateStart))) s")
        }
        // Waiting for the scan is not work the clock must wait for: only the scan task runs now.
        clock.leave()
        defer { clock.join() }
        try await powers
    }

    private func update(
        _ states: inout [LaneState], counters: [LaneCounters], gate: BERGate, maximumBits: Double, finished: Bool
    ) async throws {
        let byChannel = Dictionary(counters.map { ($0.channel, $0) }, uniquingKeysWith: { $1 })
        var unsynchronized = 0
        for lane in 0..<lanes where !states[lane].decided {
            guard let counter = byChannel[station.file.laneMap.bertChannel(lane: lane)] else {
                throw StationFault("the BERT reported no counters for channel \(station.file.laneMap.bertChannel(lane: lane)) (lane \(lane))")
            }
            if let previous = states[lane].counters, counter.comparedBits < previous.comparedBits {
                throw StationFault("BERT counters went backwards on lane \(lane) (did the BERT reboot?)")
            }
            states[lane].counters = counter
            if !counter.synchronized {
                unsynchronized += 1
                if !states[lane].resynchronized {
                    states[lane].resynchronized = true
                    recorder.event(ResyncEvent.kind, ResyncEvent.message(lane: lane))
                    try await station.bert.resynchronize(channel: counter.channel)
                } else {
                    states[lane].decided = true
                }
                continue
            }
            let bits = Double(counter.comparedBits)
            let errors = Int(clamping: counter.errors)
            let required = try BERStatistics.requiredBits(errors: errors, confidence: gate.confidence, targetBER: gate.targetBER)
            if bits >= required || required > maximumBits || finished {
                states[lane].decided = true
            }
        }
        if unsynchronized > lanes / 2 {
            throw StationFault("\(unsynchronized) of \(lanes) lanes have no sync: a station fault (fibre, BERT or pattern setting), not the DUT")
        }
    }

    /// Records every lane's counters; the verdict uses each lane's last reading of the step.
    private func recordCounters(_ counters: [LaneCounters], final: Bool) throws {
        let byChannel = Dictionary(counters.map { ($0.channel, $0) }, uniquingKeysWith: { $1 })
        var readings: [RunRecorder.Reading] = []
        readings.reserveCapacity(lanes * 3)
        for lane in 0..<lanes {
            guard let counter = byChannel[station.file.laneMap.bertChannel(lane: lane)] else { continue }
            readings.append(.init(lane: lane, quantity: "ber_compared_bits", value: Double(counter.comparedBits), unit: "bit", instrument: "bert"))
            readings.append(.init(lane: lane, quantity: "ber_errors", value: Double(counter.errors), unit: "bit", instrument: "bert"))
            readings.append(.init(lane: lane, quantity: "ber_synchronized", value: counter.synchronized ? 1 : 0, unit: "1", instrument: "bert"))
        }
        readings.append(.init(quantity: "line_rate", value: lineRate, unit: "bit/s", instrument: "bert"))
        try recorder.record(readings)
    }

    private func recordSupply() async throws {
        let reading = try await station.supply.measure()
        try supervisor.checkSupply(reading)
        try recorder.record([
            .init(quantity: "supply_voltage", value: reading.volts, unit: "V", instrument: "supply"),
            .init(quantity: "supply_current", value: reading.amps, unit: "A", instrument: "supply"),
        ])
    }

    private func scanOpticalPower() async throws {
        let map = station.file.laneMap
        if let opticalSwitch = station.opticalSwitch {
            var readings: [RunRecorder.Reading] = []
            readings.reserveCapacity(32)
            for lane in 0..<lanes {
                try await opticalSwitch.route(to: map.switchChannel(lane: lane))
                try await clock.sleep(for: opticalSwitch.settlingTime)
                let watts = try await station.meter.readPower(channel: map.meterChannel)
                readings.append(.init(lane: lane, quantity: "optical_power", value: watts, unit: "W", instrument: "meter"))
                if readings.count == 32 {
                    try recorder.record(readings)
                    readings.removeAll(keepingCapacity: true)
                }
            }
            try recorder.record(readings)
        } else {
            let all = try await station.meter.readAllPowers()
            try recorder.record(
                (0..<lanes).compactMap { lane in
                    let index = map.meterChannel - 1 + lane
                    guard all.indices.contains(index) else { return nil }
                    return .init(lane: lane, quantity: "optical_power", value: all[index], unit: "W", instrument: "meter")
                })
        }
    }
}
