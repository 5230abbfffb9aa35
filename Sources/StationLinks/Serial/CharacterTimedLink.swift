/// A link that can tell whether bytes on it travel with a UART's character timing, so that a protocol whose framing
/// rests on silences (Modbus RTU's 3.5 characters) keeps them only where they mean something.
///
/// ``SerialLink`` knows it from its device; a link that wraps another (a simulator's clocked link) passes the
/// answer on.
public protocol CharacterTimedLink: ByteLink {
    /// Whether the device is the device side of a pseudo-terminal rather than a UART.
    var isPseudoTerminal: Bool { get }
}

extension SerialLink: CharacterTimedLink {}
