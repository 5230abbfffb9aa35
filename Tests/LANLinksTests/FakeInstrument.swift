import Glibc
import LANLinks
import Synchronization

/// A tiny SCPI instrument behind the servers: `*IDN?` answers an identity, other queries echo, unknown commands
/// (not starting with `*` or `OK`) queue a -113 for `SYST:ERR?`.
final class FakeInstrument: LANInstrumentBackend {
    private struct State {
        var output: [UInt8] = []
        var errors: [String] = []
        var messages: [String] = []
    }

    private let state = Mutex(State())

    var messages: [String] { state.withLock { $0.messages } }

    func send(_ message: [UInt8]) throws {
        let text = String(decoding: message, as: UTF8.self).trimmingSuffix("\n")
        state.withLock { state in
            state.messages.append(text)
            if text == "*IDN?" {
                state.output += Array("QualStation,FAKE-1,0001,1.0\n".utf8)
            } else if text == "SYST:ERR?" {
                let next = state.errors.isEmpty ? "0,\"No error\"" : state.errors.removeFirst()
                state.output += Array((next + "\n").utf8)
            } else if text.hasSuffix("?") {
                state.output += Array((text + "\n").utf8)
            } else if !text.hasPrefix("OK") {
                state.errors.append("-113,\"Undefined header\"")
            }
        }
    }

    func receive(maxCount: Int, timeout: Duration) throws -> (bytes: [UInt8], end: Bool) {
        let deadline = ContinuousClock.now + timeout
        while true {
            let taken: ([UInt8], Bool)? = state.withLock { state in
                guard !state.output.isEmpty else { return nil }
                if let newline = state.output.prefix(maxCount).firstIndex(of: 0x0A) {
                    let bytes = Array(state.output[...newline])
                    state.output.removeFirst(bytes.count)
                    return (bytes, true)
                }
                let bytes = Array(state.output.prefix(maxCount))
                state.output.removeFirst(bytes.count)
                return (bytes, false)
            }
            if let taken { return taken }
            if ContinuousClock.now >= deadline { return ([], false) }
            usleep(2000)  // the servers call this on their own threads, never on the concurrency pool
        }
    }

    func clear() {
        state.withLock { $0.output.removeAll() }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
