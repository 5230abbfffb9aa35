import Foundation

/// The query a ``LineSession`` sends to get back in step after a glitch, and how it recognises the answer among
/// late replies: for the ThermoStream, `*IDN?` (pymeasure `temptronic_base.py`), whose four-field answer no
/// temperature or register reply resembles.
public struct LineSentinel: Sendable {
    /// The query sent.
    public var query: String
    /// Whether a line is the sentinel's answer (every line before it is a late reply and is dropped).
    public var isAnswer: @Sendable (String) -> Bool

    /// Creates a sentinel.
    public init(query: String, isAnswer: @escaping @Sendable (String) -> Bool) {
        self.query = query
        self.isAnswer = isAnswer
    }

    /// `*IDN?`, answered by `maker,model,serial,firmware`. The maker must not be a number: the MultiLane bridge's
    /// `BER?` also answers four comma-separated fields (`1e-12,0,0,0`, scopehal-mlbert-bridge `BertServer.cpp`).
    public static let identify = LineSentinel(query: "*IDN?") { line in
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count >= 4 else { return false }
        let maker = fields[0].trimmingCharacters(in: .whitespaces)
        return !maker.isEmpty && Double(maker) == nil
    }
}
