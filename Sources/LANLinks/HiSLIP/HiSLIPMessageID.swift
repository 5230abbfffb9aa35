/// The message ids of HiSLIP's synchronous channel (IVI-6.1 rev 2.0, message ID rules): the client starts at 0xFFFF_FF00
/// after Initialize and after each device clear and adds 2 (wrapping) for every Data, DataEnd or Trigger it sends;
/// servers tag responses with the id of the message they answer, or 0xFFFF_FFFF when it is unknown.
public struct HiSLIPMessageID: Sendable, Hashable {
    /// The first id after Initialize or a device clear.
    public static let initial: UInt32 = 0xFFFF_FF00
    /// The id a server uses when it does not know which message it answers.
    public static let unknown: UInt32 = 0xFFFF_FFFF

    /// The id the next message will carry.
    public private(set) var next: UInt32 = HiSLIPMessageID.initial
    /// The id of the last message sent, `nil` before the first.
    public private(set) var last: UInt32?

    /// Starts at ``initial``.
    public init() {}

    /// Returns the id for a message about to be sent and advances by two.
    public mutating func take() -> UInt32 {
        let id = next
        last = id
        next = id &+ 2
        return id
    }

    /// Goes back to ``initial``, as after a device clear.
    public mutating func reset() {
        next = Self.initial
        last = nil
    }

    /// Whether a response tagged `id` answers the last message sent.
    public func accepts(responseID id: UInt32) -> Bool {
        id == Self.unknown || id == last
    }
}
