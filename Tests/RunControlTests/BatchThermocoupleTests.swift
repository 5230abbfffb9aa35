import Certificates
import Foundation
import Qualification
import RunControl
import RunStore
import Testing

/// Issue 17's per-socket conditions: in a batch each socket soaks and is judged on the thermocouple the station
/// file states for it (its own reader channel, the chamber's DUT input, or the air), the batch soaks until every
/// socket is stable, and each member's run and certificate carry that socket's own temperatures.
@Suite("Batch sockets on their own thermocouples", .serialized)
struct BatchThermocoupleTests {
    static let members = ["S1": "TC-S1", "S2": "TC-S2", "S3": "TC-S3", "S4": "TC-S4"]

    /// The shipped batch station with S3 judged on the air and S4's DUT lagging five times longer than S1's (300 s),
    /// read on its own reader channel; the quick check at 60 °C.
    static func files(_ run: SimulatedRun, replacing extra: [(String, String)] = []) throws -> (station: String, profile: String) {
        var text = try String(
            contentsOf: SimulatedRun.packageRoot.appendingPathComponent("stations/simulated-batch.yaml"), encoding: .utf8)
        for (original, replacement) in [
            ("thermocouple: thermocouples:103", "thermocouple: air"),
            ("dut_time_constant_seconds: 90 }", "dut_time_constant_seconds: 300 }"),
        ] + extra {
            guard text.contains(original) else { throw SimulatedRun.FixtureError(text: original) }
            text = text.replacingOccurrences(of: original, with: replacement)
        }
        let station = run.scratch.appendingPathComponent("batch-thermocouples.yaml").path
        try text.write(toFile: station, atomically: true, encoding: .utf8)
        return (station, try run.profile("profiles/quick-check.yaml", [("  - point: 25\n", "  - point: 60\n")]))
    }

    /// Runs the batch of ``members``; returns each member's outcome by socket.
    static func runBatch(
        _ run: SimulatedRun, files: (station: String, profile: String), into name: String, members: [String: String] = members
    ) async throws -> [String: RunOutcome] {
        let runner = QualificationRunner(
            progress: SilentProgress(), keys: StationKeyStore(directory: run.scratch.appendingPathComponent("keys").path),
            softwareVersion: "test", stationLocks: StationLocks(directory: run.scratch.appendingPathComponent("locks").path))
        let sockets = members.keys.sorted()
        let outcomes = try await runner.startBatch(
            BatchRunRequest(
                stationPath: files.station, profilePath: files.profile,
                members: sockets.map { BatchRunRequest.Member(socket: $0, dut: members[$0] ?? $0) },
                base: run.scratch.appendingPathComponent(name).path, operatorName: "tester"))
        return Dictionary(uniqueKeysWithValues: zip(sockets, outcomes))
    }

    /// A member's step-0 temperatures: (time, value) of `quantity` in recording order.
    static func readings(_ outcome: RunOutcome, _ quantity: String) throws -> [MeasurementRecord] {
        try RunStore.open(at: outcome.directory.storePath).evidence(step: 0, quantity: quantity)
    }

    @Test("a lagging socket soaks longer on its own channel, the air socket is judged on air, and every certificate shows its own socket's window")
    func eachSocketOnItsOwnThermocouple() async throws {
        let run = try SimulatedRun()
        let outcomes = try await Self.runBatch(run, files: try Self.files(run), into: "runs")
        for (socket, outcome) in outcomes {
            #expect(outcome.verdict != .incomplete, "\(socket): \(outcome.assessment.reasons)")
        }
        let s1 = try #require(outcomes["S1"]), s2 = try #require(outcomes["S2"])
        let s3 = try #require(outcomes["S3"]), s4 = try #require(outcomes["S4"])

        // Each run records its own socket's DUT temperature, from the instrument that read it.
        #expect(try Self.readings(s1, "dut_temperature").allSatisfy { $0.instrument == "chamber" })
        for outcome in [s2, s4] {
            #expect(try Self.readings(outcome, "dut_temperature").allSatisfy { $0.instrument == "thermocouples" })
        }
        // The laggard enters the ±1 K band well after the others, and the measurement waits for it to be stable.
        func firstInBand(_ outcome: RunOutcome) throws -> Date {
            try #require(try Self.readings(outcome, "dut_temperature").first { abs($0.value - 60) <= 1 }?.time)
        }
        let laggard = try firstInBand(s4)
        for outcome in [s1, s2] {
            #expect(laggard.timeIntervalSince(try firstInBand(outcome)) > 120, "S4 settles minutes after \(outcome.runID)")
        }
        let measurementStart = try #require(
            try RunStore.open(at: s4.directory.storePath).evidence(step: 0, quantity: MeasurementQuantity.measurementStart).first?.time)
        #expect(measurementStart.timeIntervalSince(laggard) >= 60, "the batch soaks until S4 has been stable for 60 s")
        // At the same instants S4's own thermocouple reads colder than S1's chamber DUT input while heating.
        let s1ByTime = Dictionary(try Self.readings(s1, "dut_temperature").map { ($0.time, $0.value) }, uniquingKeysWith: { first, _ in first })
        let lags = try Self.readings(s4, "dut_temperature").compactMap { reading in s1ByTime[reading.time].map { $0 - reading.value } }
        #expect((lags.max() ?? 0) > 5, "S4 lags S1 by at most \(lags.max() ?? 0) K")

        // S3 states `thermocouple: air`: every DUT temperature its run was judged on is the air reading of that sample.
        let air = try Self.readings(s3, "air_temperature"), dut = try Self.readings(s3, "dut_temperature")
        #expect(!dut.isEmpty && dut.count == air.count)
        #expect(zip(air, dut).allSatisfy { $0.time == $1.time && $0.value == $1.value })
        #expect(try SimulatedRun.events(s3).contains { $0.message.contains("read the chamber's air sensor") })

        // Each certificate's window evidence is its own socket's readings after the measurement started.
        for outcome in [s1, s2, s3, s4] {
            let rows = try RunStore.open(at: outcome.directory.storePath).evidence(step: 0)
            let start = try #require(rows.lastIndex { $0.quantity == MeasurementQuantity.measurementStart })
            let own = rows[(start + 1)...].filter { $0.quantity == "dut_temperature" }.map(\.value)
            let window = try #require(outcome.document.environment.first?.measurement)
            #expect(window.samples == own.count && window.samples > 0)
            #expect(window.dutMeanCelsius == own.reduce(0, +) / Double(own.count))
        }
        let means = [s1, s4].compactMap { $0.document.environment.first?.measurement?.dutMeanCelsius }
        #expect(means.count == 2 && means[0] != means[1], "S1 and S4 are judged on different thermocouples")

        // The reader is S2's and S4's instrument (listed, calibration audited), not S1's or S3's.
        for (outcome, relies) in [(s1, false), (s2, true), (s3, false), (s4, true)] {
            let reader = outcome.document.instruments.first { $0.role == "thermocouples" }
            #expect((reader != nil) == relies, "\(outcome.runID)")
            if relies { #expect(reader?.calibration?.certificate == "CAL-SIM-TC-0001") }
        }
    }

    @Test("an expired reader calibration keeps the DUT judged on the reader from PASS, not the DUT on the chamber's DUT input")
    func readerCalibrationIsAuditedForItsSockets() async throws {
        let run = try SimulatedRun()
        let files = try Self.files(run, replacing: [
            ("certificate: CAL-SIM-TC-0001\n      by: Simulated Calibration Services\n      calibrated: 2026-02-15\n      due: 2027-02-15",
             "certificate: CAL-SIM-TC-0001\n      by: Simulated Calibration Services\n      calibrated: 2025-02-15\n      due: 2026-02-15"),
        ])
        let outcomes = try await Self.runBatch(run, files: files, into: "runs", members: ["S1": "CAL-S1", "S2": "CAL-S2"])
        let s1 = try #require(outcomes["S1"]), s2 = try #require(outcomes["S2"])
        #expect(s2.verdict == .incomplete)
        #expect(s2.assessment.reasons.contains { $0.contains("thermocouples (keysight-daq970a) certificate CAL-SIM-TC-0001 was due 2026-02-15") },
                "\(s2.assessment.reasons)")
        #expect(!s1.assessment.reasons.contains { $0.contains("CAL-SIM-TC-0001") }, "\(s1.assessment.reasons)")
        #expect(s2.document.instruments.first { $0.role == "thermocouples" }?.calibration?.validDuringRun == false)
    }

    @Test("a socket whose DUT never settles within the soak's maximum is a station fault naming that socket; every DUT INCOMPLETE")
    func unsettledSocketIsNamed() async throws {
        let run = try SimulatedRun()
        let files = try Self.files(run, replacing: [("dut_time_constant_seconds: 300 }", "dut_time_constant_seconds: 5000 }")])
        let outcomes = try await Self.runBatch(run, files: files, into: "runs", members: ["S1": "SLOW-S1", "S4": "SLOW-S4"])
        for socket in ["S1", "S4"] {
            let outcome = try #require(outcomes[socket])
            #expect(outcome.verdict == .incomplete)
            #expect(outcome.assessment.reasons.contains { $0.contains("socket S4: soak at 60 °C did not settle") }, "\(outcome.assessment.reasons)")
        }
    }

    @Test("two batches with one seed give every member the same verdict, environment and window evidence")
    func sameSeedSameCertificates() async throws {
        let run = try SimulatedRun()
        let files = try Self.files(run)
        let first = try await Self.runBatch(run, files: files, into: "a")
        let second = try await Self.runBatch(run, files: files, into: "b")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for socket in Self.members.keys.sorted() {
            let one = try #require(first[socket]?.document), other = try #require(second[socket]?.document)
            #expect(one.verdict == other.verdict, "\(socket)")
            #expect(try encoder.encode(one.environment) == encoder.encode(other.environment), "\(socket): environment differs")
            #expect(try encoder.encode(one.lanes) == encoder.encode(other.lanes), "\(socket): lanes differ")
        }
    }
}
