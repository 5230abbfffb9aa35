import CertificateSigning
import Certificates
import Foundation
import InstrumentProtocols
import Instruments
import Qualification
import RunStore
import StationAssembly
import StationClock
import StationConfiguration

/// Starts, resumes and finishes qualification runs: the glue between the files, the station, the sequencer, the
/// run store and the certificate.
///
/// A run's verdict is computed from run.sqlite by ``VerdictEngine`` after the sequencer stops, never from the
/// sequencer's or the simulator's state. The caller cancels the task running ``start(_:)`` or ``resume(directory:)``
/// to abort (Ctrl-C, SIGTERM); the sequencer then brings the station to its safe state, the run becomes INCOMPLETE
/// and its certificate is still written.
public struct QualificationRunner: Sendable {
    /// Where progress goes (the terminal).
    public var progress: any ProgressReporter
    /// The station's signing key.
    public var keys: StationKeyStore
    /// The version recorded in runs and certificates.
    public var softwareVersion: String
    /// Where station locks live (`--lock-dir`).
    public var stationLocks: StationLocks

    /// Creates a runner.
    public init(
        progress: any ProgressReporter, keys: StationKeyStore, softwareVersion: String,
        stationLocks: StationLocks = StationLocks()
    ) {
        self.progress = progress
        self.keys = keys
        self.softwareVersion = softwareVersion
        self.stationLocks = stationLocks
    }

    /// Loads and cross-checks a station file and a profile.
    ///
    /// - Throws: ``RunControlError/badInput(_:)`` listing every problem with file, line, field and value.
    public static func loadPlan(stationPath: String, profilePath: String) throws(RunControlError) -> Plan {
        var issues: [ConfigurationIssue] = []
        var station: StationFile?
        var profile: Profile?
        do { station = try StationFile.load(path: stationPath) } catch { issues += ConfigurationIssue.issues(from: error, file: stationPath) }
        do { profile = try Profile.load(path: profilePath) } catch { issues += ConfigurationIssue.issues(from: error, file: profilePath) }
        if let station, let profile {
            issues += PlanValidator.issues(profile: profile, station: station)
        }
        guard issues.isEmpty, let station, let profile else {
            throw .badInput(ConfigurationError(issues).description)
        }
        return Plan(profile: profile, station: station)
    }

    /// Runs a qualification from the start.
    public func start(_ request: RunRequest) async throws(RunControlError) -> RunOutcome {
        let plan = try Self.loadPlan(stationPath: request.stationPath, profilePath: request.profilePath)
        if !plan.station.sockets.isEmpty {
            let ids = plan.station.sockets.map(\.id).joined(separator: ", ")
            throw .badInput(
                "\(plan.station.path): the station declares DUT sockets (\(ids)); run it as a batch, naming the DUT in each "
                    + "socket (`--socket ID=SERIAL`, or one `--dut` per socket in order)")
        }
        let key = try signingKey()
        // The wall clock names the run (so two runs of one DUT never share a directory); a simulated station's
        // virtual clock starts at its fixed epoch, so the run's own dates do not depend on the day it runs.
        let startedAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let epoch = LaunchedStation.usesVirtualClock(plan.station) ? (plan.station.simulation?.epoch ?? startedAt) : startedAt
        let directory = RunDirectory(
            path: request.outputDirectory ?? RunDirectory.defaultPath(dut: request.dut, startedAt: startedAt))
        // The station and the run directory are locked and checked before any instrument is touched.
        let stationLock = try stationLocks.lock(station: plan.station.identity.id)
        let runLock = try directory.lockCreatingForNewRun()
        let relay = InstrumentEventRelay()
        let launched = try await launch(plan.station, seed: request.seed, epoch: epoch, events: relay.sink)
        defer { withExtendedLifetime((stationLock, runLock)) {} }
        return try await Self.shuttingDown(launched) {
            let (store, record) = try createStore(
                plan: plan, dut: request.dut, operatorName: request.operatorName, lot: request.lot, launched: launched,
                identities: launched.station.identities, startedAt: startedAt, directory: directory)
            progress.event("run \(record.id) in \(directory.path)")
            return try await execute(
                plan: plan, store: store, launched: launched, relay: relay, directory: directory, key: key,
                opening: "run started: profile \(plan.profile.name) \(plan.profile.version) on station \(plan.station.identity.id)"
                    + (launched.seed.map { " (simulated, seed \($0))" } ?? ""))
        }
    }

    /// Resumes an interrupted or INCOMPLETE run in `directory`: the first incomplete step starts again from its
    /// ramp and soak; completed steps and their evidence stay as they are.
    public func resume(directory path: String) async throws(RunControlError) -> RunOutcome {
        let directory = RunDirectory(path: path)
        guard FileManager.default.fileExists(atPath: directory.storePath) else {
            throw .badInput("\(path): no run.sqlite here; `qualstation resume` takes the run directory of an earlier run")
        }
        let runLock = try directory.lock()
        defer { withExtendedLifetime(runLock) {} }
        let store: RunStore
        let run: RunRecord
        do {
            store = try RunStore.open(at: directory.storePath)
            run = try store.run()
        } catch {
            throw .badInput("\(directory.storePath): \(error)")
        }
        if run.status == .completed {
            return try finishRecordedVerdict(run: run, store: store, directory: directory)
        }
        if let batch = run.metadata[BatchMetadata.id] {
            throw .badInput("\(path): run \(run.id) is a member of batch \(batch); resume the whole batch (resumeBatch(directory:))")
        }
        let plan = try Self.loadUnchangedPlan(of: run)
        let stationLock = try stationLocks.lock(station: plan.station.identity.id)
        defer { withExtendedLifetime(stationLock) {} }
        let key = try signingKey()
        let latest = (try? store.latestRecordedTime()) ?? run.startedAt
        // Virtual time continues one second after the last thing recorded; a real station keeps the wall clock.
        let epoch = LaunchedStation.usesVirtualClock(plan.station)
            ? latest.addingTimeInterval(1) : max(Date(), latest.addingTimeInterval(1))
        let relay = InstrumentEventRelay()
        let launched = try await launch(plan.station, seed: run.seed, epoch: epoch, events: relay.sink)
        return try await Self.shuttingDown(launched) {
            do {
                try store.reopenForResume(at: launched.clock.now, note: "resumed by \(softwareVersion)")
                try store.updateMetadata(IdentityMetadata.encode(launched.station.identities))
                if let note = try store.events().last(where: { $0.kind == "resume" }) {
                    progress.event("resume: \(note.message)")
                }
            } catch {
                throw RunControlError.io("\(directory.storePath): \(error)")
            }
            return try await execute(
                plan: plan, store: store, launched: launched, relay: relay, directory: directory, key: key,
                opening: "run resumed: \(run.id)")
        }
    }

    /// Creates a new run's run.sqlite in `directory`, with the station and profile documents; `extra` metadata
    /// (a batch's) is recorded with the instruments' identities.
    func createStore(
        plan: Plan, dut: String, operatorName: String, lot: String?, launched: LaunchedStation,
        identities: [InstrumentRole: InstrumentIdentity], startedAt: Date, directory: RunDirectory, extra: [String: String] = [:]
    ) throws -> (RunStore, RunRecord) {
        var metadata = IdentityMetadata.encode(identities)
        metadata["part"] = plan.profile.dut.part
        metadata["station.id"] = plan.station.identity.id
        if let lot { metadata["lot"] = lot }
        metadata.merge(extra) { $1 }
        let record = RunRecord(
            id: RunDirectory.runID(dut: dut, startedAt: startedAt), dut: dut,
            operatorName: operatorName, stationPath: plan.station.path, stationSHA256: plan.station.sha256,
            profilePath: plan.profile.path, profileSHA256: plan.profile.sha256, profileName: plan.profile.name,
            profileVersion: plan.profile.version, seed: launched.seed, softwareVersion: softwareVersion,
            startedAt: launched.clock.now, metadata: metadata)
        let steps = plan.steps.map {
            StepRecord(index: $0.index, kind: $0.kind, name: $0.name, setpointCelsius: $0.celsius)
        }
        do {
            let store = try RunStore.create(at: directory.storePath, run: record, steps: steps, documents: try Self.documents(of: plan))
            return (store, record)
        } catch {
            throw RunControlError.io("\(error)")
        }
    }

    /// Runs `body` with the station up, and shuts the station down afterwards whatever happens.
    static func shuttingDown<Outcome>(
        _ launched: LaunchedStation, _ body: () async throws -> Outcome
    ) async throws(RunControlError) -> Outcome {
        do {
            let outcome = try await body()
            await launched.shutdown()
            return outcome
        } catch let error as RunControlError {
            await launched.shutdown()
            throw error
        } catch {
            await launched.shutdown()
            throw .io("\(error)")
        }
    }

    // MARK: Steps shared by start and resume

    /// Keeps the exact station and profile text and the joined plan's rules in run.sqlite, so the store alone is
    /// the evidence of what the run was asked to prove.
    /// The documents a run keeps in its run.sqlite from its start: the station file, the profile and the plan.
    static func documents(of plan: Plan) throws -> [(name: String, text: String)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let rules = try encoder.encode(try VerdictEngine.parameters(plan: plan))
        return [
            (RunStore.DocumentName.station, plan.station.text),
            (RunStore.DocumentName.profile, plan.profile.text),
            (RunStore.DocumentName.plan, String(decoding: rules, as: UTF8.self)),
        ]
    }

    func signingKey() throws(RunControlError) -> StationSigningKey {
        let (key, generated) = try keys.loadOrGenerate()
        if generated {
            progress.event(
                "generated the station signing key \(keys.privateKeyPath) (public key: \(keys.publicKeyPath), kid \(key.publicKey.kid))")
        }
        return key
    }

    func launch(
        _ station: StationFile, seed: UInt64?, epoch: Date, events: @escaping InstrumentEventSink
    ) async throws(RunControlError) -> LaunchedStation {
        do {
            return try await LaunchedStation.launch(station, seed: seed, epoch: epoch, events: events)
        } catch let error as StationConnectionError {
            throw .unreachable("\(station.path): \(error)")
        } catch {
            throw .badInput("\(error)")
        }
    }

    private func execute(
        plan: Plan, store: RunStore, launched: LaunchedStation, relay: InstrumentEventRelay, directory: RunDirectory,
        key: StationSigningKey, opening: String
    ) async throws -> RunOutcome {
        let log = try EventLogFile(path: directory.eventLogPath, clock: launched.clock, forwardingTo: progress)
        defer { log.close() }
        let recorder = RunRecorder(store: store, clock: launched.clock, progress: log)
        relay.attach(recorder.instrumentEvents)
        recorder.event("info", opening)
        let sequencer = Sequencer(
            plan: plan, station: launched.station, recorder: recorder, clock: launched.clock, progress: log)
        let outcome = await sequencer.run()
        FinishingCrashPoint.sequenceDone.reach()
        return try conclude(
            outcome, plan: plan, store: store, recorder: recorder, end: launched.clock.now, directory: directory, key: key)
    }

    /// Judges a run whose sequence ended with `outcome`, records the verdict and issues the certificate.
    func conclude(
        _ outcome: SequencerOutcome, plan: Plan, store: RunStore, recorder: RunRecorder, end: Date, directory: RunDirectory,
        key: StationSigningKey
    ) throws -> RunOutcome {
        var incompleteReason: String?
        var dutFailure: String?
        switch outcome {
        case .completed: break
        case .incomplete(let reason): incompleteReason = reason
        case .dutFailed(let reason): dutFailure = reason
        }
        let run = try store.run()
        let calibration = CalibrationAudit.problems(station: plan.station, from: run.startedAt, to: end)
        let assessment = try VerdictEngine(plan: plan, store: store)
            .assess(incompleteReason: incompleteReason, calibrationProblems: calibration, dutFailure: dutFailure)
        let finished = assessment.verdict == .incomplete ? RunStatus.incomplete : .completed
        try store.finish(
            status: finished, verdict: assessment.verdict.rawValue,
            reason: assessment.verdict == .incomplete ? (incompleteReason ?? assessment.reasons.first) : nil, at: end)
        FinishingCrashPoint.verdictRecorded.reach()
        recorder.event("info", Self.verdictMessage(assessment))
        FinishingCrashPoint.verdictLogged.reach()
        return try issueCertificate(plan: plan, store: store, assessment: assessment, end: end, directory: directory, key: key)
    }
}
