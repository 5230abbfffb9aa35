import Foundation
import Instruments
import StationLinks
import Testing

/// The ThermoStream's line session resynchronises with `*IDN?` after a timeout, so a late reading is never taken
/// for the answer to the next query.
@Suite(.serialized)
struct LineSessionResynchronisationTests {
    @Test("a late TMPA? reply is dropped up to the *IDN? sentinel, not read as the TMPD? answer")
    func lateReplyIsDropped() async throws {
        let peer = try await SCPISocketPeer.start(
            replies: ["TMPA?": ["21.5"], "TMPD?": ["-40.0"], "*IDN?": ["TEMPTRONIC,ATS-545,AT1234,2.1.0"]],
            delays: ["TMPA?=2500:1"])
        defer { peer.stop() }
        let events = EventLog()
        // The reading comes 2.5 s late: after the first attempt (1 s) and the first resynchronisation (1 s).
        let timeout = Duration.seconds(1)
        let link = try await InstrumentFactory.openLink(peer.configuration("thermostream-ats", timeout: timeout))
        let session = LineSession(
            link: link, terminator: .lf, role: "chamber", driver: "thermostream-ats",
            policy: RetryPolicy(retries: testRetries, timeout: timeout), events: events.sink, sentinel: .identify)
        #expect(try await session.query("TMPA?") == "21.5")
        // Without resynchronisation this would read the second "21.5".
        #expect(try await session.query("TMPD?") == "-40.0")
        await session.close()
        #expect(events.of(.info).contains { $0.message.contains("resynchronised with *IDN?") })
        let received = peer.received
        let attempts = received.indices.filter { received[$0] == "TMPA?" }
        #expect(attempts.count == 2)
        if attempts.count == 2 { #expect(received[attempts[0]..<attempts[1]].contains("*IDN?")) }
    }
}
