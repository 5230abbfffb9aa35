import Foundation
import Glibc
@testable import StationLinks
import Testing

@Suite("Serial link over a pseudo-terminal")
struct SerialLinkTests {
    @Test("a query goes out and its reply comes back without the terminator")
    func query() async throws {
        let (terminal, link) = try openSerialPair(SerialSettings(baud: 115_200))
        defer { terminal.close() }
        try await link.write("*IDN?\n".bytes, timeout: .seconds(2))
        #expect(try await controllerLine(terminal) == "*IDN?")
        try terminal.write("Thorlabs,PM100D,P0001234,2.7.0\n".bytes)
        let reply = try await link.read(until: 0x0A, maxCount: 4096, timeout: .seconds(2))
        #expect(reply.text == "Thorlabs,PM100D,P0001234,2.7.0")
        #expect(link.resource == .serial(device: terminal.devicePath))
        await link.close()
    }

    @Test("a reply written in several pieces with pauses is assembled")
    func splitReply() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        writeLater(terminal, [(0, "1.2345"), (30, "E-03,"), (30, "OK"), (30, "\n")])
        let reply = try await link.read(until: 0x0A, maxCount: 4096, timeout: .seconds(3))
        #expect(reply.text == "1.2345E-03,OK")
        await link.close()
    }

    @Test("read exactly collects across chunks and leaves the rest buffered")
    func readExactly() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        writeLater(terminal, [(0, "#2"), (20, "12Hel"), (20, "lo worldXY")])
        #expect(try await link.read(exactly: 4, timeout: .seconds(3)).text == "#212")
        #expect(try await link.read(exactly: 11, timeout: .seconds(3)).text == "Hello world")
        #expect(try await link.read(exactly: 2, timeout: .seconds(3)).text == "XY")
        await link.close()
    }

    @Test("bytes after the terminator are kept for the next read")
    func bytesAfterTerminator() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        try terminal.write("25.0,24.8\nOK\nNA:CMD".bytes)
        #expect(try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(30)).text == "25.0,24.8")
        #expect(try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(30)).text == "OK")
        writeLater(terminal, [(20, " ERR\n")])
        #expect(try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(30)).text == "NA:CMD ERR")
        await link.close()
    }

    @Test("a silent instrument gives a timeout that carries the partial reply")
    func timeoutCarriesPartial() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        try terminal.write("1.23E".bytes)
        let start = ContinuousClock.now
        let error = await linkError { try await link.read(until: 0x0A, maxCount: 64, timeout: .milliseconds(200)) }
        let elapsed = ContinuousClock.now - start
        #expect(error?.kind == .timeout)
        #expect(error?.received.text == "1.23E")
        #expect(error?.description.contains("31 2E 32 33 45") == true)
        #expect(elapsed >= .milliseconds(200))
        #expect(elapsed < .seconds(120), "the read must return after its timeout, not hang")
        // The partial bytes went with the error; the next reply reads cleanly.
        try terminal.write("OK\n".bytes)
        #expect(try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(30)).text == "OK")
        await link.close()
    }

    @Test("an instrument that hangs up gives .hangup, not a hang or a timeout")
    func hangup() async throws {
        let (terminal, link) = try openSerialPair()
        try terminal.write("partial".bytes)
        startThread {
            usleep(100_000)
            terminal.close()
        }
        let start = ContinuousClock.now
        let error = await linkError { try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(120)) }
        #expect(error?.kind == .hangup)
        #expect(error?.received.text == "partial")
        // Far below the read timeout: the hangup ended the read, not the clock (bounds generous for a loaded machine).
        #expect(ContinuousClock.now - start < .seconds(60))
        let again = await linkError { try await link.read(exactly: 1, timeout: .seconds(20)) }
        #expect(again?.kind == .hangup)
        let write = await linkError { try await link.write("X\n".bytes, timeout: .seconds(2)) }
        #expect(write?.kind == .hangup)
        await link.close()
    }

    @Test("a write larger than the kernel's buffer completes through partial writes, in order")
    func largeWrite() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        let received = Task {
            try await onThread {
                var collected: [UInt8] = []
                // A loaded machine may leave the writer unscheduled for a while: give up only after 25 s.
                let deadline = ContinuousClock.now + .seconds(25)
                while collected.count < payload.count, ContinuousClock.now < deadline {
                    collected += try terminal.read(max: 1500, timeoutMilliseconds: 500)
                    usleep(200)
                }
                return collected
            }
        }
        try await link.write(payload, timeout: .seconds(90))
        #expect(try await received.value == payload)
        await link.close()
    }

    @Test("a write the instrument never takes times out, saying how much went out")
    func writeTimeout() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        let error = await linkError {
            try await link.write([UInt8](repeating: 0x55, count: 4_000_000), timeout: .milliseconds(200))
        }
        #expect(error?.kind == .timeout)
        #expect(error?.detail.contains("of 4000000 byte(s) written") == true)
        await link.close()
    }

    @Test("no terminator within maxCount bytes is an overflow")
    func overflow() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        try terminal.write("0123456789ABCDEF\n".bytes)
        let error = await linkError { try await link.read(until: 0x0A, maxCount: 10, timeout: .seconds(2)) }
        #expect(error?.kind == .overflow)
        #expect(error?.received.text == "0123456789")
        #expect(try await link.read(until: 0x0A, maxCount: 10, timeout: .seconds(30)).text == "ABCDEF")
        // maxCount counts the terminator: 3 bytes and LF fit in 4, 4 bytes and LF do not.
        try terminal.write("ABC\nABCD\n".bytes)
        #expect(try await link.read(until: 0x0A, maxCount: 4, timeout: .seconds(30)).text == "ABC")
        let tight = await linkError { try await link.read(until: 0x0A, maxCount: 4, timeout: .seconds(2)) }
        #expect(tight?.kind == .overflow)
        #expect(tight?.received.text == "ABCD")
        await link.close()
    }

    @Test("a second link on the same device is refused while the first is open")
    func exclusive() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        let error = await linkError { try SerialLink.open(path: terminal.devicePath, settings: SerialSettings()) }
        #expect(error?.kind == .cannotOpen(errno: EBUSY))
        #expect(error?.description.contains("already open") == true)
        await link.close()
        let reopened = try SerialLink.open(path: terminal.devicePath, settings: SerialSettings())
        await reopened.close()
    }

    @Test("a pseudo-terminal's device side is known as one, also through a symbolic link as socat makes them")
    func pseudoTerminalIsRecognised() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        #expect(link.isPseudoTerminal)
        await link.close()
        let alias = FileManager.default.temporaryDirectory.appendingPathComponent("qs-tty-\(UUID().uuidString)").path
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: terminal.devicePath)
        defer { try? FileManager.default.removeItem(atPath: alias) }
        let aliased = try SerialLink.open(path: alias, settings: SerialSettings(baud: 19200))
        #expect(aliased.isPseudoTerminal)
        await aliased.close()
    }

    @Test("a missing device cannot be opened, and impossible settings are refused before opening")
    func cannotOpen() async throws {
        let error = await linkError { try SerialLink.open(path: "/dev/does-not-exist-qs", settings: SerialSettings()) }
        #expect(error?.kind == .cannotOpen(errno: ENOENT))
        #expect(error?.resource == "ASRL/dev/does-not-exist-qs::INSTR")
        #expect(throws: SerialSettingsError.self) {
            try SerialLink.open(path: "/dev/null", settings: SerialSettings(baud: 12345))
        }
        let notTerminal = await linkError { try SerialLink.open(path: "/dev/null", settings: SerialSettings()) }
        #expect(notTerminal?.kind == .cannotOpen(errno: ENOTTY))
    }

    @Test("the settings reach the terminal")
    func settingsApplied() async throws {
        let settings = SerialSettings(baud: 19200, dataBits: 7, parity: .even, stopBits: .two, flowControl: .xonXoff)
        let (terminal, link) = try openSerialPair(settings)
        defer { terminal.close() }
        // The controller side reads the device side's attributes. (A pty forces CS8 and no parity, so those
        // are checked on the computed attributes below.)
        var attributes = termios()
        #expect(tcgetattr(terminal.controllerDescriptor, &attributes) == 0)
        #expect(cfgetospeed(&attributes) == speed_t(B19200))
        #expect(attributes.c_cflag & tcflag_t(CSTOPB) != 0)
        #expect(attributes.c_iflag & tcflag_t(IXON | IXOFF) == tcflag_t(IXON | IXOFF))
        #expect(attributes.c_lflag & tcflag_t(ICANON | ECHO | ISIG) == 0)
        #expect(attributes.c_oflag & tcflag_t(OPOST) == 0)
        let (minimum, time) = withUnsafeBytes(of: attributes.c_cc) { ($0[Int(VMIN)], $0[Int(VTIME)]) }
        #expect(minimum == 0 && time == 0)
        await link.close()
    }

    @Test("character size, parity, stop bits and flow control are cleared, then set", arguments: [
        (SerialSettings(baud: 9600), tcflag_t(CS8), tcflag_t(0), false),
        (SerialSettings(baud: 19200, dataBits: 7, parity: .even, stopBits: .two), tcflag_t(CS7), tcflag_t(PARENB), false),
        (SerialSettings(dataBits: 5, parity: .odd, flowControl: .rtsCts), tcflag_t(CS5), tcflag_t(PARENB | PARODD), true),
        (SerialSettings(dataBits: 6, flowControl: .xonXoff), tcflag_t(CS6), tcflag_t(0), false),
    ])
    func computedAttributes(settings: SerialSettings, size: tcflag_t, parity: tcflag_t, rtsCts: Bool) {
        var attributes = termios()
        // Start from the opposite of what is wanted, to see every field cleared.
        attributes.c_cflag = tcflag_t(CSIZE | PARENB | PARODD | CSTOPB) | tcflag_t(CRTSCTS)
        attributes.c_iflag = tcflag_t(IXON | IXOFF | IXANY | ICRNL)
        attributes.c_lflag = tcflag_t(ICANON | ECHO)
        #expect(TerminalAttributes.configure(&attributes, for: settings))
        #expect(attributes.c_cflag & tcflag_t(CSIZE) == size)
        #expect(attributes.c_cflag & tcflag_t(PARENB | PARODD) == parity)
        #expect((attributes.c_cflag & tcflag_t(CSTOPB) != 0) == (settings.stopBits == .two))
        #expect((attributes.c_cflag & tcflag_t(CRTSCTS) != 0) == rtsCts)
        #expect((attributes.c_iflag & tcflag_t(IXON) != 0) == (settings.flowControl == .xonXoff))
        #expect(attributes.c_iflag & tcflag_t(IXANY | ICRNL) == 0)
        #expect(attributes.c_cflag & tcflag_t(CLOCAL | CREAD) == tcflag_t(CLOCAL | CREAD))
        #expect(attributes.c_lflag & tcflag_t(ICANON | ECHO) == 0)
        #expect(cfgetospeed(&attributes) == cfgetispeed(&attributes))
    }

    @Test("cancelling a pending read ends it promptly with .cancelled, and the link still works")
    func cancellation() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        let start = ContinuousClock.now
        let pending = Task { try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(120)) }
        try await Task.sleep(for: .milliseconds(100))
        pending.cancel()
        let error = await linkError { try await pending.value }
        #expect(error?.kind == .cancelled)
        // Far below the read timeout: cancellation ended the read (bounds generous for a loaded machine).
        #expect(ContinuousClock.now - start < .seconds(60))
        try terminal.write("OK\n".bytes)
        #expect(try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(30)).text == "OK")
        await link.close()
    }

    @Test("closing the link ends a pending read with .closed, and later calls too")
    func closeWakesReader() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        let pending = Task { try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(100))
        await link.close()
        let error = await linkError { try await pending.value }
        #expect(error?.kind == .closed)
        let later = await linkError { try await link.write("X".bytes, timeout: .seconds(1)) }
        #expect(later?.kind == .closed)
        await link.close()
    }

    @Test("concurrent reads on one link are served one at a time, each getting whole records")
    func concurrentReads() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        let records = (0..<40).map { String(format: "R%03d;", $0) }
        writeLater(terminal, records.map { (2, $0) })
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in records {
                group.addTask { try await link.read(exactly: 5, timeout: .seconds(10)).text }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.sorted() == records)
        await link.close()
    }

    @Test("discarding input drops stale bytes")
    func discard() async throws {
        let (terminal, link) = try openSerialPair()
        defer { terminal.close() }
        try terminal.write("stale reply\n".bytes)
        try await Task.sleep(for: .milliseconds(50))
        try await link.discardInput()
        try terminal.write("fresh\n".bytes)
        #expect(try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(30)).text == "fresh")
        await link.close()
    }

    @Test("a simulator keeps serving while the client closes and reopens the device")
    func reconnect() async throws {
        let terminal = try PseudoTerminal.open()
        defer { terminal.close() }
        for round in 1...2 {
            let link = try SerialLink.open(path: terminal.devicePath, settings: SerialSettings())
            try await link.write("PM:P?\n".bytes, timeout: .seconds(2))
            #expect(try await controllerLine(terminal) == "PM:P?")
            try terminal.write("\(round)\n".bytes)
            #expect(try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(30)).text == "\(round)")
            await link.close()
            // Nobody has the device open now: the controller reports nothing, rather than failing.
            let idle = try await onThread { try terminal.read(timeoutMilliseconds: 60) }
            #expect(idle.isEmpty)
        }
    }
}
