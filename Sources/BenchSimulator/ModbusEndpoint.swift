import InstrumentProtocols
import StationConfiguration
import StationLinks

/// What the Modbus endpoint needs, handed to the serving thread.
struct ModbusEndpointConfiguration: Sendable {
    /// The controller's register map.
    let controller: SimulatedWatlowF4
    /// The pseudo-terminal whose device side is the chamber's serial port.
    let terminal: PseudoTerminal
    /// The shared world.
    let bench: SimulatedBench
    /// Injected faults.
    let faults: FaultPlan
    /// The byte counts shared with the driver's end of the link.
    var ledger = LinkLedger()
}

/// The chamber controller as a Modbus RTU slave on a pseudo-terminal's controller side.
///
/// Frames are delimited by their length (function 3 and 6: 8 bytes; 16: 9 + byte count); a partial frame
/// that sees no more bytes for ``staleAfter`` is dropped, as is a frame with a bad CRC (a slave stays silent on
/// those). Requests for other unit addresses are ignored; refused requests get exception replies.
/// Used only by the serving thread.
final class ModbusEndpoint {
    /// How long a partial frame may wait for the rest.
    static let staleAfter = Duration.milliseconds(50)
    /// How long to leave the terminal out of the poll set after it reported that no client has it open.
    static let hangupPause = Duration.milliseconds(10)

    private let configuration: ModbusEndpointConfiguration
    private var inbox: [UInt8] = []
    private var lastArrival = ContinuousClock.now
    private var pausedUntil: ContinuousClock.Instant?
    private var requests: UInt64 = 0

    init(_ configuration: ModbusEndpointConfiguration) {
        self.configuration = configuration
    }

    /// The descriptor to poll, or nil while pausing after a hangup.
    var pollDescriptor: Int32? {
        if let pausedUntil, ContinuousClock.now < pausedUntil { return nil }
        return configuration.terminal.controllerDescriptor
    }

    /// Reads what the client sent; no client on the device side pauses polling briefly.
    func receive() {
        do {
            let bytes = try DescriptorIO.readSome(
                configuration.terminal.controllerDescriptor, max: 4096, timeoutMilliseconds: 0)
            if !bytes.isEmpty {
                inbox += bytes
                lastArrival = .now
            }
            pausedUntil = nil
        } catch {
            pausedUntil = .now + Self.hangupPause
        }
    }

    /// Serves every complete frame received and drops stale or corrupt input.
    func serveFrames() {
        while !inbox.isEmpty {
            let length = Self.frameLength(inbox)
            guard let length, inbox.count >= length else {
                if ContinuousClock.now - lastArrival > Self.staleAfter {
                    configuration.ledger.served(inbox.count)
                    inbox.removeAll()
                }
                return
            }
            let frame = Array(inbox[..<length])
            inbox.removeFirst(length)
            // The reply (if any) is counted before the request is served, so a reader that sees every request byte
            // served and every reply byte read knows nothing is on its way.
            serve(frame)
            configuration.ledger.served(length)
        }
    }

    /// The length of the frame at the start of `bytes`, when enough has arrived to know it; for an unknown
    /// function, everything received so far.
    static func frameLength(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        switch bytes[1] {
        case 3, 6: return 8
        case 16: return bytes.count >= 7 ? 9 + Int(bytes[6]) : nil
        default: return bytes.count >= 4 ? bytes.count : nil
        }
    }

    private func serve(_ frame: [UInt8]) {
        let request: ModbusRequest
        do {
            request = try ModbusRequest.decode(frame)
        } catch {
            guard case .requestRejected(let unit, let function, let code, _, _) = error,
                unit == configuration.controller.unit
            else { return }
            reply(ModbusResponse.exceptionFrame(unit: unit, function: function, code: code))
            return
        }
        guard request.unit == configuration.controller.unit else { return }
        requests += 1
        let ordinal = requests
        let answer: [UInt8]? = configuration.bench.access { world in
            let fate = configuration.faults.fate(role: .chamber, at: world.time, ordinal: ordinal)
            guard fate != .silent else { return nil }
            var bytes = configuration.controller.serve(request, in: &world)
            switch fate {
            case .drop, .silent:
                return nil
            case .garble:
                let positions = configuration.faults.garblePositions(role: .chamber, ordinal: ordinal, count: bytes.count)
                for position in positions { bytes[position] ^= 0x80 }
            case .corruptCRC:
                bytes[bytes.count - 1] ^= 0xA5
                bytes[bytes.count - 2] ^= 0x5A
            case .deliver, .delay:
                break
            }
            return bytes
        }
        if let answer { reply(answer) }
    }

    private func reply(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        configuration.ledger.replied(bytes.count)
        try? configuration.terminal.write(bytes, timeoutMilliseconds: 500)
    }
}
