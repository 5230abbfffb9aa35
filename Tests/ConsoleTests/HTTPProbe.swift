import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A deliberately plain HTTP/1.1 client over a socket to 127.0.0.1: the request line goes out exactly as written
/// (no URL normalisation), so tests can send `..`, encoded separators and huge query strings.
struct HTTPProbe: Sendable {
    struct Reply: Sendable {
        var status: Int
        var head: String
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int

    /// Sends one request with `Connection: close` and reads the whole reply (on a thread of its own).
    func request(_ target: String, method: String = "GET", headers: [String: String] = [:], body: String = "") async throws -> Reply {
        let port = self.port
        return try await Self.blocking {
            let socket = try Self.connect(port: port)
            defer { close(socket) }
            var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.utf8.count)\r\n" }
            text += "\r\n" + body
            try Self.send(socket, Array(text.utf8))
            let data = Self.readAll(socket, limit: 50_000_000, stop: { _ in false })
            return try Self.parse(data)
        }
    }

    /// Opens `target` as an event stream and reads until `stop` is true for what arrived (or the server closes).
    func stream(_ target: String, headers: [String: String] = [:], stop: @escaping @Sendable (String) -> Bool) async throws -> String {
        let port = self.port
        return try await Self.blocking {
            let socket = try Self.connect(port: port)
            defer { close(socket) }
            var text = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n"
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            try Self.send(socket, Array((text + "\r\n").utf8))
            let data = Self.readAll(socket, limit: 50_000_000, stop: { stop(String(decoding: $0, as: UTF8.self)) })
            return String(decoding: data, as: UTF8.self)
        }
    }

    private static func connect(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(errno)") }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(socket)
            throw Failure(description: "cannot connect to 127.0.0.1:\(port): errno \(errno)")
        }
        return socket
    }

    private static func send(_ socket: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer and close before reading a huge request to its end.
            guard sent > 0 else { return }
            offset += sent
        }
    }

    private static func readAll(_ socket: Int32, limit: Int, stop: ([UInt8]) -> Bool) -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while data.count < limit {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            data += buffer[0..<count]
            if stop(data) { break }
        }
        return data
    }

    private static func parse(_ data: [UInt8]) throws -> Reply {
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else {
            throw Failure(description: "no HTTP reply (connection closed after \(data.count) bytes)")
        }
        let head = String(text[..<split.lowerBound])
        let statusText = head.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        guard let status = Int(statusText) else { throw Failure(description: "bad status line: \(head.prefix(80))") }
        var body = String(text[split.upperBound...])
        if head.lowercased().contains("transfer-encoding: chunked") { body = dechunk(body) }
        return Reply(status: status, head: head, body: body)
    }

    private static func dechunk(_ text: String) -> String {
        var bytes = Array(text.utf8)[...]
        var result: [UInt8] = []
        while let lineEnd = bytes.firstIndex(of: 13) {
            let sizeText = String(decoding: bytes[bytes.startIndex..<lineEnd], as: UTF8.self)
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            guard start + size <= bytes.endIndex else { break }
            result += bytes[start..<start + size]
            bytes = bytes[(start + size + 2)...]
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Runs blocking socket work on its own thread, keeping the test runner's shared threads free.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }.start()
        }
    }
}
