@testable import BenchSimulator
import BenchModel
import PRBS
import Testing

@Suite("Real bits through a lane")
struct LaneSignalPathTests {
    @Test("the receiver locks only when pattern and polarity match the transmitter")
    func acquisition() {
        let prbs31 = PatternSetting(pattern: .prbs31, inverted: false)
        #expect(LaneSignalPath.acquires(tx: prbs31, rx: prbs31, flips: []))
        #expect(!LaneSignalPath.acquires(tx: prbs31, rx: PatternSetting(pattern: .prbs23, inverted: false), flips: []))
        #expect(!LaneSignalPath.acquires(tx: prbs31, rx: PatternSetting(pattern: .prbs31, inverted: true), flips: []))
        let inverted = PatternSetting(pattern: .prbs15, inverted: true)
        #expect(LaneSignalPath.acquires(tx: inverted, rx: inverted, flips: []))
        // A few errors in the burst do not stop the lock.
        #expect(LaneSignalPath.acquires(tx: prbs31, rx: prbs31, flips: [5000, 20_000, 60_000]))
    }

    @Test("after lock the checker counts every flipped bit once; a burst of errors loses the lock")
    func counting() {
        let setting = PatternSetting(pattern: .prbs23, inverted: false)
        let flips = [10, 4_000, 77_777, 200_000, 262_143]
        let counted = LaneSignalPath.countErrors(tx: setting, rx: setting, segmentWords: 4096, flips: flips)
        #expect(counted.errors == flips.count)
        #expect(counted.locked)
        let burst = Array(stride(from: 1_000, to: 3_000, by: 3))
        let lost = LaneSignalPath.countErrors(tx: setting, rx: setting, segmentWords: 4096, flips: burst)
        #expect(!lost.locked)
    }

    @Test("a short gate on a noisy lane counts errors from real bits, near the lane's expected count")
    func shortGateErrors() {
        // A receiver with little margin: Q = 4.5 at the median power, so BER around 1e-5 on every lane.
        var parameters = MicroLEDArrayModel.Parameters(laneCount: 8, activeLaneCount: 8, deadLaneCount: 0, weakLaneCount: 0)
        parameters.qReference = 4.5
        let array = MicroLEDArrayModel(parameters: parameters, seed: 11)
        let wiring = BenchWiring(
            laneCount: 8, bertChannels: 8, bertFirstChannel: 1, switchChannels: nil, switchFirstChannel: 1,
            meterChannels: 1, meterChannel: 1)
        var world = BenchWorld(
            array: array, chamber: ChamberModel.Parameters(), wiring: wiring, random: SeededRandom(seed: 3),
            transitions: [])
        world.supply.volts = 1.8
        world.supply.currentLimit = 3
        world.supply.outputOn = true
        world.setLineRate(1e6, at: 0)
        world.reconfigureLanes(Array(1...8), at: 0) { $0.outputOn = true }
        world.startGate(at: 0)
        var totals = [UInt64](repeating: 0, count: 8)
        for second in 1...4 {
            world.advance(to: Double(second))
            totals = world.readCounters(at: world.time).map(\.errors)
        }
        let records = world.readCounters(at: world.time)
        #expect(records.allSatisfy { $0.comparedBits == 4_000_000 && $0.synchronized })
        let dut = world.chamber.dutCelsius
        let expected = (0..<8).map { array.bitErrorRatio(lane: $0, dutCelsius: dut) * 4e6 }
        let sumExpected = expected.reduce(0, +)
        let sumCounted = Double(totals.reduce(0, +))
        #expect(sumExpected > 50)
        #expect(abs(sumCounted - sumExpected) < 5 * sumExpected.squareRoot(), "counted \(sumCounted), expected \(sumExpected)")
    }
}
