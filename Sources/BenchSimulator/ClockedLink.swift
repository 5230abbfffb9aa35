import StationClock
import StationLinks

/// The driver's end of a simulated instrument's link on a virtual clock: a wait for a reply that will never come
/// (the simulator withheld it: a dropped reply, silence) elapses in station time, as it would on a real bench,
/// instead of holding the virtual clock still for the link's whole wall-clock timeout.
///
/// A reply that is on its way is never timed out: while the simulator has not finished with every request byte,
/// or reply bytes are unread, the read waits on the wall clock as any link does (the simulator serving a request
/// is work the virtual clock waits for). Only when the ``LinkLedger`` shows nothing on its way does the read sleep
/// on the station clock until its deadline; it then still takes any byte that arrived, for a short wall-clock grace.
public final class ClockedLink: CharacterTimedLink {
    /// How long a read still looks for bytes, on the wall clock, after a station-time timeout with nothing on its way.
    public static let lateGrace = Duration.milliseconds(5)

    private let base: any ByteLink
    private let ledger: LinkLedger
    private let clock: any StationClock

    /// Wraps `base`, whose far end keeps `ledger`, on `clock`.
    public init(base: any ByteLink, ledger: LinkLedger, clock: any StationClock) {
        self.base = base
        self.ledger = ledger
        self.clock = clock
    }

    /// The wrapped link's address.
    public var resource: ResourceString { base.resource }

    /// Whether the wrapped link is a pseudo-terminal (a simulator's serial port has no character timing).
    public var isPseudoTerminal: Bool { (base as? any CharacterTimedLink)?.isPseudoTerminal ?? false }

    /// Writes through the wrapped link, counting the request bytes first.
    public func write(_ bytes: [UInt8], timeout: Duration) async throws {
        ledger.sent(bytes.count)
        do {
            try await base.write(bytes, timeout: timeout)
        } catch {
            ledger.servedAll()
            throw error
        }
    }

    /// Reads up to a terminator (consumed with the reply).
    public func read(until terminator: UInt8, maxCount: Int, timeout: Duration) async throws -> [UInt8] {
        try await reading(timeout, extra: 1) { try await self.base.read(until: terminator, maxCount: maxCount, timeout: $0) }
    }

    /// Reads exactly `count` bytes.
    public func read(exactly count: Int, timeout: Duration) async throws -> [UInt8] {
        try await reading(timeout, extra: 0) { try await self.base.read(exactly: count, timeout: $0) }
    }

    /// Reads a frame delimited by a quiet interval.
    public func readFrame(quietInterval: Duration, maxCount: Int, timeout: Duration) async throws -> [UInt8] {
        try await reading(timeout, extra: 0) {
            try await self.base.readFrame(quietInterval: quietInterval, maxCount: maxCount, timeout: $0)
        }
    }

    /// Drops buffered input; every reply byte so far counts as read.
    public func discardInput() async throws {
        try await base.discardInput()
        ledger.discardedReplies()
    }

    /// Closes the wrapped link.
    public func close() async {
        await base.close()
    }

    /// Waits for the simulator to finish with the request; with nothing on its way, lets `timeout` pass in station
    /// time and then reads with a short grace; otherwise reads with the full timeout. `extra` bytes (a consumed
    /// terminator) count as read besides those returned.
    private func reading(
        _ timeout: Duration, extra: Int, _ read: (Duration) async throws -> [UInt8]
    ) async throws -> [UInt8] {
        var limit = timeout
        let served = await ledger.waitUntilServed(timeout: timeout)
        if !served {
            limit = Self.lateGrace
        } else if ledger.isQuiet {
            try await clock.sleep(for: timeout)
            limit = Self.lateGrace
        }
        do {
            let bytes = try await read(limit)
            ledger.consumed(bytes.count + extra)
            return bytes
        } catch {
            ledger.discardedReplies()
            throw error
        }
    }
}
