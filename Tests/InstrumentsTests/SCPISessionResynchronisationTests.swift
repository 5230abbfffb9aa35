import Foundation
import Instruments
import StationLinks
import Testing

/// After a timeout, a SCPI session drains its input and proves with `*CLS` and a tagged sentinel that no late reply is still
/// on its way, so a late reply to a query that timed out is never taken for the answer to the next query.
@Suite(.serialized)
struct SCPISessionResynchronisationTests {
    /// A session over a real TCP link to `peer`, with a short reply timeout.
    func session(_ peer: SCPISocketPeer, events: EventLog, timeout: Duration) async throws -> SCPISession {
        let link = try await InstrumentFactory.openLink(peer.configuration("scpi-bert", timeout: timeout))
        return SCPISession(
            link: link, role: "meter", driver: "test", policy: RetryPolicy(retries: testRetries, timeout: timeout),
            events: events.sink)
    }

    @Test("a reply that arrives after the timeout is dropped, not taken for the next query's answer")
    func lateReplyIsNotTheNextAnswer() async throws {
        // The first MEAS:POW? is answered 900 ms late, past the 400 ms timeout: the retry is sent while that
        // reply is still on its way, and the instrument then answers both.
        let peer = try await SCPISocketPeer.start(
            replies: ["MEAS:POW?": ["1.11E-3"], "READ:VOLT?": ["2.22"]], delays: ["MEAS:POW?=900:1"])
        defer { peer.stop() }
        let events = EventLog()
        let scpi = try await session(peer, events: events, timeout: .milliseconds(400))
        #expect(try await scpi.query("MEAS:POW?") == "1.11E-3")
        // Without resynchronisation this would read the second "1.11E-3".
        #expect(try await scpi.query("READ:VOLT?") == "2.22")
        #expect(try await scpi.query("READ:VOLT?") == "2.22")
        await scpi.close()
        #expect(events.of(.retry).count >= 1)
        let resynchronised = events.of(.info).filter { $0.message.contains("resynchronised with *ESE") }
        #expect(resynchronised.count >= 1)
        // The resynchronisation went over the wire: *CLS, then the sentinel, before the retry; ESE back to 0.
        let received = peer.received
        let measures = received.indices.filter { received[$0] == "MEAS:POW?" }
        #expect(measures.count == 2)
        if measures.count == 2 {
            let between = Array(received[(measures[0] + 1)..<measures[1]])
            #expect(between.first == "*CLS")
            #expect(between.contains { $0.hasPrefix("*ESE ") && $0.hasSuffix(";*ESE?") && $0.contains("?;*ESE ") })
            #expect(between.last == "*ESE 0")
        }
    }

    @Test("a query cancelled while its reply is on its way leaves the session to resynchronise: the next query gets its own answer")
    func cancelledQueryIsNotTheNextAnswer() async throws {
        // A batch cancels one socket's scan mid-read (its DUT failed) and the next query on the shared meter is
        // another socket's: it must not read the cancelled query's reply (one lane's light for another's).
        let peer = try await SCPISocketPeer.start(
            replies: ["MEAS:POW?": ["1.11E-3"], "READ:VOLT?": ["2.22"]], delays: ["MEAS:POW?=600:1"])
        defer { peer.stop() }
        let events = EventLog()
        let scpi = try await session(peer, events: events, timeout: .seconds(5))
        let cancelled = Task { try await scpi.query("MEAS:POW?") }
        try await Task.sleep(for: .milliseconds(150))
        cancelled.cancel()
        let outcome = await cancelled.result
        #expect(throws: (any Error).self) { try outcome.get() }
        #expect(try await scpi.query("READ:VOLT?") == "2.22")
        #expect(try await scpi.query("READ:VOLT?") == "2.22")
        await scpi.close()
        #expect(events.of(.info).contains { $0.message.contains("resynchronised with *ESE") })
    }

    @Test("a late boolean answer is never taken for the sentinel's echo, whatever the tags (the campaign's 0/1 case)")
    func lateBooleanIsNotTheSentinel() async throws {
        // OUTP? answers "1" 600 ms late, past the 400 ms timeout, while the first sentinel is on its way; a
        // single-tag sentinel `*ESE 1;*ESE?` would take that "1" for its echo and leave every later answer one
        // query behind ("1" for SOUR:FUNC?).
        let peer = try await SCPISocketPeer.start(
            replies: ["OUTP?": ["1"], "SOUR:FUNC?": ["VOLT"], "SOUR:VOLT?": ["1.8"]], delays: ["OUTP?=600:1"])
        defer { peer.stop() }
        let events = EventLog()
        let scpi = try await session(peer, events: events, timeout: .milliseconds(400))
        #expect(try await scpi.query("OUTP?") == "1")
        #expect(try await scpi.query("SOUR:FUNC?") == "VOLT")
        #expect(try await scpi.query("SOUR:VOLT?") == "1.8")
        #expect(try await scpi.query("OUTP?") == "1")
        #expect(try await scpi.query("SOUR:FUNC?") == "VOLT")
        await scpi.close()
        #expect(events.of(.retry).count >= 1)
    }

    @Test("a session that gave up on a query resynchronises before its next one")
    func resynchronisesAfterGivingUp() async throws {
        // Every attempt at BER? times out (each answer comes 700 ms late, timeout 250 ms); the replies keep
        // arriving after the session gave up.
        let peer = try await SCPISocketPeer.start(
            replies: ["BER?": ["9.9E-9"], "*IDN?": ["Example,BERT,1,1.0"]], delays: ["BER?=700:3"])
        defer { peer.stop() }
        let events = EventLog()
        let scpi = try await session(peer, events: events, timeout: .milliseconds(250))
        await #expect(throws: InstrumentError.self) { try await scpi.query("BER?") }
        // The next query gets its own answer, however many late BER? replies were still queued.
        let identity = try await scpi.query("*IDN?")
        #expect(identity == "Example,BERT,1,1.0")
        await scpi.close()
    }

    @Test("with *IDN? as the sentinel (the MultiLane bridge), every sentinel sent is answered before the next query")
    func identitySentinelIsCounted() async throws {
        let peer = try await SCPISocketPeer.start(
            replies: ["BER?": ["1e-12,0,0,0"], "RX1:LOCK?": ["1"], "*IDN?": ["multiLane,ML4039,00A1B2C3D4E5F607,0.0"]],
            delays: ["BER?=2500:1"])
        defer { peer.stop() }
        let events = EventLog()
        // The answer comes 2.5 s late: after the first attempt (1 s) and the first resynchronisation (1 s).
        let timeout = Duration.seconds(1)
        let link = try await InstrumentFactory.openLink(peer.configuration("multilane-bert", timeout: timeout))
        let scpi = SCPISession(
            link: link, role: "bert", driver: "multilane-bert", policy: RetryPolicy(retries: testRetries, timeout: timeout),
            events: events.sink, resynchronisation: .identify)
        #expect(try await scpi.query("BER?") == "1e-12,0,0,0")
        // A second *IDN? answer still on its way would otherwise be read here.
        #expect(try await scpi.query("RX1:LOCK?") == "1")
        await scpi.close()
    }
}
