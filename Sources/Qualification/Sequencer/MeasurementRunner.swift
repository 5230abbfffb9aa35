import Foundation
import Instruments
import LinkStatistics
import StationClock
import StationConfiguration

/// Takes one measurement of a step at temperature: a BER gate on every lane, the optical power of every lane
/// (scanned through the switch while the gate counts) and the supply power, and records every reading as it is
/// taken and each lane's gate decision at the end.
///
/// The measurement stands only when its conditions held throughout, otherwise it throws
/// ``MeasurementInterruption`` and the sequencer soaks again and repeats it:
/// - the DUT temperature stays within the soak band of the setpoint at every reading of the measurement window;
/// - no instrument lost its settings (a reboot: the IEEE 488.2 power-on bit or a setting read back wrong) — a
///   rebooted supply may have left the DUT unpowered, a rebooted meter reads with the wrong settings.
///
/// Contradictory evidence is a station fault, never a DUT failure: lanes the BERT accepts with lock but the meter
/// reads dark (after restoring the meter and scanning again), or most lanes without lock while the meter sees their
/// light.
struct MeasurementRunner {
    let station: ConnectedStation
    let clock: any StationClock
    let recorder: RunRecorder
    let supervisor: SafetySupervisor
    let thermal: ThermalController
    let lanes: Int
    let lineRate: Double
    /// The setpoint and band the DUT must stay within while measuring.
    let target: Double
    let bandKelvin: Double
    let report: @Sendable (Int, Int) -> Void
    /// Turns at a switch and meter shared with other sockets (a batch), nil when this DUT has them to itself.
    var turns: InstrumentTurns? = nil

    /// How many times a scan is repeated when the meter or switch is found to have lost its settings after it.
    static let scanRepeats = 2

    /// Runs the measurement. `gate` is nil for a step that measures no BER.
    func run(gate: BERGate?, measure: MeasurementSet) async throws {
        try await restore(station.chamber, "chamber", during: false)
        try await restore(station.supply, "supply", during: false)
        try await restore(station.bert, "BERT", during: false)
        try await sampleTemperature()
        let gated = measure.ber ? gate : nil
        let plan = try gated.map { try $0.stoppingPlan(lineRate: lineRate) }
        if gated != nil { try await station.bert.startGate() }
        let gateStart = clock.now
        // The optical scan runs alongside the supply reading and the gate.
        let (trackers, scanned) = try await clock.withSideTask({ measure.opticalPower ? try await scanOpticalPower() : [:] }) {
            if measure.supplyPower { try await recordSupply() }
            guard let gate = gated, let plan else { return [LaneGateTracker]() }
            return try await runGate(gate: gate, plan: plan, from: gateStart)
        }
        if measure.supplyPower { try await recordSupply() }
        try await sampleTemperature()
        try await restore(station.chamber, "chamber", during: true)
        try await restore(station.supply, "supply", during: true)
        if gated != nil { try await restore(station.bert, "BERT", during: true) }
        if !trackers.isEmpty {
            try await checkConsistency(trackers: trackers, powers: scanned, measured: measure.opticalPower)
            try recordDecisions(trackers)
        }
    }

    // MARK: Gate

    /// Polls before the first look read the counters only this often (in polls): no lane can be accepted before
    /// it, and a loss of lock in between still shows in the sticky lock-lost flag.
    static let pollsPerEarlyCounterRead = 30

    /// When the gate reads the counters (seconds after its start): exactly at every look (plus a millisecond, so
    /// the counters have passed it), at every poll after the first look, every ``pollsPerEarlyCounterRead`` polls
    /// before it, and at the gate's maximum.
    static func counterReadTimes(plan: GatePlan, gate: BERGate, lineRate: Double) -> [Double] {
        let firstLook = plan.looks.first?.bits ?? 0
        let looks = Set(plan.looks.map(\.bits))
        var earlyPolls = 0
        var points: [Double] = []
        for bits in plan.pollSchedule(pollBits: gate.pollSeconds * lineRate) {
            if !looks.contains(bits), bits < firstLook {
                earlyPolls += 1
                guard earlyPolls % pollsPerEarlyCounterRead == 0 else { continue }
            }
            let seconds = bits / lineRate + 0.001
            if seconds <= gate.maximumSeconds + 0.001 { points.append(seconds) }
        }
        return (points.last ?? 0) < gate.maximumSeconds ? points + [gate.maximumSeconds] : points
    }

    private func runGate(gate: BERGate, plan: GatePlan, from start: Date) async throws -> [LaneGateTracker] {
        var trackers = [LaneGateTracker](repeating: LaneGateTracker(policy: gate.onSyncLoss), count: lanes)
        let schedule = Self.counterReadTimes(plan: plan, gate: gate, lineRate: lineRate)
        let map = station.file.laneMap
        var conditionsRead = 0.0
        for (index, offset) in schedule.enumerated() {
            // The measurement window's conditions every poll, between counter reads as well.
            while conditionsRead + gate.pollSeconds < offset {
                conditionsRead += gate.pollSeconds
                try await clock.sleep(until: start.addingTimeInterval(conditionsRead))
                try await recordSupply()
                try await sampleTemperature()
            }
            conditionsRead = offset
            try await clock.sleep(until: start.addingTimeInterval(offset))
            try await restore(station.supply, "supply", during: true)
            try await restore(station.bert, "BERT", during: true)
            try await restore(station.chamber, "chamber", during: true)
            let counters = try await station.bert.readCounters()
            try recordCounters(counters)
            let finished = index == schedule.count - 1
            let byChannel = Dictionary(counters.map { ($0.channel, $0) }, uniquingKeysWith: { $1 })
            for lane in 0..<lanes {
                let channel = map.bertChannel(lane: lane)
                guard let counter = byChannel[channel] else {
                    throw StationFault("the BERT reported no counters for channel \(channel) (lane \(lane))")
                }
                let wasAccepted = trackers[lane].isAccepted
                let action = try trackers[lane].observe(counter, plan: plan, finished: finished)
                if action == .resynchronize {
                    recorder.event(ResyncEvent.kind, ResyncEvent.message(lane: lane))
                    try await station.bert.resynchronize(channel: channel)
                } else if wasAccepted, trackers[lane].isRejected {
                    recorder.event("lock-loss", "lane \(lane) lost lock after it was accepted: rejected at this step")
                }
            }
            try await recordSupply()
            try await sampleTemperature()
            let undecided = trackers.filter(\.isUndecided).count
            report(lanes - undecided, lanes)
            if undecided == 0 { break }
        }
        try await station.bert.stopGate()
        try recordCounters(try await station.bert.readCounters())
        recorder.event("gate", "BER gate done after \(Int(clock.now.timeIntervalSince(start))) s")
        return trackers
    }

    /// Lanes accepted with lock while the meter reads them dark, or most lanes without lock while the meter sees
    /// them lit: the instruments contradict each other, so the station is at fault.
    private func checkConsistency(trackers: [LaneGateTracker], powers: [Int: Double], measured: Bool) async throws {
        guard measured else { return }
        let floor = 1e-3 * pow(10, VerdictEngine.darkFloorDBm / 10)
        var readings = powers
        for attempt in 0...1 {
            let contradicted = (0..<lanes).filter { lane in
                trackers[lane].isAccepted && trackers[lane].lockLosses == 0 && (readings[lane].map { $0 <= floor } ?? false)
            }
            guard !contradicted.isEmpty else { break }
            guard attempt == 0 else {
                throw StationFault(
                    "contradictory evidence: the meter reads \(contradicted.count) lane(s) dark \(VerdictRules.laneList(contradicted)) while the BERT "
                        + "counted their bits with lock and zero or few errors: a station fault (meter, switch or fibre), not the DUT")
            }
            recorder.event(
                "deviation",
                "the meter read \(contradicted.count) lane(s) dark that the BERT has in lock; checking the meter and scanning again")
            try await restore(station.meter, "meter", during: false)
            readings = try await scanOpticalPower()
        }
        let unlocked = (0..<lanes).filter { trackers[$0].lockLosses > 0 && trackers[$0].isRejected }
        let lit = unlocked.filter { lane in readings[lane].map { $0 > floor } ?? false }
        if lit.count > lanes / 2 {
            throw StationFault(
                "\(lit.count) of \(lanes) lanes have no lock although the meter sees their light: a station fault (fibre, BERT or "
                    + "pattern setting), not the DUT")
        }
    }

    private func recordDecisions(_ trackers: [LaneGateTracker]) throws {
        var readings: [RunRecorder.Reading] = []
        readings.reserveCapacity(lanes * 5)
        for (lane, tracker) in trackers.enumerated() {
            let counts = tracker.decisionCounts
            readings += [
                .init(lane: lane, quantity: MeasurementQuantity.berDecision, value: tracker.isAccepted ? 1 : 0, unit: "1", instrument: "bert"),
                .init(lane: lane, quantity: MeasurementQuantity.berDecisionBits, value: counts.bits, unit: "bit", instrument: "bert"),
                .init(lane: lane, quantity: MeasurementQuantity.berDecisionErrors, value: counts.errors, unit: "bit", instrument: "bert"),
                .init(lane: lane, quantity: MeasurementQuantity.berLockLosses, value: Double(tracker.lockLosses), unit: "1", instrument: "bert"),
                .init(lane: lane, quantity: MeasurementQuantity.berRestarts, value: Double(tracker.restarts), unit: "1", instrument: "bert"),
            ]
        }
        try recorder.record(readings)
    }

    /// Records every lane's counters as read.
    private func recordCounters(_ counters: [LaneCounters]) throws {
        let byChannel = Dictionary(counters.map { ($0.channel, $0) }, uniquingKeysWith: { $1 })
        var readings: [RunRecorder.Reading] = []
        readings.reserveCapacity(lanes * 3 + 1)
        for lane in 0..<lanes {
            guard let counter = byChannel[station.file.laneMap.bertChannel(lane: lane)] else { continue }
            readings.append(.init(lane: lane, quantity: "ber_compared_bits", value: Double(counter.comparedBits), unit: "bit", instrument: "bert"))
            readings.append(.init(lane: lane, quantity: "ber_errors", value: Double(counter.errors), unit: "bit", instrument: "bert"))
            readings.append(
                .init(lane: lane, quantity: "ber_synchronized", value: counter.synchronized && !counter.lockLost ? 1 : 0, unit: "1", instrument: "bert"))
        }
        readings.append(.init(quantity: "line_rate", value: lineRate, unit: "bit/s", instrument: "bert"))
        try recorder.record(readings)
    }

    // MARK: Conditions

    /// Reads the chamber and checks that the DUT is within the band of the setpoint.
    private func sampleTemperature() async throws {
        let reading = try await thermal.sample()
        let dut = reading.dutCelsius ?? reading.airCelsius
        if abs(dut - target) > bandKelvin {
            throw MeasurementInterruption(
                "the DUT left the soak band while measuring: \(String(format: "%.2f", dut)) °C, band \(PlanStep.format(target)) ± "
                    + "\(PlanStep.format(bandKelvin)) K")
        }
    }

    /// Checks whether `instrument` lost its settings and restores them. Before a measurement that is only a
    /// deviation; during one it interrupts the measurement.
    private func restore(_ instrument: any Instrument, _ name: String, during: Bool) async throws {
        guard case .restored(let reason) = try await instrument.restoreSettingsIfLost() else { return }
        recorder.event("deviation", "the \(name) had lost its settings (\(reason)); settings restored")
        if during {
            throw MeasurementInterruption("the \(name) lost its settings while measuring (\(reason))")
        }
    }

    private func recordSupply() async throws {
        let reading = try await station.supply.measure()
        try await supervisor.checkSupply(reading)
        try recorder.record([
            .init(quantity: "supply_voltage", value: reading.volts, unit: "V", instrument: "supply"),
            .init(quantity: "supply_current", value: reading.amps, unit: "A", instrument: "supply"),
        ])
    }

    // MARK: Optical power

    /// Scans every lane; repeats the scan when the meter or switch turns out to have lost its settings during it.
    private func scanOpticalPower() async throws -> [Int: Double] {
        for attempt in 0...Self.scanRepeats {
            try await restore(station.meter, "meter", during: false)
            if let opticalSwitch = station.opticalSwitch { try await restore(opticalSwitch, "switch", during: false) }
            let readings = try await scanOnce()
            var lost: [String] = []
            if case .restored(let reason) = try await station.meter.restoreSettingsIfLost() { lost.append("meter: \(reason)") }
            if let opticalSwitch = station.opticalSwitch, case .restored(let reason) = try await opticalSwitch.restoreSettingsIfLost() {
                lost.append("switch: \(reason)")
            }
            guard !lost.isEmpty else { return readings }
            recorder.event(
                "deviation", "optical scan \(attempt + 1) read with an instrument that had lost its settings (\(lost.joined(separator: "; "))); "
                    + "settings restored" + (attempt < Self.scanRepeats ? ", scanning again" : ""))
        }
        throw StationFault("the optical scan could not be completed: the meter or switch lost its settings at every one of \(Self.scanRepeats + 1) scans")
    }

    private func scanOnce() async throws -> [Int: Double] {
        let map = station.file.laneMap
        var result: [Int: Double] = [:]
        if let opticalSwitch = station.opticalSwitch {
            var readings: [RunRecorder.Reading] = []
            readings.reserveCapacity(32)
            let (meter, clock) = (station.meter, self.clock)
            for lane in 0..<lanes {
                let read: @Sendable () async throws -> Double = {
                    try await opticalSwitch.route(to: map.switchChannel(lane: lane))
                    try await clock.sleep(for: opticalSwitch.settlingTime)
                    return try await meter.readPower(channel: map.meterChannel)
                }
                let watts: Double
                if let turns { watts = try await turns.withTurn(read) } else { watts = try await read() }
                result[lane] = watts
                readings.append(.init(lane: lane, quantity: "optical_power", value: watts, unit: "W", instrument: "meter"))
                if readings.count == 32 {
                    try recorder.record(readings)
                    readings.removeAll(keepingCapacity: true)
                }
            }
            try recorder.record(readings)
        } else {
            let all = try await station.meter.readAllPowers()
            var readings: [RunRecorder.Reading] = []
            for lane in 0..<lanes {
                let index = map.meterChannel - 1 + lane
                guard all.indices.contains(index) else { continue }
                result[lane] = all[index]
                readings.append(.init(lane: lane, quantity: "optical_power", value: all[index], unit: "W", instrument: "meter"))
            }
            try recorder.record(readings)
        }
        return result
    }
}
