import Foundation
import Testing
@testable import BenchModel

@Suite struct MicroLEDArrayModelTests {
    static let seeds: [UInt64] = Array(1...12)

    @Test func sameSeedSameArrayDifferentSeedsDiffer() {
        let a = MicroLEDArrayModel(seed: 1234)
        let b = MicroLEDArrayModel(seed: 1234)
        let c = MicroLEDArrayModel(seed: 1235)
        #expect(a.lanes.count == 416)
        #expect(a.lanes == b.lanes)
        #expect(a.lanes.map(\.index) == Array(0..<416))
        #expect(a.lanes.map(\.nominalPower25) != c.lanes.map(\.nominalPower25))
        #expect(a.bitErrorRatio(lane: 17, dutCelsius: 105) == b.bitErrorRatio(lane: 17, dutCelsius: 105))
    }

    @Test func goodLanePowerHasTheDesignedMedianAndSpread() {
        for seed in Self.seeds {
            let model = MicroLEDArrayModel(seed: seed)
            let powers = model.lanes(ofClass: .good).map(\.nominalPower25)
            #expect(abs(median(powers) / 50e-6 - 1) < 0.012)
            let sigma = variance(powers.map { log($0) }).squareRoot()
            #expect(sigma > 0.043 && sigma < 0.056)
            // Screened lognormal: nothing beyond ±3σ.
            #expect(powers.allSatisfy { abs(log($0 / 50e-6)) <= 0.15 + 1e-12 })
        }
    }

    @Test func retentionAt85IsAbout92PercentWithAFewLanesBelow90() {
        var below90 = 0
        var total = 0
        for seed in Self.seeds {
            let model = MicroLEDArrayModel(seed: seed)
            let good = model.lanes(ofClass: .good)
            let retention = good.map {
                model.opticalPower(lane: $0.index, dutCelsius: 85) / model.opticalPower(lane: $0.index, dutCelsius: 25)
            }
            #expect(abs(median(retention) - 0.92) < 0.003)
            below90 += retention.filter { $0 < 0.90 }.count
            total += good.count
        }
        // About 1 % of lanes (k more than 2.3σ above the median) dip under 90 %.
        #expect(below90 >= 10 && Double(below90) < 0.03 * Double(total))
    }

    @Test func laneCountsComeFromTheSeedUnlessGiven() {
        var deadCounts = Set<Int>()
        var weakCounts = Set<Int>()
        for seed in UInt64(1)...40 {
            let model = MicroLEDArrayModel(seed: seed)
            deadCounts.insert(model.lanes(ofClass: .dead).count)
            weakCounts.insert(model.lanes(ofClass: .weak).count)
        }
        #expect(deadCounts.isSubset(of: Set(0...3)) && deadCounts.count >= 3)
        #expect(weakCounts.isSubset(of: Set(0...4)) && weakCounts.count >= 4)

        let fixed = MicroLEDArrayModel.Parameters(deadLaneCount: 2, weakLaneCount: 5)
        let first = MicroLEDArrayModel(parameters: fixed, seed: 1)
        let second = MicroLEDArrayModel(parameters: fixed, seed: 2)
        #expect(first.lanes(ofClass: .dead).count == 2 && first.lanes(ofClass: .weak).count == 5)
        #expect(first.lanes(ofClass: .weak).map(\.index) != second.lanes(ofClass: .weak).map(\.index))
        let none = MicroLEDArrayModel(parameters: .init(deadLaneCount: 0, weakLaneCount: 0), seed: 1)
        #expect(none.lanes(ofClass: .good).count == 416)
    }

    @Test func deadLanesHaveNoLightNoSyncAndBERHalf() throws {
        let model = MicroLEDArrayModel(parameters: .init(deadLaneCount: 3), seed: 77)
        let dead = model.lanes(ofClass: .dead)
        #expect(dead.count == 3)
        for lane in dead {
            for celsius in [-40.0, 25, 125] {
                #expect(model.opticalPower(lane: lane.index, dutCelsius: celsius) == 1e-9)
                #expect(!model.hasSignal(lane: lane.index, dutCelsius: celsius))
                #expect(model.bitErrorRatio(lane: lane.index, dutCelsius: celsius) == 0.5)
            }
        }
        // A position outside the array reads dark as well.
        #expect(!model.hasSignal(lane: 416, dutCelsius: 25))
        #expect(model.bitErrorRatio(lane: -1, dutCelsius: 25) == 0.5)
    }

    @Test func weakLanesPassAt25ButFailAt105To125() {
        let parameters = MicroLEDArrayModel.Parameters(weakLaneCount: 4)
        for seed in UInt64(1)...25 {
            let model = MicroLEDArrayModel(parameters: parameters, seed: seed)
            for lane in model.lanes(ofClass: .weak) {
                let fraction = lane.nominalPower25 / 50e-6
                #expect(fraction >= 0.55 && fraction <= 0.65)
                #expect(model.hasSignal(lane: lane.index, dutCelsius: 125))
                #expect(model.bitErrorRatio(lane: lane.index, dutCelsius: 25) <= 1e-14)
                #expect(model.bitErrorRatio(lane: lane.index, dutCelsius: 105) > 1e-12)
                #expect(model.bitErrorRatio(lane: lane.index, dutCelsius: 125) > 1e-12)
            }
        }
    }

    @Test func goodLanesStayFarBelow1e12FromMinus40To125() {
        for seed in Self.seeds {
            let model = MicroLEDArrayModel(seed: seed)
            // Including 2000 h of HTOL at 125 °C.
            let htol = model.equivalentStressHours(2000, atCelsius: 125)
            for lane in model.lanes(ofClass: .good) {
                for celsius in [-40.0, 25, 85, 105, 125] {
                    #expect(model.bitErrorRatio(lane: lane.index, dutCelsius: celsius, stressHours: htol) < 1e-18)
                }
            }
        }
    }

    @Test func energyPerBitStaysWithin1To2PicojoulesPerBit() {
        let model = MicroLEDArrayModel(seed: 1)
        func energy(_ celsius: Double) -> Double {
            model.energyPerBit(dutCelsius: celsius, drivenLanes: 416, lineRateGbps: 4, voltage: 1.8)
        }
        #expect(abs(energy(25) - 1.4e-12) < 0.005e-12)
        #expect(abs(model.supplyCurrent(dutCelsius: 25) * 1.8 / 1.6e12 - energy(25)) < 1e-20)
        for celsius in stride(from: -40.0, through: 125, by: 5) {
            #expect(energy(celsius) > 1e-12 && energy(celsius) < 2e-12)
        }
        #expect(energy(125) > energy(25) && energy(25) > energy(-40))
        // Dynamic current scales with lanes and rate; the static part remains with nothing driven.
        let idle = model.supplyCurrent(dutCelsius: 25, drivenLanes: 0, lineRateGbps: 4, voltage: 1.8)
        let half = model.supplyCurrent(dutCelsius: 25, drivenLanes: 208, lineRateGbps: 4, voltage: 1.8)
        let full = model.supplyCurrent(dutCelsius: 25, drivenLanes: 416, lineRateGbps: 4, voltage: 1.8)
        #expect(abs(idle - 0.2) < 1e-12)
        #expect(abs((half - idle) * 2 - (full - idle)) < 1e-12)
        #expect(model.supplyCurrent(dutCelsius: 25, drivenLanes: 416, lineRateGbps: 4, voltage: 0) == 0)
    }

    @Test func overCurrentFaultTriplesTheCurrent() {
        var model = MicroLEDArrayModel(seed: 1)
        let normal = model.supplyCurrent(dutCelsius: 85)
        model.overCurrentFault = true
        #expect(abs(model.supplyCurrent(dutCelsius: 85) - 3 * normal) < 1e-12)
    }

    @Test func ageingRatesFollowTheDesign() throws {
        var goodLoss: [Double] = []
        var weakLoss: [Double] = []
        let parameters = MicroLEDArrayModel.Parameters(weakLaneCount: 4)
        for seed in Self.seeds {
            let model = MicroLEDArrayModel(parameters: parameters, seed: seed)
            for lane in model.lanes where lane.laneClass != .dead {
                let fresh = model.opticalPower(lane: lane.index, dutCelsius: 25)
                let aged = model.opticalPower(lane: lane.index, dutCelsius: 25, stressHours: 1000)
                let loss = 1 - aged / fresh
                if lane.laneClass == .good { goodLoss.append(loss) } else { weakLoss.append(loss) }
            }
        }
        // Good lanes ~0.02 % per 1000 h at 85 °C, with spread; weak lanes ~20× faster.
        #expect(abs(median(goodLoss) - 2e-4) < 0.2e-4)
        #expect(goodLoss.min() ?? 0 < 1.5e-4 && goodLoss.max() ?? 0 > 3e-4)
        #expect(abs(median(weakLoss) / median(goodLoss) - 20) < 5)

        // Arrhenius acceleration with 0.7 eV around 85 °C.
        let model = MicroLEDArrayModel(seed: 1)
        #expect(abs(model.agingAccelerationFactor(dutCelsius: 85) - 1) < 1e-12)
        #expect(abs(model.agingAccelerationFactor(dutCelsius: 125) - 9.763) < 0.01)
        #expect(model.agingAccelerationFactor(dutCelsius: 25) < 0.011)
        #expect(abs(model.equivalentStressHours(100, atCelsius: 125) - 976.3) < 1)
        // Stress only ever lowers the power.
        let lane = try #require(model.lanes(ofClass: .good).first).index
        let unstressed = model.opticalPower(lane: lane, dutCelsius: 25)
        #expect(model.opticalPower(lane: lane, dutCelsius: 25, stressHours: -50) == unstressed)
        #expect(model.opticalPower(lane: lane, dutCelsius: 25, stressHours: 1e5) < unstressed)
    }

    @Test func parametersDecodeWithDefaults() throws {
        let json = Data(#"{"laneCount": 320, "activeLaneCount": 256, "deadLaneCount": 1}"#.utf8)
        let decoded = try JSONDecoder().decode(MicroLEDArrayModel.Parameters.self, from: json)
        #expect(decoded == MicroLEDArrayModel.Parameters(laneCount: 320, activeLaneCount: 256, deadLaneCount: 1))
        let roundTrip = try JSONDecoder().decode(
            MicroLEDArrayModel.Parameters.self, from: try JSONEncoder().encode(decoded))
        #expect(roundTrip == decoded)
        #expect(MicroLEDArrayModel(parameters: decoded, seed: 9).lanes.count == 320)
    }
}
