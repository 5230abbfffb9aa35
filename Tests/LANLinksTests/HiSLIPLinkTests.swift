import LANLinks
import StationLinks
import Testing

/// QualStation's HiSLIP client against its own HiSLIP server, over loopback TCP.
@Suite struct HiSLIPLinkTests {
    struct Served {
        let server: HiSLIPServer
        let instrument = FakeInstrument()

        init() throws {
            server = try HiSLIPServer(host: "127.0.0.1", port: 0, backend: instrument, locks: LANLockTable(),
                                      responseTimeout: .seconds(10))
        }

        var resource: ResourceString { .hislip(board: 0, host: "127.0.0.1", device: "hislip0", port: server.port) }

        func open() async throws -> HiSLIPLink { try await HiSLIPLink.open(resource, timeout: .seconds(10)) }
    }

    @Test func identifiesReadsTheErrorQueueAndClears() async throws {
        let served = try Served()
        defer { served.server.stop() }
        let link = try await served.open()
        try await link.write(Array("*IDN?\n".utf8), timeout: .seconds(10))
        let identity = try await link.read(until: 0x0A, maxCount: 4096, timeout: .seconds(10))
        #expect(String(decoding: identity, as: UTF8.self) == "QualStation,FAKE-1,0001,1.0")
        try await link.write(Array("BAD:HEADER\n".utf8), timeout: .seconds(1))
        try await link.write(Array("SYST:ERR?\n".utf8), timeout: .seconds(1))
        let error = try await link.read(until: 0x0A, maxCount: 4096, timeout: .seconds(2))
        #expect(String(decoding: error, as: UTF8.self).hasPrefix("-113"))
        try await link.deviceClear(timeout: .seconds(2))
        try await link.write(Array("*IDN?\n".utf8), timeout: .seconds(1))
        #expect(try await link.read(until: 0x0A, maxCount: 4096, timeout: .seconds(2)).count > 10)
        await link.close()
    }

    @Test func aSecondSessionCannotTakeTheLockWhileTheFirstHoldsIt() async throws {
        let served = try Served()
        defer { served.server.stop() }
        let first = try await served.open()
        let second = try await served.open()
        #expect(first.sessionID != second.sessionID)
        try await first.lock(timeout: .seconds(1))
        let error = await #expect(throws: LANLinkError.self) { try await second.lock(timeout: .milliseconds(200)) }
        #expect(error?.isLockedByAnotherController == true)
        #expect(error?.protocolName == .hislip)
        try await first.unlock(timeout: .seconds(1))
        try await second.lock(timeout: .seconds(1))
        await second.close()
        await first.close()
    }

    @Test func sessionsSharingALockNameHoldItTogetherAndKeepOthersOut() async throws {
        let served = try Served()
        defer { served.server.stop() }
        let first = try await served.open()
        let second = try await served.open()
        let outsider = try await served.open()
        try await first.session.lock(timeout: .seconds(1), sharedName: "bench-7")
        try await second.session.lock(timeout: .seconds(1), sharedName: "bench-7")
        await #expect(throws: LANLinkError.self) { try await outsider.lock(timeout: .milliseconds(200)) }
        await #expect(throws: LANLinkError.self) {
            try await outsider.session.lock(timeout: .milliseconds(200), sharedName: "other")
        }
        try await first.unlock(timeout: .seconds(1))
        try await second.unlock(timeout: .seconds(1))
        try await outsider.lock(timeout: .seconds(1))
        for link in [first, second, outsider] { await link.close() }
    }

    @Test func aWrongSubAddressIsRefused() async throws {
        let served = try Served()
        defer { served.server.stop() }
        await #expect(throws: (any Error).self) {
            _ = try await HiSLIPLink.open(.hislip(board: 0, host: "127.0.0.1", device: "hislip7", port: served.server.port),
                                          timeout: .seconds(2))
        }
    }
}
