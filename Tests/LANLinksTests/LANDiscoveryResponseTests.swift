import Testing

@testable import LANLinks

/// What `qualstation discover` makes of an mDNS response: PTR → instance, SRV → port, A → host.
@Suite struct LANDiscoveryResponseTests {
    @Test("an LXI announcement with SRV and A records names the announced host and a VXI-11 resource")
    func anAnnouncementWithAddressRecords() {
        let found = LANDiscovery.instruments(fromDNS: DNSCodecTests.response(), source: "10.77.0.9")
        #expect(
            found == [
                DiscoveredLANInstrument(
                    method: "mdns", service: "_lxi._tcp", name: "Box", host: "10.77.0.2", port: 80,
                    resource: "TCPIP0::10.77.0.2::inst0::INSTR")
            ])
    }

    @Test("a bare PTR answer falls back to the responder's address and the service's default port")
    func aBarePointerUsesTheSourceAddress() {
        var response = DNSCodecTests.response()
        response[11] = 0  // no additional records: the SRV and A that follow are not part of the message
        let found = LANDiscovery.instruments(fromDNS: response, source: "10.77.0.9")
        #expect(found.map(\.host) == ["10.77.0.9"])
        #expect(found.map(\.port) == [111])
        #expect(found.map(\.resource) == ["TCPIP0::10.77.0.9::inst0::INSTR"])
    }

    @Test("a response that is not DNS announces nothing")
    func garbageAnnouncesNothing() {
        #expect(LANDiscovery.instruments(fromDNS: [0, 1, 2], source: "10.77.0.9").isEmpty)
    }
}
