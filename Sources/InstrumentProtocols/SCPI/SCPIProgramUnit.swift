/// One command or query of a received message, after IEEE 488.2 path carry-over.
///
/// `SOUR12:PATT:TYPE PRBS31` gives nodes `SOUR`(12), `PATT`, `TYPE` and one parameter `PRBS31`;
/// `*IDN?` is a common query with the single node `IDN`.
public struct SCPIProgramUnit: Sendable, Hashable, CustomStringConvertible {
    /// The header's nodes from the root, including those carried over from the previous unit.
    public var nodes: [SCPIHeaderNode]
    /// True for an IEEE 488.2 common command (`*RST`, `*IDN?`, …).
    public var isCommon: Bool
    /// True when the header ended in `?`.
    public var isQuery: Bool
    /// The parameters, in order.
    public var parameters: [SCPIParameter]
    /// The unit as received, without surrounding whitespace (before path carry-over), e.g. `CURR 2`.
    public var text: String

    /// Creates a unit.
    public init(
        nodes: [SCPIHeaderNode], isCommon: Bool = false, isQuery: Bool, parameters: [SCPIParameter] = [],
        text: String = ""
    ) {
        self.nodes = nodes
        self.isCommon = isCommon
        self.isQuery = isQuery
        self.parameters = parameters
        self.text = text
    }

    /// The full header after carry-over, e.g. `SOUR12:PATT:TYPE?` or `*IDN?`.
    public var header: String {
        let path = nodes.map(\.description).joined(separator: ":")
        return (isCommon ? "*" : "") + path + (isQuery ? "?" : "")
    }

    /// The full header and parameters, e.g. `SOUR:CURR 2`.
    public var description: String {
        parameters.isEmpty ? header : header + " " + parameters.map(\.text).joined(separator: ",")
    }

    /// The parameter at `index`.
    /// - Throws: `SCPICommandError` -109 when there are fewer parameters.
    public func parameter(_ index: Int) throws(SCPICommandError) -> SCPIParameter {
        guard index >= 0, index < parameters.count else {
            throw SCPICommandError(
                .missingParameter, detail: "parameter \(index + 1) is missing", command: text)
        }
        return parameters[index]
    }

    /// Checks the number of parameters.
    /// - Throws: `SCPICommandError` -109 when fewer than `range` allows, -108 when more.
    public func requireParameterCount(_ range: ClosedRange<Int>) throws(SCPICommandError) {
        if parameters.count < range.lowerBound {
            throw SCPICommandError(
                .missingParameter, detail: "\(range.lowerBound) parameter(s) needed, \(parameters.count) given",
                command: text)
        }
        if parameters.count > range.upperBound {
            throw SCPICommandError(
                .parameterNotAllowed,
                detail: "at most \(range.upperBound) parameter(s) allowed, \(parameters.count) given", command: text)
        }
    }

    /// The parameter at `index` as a number; see `SCPIParameter.double()`.
    public func double(at index: Int) throws(SCPICommandError) -> Double {
        try withCommand { () throws(SCPICommandError) in try parameter(index).double() }
    }

    /// The parameter at `index` as a number or MIN/MAX/DEF; see `SCPIParameter.numeric()`.
    public func numeric(at index: Int) throws(SCPICommandError) -> SCPINumericParameter {
        try withCommand { () throws(SCPICommandError) in try parameter(index).numeric() }
    }

    /// The parameter at `index` as an integer; see `SCPIParameter.integer()`.
    public func integer(at index: Int) throws(SCPICommandError) -> Int {
        try withCommand { () throws(SCPICommandError) in try parameter(index).integer() }
    }

    /// The parameter at `index` as a boolean; see `SCPIParameter.boolean()`.
    public func boolean(at index: Int) throws(SCPICommandError) -> Bool {
        try withCommand { () throws(SCPICommandError) in try parameter(index).boolean() }
    }

    /// The parameter at `index` as quoted string data; see `SCPIParameter.string()`.
    public func string(at index: Int) throws(SCPICommandError) -> String {
        try withCommand { () throws(SCPICommandError) in try parameter(index).string() }
    }

    /// The parameter at `index` as an upper-cased keyword.
    /// - Throws: `SCPICommandError` -109 when missing.
    public func keyword(at index: Int) throws(SCPICommandError) -> String {
        try parameter(index).keyword
    }

    /// The parameter at `index` as a channel list; see `SCPIParameter.channelList()`.
    public func channelList(at index: Int) throws(SCPICommandError) -> [Int] {
        try withCommand { () throws(SCPICommandError) in try parameter(index).channelList() }
    }

    private func withCommand<T>(_ body: () throws(SCPICommandError) -> T) throws(SCPICommandError) -> T {
        do {
            return try body()
        } catch {
            var located = error
            if located.command.isEmpty { located.command = text }
            throw located
        }
    }
}
