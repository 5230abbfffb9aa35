import Foundation
import Glibc
import Synchronization

/// An IPv4 or IPv6 socket address, resolved from a host name or a numeric address.
struct SocketAddress: Sendable {
    /// `AF_INET` or `AF_INET6`.
    var family: Int32
    /// The address, in a `sockaddr_storage`.
    var storage: sockaddr_storage
    /// The length of the `sockaddr_in` / `sockaddr_in6` inside ``storage``.
    var length: socklen_t

    private init(family: Int32, bytes: UnsafeRawBufferPointer) {
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(target.count)))
        }
        self.family = family
        self.storage = storage
        self.length = socklen_t(min(bytes.count, MemoryLayout<sockaddr_storage>.size))
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// The numeric form, e.g. `127.0.0.1` or `::1`.
    var numericHost: String {
        var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let result = withSockaddr { address, length in
            getnameinfo(address, length, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST)
        }
        guard result == 0 else { return "?" }
        return String(decoding: text.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A numeric IPv4 or IPv6 address, without any lookup; nil if `host` is not numeric.
    static func numeric(_ host: String, port: UInt16) -> SocketAddress? {
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            return withUnsafeBytes(of: v4) { SocketAddress(family: AF_INET, bytes: $0) }
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            return withUnsafeBytes(of: v6) { SocketAddress(family: AF_INET6, bytes: $0) }
        }
        return nil
    }

    /// Resolves `host` with `getaddrinfo` (blocking). Returns the addresses, or the `getaddrinfo` error text.
    static func lookUp(_ host: String, port: UInt16, passive: Bool = false) -> Result<[SocketAddress], LookupFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG | (passive ? AI_PASSIVE : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0 else {
            let text = gai_strerror(status).map { String(cString: $0) } ?? "error \(status)"
            return .failure(LookupFailure(message: text))
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var entry = list
        while let current = entry {
            let info = current.pointee
            if let address = info.ai_addr, info.ai_family == AF_INET || info.ai_family == AF_INET6 {
                let bytes = UnsafeRawBufferPointer(start: address, count: Int(info.ai_addrlen))
                addresses.append(SocketAddress(family: info.ai_family, bytes: bytes))
            }
            entry = info.ai_next
        }
        return addresses.isEmpty ? .failure(LookupFailure(message: "no IPv4 or IPv6 address")) : .success(addresses)
    }

    /// A failed name lookup.
    struct LookupFailure: Error {
        /// The resolver's message.
        var message: String
    }

    /// Resolves `host` without blocking the calling task's thread: numeric addresses directly, names with
    /// `getaddrinfo` on a thread of its own. Gives up at `deadline` or on cancellation (the lookup thread then
    /// finishes on its own and its answer is dropped).
    static func resolve(
        _ host: String, port: UInt16, deadline: ContinuousClock.Instant
    ) async -> Result<[SocketAddress], ResolveFailure> {
        if let address = numeric(host, port: port) { return .success([address]) }
        let box = ResolveBox()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: Resumption) in
                guard box.install(continuation) else { return }
                let lookup = Thread {
                    switch lookUp(host, port: port) {
                    case .success(let addresses): box.finish(.success(addresses))
                    case .failure(let failure): box.finish(.failure(.notFound(failure.message)))
                    }
                }
                lookup.name = "StationLinks.getaddrinfo"
                lookup.start()
                let timer = Thread {
                    while !box.isFinished {
                        let remaining = deadline - ContinuousClock.now
                        if remaining <= .zero {
                            box.finish(.failure(.timedOut))
                            return
                        }
                        usleep(UInt32(min(remaining.wholeMillisecondsRoundedUp, 20)) * 1000)
                    }
                }
                timer.name = "StationLinks.getaddrinfo-deadline"
                timer.start()
            }
        } onCancel: {
            box.finish(.failure(.cancelled))
        }
    }

    /// The continuation a lookup resumes.
    typealias Resumption = CheckedContinuation<Result<[SocketAddress], ResolveFailure>, Never>

    /// Why ``resolve(_:port:deadline:)`` gave no address.
    enum ResolveFailure: Error {
        case notFound(String)
        case timedOut
        case cancelled
    }

    /// Resumes a lookup's continuation exactly once, whoever finishes first.
    private final class ResolveBox: Sendable {
        private struct State {
            var continuation: Resumption?
            var pending: Result<[SocketAddress], ResolveFailure>?
            var finished = false
        }

        private let state = Mutex(State())

        var isFinished: Bool { state.withLock { $0.finished } }

        /// Stores the continuation; returns false (having resumed it) if the lookup already ended.
        func install(_ continuation: Resumption) -> Bool {
            let early: Result<[SocketAddress], ResolveFailure>? = state.withLock { state in
                if let pending = state.pending { return pending }
                state.continuation = continuation
                return nil
            }
            guard let early else { return true }
            continuation.resume(returning: early)
            return false
        }

        func finish(_ result: Result<[SocketAddress], ResolveFailure>) {
            let continuation: Resumption? = state.withLock { state in
                guard !state.finished else { return nil }
                state.finished = true
                guard let continuation = state.continuation else {
                    state.pending = result
                    return nil
                }
                state.continuation = nil
                return continuation
            }
            continuation?.resume(returning: result)
        }
    }
}
