import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking HTTP/1.1 client for the console benchmark: one connection per request (`Connection: close`),
/// so each timing includes connecting, as a browser's first request does; and an event-stream reader.
struct ConsoleBenchClient: Sendable {
    let port: Int

    /// GET `path`; returns the body (with its chunk framing, which the benchmark does not need to undo).
    func get(_ path: String) throws -> String {
        let socket = try connect()
        defer { close(socket) }
        try write(socket, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            data += buffer[0..<count]
        }
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 200") else { throw BenchmarkError("GET \(path): \(text.prefix(120))") }
        return text
    }

    /// Reads the event stream at `path` until `deadline`, calling `event` with each event's `id:` as it arrives.
    func stream(_ path: String, until deadline: Date, event: (String) -> Void) throws {
        let socket = try connect()
        defer { close(socket) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        try write(socket, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        var pending = ""
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while Date() < deadline {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else { continue }
            pending += String(decoding: buffer[0..<count], as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = pending[..<newline]
                if line.hasPrefix("id: ") { event(String(line.dropFirst(4))) }
                pending = String(pending[pending.index(after: newline)...])
            }
        }
    }

    private func connect() throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard socket >= 0, result == 0 else {
            close(socket)
            throw BenchmarkError("cannot connect to the console on 127.0.0.1:\(port)")
        }
        return socket
    }

    private func write(_ socket: Int32, _ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw BenchmarkError("cannot send a request to the console") }
    }
}
