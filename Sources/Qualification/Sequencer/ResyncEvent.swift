/// The event a BER gate records when a lane loses sync and is re-synchronised once; the certificate groups them.
public enum ResyncEvent {
    /// The event kind in the run store.
    public static let kind = "resync"

    /// The event's message for `lane`.
    public static func message(lane: Int) -> String {
        "lane \(lane) lost sync; re-synchronising once"
    }

    /// The lane a message written by ``message(lane:)`` names; nil for any other text.
    public static func lane(in message: String) -> Int? {
        let number = message.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
        guard let number, message == self.message(lane: number) else { return nil }
        return number
    }
}
