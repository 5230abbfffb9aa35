import CertificateSigning
import Certificates
import Foundation
import InstrumentProtocols
import Qualification
import RunStore
import StationConfiguration

/// A small but real run: station and profile files loaded from YAML, a run store with a two-step plan
/// (25 °C and 85 °C) on a 416-lane array, the verdict engine's assessment, and the certificate built from them.
///
/// Lane 7 misses the BER target at 85 °C, lane 13 keeps only 60 % of its power at 85 °C, and spare lane 405
/// never synchronises; lanes 7 and 13 are remapped to spares 400 and 401.
struct CertificateFixture {
    static let runID = "TEST-0001-20260601T080000Z"
    static let start = Date(timeIntervalSince1970: 1_780_300_800)  // 2026-06-01T08:00:00Z
    static let issued = start.addingTimeInterval(4 * 3600)
    static let lanes = 416
    static let berFailingLane = 7
    static let weakLane = 13
    static let deadSpare = 405
    /// Air and DUT temperatures recorded at each step, one pair per poll.
    static let air: [[Double]] = [[24.8, 25.3, 25.0], [84.6, 85.4, 85.1]]
    static let dut: [[Double]] = [[24.9, 25.2, 25.0], [84.7, 85.3, 85.0]]
    /// DUT offsets from the setpoint over each measurement window.
    static let window: [Double] = [0.1, -0.2, 0.3]

    let directory: URL
    let station: StationFile
    let profile: Profile
    let plan: Plan
    let store: RunStore
    let run: RunRecord
    let assessment: Assessment
    let identities: [InstrumentRole: InstrumentIdentity]
    let document: CertificateDocument

    /// Builds the run. `energyLimit` below 1 pJ/bit makes the part fail the energy criterion; `aborted` stops the
    /// run after the first step, as an operator abort would, which makes it INCOMPLETE.
    static func make(energyLimit: Double = 2.0, aborted: Bool = false) throws -> CertificateFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qs-certs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stationPath = directory.appendingPathComponent("station.yaml").path
        let profilePath = directory.appendingPathComponent("profile.yaml").path
        try stationYAML.write(toFile: stationPath, atomically: true, encoding: .utf8)
        try profileYAML(energyLimit: energyLimit).write(toFile: profilePath, atomically: true, encoding: .utf8)
        let station = try StationFile.load(path: stationPath)
        let profile = try Profile.load(path: profilePath)
        let plan = Plan(profile: profile, station: station)

        let record = RunRecord(
            id: runID, dut: "SN-000123", operatorName: "A. Tester", stationPath: stationPath,
            stationSHA256: station.sha256, profilePath: profilePath, profileSHA256: profile.sha256,
            profileName: profile.name, profileVersion: profile.version, softwareVersion: "0.9.0", startedAt: start,
            metadata: ["lot": "LOT-42", "customer": "Example Optics"])
        let steps = plan.steps.map {
            StepRecord(index: $0.index, kind: $0.kind, name: $0.name, setpointCelsius: $0.celsius)
        }
        let store = try RunStore.create(
            at: directory.appendingPathComponent("run.sqlite").path, run: record, steps: steps)

        var time = start
        for step in plan.steps.prefix(aborted ? 1 : plan.steps.count) {
            let attempt = try store.beginStep(step.index, at: time)
            var readings: [MeasurementRecord] = []
            func add(_ lane: Int?, _ quantity: String, _ value: Double, _ unit: String, _ instrument: String) {
                readings.append(
                    MeasurementRecord(
                        stepIndex: step.index, attempt: attempt, lane: lane, quantity: quantity, value: value,
                        unit: unit,
                        time: time, instrument: instrument))
            }
            for (air, dut) in zip(Self.air[step.index], Self.dut[step.index]) {
                time = time.addingTimeInterval(60)
                add(nil, "air_temperature", air, "degC", "chamber")
                add(nil, "chamber_setpoint", step.celsius, "degC", "chamber")
                add(nil, "dut_temperature", dut, "degC", "chamber")
            }
            // The measurement window: the DUT within its ±1 K band.
            add(nil, MeasurementQuantity.measurementStart, 0, "1", "station")
            for offset in Self.window {
                time = time.addingTimeInterval(60)
                add(nil, "air_temperature", step.celsius + offset, "degC", "chamber")
                add(nil, "dut_temperature", step.celsius + offset, "degC", "chamber")
            }
            time = time.addingTimeInterval(600)
            for lane in 0..<lanes {
                let synchronized = lane != deadSpare
                add(lane, "ber_compared_bits", synchronized ? 4e12 : 0, "bit", "bert")
                add(lane, "ber_errors", lane == berFailingLane && step.index == 1 ? 40 : 0, "bit", "bert")
                add(lane, "ber_synchronized", synchronized ? 1 : 0, "1", "bert")
                let errors: Double = lane == berFailingLane && step.index == 1 ? 40 : 0
                add(lane, MeasurementQuantity.berDecision, synchronized && errors == 0 ? 1 : 0, "1", "bert")
                add(lane, MeasurementQuantity.berDecisionBits, synchronized ? 4e12 : 0, "bit", "bert")
                add(lane, MeasurementQuantity.berDecisionErrors, errors, "bit", "bert")
                add(lane, MeasurementQuantity.berLockLosses, synchronized ? 0 : 1, "1", "bert")
                add(lane, MeasurementQuantity.berRestarts, 0, "1", "bert")
                let watts = step.index == 0 ? 50e-6 : (lane == weakLane ? 30e-6 : 47e-6)
                add(lane, "optical_power", watts, "W", "meter")
            }
            add(nil, "line_rate", 4e9, "bit/s", "bert")
            add(nil, "supply_voltage", 1.8, "V", "supply")
            add(nil, "supply_current", 0.8889, "A", "supply")
            try store.record(readings)
            if step.index == 1 {
                try store.record(
                    EventRecord(
                        time: time, stepIndex: 1, kind: "retry", message: "meter: no reply within 2000 ms; retry 1 of 3"
                    ))
                try store.record(EventRecord(time: time, stepIndex: 1, kind: "info", message: "purge on"))
            }
            time = time.addingTimeInterval(60)
            try store.completeStep(step.index, at: time)
        }
        let reason = aborted ? "aborted by the operator (signal)" : nil
        if let reason { try store.record(EventRecord(time: time, stepIndex: nil, kind: "abort", message: reason)) }
        let assessment = try VerdictEngine(plan: plan, store: store).assess(
            incompleteReason: reason, calibrationProblems: [])
        try store.finish(
            status: aborted ? .incomplete : .completed, verdict: assessment.verdict.rawValue, reason: reason, at: time)
        let run = try store.run()
        let identities: [InstrumentRole: InstrumentIdentity] = [
            .chamber: InstrumentIdentity(
                manufacturer: "Watlow", model: "F4T", serialNumber: "WT-0042", firmware: "2.1.7"),
            .bert: InstrumentIdentity(
                manufacturer: "MultiLANE", model: "ML4039", serialNumber: "ML-9001", firmware: "3.4"),
            .meter: InstrumentIdentity(
                manufacturer: "Keysight", model: "N7744C", serialNumber: "MY-55", firmware: "1.7.0"),
            .supply: InstrumentIdentity(
                manufacturer: "Keithley", model: "2460", serialNumber: "KT-77", firmware: "1.7.12c"),
        ]
        let document = try CertificateBuilder.build(
            run: run, plan: plan, assessment: assessment, store: store, identities: identities,
            softwareVersion: "1.0.0",
            issuedAt: issued)
        return CertificateFixture(
            directory: directory, station: station, profile: profile, plan: plan, store: store, run: run,
            assessment: assessment, identities: identities, document: document)
    }

    /// The certificate of a fresh fixture, whose files are removed again.
    static func document(energyLimit: Double = 2.0, aborted: Bool = false) throws -> CertificateDocument {
        let fixture = try make(energyLimit: energyLimit, aborted: aborted)
        defer { fixture.remove() }
        return fixture.document
    }

    /// Removes the fixture's directory (run store, YAML files and anything written into it).
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A new empty directory inside the fixture's directory.
    func subdirectory(_ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `key`'s public JWK into the fixture's directory and returns the path.
    func publicKeyFile(_ key: StationSigningKey, name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try key.publicKey.jsonData().write(to: URL(fileURLWithPath: path))
        return path
    }

    static let stationYAML = """
        station:
          name: Test CPO bench
          id: TEST-CPO-07
          location: Building 2, bay 3
          lab:
            name: Example Photonics Test Lab
            address: 1 Photonics Way, Eindhoven, NL
        limits:
          chamber: { min_celsius: -45, max_celsius: 130, max_ramp_kelvin_per_minute: 10, safe_celsius: 25 }
          supply: { max_volts: 2.0, max_amps: 3.0 }
        instruments:
          chamber:
            driver: watlow-f4
            resource: ASRL/dev/qualstation/chamber::INSTR
            serial: { baud: 19200, data_bits: 8, parity: none, stop_bits: 1 }
            modbus_address: 1
            calibration:
              certificate: CAL-CH-0001
              by: Chamber Calibration Ltd
              calibrated: 2026-01-15
              due: 2027-01-15
              uncertainty: { temperature_kelvin: 0.3 }
          bert:
            driver: scpi-bert
            resource: TCPIP0::192.0.2.20::5025::SOCKET
            channels: 416
            calibration:
              certificate: CAL-BERT-0001
              by: BERT Services
              calibrated: 2026-02-01
              due: 2027-02-01
              uncertainty: { line_rate_ppm: 2 }
          meter:
            driver: keysight-n774x
            resource: TCPIP0::192.0.2.21::5025::SOCKET
            channels: 4
            calibration:
              certificate: CAL-PM-0001
              by: Optical Metrology Inc
              calibrated: 2026-03-01
              due: 2027-03-01
              uncertainty: { optical_power_percent: 1.5 }
          supply:
            driver: keithley-2460
            resource: TCPIP0::192.0.2.22::5025::SOCKET
            calibration:
              certificate: CAL-PS-0001
              by: Electrical Standards AG
              calibrated: 2026-03-01
              due: 2027-03-01
              uncertainty: { voltage_percent: 0.02, current_percent: 0.05 }

        """

    static func profileYAML(energyLimit: Double) -> String {
        """
        profile:
          name: two-step-test
          version: "2.1"
          title: Micro LED CPO array two-point qualification
        dut:
          part: MLED-CPO-416
          lanes: 416
          required_lanes: 400
          line_rate_gbps: 4
          supply_volts: 1.8
          supply_current_limit_amps: 2.5
          wavelength_nm: 450
        defaults:
          ber_gate: { pattern: PRBS31, polarity: normal, target_ber: 1e-12, confidence: 0.95, max_seconds: 1200, poll_seconds: 10 }
          measure: [ber, optical_power, supply_power]
        sequence:
          - point: 25
          - point: 85
        criteria:
          decision_rule: { kind: guard_band, k: 1 }
          optical_power: { min_dbm: -20, max_dbm: -7 }
          retention:
            - { at_celsius: 85, reference_celsius: 25, min_fraction: 0.9 }
          energy_per_bit: { max_pj_per_bit: \(energyLimit), rails: [dut] }

        """
    }
}
