import Foundation
import StationConfiguration

/// A profile joined with a station: the flat list of steps the sequencer executes.
public struct Plan: Sendable {
    /// The profile.
    public var profile: Profile
    /// The station file.
    public var station: StationFile
    /// The steps, in order.
    public var steps: [PlanStep]

    /// Builds the plan. Validation against the station is done by ``PlanValidator``.
    public init(profile: Profile, station: StationFile) {
        self.profile = profile
        self.station = station
        self.steps = Self.expand(profile.sequence)
    }

    private static func expand(_ sequence: [SequenceItem]) -> [PlanStep] {
        var steps: [PlanStep] = []
        var occurrences: [Double: Int] = [:]
        for item in sequence {
            switch item {
            case .point(let point):
                occurrences[point.celsius, default: 0] += 1
                let name = "\(PlanStep.format(point.celsius)) °C" + (occurrences[point.celsius, default: 1] > 1 ? " (\(occurrences[point.celsius, default: 1]))" : "")
                steps.append(PlanStep(index: steps.count, name: name, action: .temperaturePoint(point)))
            case .cycles(let stage):
                for cycle in 1...min(max(1, stage.count), 1_000_000) {
                    for celsius in [stage.lowCelsius, stage.highCelsius] {
                        steps.append(
                            PlanStep(
                                index: steps.count, name: "cycle \(cycle)/\(stage.count) at \(PlanStep.format(celsius)) °C",
                                action: .dwell(celsius: celsius, seconds: stage.dwellSeconds, soak: stage.soak)))
                    }
                }
            case .burnIn(let stage):
                let interval = stage.readEveryMinutes * 60
                // The loader bounds the read points; the clamp keeps a hand-built profile from trapping.
                let readPoints = interval > 0 ? (stage.hours * 3600 / interval).rounded(.down) : 0
                let count = readPoints.isFinite ? Int(min(max(readPoints, 0), 1_000_000)) : 0
                for readPoint in 0...count {
                    let elapsed = Double(readPoint) * interval
                    steps.append(
                        PlanStep(
                            index: steps.count,
                            name: "burn-in \(PlanStep.format(stage.celsius)) °C read point \(readPoint) (\(PlanStep.format(elapsed / 3600)) h)",
                            action: .burnInReadPoint(stage: stage, readPoint: readPoint, elapsedSeconds: elapsed)))
                }
            }
        }
        return steps
    }
}

/// One executable step.
public struct PlanStep: Sendable, Equatable {
    /// What the step does.
    public enum Action: Sendable, Equatable {
        /// Ramp, soak, then measure.
        case temperaturePoint(TemperaturePoint)
        /// Ramp, soak, then hold for a dwell (temperature cycling).
        case dwell(celsius: Double, seconds: Double, soak: SoakRule)
        /// A burn-in read point `elapsedSeconds` into the stage.
        case burnInReadPoint(stage: BurnInStage, readPoint: Int, elapsedSeconds: Double)
    }

    /// Position in the plan.
    public var index: Int
    /// Human-readable name.
    public var name: String
    /// What to do.
    public var action: Action

    /// The step's setpoint, °C.
    public var celsius: Double {
        switch action {
        case .temperaturePoint(let point): return point.celsius
        case .dwell(let celsius, _, _): return celsius
        case .burnInReadPoint(let stage, _, _): return stage.celsius
        }
    }

    /// The kind stored in the run store.
    public var kind: String {
        switch action {
        case .temperaturePoint: return "temperature-point"
        case .dwell: return "cycle-dwell"
        case .burnInReadPoint: return "burn-in-read-point"
        }
    }

    /// A setpoint or limit for messages and step names: `85`, `-40`, `12.50`; `%g` for values no Int can hold.
    static func format(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return String(format: "%g", value) }
        return value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}
