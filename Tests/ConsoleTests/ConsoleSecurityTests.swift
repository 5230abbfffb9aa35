import Console
import Foundation
import Synchronization
import RunControl
import Testing

/// Who may reach the console and what a hostile or unlucky request gets: refusal, 401, clear 4xx errors, no crash.
@Suite("Console security and bad requests")
struct ConsoleSecurityTests {
    @Test("a console on 0.0.0.0 without a token refuses to start, in the library and on the command line")
    func refusesOpenBindWithoutToken() async throws {
        #expect(throws: ConsoleError.self) {
            try ConsoleServer(configuration: ConsoleConfiguration(runsRoots: [], bindAddress: "0.0.0.0", executable: "/bin/true"))
        }
        let fixture = try ConsoleFixture()
        defer { fixture.remove() }
        let (status, message) = try await ConsoleFixture.output(
            of: ConsoleFixture.executable, ["serve", "--runs", fixture.runs.path, "--bind", "0.0.0.0", "--port", "0"])
        #expect(status != 0)
        #expect(message.contains("--bind 0.0.0.0") && message.contains("token"), "\(message)")
    }

    @Test("with a token, a request without it or with a wrong one gets 401; the right one gets through")
    func tokenRequired() async throws {
        let fixture = try ConsoleFixture()
        defer { fixture.remove() }
        let token = "s3cret-token-for-the-night-shift"
        try await fixture.withConsole(token: token) { probe, _ in
            for target in ["/", "/api/runs", "/metrics", "/api/openapi.json", "/runs/X"] {
                let bare = try await probe.request(target)
                #expect(bare.status == 401, "\(target)")
                #expect(bare.head.lowercased().contains("www-authenticate: bearer"))
                let wrong = try await probe.request(target, headers: ["Authorization": "Bearer \(token)x"])
                #expect(wrong.status == 401, "\(target)")
            }
            let basic = try await probe.request("/api/runs", headers: ["Authorization": "Basic dXNlcjpwYXNz"])
            #expect(basic.status == 401)
            let good = try await probe.request("/api/runs", headers: ["Authorization": "Bearer \(token)"])
            #expect(good.status == 200)
            #expect(good.body == "[]")
        }
    }

    @Test("path traversal in run ids and file names is refused with a clear error; nothing outside is served")
    func pathTraversal() async throws {
        let fixture = try ConsoleFixture()
        defer { fixture.remove() }
        #expect(try await fixture.run(dut: "TRAV-1") == 0)
        try "outside".write(to: fixture.scratch.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try await fixture.withConsole { probe, _ in
            let targets = [
                "/api/runs/..", "/api/runs/..%2F..%2Fetc%2Fpasswd", "/api/runs/%2e%2e", "/runs/..%2Fsecret.txt",
                "/runs/TRAV-1/files/..%2Frun.sqlite", "/runs/TRAV-1/files/run.sqlite", "/runs/TRAV-1/files/%2e%2e%2f%2e%2e%2fsecret.txt",
                "/api/runs/.hidden", "/runs/TRAV-1%00/files/events.log", "/api/runs/" + String(repeating: "A", count: 300),
            ]
            for target in targets {
                let reply = try await probe.request(target)
                #expect((400..<500).contains(reply.status), "\(target) → \(reply.status)")
                #expect(!reply.body.contains("outside") && !reply.body.contains("SQLite format"), "\(target)")
            }
            let bad = try await probe.request("/api/runs/..%2F..%2Fetc%2Fpasswd")
            #expect(bad.body.contains("run id"), "\(bad.body)")
            let served = try await probe.request("/runs/TRAV-1/files/events.log")
            #expect(served.status == 200)
        }
    }

    @Test("a huge query string gets a 4xx answer and the console goes on serving")
    func hugeQueryString() async throws {
        let fixture = try ConsoleFixture()
        defer { fixture.remove() }
        try await fixture.withConsole { probe, _ in
            for size in [5_000, 70_000, 1_000_000] {
                let target = "/api/runs?dut=" + String(repeating: "a", count: size)
                let status = (try? await probe.request(target))?.status
                if let status { #expect((400..<500).contains(status), "\(size) bytes → \(status)") }
            }
            let page = try await probe.request("/?station=" + String(repeating: "b", count: 10_000))
            #expect(page.status == 414)
            #expect(page.body.contains("query string"))
            #expect(try await probe.request("/api/runs").status == 200)
        }
    }

    @Test("a run directory deleted while it is viewed: the stream says so, the pages answer 404, no crash")
    func runDeletedWhileViewed() async throws {
        let fixture = try ConsoleFixture()
        defer { fixture.remove() }
        #expect(try await fixture.run(dut: "GONE-1") == 0)
        let directory = fixture.runs.appendingPathComponent("GONE-1").path
        // Hold the run lock as a run process would, so the console treats the run as live and keeps streaming.
        let lock = try RunDirectory(path: directory).lock()
        try await fixture.withConsole { probe, _ in
            #expect(try await probe.request("/api/runs/GONE-1").status == 200)
            let updated = Flag()
            async let streamed = probe.stream("/runs/GONE-1/stream") { text in
                if text.contains("event: update") { updated.set() }
                return text.contains("event: gone")
            }
            // Deleted only once the stream is following the run.
            #expect(try await ConsoleFixture.eventually(60) { updated.isSet })
            try FileManager.default.removeItem(atPath: directory)
            let text = try await streamed
            #expect(text.contains("event: update"))
            #expect(text.contains("event: gone"))
            #expect(text.contains("GONE-1"))
            for target in ["/api/runs/GONE-1", "/runs/GONE-1", "/runs/GONE-1/measurements.csv", "/runs/GONE-1/files/events.log"] {
                let reply = try await probe.request(target)
                #expect(reply.status == 404, "\(target) → \(reply.status)")
                #expect(reply.body.contains("GONE-1"))
            }
            let list = try await probe.request("/api/runs")
            #expect(list.status == 200 && list.body == "[]")
        }
        _ = lock
    }
}

/// A flag one task sets and another polls.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
