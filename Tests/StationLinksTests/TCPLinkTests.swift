import Foundation
import Glibc
import StationLinks
import Testing

/// Accepts one connection and runs `body` with its descriptor on a thread of its own.
private func serveOnce(_ listener: TCPListener, _ body: @escaping @Sendable (Int32) throws -> Void) {
    startThread {
        guard let fd = try? listener.accept(timeout: .seconds(120)) else { return }
        defer { close(fd) }
        try? body(fd)
    }
}

/// Reads one line from a server-side descriptor.
private func serverLine(_ fd: Int32) throws -> String {
    var collected: [UInt8] = []
    while !collected.contains(0x0A) {
        let bytes = try DescriptorIO.readSome(fd, max: 256, timeoutMilliseconds: 2000)
        if bytes.isEmpty { break }
        collected += bytes
    }
    return String(decoding: collected.prefix(while: { $0 != 0x0A }), as: UTF8.self)
}

@Suite("TCP link and listener")
struct TCPLinkTests {
    @Test("a query round trip through TCPListener and DescriptorIO")
    func roundTrip() async throws {
        let listener = try TCPListener()
        defer { listener.close() }
        serveOnce(listener) { fd in
            let command = try serverLine(fd)
            try DescriptorIO.writeAll(fd, Array("reply to \(command)\n".utf8))
        }
        let link = try await TCPLink.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2),
                                             resource: listener.resource)
        #expect(link.resource == .tcpSocket(board: 0, host: "127.0.0.1", port: listener.port))
        try await link.write("*IDN?\n".bytes, timeout: .seconds(2))
        #expect(try await link.read(until: 0x0A, maxCount: 256, timeout: .seconds(30)).text == "reply to *IDN?")
        await link.close()
    }

    @Test("a host name is resolved")
    func hostName() async throws {
        let listener = try TCPListener()
        defer { listener.close() }
        serveOnce(listener) { fd in try DescriptorIO.writeAll(fd, Array("hello\n".utf8)) }
        let link = try await TCPLink.connect(host: "localhost", port: listener.port, timeout: .seconds(5))
        #expect(try await link.read(until: 0x0A, maxCount: 256, timeout: .seconds(30)).text == "hello")
        await link.close()
    }

    @Test("connecting to a closed port fails with connectFailed(ECONNREFUSED)")
    func refused() async throws {
        let listener = try TCPListener()
        let port = listener.port
        listener.close()
        let error = await linkError { try await TCPLink.connect(host: "127.0.0.1", port: port, timeout: .seconds(2)) }
        #expect(error?.kind == .connectFailed(errno: ECONNREFUSED))
        #expect(error?.description.contains("\(port)") == true)
    }

    @Test("an unknown host name fails with connectFailed")
    func unknownHost() async throws {
        let error = await linkError {
            try await TCPLink.connect(host: "no-such-host.invalid", port: 5025, timeout: .seconds(5))
        }
        guard case .connectFailed? = error?.kind else {
            Issue.record("expected connectFailed, got \(String(describing: error))")
            return
        }
    }

    @Test("a silent server gives a read timeout")
    func readTimeout() async throws {
        let listener = try TCPListener()
        defer { listener.close() }
        serveOnce(listener) { fd in
            try DescriptorIO.writeAll(fd, Array("12".utf8))
            // Silent, but connected until the client closes (a loaded machine may start the read seconds late).
            _ = try DescriptorIO.readSome(fd, max: 16, timeoutMilliseconds: 120_000)
        }
        let link = try await TCPLink.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        let start = ContinuousClock.now
        let error = await linkError { try await link.read(until: 0x0A, maxCount: 64, timeout: .milliseconds(150)) }
        #expect(error?.kind == .timeout)
        #expect(error?.received.text == "12")
        #expect(ContinuousClock.now - start >= .milliseconds(150))
        #expect(ContinuousClock.now - start < .seconds(120), "the read must return after its timeout, not hang")
        await link.close()
    }

    @Test("a server that closes the connection gives .hangup on read and on write")
    func peerClose() async throws {
        let listener = try TCPListener()
        defer { listener.close() }
        serveOnce(listener) { fd in
            try DescriptorIO.writeAll(fd, Array("bye".utf8))
            usleep(100_000)
        }
        let link = try await TCPLink.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        let error = await linkError { try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(20)) }
        #expect(error?.kind == .hangup)
        #expect(error?.received.text == "bye")
        // Writing to a closed peer reports a hangup (and does not raise SIGPIPE).
        var writeError: LinkError?
        for _ in 0..<50 where writeError == nil {
            writeError = await linkError { try await link.write("*RST\n".bytes, timeout: .seconds(1)) }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(writeError?.kind == .hangup)
        await link.close()
    }

    @Test("accept times out, and closing the listener wakes a waiting accept")
    func listener() async throws {
        let listener = try TCPListener()
        let timeout = await linkError { try await onThread { try listener.accept(timeout: .milliseconds(50)) } }
        #expect(timeout?.kind == .timeout)
        let waiting = Task { await linkError { try await onThread { try listener.accept(timeout: nil) } } }
        try await Task.sleep(for: .milliseconds(100))
        listener.close()
        #expect(await waiting.value?.kind == .closed)
        let taken = try TCPListener()
        defer { taken.close() }
        let busy = #expect(throws: LinkError.self) { try TCPListener(port: taken.port) }
        #expect(busy?.kind == .cannotOpen(errno: EADDRINUSE))
    }

    @Test("DescriptorIO.readSome returns nothing on timeout and throws .hangup at end of stream")
    func descriptorIO() async throws {
        let listener = try TCPListener()
        defer { listener.close() }
        serveOnce(listener) { fd in
            let quiet = try DescriptorIO.readSome(fd, max: 16, timeoutMilliseconds: 50)
            try DescriptorIO.writeAll(fd, Array((quiet.isEmpty ? "empty\n" : "data\n").utf8))
            _ = try DescriptorIO.readSome(fd, max: 16, timeoutMilliseconds: 3000)
        }
        let link = try await TCPLink.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        #expect(try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(30)).text == "empty")
        await link.close()

        let second = try TCPListener()
        defer { second.close() }
        let hangup = Task {
            await linkError {
                try await onThread {
                    let fd = try second.accept(timeout: .seconds(5))
                    defer { close(fd) }
                    return try DescriptorIO.readSome(fd, max: 16, timeoutMilliseconds: 5000)
                }
            }
        }
        let client = try await TCPLink.connect(host: "127.0.0.1", port: second.port, timeout: .seconds(2))
        await client.close()
        #expect(await hangup.value?.kind == .hangup)
    }
}
