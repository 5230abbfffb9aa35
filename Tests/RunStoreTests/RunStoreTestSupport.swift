import Foundation
import RunStore

/// Runs `body` with a fresh temporary folder and removes the folder afterwards.
func withTemporaryFolder<T>(_ body: (String) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("RunStoreTests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    return try body(folder)
}

/// A start time with a fractional part that a lossy time encoding would not keep.
let sampleStart = Date(timeIntervalSinceReferenceDate: 817_120_500.123_456_789)

/// A run as the sequencer would create it.
func sampleRun(seed: UInt64? = 0xFEDC_BA98_7654_3210) -> RunRecord {
    RunRecord(
        id: "DEMO-0001-20261123T101500Z", dut: "DEMO-0001", operatorName: "A. Technician",
        stationPath: "stations/sim.yaml", stationSHA256: String(repeating: "ab", count: 32),
        profilePath: "profiles/demo.yaml", profileSHA256: String(repeating: "cd", count: 32),
        profileName: "demo-qualification", profileVersion: "1.2",
        seed: seed, softwareVersion: "0.1.0", startedAt: sampleStart,
        metadata: ["lab": "Bay 3", "lot": "L-2207", "part": "MLA-416"])
}

/// A plan of three temperature points.
let samplePlan: [StepRecord] = [
    StepRecord(index: 0, kind: "temperature-point", name: "25 °C (1)", setpointCelsius: 25),
    StepRecord(index: 1, kind: "temperature-point", name: "85 °C (1)", setpointCelsius: 85),
    StepRecord(index: 2, kind: "burn-in-read-point", name: "burn-in 0 h"),
]

/// One poll's worth of optical power readings, one per lane, with values that identify the poll.
func powerBatch(step: Int, attempt: Int, poll: Int, lanes: Int = 416) -> [MeasurementRecord] {
    (0..<lanes).map { lane in
        MeasurementRecord(
            stepIndex: step, attempt: attempt, lane: lane, quantity: "optical_power",
            value: 1.0e-3 + Double(poll) * 1.0e-6 + Double(lane) * 1.0e-9, unit: "W",
            time: sampleStart.addingTimeInterval(Double(poll) + 0.000_123), instrument: "meter")
    }
}

/// A station-wide temperature reading.
func temperature(step: Int, attempt: Int, celsius: Double, at seconds: Double) -> MeasurementRecord {
    MeasurementRecord(
        stepIndex: step, attempt: attempt, lane: nil, quantity: "dut_temperature", value: celsius, unit: "degC",
        time: sampleStart.addingTimeInterval(seconds), instrument: "chamber")
}
