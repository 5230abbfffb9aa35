import Foundation

/// What the operator asked for when starting a batch: several DUTs, each in a socket of one station.
public struct BatchRunRequest: Sendable, Equatable {
    /// One DUT and the socket it is in.
    public struct Member: Sendable, Equatable {
        /// The socket id (`S1`).
        public var socket: String
        /// The DUT's serial number.
        public var dut: String

        /// Creates a member.
        public init(socket: String, dut: String) {
            self.socket = socket
            self.dut = dut
        }
    }

    /// The station file.
    public var stationPath: String
    /// The qualification profile.
    public var profilePath: String
    /// The DUTs by socket.
    public var members: [Member]
    /// Where the run directories go (`<base>/<DUT>-<UTC timestamp>`); `runs` when nil.
    public var base: String?
    /// Overrides the station file's simulation seed.
    public var seed: UInt64?
    /// Who runs it.
    public var operatorName: String
    /// The DUTs' lot, when known.
    public var lot: String?
    /// When the batch starts (whole seconds), which names its run directories; now when nil. A caller that must
    /// know the directories before the batch creates them (to replicate them live) sets it and asks
    /// ``memberDirectories(startedAt:)``.
    public var startedAt: Date?

    /// Creates a request.
    public init(
        stationPath: String, profilePath: String, members: [Member], base: String? = nil, seed: UInt64? = nil, operatorName: String,
        lot: String? = nil
    ) {
        self.stationPath = stationPath
        self.profilePath = profilePath
        self.members = members
        self.base = base
        self.seed = seed
        self.operatorName = operatorName
        self.lot = lot
    }

    /// The run directory of each member, in order, for a batch started at `startedAt`: `<base>/<DUT>-<UTC timestamp>`.
    public func memberDirectories(startedAt: Date) -> [String] {
        members.map {
            URL(fileURLWithPath: RunDirectory.defaultPath(dut: $0.dut, startedAt: startedAt, base: base ?? "runs")).standardizedFileURL.path
        }
    }

    /// `date` to whole seconds, as run directories and records name it.
    public static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}
