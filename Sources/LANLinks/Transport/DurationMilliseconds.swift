extension Duration {
    /// The duration in whole milliseconds for a protocol's 32-bit timeout field, clamped to 0…UInt32.max.
    var clampedMilliseconds: UInt32 {
        let (seconds, attoseconds) = components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        if milliseconds <= 0 { return 0 }
        return milliseconds >= Double(UInt32.max) ? UInt32.max : UInt32(milliseconds)
    }
}
