import InstrumentProtocols
import StationLinks

/// A Modbus RTU master on a serial link: function codes 3, 6 and 16, with inter-frame silence and bounded retries.
///
/// Replies are read by their expected length (header first, then the rest) so a healthy exchange costs no idle
/// waiting; after a bad frame the client waits for the line to fall silent, drops what arrived, and retries.
/// Before each request it keeps the 3.5-character silence the RTU framing needs on a UART (1.75 ms above
/// 19200 baud). A pseudo-terminal has no UART and no character timing, so there the gap is not kept: the client
/// only sends after the whole previous reply has arrived, and the far end frames requests by their length.
/// Exception replies become ``InstrumentError`` of kind `.deviceError` and are not retried, except "busy".
public actor ModbusRTUClient {
    private let link: any ByteLink
    private let unit: UInt8
    private let silence: Duration
    private let interFrameGap: Duration
    private let policy: RetryPolicy
    private let events: InstrumentEventSink
    private let role: String
    private let driver: String
    private var lastActivity: ContinuousClock.Instant?
    /// Set when an exchange was cancelled after its request may have gone out: the reply may still come, and
    /// RTU frames carry no transaction id, so the next request first lets the line fall silent and drops it.
    private var replyMayBeOnItsWay = false

    /// Creates a client for the slave at `unit` on an open serial link running at `baud`.
    public init(
        link: any ByteLink, unit: UInt8, baud: Int, role: String, driver: String, policy: RetryPolicy,
        events: @escaping InstrumentEventSink
    ) {
        self.link = link
        self.unit = unit
        let silence = (try? ModbusFrameTiming.silence(baud: baud)) ?? .milliseconds(2)
        self.silence = silence
        self.interFrameGap = (link as? any CharacterTimedLink)?.isPseudoTerminal == true ? .zero : silence
        self.policy = policy
        self.events = events
        self.role = role
        self.driver = driver
    }

    /// Reads `count` holding registers from `start` (function 3).
    public func readHoldingRegisters(start: UInt16, count: UInt16) async throws -> [UInt16] {
        let request = try ModbusRequest.readHoldingRegisters(unit: unit, start: start, count: Int(count))
        let response = try await transact(request)
        guard let values = response.registers, values.count == Int(count) else {
            throw InstrumentError(.malformedReply, role: role, driver: driver, message: "unexpected reply to \(request): \(response)")
        }
        return values
    }

    /// Writes one register (function 6).
    public func writeSingleRegister(_ register: UInt16, value: UInt16) async throws {
        _ = try await transact(try .writeSingleRegister(unit: unit, register: register, value: value))
    }

    /// Writes consecutive registers (function 16).
    public func writeMultipleRegisters(start: UInt16, values: [UInt16]) async throws {
        _ = try await transact(try .writeMultipleRegisters(unit: unit, start: start, values: values))
    }

    /// Closes the link.
    public func close() async {
        await link.close()
    }

    private func transact(_ request: ModbusRequest) async throws -> ModbusResponse {
        var failures = 0
        if replyMayBeOnItsWay {
            await dropLateFrames(waitingUpTo: policy.timeout)
            replyMayBeOnItsWay = false
        }
        while true {
            do {
                try await waitForInterFrameGap()
                try await link.write(request.encode(), timeout: policy.timeout)
                let frame = try await readReply(to: request)
                lastActivity = .now
                return try ModbusResponse.decode(frame, for: request)
            } catch let error as ModbusError {
                lastActivity = .now
                if case .exception(_, let code) = error, code.rawValue != 6 {
                    throw InstrumentError(.deviceError, role: role, driver: driver, message: "\(request): \(error)")
                }
                failures += 1
                try await recover(from: error, request: request, failures: failures)
            } catch let error as LinkError where error.kind == .timeout {
                lastActivity = .now
                failures += 1
                try await recover(from: error, request: request, failures: failures)
            } catch where RetryPolicy.isCancellation(error) {
                replyMayBeOnItsWay = true
                throw CancellationError()
            } catch let error as LinkError {
                throw InstrumentError(.stationFault, role: role, driver: driver, message: "\(request): \(error)")
            }
        }
    }

    private func recover(from error: any Error, request: ModbusRequest, failures: Int) async throws {
        guard failures <= policy.retries else {
            let message = "\(request): gave up after \(failures) attempts: \(error)"
            events(InstrumentEvent(role: role, kind: .fault, message: message))
            throw InstrumentError(.stationFault, role: role, driver: driver, message: message)
        }
        events(InstrumentEvent(role: role, kind: .retry, message: "\(request): retry \(failures) of \(policy.retries) after: \(error)"))
        await dropLateFrames(waitingUpTo: silence * 2)
        lastActivity = .now
    }

    /// Lets the line fall silent (waiting up to `timeout` for a late frame to start), then drops whatever arrived,
    /// so the next reply starts clean.
    private func dropLateFrames(waitingUpTo timeout: Duration) async {
        _ = try? await link.readFrame(quietInterval: silence, maxCount: 4096, timeout: timeout)
        try? await link.discardInput()
    }

    private func readReply(to request: ModbusRequest) async throws -> [UInt8] {
        let head = try await link.read(exactly: 2, timeout: policy.timeout)
        if head[1] & 0x80 != 0 {
            return head + (try await link.read(exactly: 3, timeout: policy.timeout))
        }
        switch head[1] {
        case 3:
            let count = try await link.read(exactly: 1, timeout: policy.timeout)
            let rest = try await link.read(exactly: Int(count[0]) + 2, timeout: policy.timeout)
            return head + count + rest
        default:
            return head + (try await link.read(exactly: 6, timeout: policy.timeout))
        }
    }

    private func waitForInterFrameGap() async throws {
        guard let lastActivity, interFrameGap > .zero else { return }
        let elapsed = ContinuousClock.now - lastActivity
        if elapsed < interFrameGap {
            try await Task.sleep(for: interFrameGap - elapsed)
        }
    }
}
