import BenchModel
import Foundation
import StationClock
import Synchronization

/// The shared world of a simulated station: the chamber and DUT, the Micro LED array and every simulated
/// instrument's state, behind one lock. Each request served first advances it to the station clock's time.
///
/// Tests and `qualstation simulate` read it through ``status()``; reading never changes what the instruments
/// answer.
public final class SimulatedBench: Sendable {
    /// The seed everything is drawn from.
    public let seed: UInt64
    /// The DUT as drawn from the seed (lane classes, powers, thermal and ageing coefficients).
    public let array: MicroLEDArrayModel
    /// How the instruments connect to the DUT's lanes.
    public let wiring: BenchWiring
    /// The station clock.
    let clock: any StationClock
    /// Station time of bench time 0 (when serving started).
    let origin: Date
    private let world: Mutex<BenchWorld>

    init(world: BenchWorld, seed: UInt64, clock: any StationClock) {
        self.seed = seed
        self.array = world.array
        self.wiring = world.wiring
        self.clock = clock
        self.origin = clock.now
        self.world = Mutex(world)
    }

    /// Bench seconds since serving started, by the station clock.
    public var benchSeconds: Double {
        clock.now.timeIntervalSince(origin)
    }

    /// Advances the world to the station clock's time and runs `body` on it, under the lock.
    func access<Result: Sendable>(_ body: (inout BenchWorld) -> Result) -> Result {
        world.withLock { world in
            world.advance(to: clock.now.timeIntervalSince(origin))
            return body(&world)
        }
    }

    /// What the bench looks like now (computed on a copy: the instruments' replies are not affected).
    public func status() -> BenchStatus {
        var copy = world.withLock { $0 }
        copy.advance(to: benchSeconds)
        let chamber = copy.chamber
        let point = copy.operatingPoint
        return BenchStatus(
            benchSeconds: copy.time,
            airCelsius: chamber.airCelsius,
            dutCelsius: chamber.dutCelsius,
            setpointCelsius: chamber.setpointCelsius,
            chamberRunning: chamber.isRunning,
            chamberAlarm: chamber.alarm,
            supplyOutputOn: copy.supply.outputOn,
            supplyVolts: point.volts,
            supplyAmps: point.amps,
            supplyInCompliance: point.inCompliance,
            dutPowered: point.dutPowered,
            bertOutputsOn: copy.bert.lanes.filter(\.outputOn).count,
            bertLineRate: copy.bert.lineRate,
            gateRunning: copy.bert.gateRunning,
            synchronizedChannels: copy.bert.lanes.filter(\.locked).count,
            switchChannel: copy.switchClosed,
            stressHours: copy.stressHours())
    }
}

/// A snapshot of the simulated bench, for tests and status output.
public struct BenchStatus: Sendable, Equatable, CustomStringConvertible {
    /// Bench seconds since serving started.
    public var benchSeconds: Double
    /// True air temperature, °C.
    public var airCelsius: Double
    /// True DUT temperature, °C.
    public var dutCelsius: Double
    /// Chamber setpoint, °C.
    public var setpointCelsius: Double
    /// Whether the chamber is running.
    public var chamberRunning: Bool
    /// The chamber's latched alarm, if any.
    public var chamberAlarm: String?
    /// Whether the supply output is on.
    public var supplyOutputOn: Bool
    /// Supply terminal voltage, V.
    public var supplyVolts: Double
    /// Supply current, A.
    public var supplyAmps: Double
    /// Whether the supply is in current limit.
    public var supplyInCompliance: Bool
    /// Whether the DUT is powered and working.
    public var dutPowered: Bool
    /// BERT channels with the output on.
    public var bertOutputsOn: Int
    /// BERT line rate, bit/s.
    public var bertLineRate: Double
    /// Whether the BERT gate is counting.
    public var gateRunning: Bool
    /// BERT channels whose detector is locked.
    public var synchronizedChannels: Int
    /// The switch output closed, if any.
    public var switchChannel: Int?
    /// Equivalent stress hours at 85 °C accumulated by the DUT.
    public var stressHours: Double

    /// One line for a status display.
    public var description: String {
        let chamber = String(format: "t=%.0f s air %.1f °C DUT %.1f °C (set %.1f, ", benchSeconds, airCelsius,
                             dutCelsius, setpointCelsius) + (chamberRunning ? "running)" : "stopped)")
        let supply = supplyOutputOn
            ? String(format: "supply %.3f V %.3f A", supplyVolts, supplyAmps) + (supplyInCompliance ? " LIMIT" : "")
            : "supply off"
        let bert = "BERT \(bertOutputsOn) on, \(synchronizedChannels) synced\(gateRunning ? ", gate running" : "")"
        return [chamber, supply, bert, chamberAlarm.map { "ALARM: \($0)" }].compactMap { $0 }.joined(separator: "; ")
    }
}
