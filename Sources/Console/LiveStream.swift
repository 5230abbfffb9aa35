import Foundation
import Hummingbird

/// A run's Server-Sent Events stream: an `update` event with the whole run page's JSON whenever run.sqlite
/// changes (polled through `PRAGMA data_version` every ``pollInterval``, so an update leaves at most that long after
/// the commit), a comment line as a keep-alive, and `gone` when the run directory disappears. The stream ends
/// once the run is no longer live.
enum LiveStream {
    /// How often run.sqlite is polled.
    static let pollInterval: Duration = .milliseconds(200)
    /// How often the run's state is re-read even without a commit (the lock may have been released).
    static let refreshInterval: Duration = .seconds(2)

    static func write(id: String, catalog: RunCatalog, into writer: inout any ResponseBodyWriter) async throws {
        let clock = ContinuousClock()
        var lastChange = ""
        var lastVersion: Int64 = -1
        var lastRefresh = clock.now
        var lastKeepAlive = clock.now
        var poller: RunFile?
        defer { poller?.close() }
        while !Task.isCancelled {
            do {
                let file: RunFile
                if let poller {
                    file = poller
                } else {
                    file = try RunFile(directory: try await catalog.directory(of: id))
                    poller = file
                }
                let version = try file.dataVersion()
                if version != lastVersion || clock.now - lastRefresh >= refreshInterval {
                    lastVersion = version
                    lastRefresh = clock.now
                    let detail = try await catalog.detail(id: id)
                    let token = detail.change + detail.summary.state
                    if token != lastChange {
                        lastChange = token
                        let json = String(decoding: try ConsoleResponse.encoder.encode(detail), as: UTF8.self)
                        try await writer.write(ByteBuffer(string: "event: update\nid: \(detail.change)\ndata: \(json)\n\n"))
                        lastKeepAlive = clock.now
                    }
                    if detail.summary.state != "live" { break }
                }
            } catch let error as ConsoleError where error.kind == .gone || error.kind == .notFound {
                let json = String(decoding: (try? ConsoleResponse.encoder.encode(["message": error.message])) ?? Data(), as: UTF8.self)
                try await writer.write(ByteBuffer(string: "event: gone\ndata: \(json)\n\n"))
                break
            }
            if clock.now - lastKeepAlive >= .seconds(10) {
                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                lastKeepAlive = clock.now
            }
            try await Task.sleep(for: pollInterval)
        }
        try await writer.finish(nil)
    }
}
