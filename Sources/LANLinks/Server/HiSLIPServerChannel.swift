import StationLinks

/// Reads and writes HiSLIP messages on one accepted connection of a server thread.
struct HiSLIPServerChannel {
    let descriptor: Int32
    let isStopped: @Sendable () -> Bool
    private var assembler = HiSLIPMessageAssembler(maximumPayloadSize: HiSLIPServer.maximumMessageSize)

    init(descriptor: Int32, isStopped: @escaping @Sendable () -> Bool) {
        self.descriptor = descriptor
        self.isStopped = isStopped
    }

    /// The next message; `nil` when the client left or sent something that is not HiSLIP (a FatalError is sent).
    mutating func next() -> HiSLIPMessage? {
        while !isStopped() {
            do {
                if let message = try assembler.nextMessage() { return message }
            } catch {
                send(.error(code: 1, message: "\(error)", fatal: true))
                return nil
            }
            guard let bytes = try? DescriptorIO.readSome(descriptor, max: 65_536, timeoutMilliseconds: 100) else { return nil }
            assembler.append(bytes)
        }
        return nil
    }

    /// Sends `message`, ignoring a client that is gone (the next read notices).
    func send(_ message: HiSLIPMessage) {
        _ = try? DescriptorIO.writeAll(descriptor, message.encoded(), timeoutMilliseconds: 5000)
    }
}
