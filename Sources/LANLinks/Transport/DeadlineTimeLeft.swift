extension ContinuousClock.Instant {
    /// The time from now until this deadline, at least a millisecond, so a deadline just passed still gives the
    /// protocol call a (failing) timeout rather than none.
    var timeLeft: Duration {
        max(.milliseconds(1), self - ContinuousClock.now)
    }
}
