import Foundation
import Testing
@testable import BenchModel

@Suite struct ChamberModelTests {
    @Test func oneJumpEqualsManySmallSteps() {
        // A slow ramp (1 K/min) still moving after an hour: the DUT is in its linear-lag regime throughout.
        var jump = ChamberModel()
        jump.setRampRate(1)
        jump.setSetpoint(85)
        var steps = jump
        var irregular = jump
        jump.advance(to: 3600)
        for second in 1...3600 { steps.advance(to: Double(second)) }
        var t = 0.0
        var k = 0
        while t < 3600 {
            k += 1
            t = min(3600, t + 0.37 * Double(k % 7 + 1))
            irregular.advance(to: t)
        }
        #expect(jump.airCelsius < 85 && jump.dutCelsius < jump.airCelsius - 0.9)
        for other in [steps, irregular] {
            #expect(abs(other.airCelsius - jump.airCelsius) < 1e-9)
            #expect(abs(other.dutCelsius - jump.dutCelsius) < 1e-9)
        }

        // The air reaches its target between two steps (at 247.6 s), then the chamber is stopped and relaxes.
        var a = ChamberModel()
        a.setSetpoint(84.9)
        var b = a
        a.advance(to: 300)
        for second in 1...300 { b.advance(to: Double(second)) }
        #expect(abs(a.airCelsius - b.airCelsius) < 1e-9)
        #expect(abs(a.dutCelsius - b.dutCelsius) < 1e-9)
        #expect(84.9 - a.dutCelsius > 1)
        a.setRunning(false)
        b.setRunning(false)
        a.advance(to: 1500)
        for second in 301...1500 { b.advance(to: Double(second)) }
        #expect(abs(a.airCelsius - b.airCelsius) < 1e-9)
        #expect(abs(a.dutCelsius - b.dutCelsius) < 1e-9)
    }

    @Test func airRampIsLimitedByTheRampRate() {
        var chamber = ChamberModel()
        chamber.setSetpoint(85)
        chamber.advance(to: 60)
        #expect(abs(chamber.airCelsius - 38) < 1e-12)  // 23 °C + 15 K/min × 1 min
        chamber.advance(to: 248)
        #expect(abs(chamber.airCelsius - 85) < 1e-12)
        chamber.advance(to: 400)
        #expect(chamber.airCelsius == 85)  // stops at the setpoint

        var slow = ChamberModel()
        #expect(slow.setRampRate(40) == 15)  // never above the rated maximum
        #expect(slow.setRampRate(5) == 5)
        slow.setSetpoint(-40)
        slow.advance(to: 120)
        #expect(abs(slow.airCelsius - 13) < 1e-12)
    }

    @Test func setpointIsClampedToTheRatedRange() {
        var chamber = ChamberModel()
        #expect(chamber.setSetpoint(200) == 180)
        chamber.advance(to: 7200)
        #expect(chamber.airCelsius == 180)
        #expect(abs(chamber.dutCelsius - 180) < 1e-6)
        #expect(chamber.setSetpoint(-100) == -70)
        #expect(chamber.setSetpoint(25) == 25)
        #expect(chamber.setSetpoint(.nan) == 25)
    }

    @Test func dutLagsTheAirWithItsTimeConstant() {
        var chamber = ChamberModel()
        chamber.setSetpoint(85)
        // During a linear ramp of s = 0.25 K/s the lag tends to s·τ = 15 K: air − DUT = sτ(1 − e^(−t/τ)).
        chamber.advance(to: 240)
        #expect(abs((chamber.airCelsius - chamber.dutCelsius) - 15 * (1 - exp(-4.0))) < 1e-9)
        // Once the air holds, the DUT's remaining offset falls by 1/e per time constant (60 s).
        chamber.advance(to: 300)
        let offset = 85 - chamber.dutCelsius
        chamber.advance(to: 360)
        #expect(abs((85 - chamber.dutCelsius) / offset - exp(-1.0)) < 1e-9)
    }

    @Test func unreachableSetpointSaturatesAtTheBound() {
        var chamber = ChamberModel()
        chamber.reachableRange = -20...180
        #expect(chamber.setSetpoint(-40) == -40)  // accepted: within the rating
        chamber.advance(to: 3600)
        #expect(chamber.airCelsius == -20)
        #expect(abs(chamber.dutCelsius - -20) < 1e-6)
        chamber.reachableRange = nil  // fault cleared: the air now reaches the setpoint
        chamber.advance(to: 7200)
        #expect(chamber.airCelsius == -40)
    }

    @Test func stoppedOrAlarmedChamberDriftsToAmbient() {
        var chamber = ChamberModel()
        chamber.setSetpoint(123)
        chamber.advance(to: 3600)
        chamber.setRunning(false)
        chamber.advance(to: 4200)
        #expect(abs((chamber.airCelsius - 23) / 100 - exp(-1.0)) < 1e-9)

        var alarmed = ChamberModel()
        alarmed.setSetpoint(150)
        alarmed.advance(to: 3600)
        alarmed.alarm = "E12 over-temperature limiter tripped"
        alarmed.advance(to: 3600 + 6000)
        #expect(abs(alarmed.airCelsius - 23) < 0.01)
        #expect(!alarmed.isControlling)
        alarmed.alarm = nil
        alarmed.advance(to: 3600 + 6000 + 3600)
        #expect(alarmed.airCelsius == 150)
    }

    @Test func timeNeverRunsBackwards() {
        var chamber = ChamberModel()
        chamber.setSetpoint(85)
        chamber.advance(to: 100)
        let state = chamber
        chamber.advance(to: 50)
        #expect(chamber == state)
    }

    @Test func readingsAreNoisyButDeterministic() {
        var chamber = ChamberModel()
        chamber.setSetpoint(60)
        chamber.advance(to: 1000)
        let noise = SeededRandom(seed: 3)
        #expect(chamber.airReading(noise: noise, sample: 4) == chamber.airReading(noise: noise, sample: 4))
        #expect(chamber.airReading(noise: noise, sample: 4) != chamber.airReading(noise: noise, sample: 5))
        let air = (0..<20_000).map { chamber.airReading(noise: noise, sample: UInt64($0)) - chamber.airCelsius }
        let dut = (0..<20_000).map { chamber.dutReading(noise: noise, sample: UInt64($0)) - chamber.dutCelsius }
        #expect(abs(variance(air).squareRoot() - 0.05) < 0.002)
        #expect(abs(variance(dut).squareRoot() - 0.03) < 0.0012)
        #expect(abs(mean(air)) < 0.002)
    }

    @Test func parametersDecodeWithDefaults() throws {
        let json = Data(#"{"ratedMinimumCelsius": -40, "dutTimeConstantSeconds": 120}"#.utf8)
        let decoded = try JSONDecoder().decode(ChamberModel.Parameters.self, from: json)
        #expect(decoded == ChamberModel.Parameters(ratedMinimumCelsius: -40, dutTimeConstantSeconds: 120))
        let roundTrip = try JSONDecoder().decode(
            ChamberModel.Parameters.self, from: try JSONEncoder().encode(decoded))
        #expect(roundTrip == decoded)
    }
}
