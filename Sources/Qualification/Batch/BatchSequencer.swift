import Foundation
import Instruments
import StationClock
import StationConfiguration

/// One DUT of a batch: its socket, the station as that socket sees it, and its own run.
public struct BatchMember: Sendable {
    /// The socket the DUT is in.
    public var socket: DUTSocket
    /// The station as the socket sees it: the shared chamber, meter and switch, the socket's view of the shared
    /// BERT (``SharedGateBERT``), the socket's own supply, and a station file whose lane map is the socket's.
    public var station: ConnectedStation
    /// The DUT's own run.
    public var recorder: RunRecorder

    /// Creates a member.
    public init(socket: DUTSocket, station: ConnectedStation, recorder: RunRecorder) {
        self.socket = socket
        self.station = station
        self.recorder = recorder
    }
}

/// Runs one plan for several DUTs in one chamber: one thermal path, soaking until the DUT is stable, then every
/// socket's measurement at once — the BER gates counting in parallel on the shared BERT, the power scans taking
/// turns at the switch lane by lane, each socket's supply read and checked on its own.
///
/// Every DUT's readings, the chamber readings it relies on included, go to its own run. A DUT failure (an
/// over-current) turns off that socket's supply only and ends that DUT's run as failed; the others go on. A
/// station fault (the chamber, a shared instrument, a signal) brings the whole station to its safe state and
/// leaves every DUT still running INCOMPLETE, and the same call resumes them all: steps complete in the runs are
/// skipped, as in ``Sequencer``.
public struct BatchSequencer: Sendable {
    let plan: Plan
    let members: [BatchMember]
    let station: ConnectedStation
    let clock: any StationClock
    let progress: any ProgressReporter
    /// Members whose DUT already failed in an earlier session, with the reason: they are not powered or measured.
    let failedBefore: [Int: String]

    /// Creates a batch sequencer; `station` is the whole station (its chamber, BERT and switch are shared).
    /// `failedBefore` names the members (by index) whose DUT failed in an earlier session of the batch.
    public init(
        plan: Plan, members: [BatchMember], station: ConnectedStation, clock: any StationClock, progress: any ProgressReporter,
        failedBefore: [Int: String] = [:]
    ) {
        self.failedBefore = failedBefore
        self.plan = plan
        self.members = members
        self.station = station
        self.clock = clock
        self.progress = progress
    }

    /// How a socket's measurement ended.
    private enum MemberResult: Sendable {
        case measured
        case dutFailed(String)
        case fault(any Error)
    }

    /// Runs the remaining steps; returns each member's outcome in order.
    public func run() async -> [SequencerOutcome] {
        var failed = failedBefore
        do {
            var pattern = try await prepare()
            let stored = try members.indices.first { failed[$0] == nil }.map { try members[$0].recorder.store.steps() } ?? []
            let pending = plan.steps.filter { step in stored.first { $0.index == step.index }?.status != .complete }
            var lastReadPoint: Date?
            for step in pending {
                try Task.checkCancellation()
                let active = members.indices.filter { failed[$0] == nil }
                guard !active.isEmpty else { break }
                try await execute(step, active: active, failed: &failed, pattern: &pattern, lastReadPoint: &lastReadPoint)
            }
            for member in members { try await member.station.supply.setOutput(false) }
            try await station.bert.setOutputs(false)
            try await station.chamber.goToSafeState()
            return members.indices.map { failed[$0].map { .dutFailed(reason: $0) } ?? .completed }
        } catch {
            let reason = Sequencer.reason(for: error)
            let running = members.indices.filter { failed[$0] == nil }
            for index in running { members[index].recorder.event("fault", reason) }
            for index in members.indices {
                await SafetySupervisor(station: members[index].station, recorder: running.contains(index) ? members[index].recorder : nil)
                    .bringToSafeState(reason: reason)
            }
            return members.indices.map { failed[$0].map { .dutFailed(reason: $0) } ?? .incomplete(reason: reason) }
        }
    }

    /// Configures the shared meter, chamber and BERT once and every socket's supply; returns the BERT's pattern.
    private func prepare() async throws -> BERTPatternSetting? {
        let dut = plan.profile.dut
        try await station.meter.setWavelength(dut.wavelengthNanometres)
        try await station.chamber.start()
        for (index, member) in members.enumerated() where failedBefore[index] == nil {
            try await member.station.supply.configure(volts: dut.supplyVolts, currentLimit: dut.supplyCurrentLimitAmps)
            try await member.station.supply.setOutput(true)
        }
        let setting = try await Sequencer.configurePattern(station.bert, plan: plan)
        try await station.bert.setOutputs(true)
        for (index, member) in members.enumerated() where failedBefore[index] == nil {
            member.recorder.event(
                "info",
                "DUT in socket \(member.socket.id) powered at \(dut.supplyVolts) V (limit \(dut.supplyCurrentLimitAmps) A); BERT outputs on")
            if let view = member.station.chamber as? SocketChamber {
                member.recorder.event("info", "socket \(member.socket.id)'s soak and measurement window read \(view.sourceDescription)")
            }
        }
        return setting
    }

    private func execute(
        _ step: PlanStep, active: [Int], failed: inout [Int: String], pattern: inout BERTPatternSetting?, lastReadPoint: inout Date?
    ) async throws {
        var attempt = 1
        for index in active { attempt = max(attempt, try members[index].recorder.begin(step: step.index)) }
        progress.event(
            "step \(step.index + 1)/\(plan.steps.count): \(step.name) for \(active.count) DUT(s)" + (attempt > 1 ? " (attempt \(attempt))" : ""))
        // The socket on the chamber's DUT input (else the first with a thermocouple of its own) leads the approach;
        // every socket reads and records its own stated thermocouple, and the soak waits for all of them.
        let leader = active.first { members[$0].socket.thermocouple == .chamberDUTInput }
            ?? active.first { members[$0].socket.thermocouple.isOwn } ?? active[0]
        var thermal = thermalController(for: members[leader])
        thermal.companions = active.filter { $0 != leader }.map { index in
            var companion = thermalController(for: members[index])
            companion.checksInterlocks = false
            return companion
        }
        let rate = plan.condensationRampRate(into: step)
        switch step.action {
        case .temperaturePoint(let point):
            try await purgeIfNeeded(from: step, to: point.celsius)
            try await thermal.reach(point.celsius, rule: point.soak, rate: rate)
            let wanted = BERTPatternSetting(pattern: point.gate.pattern, inverted: point.gate.inverted)
            if point.measure.ber, wanted != pattern {
                try await station.bert.configure(
                    pattern: point.gate.pattern, inverted: point.gate.inverted, lineRateBitsPerSecond: plan.profile.dut.lineRateGbps * 1e9)
                pattern = wanted
            }
            try await measureAll(
                active, at: point.celsius, soak: point.soak, gate: point.gate, measure: point.measure, step: step, failed: &failed)
        case .dwell(let celsius, let seconds, let soak):
            try await purgeIfNeeded(from: step, to: celsius)
            try await thermal.reach(celsius, rule: soak, rate: rate)
            try await hold(seconds: seconds, thermal: thermal, active: active, failed: &failed)
        case .burnInReadPoint(let stage, let readPoint, _):
            if readPoint > 0, let previous = lastReadPoint {
                try await hold(
                    seconds: previous.addingTimeInterval(stage.readEveryMinutes * 60).timeIntervalSince(clock.now), thermal: thermal,
                    active: active, failed: &failed)
            } else {
                try await thermal.reach(stage.celsius, rule: stage.soak, rate: rate)
            }
            lastReadPoint = clock.now
            try await measureAll(
                active.filter { failed[$0] == nil }, at: stage.celsius, soak: stage.soak, gate: nil,
                measure: MeasurementSet(ber: false, opticalPower: true, supplyPower: true), step: step, failed: &failed)
        }
        for index in active where failed[index] == nil { try members[index].recorder.complete(step: step.index) }
    }

    private func thermalController(for member: BatchMember) -> ThermalController {
        var thermal = ThermalController(
            station: member.station, clock: clock, recorder: member.recorder,
            supervisor: SafetySupervisor(station: member.station, recorder: member.recorder), report: { _, _, _ in })
        thermal.label = "socket \(member.socket.id)"
        return thermal
    }

    /// Every active socket's measurement at once; a DUT failure ends that socket's run only, a fault ends all.
    private func measureAll(
        _ active: [Int], at celsius: Double, soak: SoakRule, gate: BERGate?, measure: MeasurementSet, step: PlanStep,
        failed: inout [Int: String]
    ) async throws {
        let turns = InstrumentTurns(clock: clock, order: .socketOrder)
        let results = await withTaskGroup(of: (Int, MemberResult).self) { group in
            for index in active {
                let runner = self.runner(for: members[index], at: celsius, soak: soak, turns: turns)
                clock.join()
                group.addTask {
                    defer { clock.leave() }
                    // The socket's index orders its turns at the shared instruments, the same on every run.
                    return await InstrumentTurns.$priority.withValue(index) {
                        do {
                            try await Sequencer.measureRepeating(runner, gate: gate, measure: measure, soak: soak, step: step)
                            return (index, .measured)
                        } catch {
                            if gate != nil { try? await runner.station.bert.stopGate() }
                            if let failure = error as? DUTFailure { return (index, .dutFailed(failure.reason)) }
                            return (index, .fault(error))
                        }
                    }
                }
            }
            // Waiting for the sockets is not work the clock must wait for.
            clock.leave()
            var results: [(Int, MemberResult)] = []
            for await result in group {
                if case .fault = result.1 { group.cancelAll() }
                results.append(result)
            }
            clock.join()
            return results
        }
        var fault: (any Error)?
        for (index, result) in results.sorted(by: { $0.0 < $1.0 }) {
            switch result {
            case .measured: break
            case .dutFailed(let reason): await fail(index, reason: reason, failed: &failed)
            case .fault(let error): if fault == nil || fault is CancellationError { fault = error }
            }
        }
        if let fault { throw fault }
    }

    /// Ends member `index`'s run as failed: its supply off, the others untouched.
    private func fail(_ index: Int, reason: String, failed: inout [Int: String]) async {
        let member = members[index]
        failed[index] = reason
        member.recorder.event(DUTFailure.eventKind, reason)
        let off: String
        do {
            try await member.station.supply.goToSafeState()
            off = "supply of socket \(member.socket.id) off"
        } catch {
            off = "NOT SAFE: turning the supply of socket \(member.socket.id) off failed: \(error)"
        }
        member.recorder.event("abort", "safe state after DUT failure: \(reason): \(off); the other sockets go on")
    }

    private func runner(for member: BatchMember, at celsius: Double, soak: SoakRule, turns: InstrumentTurns) -> MeasurementRunner {
        let supervisor = SafetySupervisor(station: member.station, recorder: member.recorder)
        let thermal = ThermalController(station: member.station, clock: clock, recorder: member.recorder, supervisor: supervisor, report: { _, _, _ in })
        var runner = MeasurementRunner(
            station: member.station, clock: clock, recorder: member.recorder, supervisor: supervisor, thermal: thermal,
            lanes: plan.profile.dut.lanes, lineRate: plan.profile.dut.lineRateGbps * 1e9, target: celsius, bandKelvin: soak.bandKelvin,
            report: { _, _ in })
        runner.turns = turns
        return runner
    }

    /// Holds at temperature, sampling the chamber and every socket's supply every few minutes.
    private func hold(seconds: Double, thermal: ThermalController, active: [Int], failed: inout [Int: String]) async throws {
        let end = clock.now.addingTimeInterval(seconds)
        while clock.now < end {
            try await clock.sleep(until: min(end, clock.now.addingTimeInterval(300)))
            try await thermal.sample()
            for index in active where failed[index] == nil {
                let member = members[index]
                do {
                    try await SafetySupervisor(station: member.station, recorder: member.recorder).checkSupply(try await member.station.supply.measure())
                } catch let failure as DUTFailure {
                    await fail(index, reason: failure.reason, failed: &failed)
                }
            }
        }
    }

    /// With the purge strategy, keeps dry gas flowing whenever the step starts or ends below the dew point.
    private func purgeIfNeeded(from step: PlanStep, to celsius: Double) async throws {
        guard let guardRule = plan.profile.condensation, guardRule.strategy == .purge else { return }
        let previous = step.index > 0 ? plan.steps[step.index - 1].celsius : celsius
        try await station.chamber.setPurge(min(previous, celsius) < guardRule.dewPointCelsius)
    }
}
