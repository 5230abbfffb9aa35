import Foundation
import StationLinks

/// The reading half of a session's resynchronisation, shared by ``SCPISession`` and ``LineSession``: drop every
/// line up to the answers of the sentinels sent, keeping count of the answers still owed.
enum SentinelDrain {
    /// Sentinel answers still owed after which a session stops waiting for them (one was lost on the way).
    static let maximumOwed = 3

    /// Before a sentinel is sent: with too many answers owed, waits for the line to fall quiet for `quiet` and
    /// forgets them; with none owed, discards pending input unread. Returns the answers still owed.
    static func prepare(_ link: any ByteLink, owed: Int, quiet: Duration) async throws -> Int {
        var owed = owed
        if owed >= maximumOwed {
            _ = try? await link.readFrame(quietInterval: quiet, maxCount: 1 << 20, timeout: quiet)
            owed = 0
        }
        if owed == 0 { try await link.discardInput() }
        return owed
    }

    /// Reads lines ended by `end` for up to `timeout` until `owed` of them are sentinel answers (`isAnswer`); the
    /// others are late replies. Returns them and the answers still owed (more than 0 when the time ran out).
    static func read(
        _ link: any ByteLink, end: UInt8, maxCount: Int, timeout: Duration, owed: Int,
        isAnswer: (String) -> Bool
    ) async throws -> (dropped: [String], owed: Int) {
        let deadline = ContinuousClock.now + timeout
        var owed = owed
        var dropped: [String] = []
        while owed > 0 {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { break }
            let bytes: [UInt8]
            do {
                bytes = try await link.read(until: end, maxCount: maxCount, timeout: remaining)
            } catch let error as LinkError where error.kind == .timeout {
                break
            }
            let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if isAnswer(line) {
                owed -= 1
            } else {
                dropped.append(line)
            }
        }
        return (dropped, owed)
    }

    /// The late replies in words, for the event log.
    static func describe(_ dropped: [String]) -> String {
        dropped.isEmpty ? "no late reply" : "dropped late replies " + dropped.map(\.debugDescription).joined(separator: ", ")
    }
}
