/// One lane's optical power over the burn-in read points, accumulated as the read points arrive.
///
/// The series keeps only running sums (Welford's centred updates, numerically stable for powers of 1e-4 W that
/// change by parts per million), the first and last reading and the extremes, so a 1000 h burn-in with a read
/// point every ten minutes costs no more memory than a one-hour one.
public struct BurnInPowerSeries: Sendable, Codable, Equatable {
    /// A reading and the plan step of the read point that gave it.
    public struct Extreme: Sendable, Codable, Equatable {
        /// Optical power, W.
        public var watts: Double
        /// The read point's plan step.
        public var step: Int

        /// Creates an extreme.
        public init(watts: Double, step: Int) {
            self.watts = watts
            self.step = step
        }
    }

    /// Read points with a reading.
    public private(set) var count = 0
    /// The first reading, W.
    public private(set) var firstWatts: Double?
    /// The last reading, W.
    public private(set) var lastWatts: Double?
    /// The lowest reading.
    public private(set) var minimum: Extreme?
    /// The highest reading.
    public private(set) var maximum: Extreme?
    private var meanHours = 0.0
    private var meanWatts = 0.0
    private var sumSquaresHours = 0.0
    private var sumProducts = 0.0
    private var sumSquaresWatts = 0.0

    /// An empty series.
    public init() {}

    /// Adds the reading of the read point `step`, taken `hours` into the burn-in.
    public mutating func add(hours: Double, watts: Double, step: Int) {
        guard hours.isFinite, watts.isFinite else { return }
        count += 1
        let n = Double(count)
        let hoursOffset = hours - meanHours
        let wattsOffset = watts - meanWatts
        meanHours += hoursOffset / n
        meanWatts += wattsOffset / n
        sumSquaresHours += hoursOffset * (hours - meanHours)
        sumProducts += hoursOffset * (watts - meanWatts)
        sumSquaresWatts += wattsOffset * (watts - meanWatts)
        if firstWatts == nil { firstWatts = watts }
        lastWatts = watts
        if minimum.map({ watts < $0.watts }) ?? true { minimum = Extreme(watts: watts, step: step) }
        if maximum.map({ watts > $0.watts }) ?? true { maximum = Extreme(watts: watts, step: step) }
    }

    /// The least-squares slope, W/h; zero without a spread in time.
    public var slopeWattsPerHour: Double {
        sumSquaresHours > 0 ? sumProducts / sumSquaresHours : 0
    }

    /// The slope's standard error from the scatter about the fit, W/h; infinite with two read points or fewer
    /// (no scatter to judge it by).
    public var slopeStandardError: Double {
        guard count > 2, sumSquaresHours > 0 else { return .infinity }
        let residual = max(0, sumSquaresWatts - sumProducts * sumProducts / sumSquaresHours)
        return (residual / Double(count - 2) / sumSquaresHours).squareRoot()
    }

    /// Drift relative to the first reading; nil with fewer than two read points or a first reading that is not
    /// positive.
    public var relativeDrift: RelativeDrift? {
        guard count >= 2, let first = firstWatts, first > 0 else { return nil }
        return RelativeDrift(
            percentPer1000Hours: slopeWattsPerHour / first * 100 * 1000,
            uncertaintyPercentPer1000Hours: 2 * slopeStandardError / first * 100 * 1000,
            changePercent: ((lastWatts ?? first) - first) / first * 100)
    }

    /// Drift as the criteria judge it.
    public struct RelativeDrift: Sendable, Equatable {
        /// Least-squares slope, % of the first reading per 1000 h.
        public var percentPer1000Hours: Double
        /// The slope's 95 % expanded uncertainty (k = 2) from the scatter about the fit, % per 1000 h; infinite
        /// with two read points.
        public var uncertaintyPercentPer1000Hours: Double
        /// Change from the first to the last reading, %.
        public var changePercent: Double
    }
}
