/// An error the instrument itself reported (through `SYST:ERR?`) after a command.
///
/// Its description names the command and shows the device's words, e.g.
/// `device error after "SOUR:VOLT 99": -222,"Data out of range"`.
public struct SCPIDeviceError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The command after which the error was found, as sent.
    public var command: String
    /// The first error-queue entry read after the command.
    public var entry: SCPIErrorEntry
    /// Further entries drained from the queue after the first, oldest first.
    public var additionalEntries: [SCPIErrorEntry]

    /// Creates the error for `command` with the entries read from the device.
    public init(command: String, entry: SCPIErrorEntry, additionalEntries: [SCPIErrorEntry] = []) {
        self.command = command
        self.entry = entry
        self.additionalEntries = additionalEntries
    }

    /// The device's text for the first entry, in reply form, e.g. `-222,"Data out of range"`.
    public var deviceText: String { entry.reply }

    /// A sentence naming the command and the device's text.
    public var description: String {
        var text = "device error after \(ByteRendering.quoted(command)): \(entry.reply)"
        if !additionalEntries.isEmpty {
            text += "; then " + additionalEntries.map(\.reply).joined(separator: "; ")
        }
        return text
    }
}
