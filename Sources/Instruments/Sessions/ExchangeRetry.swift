import InstrumentProtocols
import StationLinks

/// The bounded-retry loop that the line-oriented sessions (``SCPISession``, ``LineSession``) share.
///
/// A glitch (``RetryPolicy/isTransient(_:)``: a timeout, a garbled or malformed reply) is reported to the event
/// sink as a retry and the exchange is tried again, up to the policy's bound (the session resynchronises itself
/// before the next attempt, reading up to a sentinel, so no input is dropped unread here); then the
/// failure becomes an ``InstrumentError`` of kind `.stationFault` and a `fault` event. Errors the instrument or the
/// driver already classified (an ``InstrumentError`` that is not a malformed reply, an `SCPIDeviceError`) and
/// cancellation pass through unchanged; any other failure (a hangup, a closed link) is a station fault at once.
struct ExchangeRetry: Sendable {
    /// The instrument's role, for events and errors.
    let role: String
    /// The driver name, for errors.
    let driver: String
    /// How many retries and how long one reply may take.
    let policy: RetryPolicy
    /// Where retries and faults are reported.
    let events: InstrumentEventSink

    /// Runs `operation` (one command-and-reply exchange) with bounded retries.
    nonisolated(nonsending) func run<T: Sendable>(
        _ command: String, _ operation: nonisolated(nonsending) () async throws -> T
    ) async throws -> T {
        var failures = 0
        while true {
            do {
                return try await operation()
            } catch {
                guard RetryPolicy.isTransient(error) else {
                    if RetryPolicy.isCancellation(error) { throw CancellationError() }
                    if error is SCPIDeviceError || error is InstrumentError { throw error }
                    throw InstrumentError(.stationFault, role: role, driver: driver, message: "\(command): \(error)")
                }
                failures += 1
                guard failures <= policy.retries else {
                    let message = "\(command): gave up after \(failures) attempts: \(error)"
                    events(InstrumentEvent(role: role, kind: .fault, message: message))
                    throw InstrumentError(.stationFault, role: role, driver: driver, message: message)
                }
                let message = "\(command): retry \(failures) of \(policy.retries) after: \(error)"
                events(InstrumentEvent(role: role, kind: .retry, message: message))
            }
        }
    }
}
