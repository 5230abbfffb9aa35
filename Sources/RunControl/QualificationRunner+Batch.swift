import CertificateSigning
import Certificates
import Foundation
import Instruments
import Qualification
import RunStore
import StationAssembly
import StationConfiguration

/// The run metadata that ties the runs of a batch together; it is recorded in each run and so signed into each
/// certificate.
public enum BatchMetadata {
    /// The batch's id, `BATCH-<station id>-<UTC timestamp>`.
    public static let id = "batch.id"
    /// The socket this run's DUT was in.
    public static let socket = "batch.socket"
    /// Every member as `SOCKET=SERIAL`, blank-separated.
    public static let members = "batch.members"
    /// Every member's run directory (absolute), one per line, so any member can resume the whole batch.
    public static let directories = "batch.directories"

    /// The member run directories of the batch that the run in `directory` belongs to, or nil for a single run.
    public static func directories(ofRunIn directory: String) -> [String]? {
        guard let store = try? RunStore.open(at: RunDirectory(path: directory).storePath), let run = try? store.run(),
            let list = run.metadata[Self.directories]
        else { return nil }
        return list.split(separator: "\n").map(String.init)
    }
}

/// Reports a batch member's events prefixed with its socket.
struct SocketProgress: ProgressReporter {
    let socket: String
    let next: any ProgressReporter

    func event(_ text: String) { next.event("[\(socket)] \(text)") }
    func status(_ status: ProgressStatus) {}
}

extension Plan {
    /// The plan as one socket's DUT sees it: the socket's lane map, and its own supply (with that supply's
    /// calibration record) in the supply role, so its verdict, calibration audit and certificate name the
    /// instruments that measured it.
    func member(in socket: DUTSocket) -> Plan {
        var plan = self
        plan.station.laneMap = socket.laneMap
        if let own = socket.ownSupply { plan.station.instruments[.supply] = own }
        // The reader is this DUT's instrument (its certificate lists it, the calibration audit covers it) only when
        // its conditions are read on it.
        if !station.readsThermocoupleReader(socket) { plan.station.instruments[.thermocouples] = nil }
        return plan
    }
}

extension QualificationRunner {
    /// Runs a batch: every DUT in its socket through one plan in one chamber, each with its own run directory,
    /// run.sqlite, events.log and certificate (``BatchSequencer``); returns the members' outcomes in order.
    public func startBatch(_ request: BatchRunRequest) async throws(RunControlError) -> [RunOutcome] {
        let plan = try Self.loadPlan(stationPath: request.stationPath, profilePath: request.profilePath)
        let sockets = plan.station.batchSockets
        var chosen: [(socket: DUTSocket, dut: String)] = []
        for member in request.members {
            guard let socket = sockets.first(where: { $0.id == member.socket }) else {
                throw .badInput(
                    "--socket \(member.socket)=\(member.dut): \(plan.station.path) has no socket \(member.socket); its sockets are "
                        + sockets.map(\.id).joined(separator: ", "))
            }
            if chosen.contains(where: { $0.socket.id == socket.id }) {
                throw .badInput("--socket \(member.socket)=\(member.dut): socket \(member.socket) already holds DUT \(chosen.first { $0.socket.id == socket.id }?.dut ?? "")")
            }
            if chosen.contains(where: { $0.dut == member.dut }) {
                throw .badInput("--dut \(member.dut): the DUT is named twice in the batch")
            }
            chosen.append((socket, member.dut))
        }
        guard !chosen.isEmpty else { throw .badInput("a batch needs at least one DUT (--dut SERIAL or --socket ID=SERIAL)") }
        let key = try signingKey()
        let startedAt = BatchRunRequest.wholeSeconds(request.startedAt ?? Date())
        let epoch = LaunchedStation.usesVirtualClock(plan.station) ? (plan.station.simulation?.epoch ?? startedAt) : startedAt
        // `chosen` holds the members in the request's order.
        let directories = request.memberDirectories(startedAt: startedAt).map { RunDirectory(path: $0) }
        let batchID = "BATCH-\(plan.station.identity.id)-\(RunDirectory.timestamp(startedAt))"
        let stationLock = try stationLocks.lock(station: plan.station.identity.id)
        var runLocks: [ProcessLock] = []
        for directory in directories { runLocks.append(try directory.lockCreatingForNewRun()) }
        let relay = InstrumentEventRelay()
        let launched = try await launch(plan.station, seed: request.seed, epoch: epoch, events: relay.sink)
        defer { withExtendedLifetime((stationLock, runLocks)) {} }
        let members = chosen.map { "\($0.socket.id)=\($0.dut)" }.joined(separator: " ")
        return try await Self.shuttingDown(launched) {
            var stores: [RunStore] = []
            for (index, member) in chosen.enumerated() {
                let (store, record) = try createStore(
                    plan: plan.member(in: member.socket), dut: member.dut, operatorName: request.operatorName, lot: request.lot, launched: launched,
                    identities: launched.identities(of: member.socket), startedAt: startedAt, directory: directories[index],
                    extra: [
                        BatchMetadata.id: batchID, BatchMetadata.socket: member.socket.id, BatchMetadata.members: members,
                        BatchMetadata.directories: directories.map(\.path).joined(separator: "\n"),
                    ])
                progress.event("run \(record.id) in \(directories[index].path) (socket \(member.socket.id) of batch \(batchID))")
                stores.append(store)
            }
            return try await executeBatch(
                plan: plan, sockets: chosen.map(\.socket), stores: stores, launched: launched, relay: relay, directories: directories,
                key: key,
                opening: "batch \(batchID) started (\(members)): profile \(plan.profile.name) \(plan.profile.version) on station "
                    + "\(plan.station.identity.id)" + (launched.seed.map { " (simulated, seed \($0))" } ?? ""))
        }
    }

    /// Resumes the batch that the run in `path` belongs to: every member run not finished yet continues from its
    /// first incomplete step, in one chamber again; finished members (a DUT that failed) stay as they are.
    public func resumeBatch(directory path: String) async throws(RunControlError) -> [RunOutcome] {
        guard let paths = BatchMetadata.directories(ofRunIn: path) else {
            throw .badInput("\(path): not a run of a batch (no \(BatchMetadata.directories) in its run.sqlite)")
        }
        var runLocks: [ProcessLock] = []
        var open: [(directory: RunDirectory, store: RunStore, run: RunRecord)] = []
        for member in paths {
            let directory = RunDirectory(path: member)
            runLocks.append(try directory.lock())
            do {
                let store = try RunStore.open(at: directory.storePath)
                let run = try store.run()
                if run.status != .completed { open.append((directory, store, run)) }
            } catch {
                throw .badInput("\(directory.storePath): \(error)")
            }
        }
        defer { withExtendedLifetime(runLocks) {} }
        guard let first = open.first else {
            throw .badInput("\(path): every run of its batch has finished; there is nothing to resume")
        }
        let plan = try Self.loadUnchangedPlan(of: first.run)
        var sockets: [DUTSocket] = []
        for member in open {
            let id = member.run.metadata[BatchMetadata.socket] ?? ""
            guard let socket = plan.station.batchSockets.first(where: { $0.id == id }) else {
                throw .badInput("\(member.directory.storePath): socket \(id) is not on \(plan.station.path)")
            }
            sockets.append(socket)
        }
        let stationLock = try stationLocks.lock(station: plan.station.identity.id)
        defer { withExtendedLifetime(stationLock) {} }
        let key = try signingKey()
        let latest = open.map { (try? $0.store.latestRecordedTime()) ?? $0.run.startedAt }.max() ?? first.run.startedAt
        let epoch = LaunchedStation.usesVirtualClock(plan.station) ? latest.addingTimeInterval(1) : max(Date(), latest.addingTimeInterval(1))
        let relay = InstrumentEventRelay()
        let launched = try await launch(plan.station, seed: first.run.seed, epoch: epoch, events: relay.sink)
        return try await Self.shuttingDown(launched) {
            for (index, member) in open.enumerated() {
                do {
                    try member.store.reopenForResume(at: launched.clock.now, note: "resumed by \(softwareVersion)")
                    try member.store.updateMetadata(IdentityMetadata.encode(launched.identities(of: sockets[index])))
                } catch {
                    throw RunControlError.io("\(member.directory.storePath): \(error)")
                }
            }
            return try await executeBatch(
                plan: plan, sockets: sockets, stores: open.map(\.store), launched: launched, relay: relay,
                directories: open.map(\.directory), key: key,
                opening: "batch \(first.run.metadata[BatchMetadata.id] ?? "") resumed: " + open.map(\.run.id).joined(separator: ", "))
        }
    }

    private func executeBatch(
        plan: Plan, sockets: [DUTSocket], stores: [RunStore], launched: LaunchedStation, relay: InstrumentEventRelay,
        directories: [RunDirectory], key: StationSigningKey, opening: String
    ) async throws -> [RunOutcome] {
        var logs: [EventLogFile] = []
        defer { for log in logs { log.close() } }
        for (index, directory) in directories.enumerated() {
            logs.append(
                try EventLogFile(
                    path: directory.eventLogPath, clock: launched.clock, forwardingTo: SocketProgress(socket: sockets[index].id, next: progress)))
        }
        let recorders = stores.indices.map { RunRecorder(store: stores[$0], clock: launched.clock, progress: logs[$0]) }
        relay.attach { event in for recorder in recorders { recorder.instrumentEvents(event) } }
        for recorder in recorders { recorder.event("info", opening) }
        let shared = BatchInstruments(station: launched.station, clock: launched.clock)
        let members = sockets.indices.map {
            BatchMember(socket: sockets[$0], station: launched.view(of: sockets[$0], shared: shared), recorder: recorders[$0])
        }
        // A DUT that failed in an earlier session of the batch stays failed: not powered, not measured again.
        var failedBefore: [Int: String] = [:]
        for (index, store) in stores.enumerated() {
            if let failure = try store.events().last(where: { $0.kind == DUTFailure.eventKind }) { failedBefore[index] = failure.message }
        }
        let outcomes = await BatchSequencer(
            plan: plan, members: members, station: launched.station, clock: launched.clock, progress: progress,
            failedBefore: failedBefore
        ).run()
        FinishingCrashPoint.sequenceDone.reach()
        let end = launched.clock.now
        var results: [RunOutcome] = []
        for index in outcomes.indices {
            results.append(
                try conclude(
                    outcomes[index], plan: plan.member(in: sockets[index]), store: stores[index], recorder: recorders[index], end: end, directory: directories[index],
                    key: key))
        }
        return results
    }
}
