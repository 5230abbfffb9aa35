import Foundation
import Glibc
import StationLinks

/// Runs blocking code on a thread of its own (never on the cooperative pool) and returns its result.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            do {
                continuation.resume(returning: try body())
            } catch {
                continuation.resume(throwing: error)
            }
        }.start()
    }
}

/// Starts blocking code on a thread of its own and does not wait for it.
func startThread(_ body: @escaping @Sendable () -> Void) {
    Thread(block: body).start()
}

/// Writes `chunks` to the controller side of `terminal`, pausing `pauseMilliseconds` before each one.
func writeLater(_ terminal: PseudoTerminal, _ chunks: [(pauseMilliseconds: UInt32, text: String)]) {
    startThread {
        for chunk in chunks {
            usleep(chunk.pauseMilliseconds * 1000)
            try? terminal.write(Array(chunk.text.utf8))
        }
    }
}

/// Reads from the controller side until a line feed arrives; returns the line without it.
func controllerLine(_ terminal: PseudoTerminal, timeoutMilliseconds: Int32 = 2000) async throws -> String {
    try await onThread {
        var collected: [UInt8] = []
        let start = ContinuousClock.now
        while !collected.contains(0x0A) {
            guard ContinuousClock.now - start < .milliseconds(Int64(timeoutMilliseconds)) else { break }
            collected += try terminal.read(timeoutMilliseconds: 100)
        }
        return String(decoding: collected.prefix(while: { $0 != 0x0A }), as: UTF8.self)
    }
}

/// The ``LinkError`` that `body` throws, or nil if it returns or throws something else.
func linkError<T>(_ body: () async throws -> T) async -> LinkError? {
    do {
        _ = try await body()
        return nil
    } catch let error as LinkError {
        return error
    } catch {
        return nil
    }
}

/// A pseudo-terminal with a ``SerialLink`` open on its device side.
func openSerialPair(_ settings: SerialSettings = SerialSettings()) throws -> (PseudoTerminal, SerialLink) {
    let terminal = try PseudoTerminal.open()
    let link = try SerialLink.open(path: terminal.devicePath, settings: settings)
    return (terminal, link)
}

extension String {
    /// The UTF-8 bytes.
    var bytes: [UInt8] { Array(utf8) }
}

extension Array where Element == UInt8 {
    /// The bytes as UTF-8 text.
    var text: String { String(decoding: self, as: UTF8.self) }
}
