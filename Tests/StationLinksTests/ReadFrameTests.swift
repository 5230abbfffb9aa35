import Foundation
import StationLinks
import Testing

@Suite("Frames delimited by a quiet line")
struct ReadFrameTests {
    @Test("a frame written in two pieces closer than the quiet interval is one frame")
    func oneFrame() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        writeLater(terminal, [(0, "\u{01}\u{03}\u{02}"), (10, "\u{00}\u{FA}")])
        let frame = try await link.readFrame(quietInterval: .milliseconds(150), maxCount: 256, timeout: .seconds(2))
        #expect(frame == [0x01, 0x03, 0x02, 0x00] + Array("\u{FA}".utf8))
        await link.close()
    }

    @Test("two frames separated by more than the quiet interval are read separately")
    func twoFrames() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        // The second frame is written only once the first has been delimited, so a loaded machine that is slow to
        // start the first read cannot merge them; the quiet line alone must end the first frame.
        try terminal.write("ABC".bytes)
        let first = try await link.readFrame(quietInterval: .milliseconds(80), maxCount: 256, timeout: .seconds(5))
        try terminal.write("DE".bytes)
        let second = try await link.readFrame(quietInterval: .milliseconds(80), maxCount: 256, timeout: .seconds(5))
        #expect(first.text == "ABC")
        #expect(second.text == "DE")
        await link.close()
    }

    @Test("no first byte within the timeout is a timeout; maxCount bounds a frame")
    func timeoutAndLimit() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        let error = await linkError {
            try await link.readFrame(quietInterval: .milliseconds(20), maxCount: 256, timeout: .milliseconds(100))
        }
        #expect(error?.kind == .timeout)
        try terminal.write("0123456789".bytes)
        let limited = try await link.readFrame(quietInterval: .milliseconds(50), maxCount: 4, timeout: .seconds(2))
        #expect(limited.text == "0123")
        let rest = try await link.readFrame(quietInterval: .milliseconds(50), maxCount: 64, timeout: .seconds(2))
        #expect(rest.text == "456789")
        await link.close()
    }
}
