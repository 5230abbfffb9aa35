import Foundation
import BenchModel
import InstrumentProtocols
import StationConfiguration

/// The reply to one SCPI query: text, or a definite-length block.
enum SCPIReply: Sendable, Equatable {
    /// A text reply, e.g. `1.800000E+00`.
    case text(String)
    /// A definite-length block `#<n><len><data>`.
    case block([UInt8])

    /// The reply's bytes, without the message terminator.
    var bytes: [UInt8] {
        switch self {
        case .text(let text): Array(text.utf8)
        case .block(let payload): SCPIBlock(payload: payload).encoded()
        }
    }
}

/// One SCPI instrument family the bench simulator can serve: its identity, what each command does to the
/// shared world, and its reset state. The server around it (``SCPIEndpoint``) handles framing, IEEE 488.2
/// common commands, the error queue and injected faults, so a new family (a Thorlabs PM100, a Keysight
/// E36312A, an ASCII bridge behind SCPI) only describes its own commands.
protocol SimulatedSCPIInstrument: Sendable {
    /// The station role it plays.
    var role: InstrumentRole { get }
    /// Its `*IDN?` identity, which must pass the driver's identity check.
    var identity: InstrumentIdentity { get }
    /// Executes one non-common program unit on the world (already advanced to the request's time).
    /// Returns the reply of a query, nil for a command.
    /// - Throws: the SCPI error a real instrument would queue (-113 undefined header, -224, -222, …).
    func execute(_ unit: SCPIProgramUnit, in world: inout BenchWorld) throws(SCPICommandError) -> SCPIReply?
    /// `*RST` (and a reboot): the instrument's settings back to their reset state.
    func reset(_ world: inout BenchWorld)
    /// What `*LANG?` answers, for instruments with more than one command set (nil: no `*LANG?`).
    var commandLanguage: String? { get }
}

extension SimulatedSCPIInstrument {
    /// Most instruments have one command set and no `*LANG?`.
    var commandLanguage: String? { nil }

    /// Resets by the world's power-on state of the role.
    func reset(_ world: inout BenchWorld) {
        world.powerOnReset(role, at: world.time)
    }
}

/// A list of header patterns with what each does, tried in order; a unit no pattern matches is -113.
struct SCPICommandTable: Sendable {
    /// What a matched command does.
    typealias Handler = @Sendable (SCPIProgramUnit, SCPIHeaderMatch, inout BenchWorld) throws(SCPICommandError)
        -> SCPIReply?

    private let entries: [(pattern: SCPIHeaderPattern, handler: Handler)]

    /// Compiles the patterns (instrument-manual notation, e.g. `SENSe#:POWer:UNIT?`).
    init(_ list: [(String, Handler)]) throws(SCPIHeaderPatternError) {
        var entries: [(pattern: SCPIHeaderPattern, handler: Handler)] = []
        for (text, handler) in list {
            entries.append((try SCPIHeaderPattern(text), handler))
        }
        self.entries = entries
    }

    /// Runs the first entry whose pattern matches `unit`.
    /// - Throws: -113 when none matches, or what the handler throws.
    func execute(_ unit: SCPIProgramUnit, in world: inout BenchWorld) throws(SCPICommandError) -> SCPIReply? {
        for entry in entries {
            if let match = entry.pattern.match(unit) {
                return try entry.handler(unit, match, &world)
            }
        }
        throw SCPICommandError(.undefinedHeader, detail: "\(unit.header) is not a command of this instrument", command: unit.text)
    }
}

/// Helpers shared by the SCPI instrument models.
enum SCPIArguments {
    /// The unit's single parameter as a boolean (`ON`, `OFF`, `1`, `0`); -109/-108/-104 otherwise.
    static func boolean(_ unit: SCPIProgramUnit) throws(SCPICommandError) -> Bool {
        try unit.requireParameterCount(1...1)
        return try unit.boolean(at: 0)
    }

    /// The unit's single parameter as a number; -109/-108/-104 otherwise, -222 outside `range`.
    static func number(_ unit: SCPIProgramUnit, in range: ClosedRange<Double>, what: String) throws(SCPICommandError)
        -> Double
    {
        try unit.requireParameterCount(1...1)
        let value = try unit.double(at: 0)
        guard range.contains(value) else {
            throw SCPICommandError(
                .dataOutOfRange, detail: "\(what) \(value) is outside \(range.lowerBound)…\(range.upperBound)",
                command: unit.text)
        }
        return value
    }

    /// Checks a query has no parameters (-108 otherwise).
    static func noParameters(_ unit: SCPIProgramUnit) throws(SCPICommandError) {
        try unit.requireParameterCount(0...0)
    }

    /// A channel suffix within `1...count`; -114 otherwise.
    static func channel(_ match: SCPIHeaderMatch, count: Int, unit: SCPIProgramUnit) throws(SCPICommandError) -> Int {
        let channel = match.suffix
        guard (1...max(1, count)).contains(channel) else {
            throw SCPICommandError(
                .headerSuffixOutOfRange, detail: "channel \(channel) does not exist; the instrument has \(count)",
                command: unit.text)
        }
        return channel
    }

    /// A number formatted as SCPI NR3 with `digits` significant digits after the point, e.g. `1.800000E+00`.
    static func nr3(_ value: Double, digits: Int = 6) -> String {
        guard value.isFinite else { return value.isNaN ? "9.91E+37" : (value < 0 ? "-9.9E+37" : "9.9E+37") }
        return String(format: "%.\(digits)E", value)
    }

    /// A boolean reply, `1` or `0`.
    static func flag(_ value: Bool) -> SCPIReply { .text(value ? "1" : "0") }
}

/// Serial numbers of simulated instruments: fixed by the seed and the role.
enum SimulatedSerial {
    /// `digits` decimal digits derived from `seed` and `role`.
    static func digits(seed: UInt64, role: InstrumentRole, count: Int = 6) -> String {
        var modulus: UInt64 = 1
        for _ in 0..<max(1, min(count, 18)) { modulus *= 10 }
        let value = SeededRandom(seed: seed).hash(keys: [SeededRandom.key("serial"), SeededRandom.key(role.rawValue)])
        let text = String(value % modulus)
        return String(repeating: "0", count: max(0, count - text.count)) + text
    }
}
