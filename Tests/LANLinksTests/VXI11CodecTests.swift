import LANLinks
import Testing

@Suite struct VXI11CodecTests {
    @Test func createLinkParametersMatchTheSpecificationLayout() throws {
        let parameters = VXI11CreateLinkParameters(clientID: 5, lockDevice: false, lockTimeout: 10_000, device: "inst0")
        #expect(parameters.xdrEncoded() == [0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0x27, 0x10, 0, 0, 0, 5, 0x69, 0x6E, 0x73, 0x74, 0x30, 0, 0, 0])
        #expect(try VXI11CreateLinkParameters(xdr: parameters.xdrEncoded()) == parameters)
        let response = VXI11CreateLinkResponse(error: .noError, link: 3, abortPort: 0, maximumReceiveSize: 65_536)
        #expect(try VXI11CreateLinkResponse(xdr: response.xdrEncoded()) == response)
    }

    @Test func readAndWriteRoundTripWithEndReason() throws {
        let write = VXI11DeviceWriteParameters(link: 1, ioTimeout: 2000, lockTimeout: 0, flags: .end, data: Array("*IDN?\n".utf8))
        #expect(try VXI11DeviceWriteParameters(xdr: write.xdrEncoded()) == write)
        let read = VXI11DeviceReadParameters(link: 1, requestSize: 1024, ioTimeout: 2000, lockTimeout: 0,
                                             flags: .termCharSet, termChar: 0x0A)
        #expect(try VXI11DeviceReadParameters(xdr: read.xdrEncoded()) == read)
        let reply = VXI11DeviceReadResponse(error: .noError, reason: .end, data: Array("QS,SIM,1,1\n".utf8))
        let decoded = try VXI11DeviceReadResponse(xdr: reply.xdrEncoded())
        #expect(decoded.reason.contains(.end))
        #expect(decoded == reply)
    }

    @Test func lockClearAndDestroyArgumentsRoundTrip() throws {
        let lock = VXI11DeviceLockParameters(link: 2, flags: .waitLock, lockTimeout: 500)
        #expect(try VXI11DeviceLockParameters(xdr: lock.xdrEncoded()) == lock)
        let clear = VXI11DeviceGenericParameters(link: 2, flags: [], lockTimeout: 0, ioTimeout: 1000)
        #expect(try VXI11DeviceGenericParameters(xdr: clear.xdrEncoded()) == clear)
        #expect(try VXI11DeviceLink(xdr: VXI11DeviceLink(link: 2).xdrEncoded()).link == 2)
        let locked = VXI11DeviceError(error: .deviceLocked)
        #expect(try VXI11DeviceError(xdr: locked.xdrEncoded()).error.description == "device locked by another link (VXI-11 error 11)")
    }
}
