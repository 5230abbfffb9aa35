import RunControl

/// Which batch a run belongs to (from `batch.id` and `batch.socket` in its metadata).
public struct BatchMembership: Codable, Sendable, Equatable {
    /// The batch's id, shared by every member.
    public var id: String
    /// The socket this run's DUT was in.
    public var socket: String
    /// Every member as `SOCKET=SERIAL`, in the order the batch recorded them.
    public var members: [String]

    /// The membership recorded in `metadata`, or nil for a single run.
    init?(metadata: [String: String]) {
        guard let id = metadata[BatchMetadata.id], !id.isEmpty else { return nil }
        self.id = id
        self.socket = metadata[BatchMetadata.socket] ?? ""
        self.members = (metadata[BatchMetadata.members] ?? "").split(separator: " ").map(String.init)
    }
}

/// The runs of one batch as the console shows them: one card with each member's lane map.
public struct BatchView: Codable, Sendable, Equatable {
    /// The batch's id.
    public var id: String
    /// The station id.
    public var station: String
    /// The profile's name and version.
    public var profile: String
    /// The profile's version.
    public var profileVersion: String
    /// `live` while any member is live, else the members' states when they agree, else `mixed`.
    public var state: String
    /// The members found under the runs roots, by socket.
    public var members: [BatchMemberView]
}

/// One member of a batch: its run, DUT, socket, state and lane map.
public struct BatchMemberView: Codable, Sendable, Equatable {
    /// The run directory's name (the id in the console's URLs).
    public var run: String
    /// The DUT serial.
    public var dut: String
    /// The socket.
    public var socket: String
    /// `live`, `interrupted` or the verdict.
    public var state: String
    /// PASS, FAIL or INCOMPLETE once decided.
    public var verdict: String?
    /// The latest gate's lane map.
    public var lanes: LaneMapView
}

/// Groups a run list's batch members into batches, in the order their first member appears.
enum BatchGrouping {
    static func batches(_ runs: [RunSummary], lanes: (String) -> LaneMapView) -> [BatchView] {
        var order: [String] = []
        var members: [String: [RunSummary]] = [:]
        for run in runs {
            guard let batch = run.batch else { continue }
            if members[batch.id] == nil { order.append(batch.id) }
            members[batch.id, default: []].append(run)
        }
        return order.compactMap { id in
            guard let runs = members[id]?.sorted(by: { ($0.batch?.socket ?? "") < ($1.batch?.socket ?? "") }), let first = runs.first
            else { return nil }
            let states = Set(runs.map(\.state))
            let state = states.contains("live") ? "live" : (states.count == 1 ? first.state : "mixed")
            return BatchView(
                id: id, station: first.station, profile: first.profile, profileVersion: first.profileVersion, state: state,
                members: runs.map { run in
                    BatchMemberView(
                        run: run.id, dut: run.dut, socket: run.batch?.socket ?? "", state: run.state, verdict: run.verdict,
                        lanes: lanes(run.id))
                })
        }
    }
}
