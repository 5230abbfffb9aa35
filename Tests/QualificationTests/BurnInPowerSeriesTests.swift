import Foundation
import Qualification
import Testing

/// The running burn-in power series must give the drift the two-pass least-squares fit gives, without keeping
/// the readings.
@Suite struct BurnInPowerSeriesTests {
    /// The exact fit: slope and its standard error from the residuals, two passes over the points.
    static func exactFit(_ points: [(hours: Double, watts: Double)]) -> (slope: Double, standardError: Double) {
        let n = Double(points.count)
        let meanX = points.map(\.hours).reduce(0, +) / n
        let meanY = points.map(\.watts).reduce(0, +) / n
        let sxx = points.map { ($0.hours - meanX) * ($0.hours - meanX) }.reduce(0, +)
        let slope = points.map { ($0.hours - meanX) * ($0.watts - meanY) }.reduce(0, +) / sxx
        let residuals = points.map { $0.watts - (meanY + slope * ($0.hours - meanX)) }
        let variance = residuals.map { $0 * $0 }.reduce(0, +) / (n - 2)
        return (slope, (variance / sxx).squareRoot())
    }

    /// 73 read points every 10 minutes of a 120 µW lane drifting −0.05 %/1000 h with 0.1 % reading scatter.
    static let readPoints: [(hours: Double, watts: Double)] = (0...72).map { point in
        let hours = Double(point) / 6
        let scatter = sin(Double(point) * 12.9898) * 1.2e-7
        return (hours, 120e-6 * (1 - 0.05 / 100 / 1000 * hours) + scatter)
    }

    @Test func slopeAndUncertaintyMatchTheTwoPassFit() throws {
        var series = BurnInPowerSeries()
        for (index, point) in Self.readPoints.enumerated() { series.add(hours: point.hours, watts: point.watts, step: index) }
        let exact = Self.exactFit(Self.readPoints)
        #expect(series.count == 73)
        #expect(abs(series.slopeWattsPerHour - exact.slope) <= 1e-9 * abs(exact.slope) + 1e-18)
        #expect(abs(series.slopeStandardError - exact.standardError) <= 1e-6 * exact.standardError)
        let drift = try #require(series.relativeDrift)
        #expect(abs(drift.percentPer1000Hours - exact.slope / Self.readPoints[0].watts * 1e5) < 1e-9)
        #expect(abs(drift.uncertaintyPercentPer1000Hours - 2 * exact.standardError / Self.readPoints[0].watts * 1e5) < 1e-6)
        #expect(abs(drift.changePercent - (Self.readPoints[72].watts / Self.readPoints[0].watts - 1) * 100) < 1e-12)
    }

    @Test func firstLastAndExtremesNameTheirReadPoints() throws {
        var series = BurnInPowerSeries()
        let watts = [100e-6, 101e-6, 98e-6, 99e-6]
        for (index, value) in watts.enumerated() { series.add(hours: Double(index), watts: value, step: 10 + index) }
        #expect(series.firstWatts == 100e-6)
        #expect(series.lastWatts == 99e-6)
        #expect(series.minimum == BurnInPowerSeries.Extreme(watts: 98e-6, step: 12))
        #expect(series.maximum == BurnInPowerSeries.Extreme(watts: 101e-6, step: 11))
    }

    @Test func twoReadPointsHaveNoScatterToJudgeTheSlopeBy() throws {
        var series = BurnInPowerSeries()
        series.add(hours: 0, watts: 100e-6, step: 0)
        #expect(series.relativeDrift == nil)
        series.add(hours: 1, watts: 99e-6, step: 1)
        series.add(hours: 2, watts: .nan, step: 2)
        #expect(series.count == 2)
        let drift = try #require(series.relativeDrift)
        #expect(abs(drift.percentPer1000Hours - -1000) < 1e-9)
        #expect(drift.uncertaintyPercentPer1000Hours == .infinity)
    }
}
