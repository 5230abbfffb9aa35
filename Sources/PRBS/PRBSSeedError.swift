/// A seed that cannot start a PRBS register.
public struct PRBSSeedError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The pattern the seed was meant for.
    public var pattern: PRBSPattern
    /// The rejected seed.
    public var seed: UInt64

    /// Creates the error for `seed` given to a `pattern` register.
    public init(pattern: PRBSPattern, seed: UInt64) {
        self.pattern = pattern
        self.seed = seed
    }

    /// A message a technician can act on.
    public var description: String {
        let hex = "0x" + String(seed, radix: 16, uppercase: true)
        let n = pattern.degree
        if seed & ~pattern.registerMask != 0 {
            return "\(pattern.rawValue) seed \(hex) has bits above the \(n)-bit register; "
                + "expected a value from 0x1 to 0x\(String(pattern.registerMask, radix: 16, uppercase: true))"
        }
        return "\(pattern.rawValue) seed \(hex) leaves the \(n)-bit register all zeros, which never leaves zero; "
            + "expected a value with at least one of the low \(n) bits set (the default seed is all ones)"
    }
}
