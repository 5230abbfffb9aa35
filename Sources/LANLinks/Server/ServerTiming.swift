import Glibc

/// Short blocking pauses for server threads (never used on the Swift concurrency pool).
enum ServerTiming {
    /// Sleeps the calling thread for `milliseconds`.
    static func pause(milliseconds: Int) {
        usleep(useconds_t(max(0, milliseconds) * 1000))
    }

    /// `duration` in poll(2) milliseconds, clamped.
    static func milliseconds(_ duration: Duration) -> Int32 {
        Int32(clamping: Int64(duration.clampedMilliseconds))
    }
}
