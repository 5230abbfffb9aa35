import LANLinks
import StationLinks
import Testing

/// QualStation's VXI-11 client against its own VXI-11 server and portmapper, over loopback TCP.
@Suite struct VXI11LinkTests {
    struct Served {
        let portmapper: PortmapperServer
        let core: VXI11Server
        let instrument = FakeInstrument()
        let resource: ResourceString = .vxi11(board: 0, host: "127.0.0.1", device: "inst0")

        init() throws {
            let locks = LANLockTable()
            core = try VXI11Server(host: "127.0.0.1", port: 0, backend: instrument, locks: locks)
            portmapper = try PortmapperServer(host: "127.0.0.1", port: 0, mappings: [core.mapping])
        }

        func open() async throws -> VXI11Link {
            try await VXI11Link.open(resource, portmapperPort: portmapper.port, timeout: .seconds(2))
        }

        func stop() {
            portmapper.stop()
            core.stop()
        }
    }

    @Test func identifiesReadsTheErrorQueueAndClears() async throws {
        let served = try Served()
        defer { served.stop() }
        let link = try await served.open()
        #expect(link.corePort == served.core.port)
        try await link.write(Array("*IDN?\n".utf8), timeout: .seconds(1))
        let identity = try await link.read(until: 0x0A, maxCount: 4096, timeout: .seconds(1))
        #expect(String(decoding: identity, as: UTF8.self) == "QualStation,FAKE-1,0001,1.0")
        try await link.write(Array("NOT:A:COMMAND\n".utf8), timeout: .seconds(1))
        try await link.write(Array("SYST:ERR?\n".utf8), timeout: .seconds(1))
        let error = try await link.read(until: 0x0A, maxCount: 4096, timeout: .seconds(1))
        #expect(String(decoding: error, as: UTF8.self).hasPrefix("-113"))
        try await link.write(Array("ECHO?\n".utf8), timeout: .seconds(1))
        try await link.deviceClear(timeout: .seconds(1))
        // The cleared response is gone: a read now times out.
        await #expect(throws: LinkError.self) { try await link.read(until: 0x0A, maxCount: 64, timeout: .milliseconds(200)) }
        await link.close()
    }

    @Test func aSecondLinkIsRefusedWhileTheFirstHoldsTheLock() async throws {
        let served = try Served()
        defer { served.stop() }
        let first = try await served.open()
        let second = try await served.open()
        try await first.lock(timeout: .seconds(1))
        let error = await #expect(throws: LANLinkError.self) {
            try await second.write(Array("*IDN?\n".utf8), timeout: .seconds(1))
        }
        #expect(error?.isLockedByAnotherController == true)
        #expect(error?.code == 11)
        #expect(error?.description.contains("locked by another controller") == true)
        await #expect(throws: LANLinkError.self) { try await second.lock(timeout: .milliseconds(100)) }
        try await first.unlock(timeout: .seconds(1))
        try await second.lock(timeout: .seconds(1))
        await second.close()
        // Closing the link (destroy_link) released its lock.
        try await first.lock(timeout: .seconds(1))
        await first.close()
    }

    @Test func anUnknownDeviceOrAMissingPortmapperEntryIsATypedError() async throws {
        let served = try Served()
        defer { served.stop() }
        let error = await #expect(throws: LANLinkError.self) {
            _ = try await VXI11Link.open(.vxi11(board: 0, host: "127.0.0.1", device: "inst9"),
                                         portmapperPort: served.portmapper.port, timeout: .seconds(2))
        }
        #expect(error?.code == 3)
        #expect(error?.device == "inst9")
        #expect(error?.host == "127.0.0.1")
        let empty = try PortmapperServer(host: "127.0.0.1", port: 0, mappings: [])
        defer { empty.stop() }
        let missing = await #expect(throws: LANLinkError.self) {
            _ = try await VXI11Link.open(served.resource, portmapperPort: empty.port, timeout: .seconds(2))
        }
        #expect(missing?.protocolName == .portmapper)
    }
}
