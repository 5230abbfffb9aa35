import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import RunControl
import RunStore

/// Every run found under the runs roots, read from the run directories alone.
///
/// A run directory is a direct subfolder of a root that holds run.sqlite; its name is the run's id in the console.
/// Summaries of runs nobody works in are cached until run.sqlite or its WAL changes; live runs are read afresh.
public actor RunCatalog {
    /// The runs roots, searched in order (the first root holding a name wins).
    public let roots: [String]
    private var cache: [String: CachedSummary] = [:]
    private var plans: [String: RunPlanInfo?] = [:]
    private var figureCache: [String: (signature: FileSignature, figures: RunFigures)] = [:]

    private struct CachedSummary {
        var signature: FileSignature
        var summary: RunSummary
    }

    /// A catalog over `roots`.
    public init(roots: [String]) {
        self.roots = roots
    }

    /// Every run matching `filter`: live and interrupted runs first, then newest first.
    public func list(filter: RunFilter = RunFilter()) -> [RunSummary] {
        let locks = HeldLocks.snapshot()
        var seen = Set<String>()
        var result: [RunSummary] = []
        for root in roots {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            for name in names where !seen.contains(name) && !name.hasPrefix(".") {
                let directory = URL(fileURLWithPath: root).appendingPathComponent(name).path
                guard let signature = FileSignature(directory: directory) else { continue }
                seen.insert(name)
                guard let summary = try? summary(id: name, directory: directory, signature: signature, locks: locks) else { continue }
                if filter.matches(summary) { result.append(summary) }
            }
        }
        return result.sorted { lhs, rhs in
            let lhsActive = lhs.progress != nil
            let rhsActive = rhs.progress != nil
            if lhsActive != rhsActive { return lhsActive }
            return lhs.startedAt == rhs.startedAt ? lhs.id > rhs.id : lhs.startedAt > rhs.startedAt
        }
    }

    /// The batches among the runs matching `filter`, each with its members' lane maps, in run-list order.
    public func batches(filter: RunFilter = RunFilter()) -> [BatchView] {
        batches(in: list(filter: filter))
    }

    /// The batches among `runs`, each with its members' lane maps (an empty map where a member cannot be read).
    public func batches(in runs: [RunSummary]) -> [BatchView] {
        BatchGrouping.batches(runs) { id in
            (try? figures(id: id).lanes) ?? LaneMapView(stepIndex: nil, lanes: [], decided: 0, failed: 0, remapped: 0)
        }
    }

    /// The directory of run `id`.
    ///
    /// - Throws: ``ConsoleError`` `.badRequest` for an id that cannot name a run directory, `.notFound` when no
    ///   root holds it.
    public func directory(of id: String) throws(ConsoleError) -> String {
        let id = try RunID.check(id)
        for root in roots {
            let directory = URL(fileURLWithPath: root).appendingPathComponent(id).path
            if FileManager.default.fileExists(atPath: URL(fileURLWithPath: directory).appendingPathComponent("run.sqlite").path) {
                return directory
            }
        }
        throw ConsoleError(.notFound, "no run \"\(id)\" under the runs roots (\(roots.joined(separator: ", ")))")
    }

    /// The run list's view of run `id`.
    public func summary(id: String) throws(ConsoleError) -> RunSummary {
        let directory = try directory(of: id)
        guard let signature = FileSignature(directory: directory) else {
            throw ConsoleError(.gone, "the run directory \(directory) was deleted while it was being read")
        }
        return try summary(id: id, directory: directory, signature: signature, locks: HeldLocks.snapshot())
    }

    /// Everything the run page shows about run `id`.
    public func detail(id: String) throws(ConsoleError) -> RunDetail {
        let directory = try directory(of: id)
        let file = try RunFile(directory: directory)
        defer { file.close() }
        let plan = planInfo(directory: directory, file: file)
        let holder = HeldLocks.snapshot().holder(of: RunDirectory(path: directory).lockPath)
        let summary = try file.read("reading the run") { db in
            try RunSummaryBuilder.summary(db, id: id, held: holder.held, pid: holder.pid, plan: plan)
        }
        return try file.read("reading the run's steps, readings and events") { db in
            let steps = try RunQueries.steps(db)
            return RunDetail(
                summary: summary, steps: steps,
                temperatures: try RunQueries.temperatures(steps: steps, maximum: 400, db),
                lanes: try RunQueries.laneMap(steps: steps, plan: plan, running: summary.status == "running", db),
                events: try RunQueries.events(limit: 200, db), counts: try RunQueries.counts(db),
                files: ConsoleFiles.present(in: directory), change: try RunQueries.changeToken(db))
        }
    }

    /// The lane map and event counts of run `id`, cached until run.sqlite changes (for `/metrics`).
    public func figures(id: String) throws(ConsoleError) -> RunFigures {
        let directory = try directory(of: id)
        guard let signature = FileSignature(directory: directory) else {
            throw ConsoleError(.gone, "the run directory \(directory) was deleted while it was being read")
        }
        if let cached = figureCache[directory], cached.signature == signature { return cached.figures }
        let file = try RunFile(directory: directory)
        defer { file.close() }
        let plan = planInfo(directory: directory, file: file)
        let figures = try file.read("reading the lanes and events") { db in
            RunFigures(
                lanes: try RunQueries.laneMap(
                    steps: try RunQueries.steps(db), plan: plan, running: try RunQueries.header(db).status == "running", db),
                counts: try RunQueries.counts(db))
        }
        figureCache[directory] = (signature, figures)
        return figures
    }

    /// The running step's setpoint and soak band of run `id`, or nil when no step runs.
    public func soak(id: String) throws(ConsoleError) -> (setpointCelsius: Double, bandKelvin: Double)? {
        let directory = try directory(of: id)
        let file = try RunFile(directory: directory)
        defer { file.close() }
        let plan = planInfo(directory: directory, file: file)
        let steps = try file.read("reading the steps") { db in try RunQueries.steps(db) }
        guard let step = steps.first(where: { $0.status == "running" }), let setpoint = step.setpointCelsius else { return nil }
        let band = plan.flatMap { $0.bandKelvin.indices.contains(step.index) ? $0.bandKelvin[step.index] : nil } ?? 1
        return (setpoint, band)
    }

    private func summary(id: String, directory: String, signature: FileSignature, locks: HeldLocks) throws(ConsoleError) -> RunSummary {
        let holder = locks.holder(of: RunDirectory(path: directory).lockPath)
        if !holder.held, let cached = cache[directory], cached.signature == signature, cached.summary.state != "live" {
            return cached.summary
        }
        let file = try RunFile(directory: directory)
        defer { file.close() }
        let plan = planInfo(directory: directory, file: file)
        let summary = try file.read("reading the run") { db in
            try RunSummaryBuilder.summary(db, id: id, held: holder.held, pid: holder.pid, plan: plan)
        }
        cache[directory] = CachedSummary(signature: signature, summary: summary)
        return summary
    }

    /// The run's plan, rebuilt once from its stored documents (only for runs that are not finished: the ETA and the
    /// lane count of the map need it).
    func planInfo(directory: String, file: RunFile) -> RunPlanInfo? {
        if let known = plans[directory] { return known }
        let documents = try? file.read("reading the stored station file and profile") { db in
            (try RunQueries.document(RunStore.DocumentName.station, db), try RunQueries.document(RunStore.DocumentName.profile, db))
        }
        let info = RunPlanInfo.load(stationText: documents?.0, profileText: documents?.1)
        plans[directory] = info
        return info
    }
}

/// The modification time and size of run.sqlite and its WAL: when neither changed, nothing was recorded.
struct FileSignature: Equatable, Sendable {
    var database: [Int64]
    var wal: [Int64]

    init?(directory: String) {
        let path = directory + "/run.sqlite"
        guard let database = Self.sizeAndTime(path) else { return nil }
        self.database = database
        self.wal = Self.sizeAndTime(path + "-wal") ?? []
    }

    private static func sizeAndTime(_ path: String) -> [Int64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [Int64(info.st_size), Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec)]
    }
}
