import Foundation
import Testing

/// Bad input on the command line or in files gets a clear message and the documented exit code, never a crash.
@Suite("qualstation input errors")
struct CommandLineInputTests {
    @Test("a missing required option is a usage error (64) that names the option")
    func missingOption() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let result = try await QualStationProcess.run(
            ["run", "--station", "stations/simulated.yaml", "--profile", "profiles/quick-check.yaml"], keyDirectory: scratch)
        #expect(result.status == 64)
        #expect(result.errorOutput.contains("--dut"))
    }

    @Test("validate accepts the shipped station and profiles")
    func validateShipped() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let result = try await QualStationProcess.run(
            [
                "validate", "--station", "stations/simulated.yaml", "profiles/quick-check.yaml",
                "profiles/cpo-qualification.yaml", "profiles/burn-in-overnight.yaml",
            ], keyDirectory: scratch)
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        // Each gate's stopping plan: looks, thresholds, exact P(accept) at the target and a tenth of it, clean-lane time.
        #expect(result.output.contains("multi-stage gate: BER < 1e-12 at 95 % confidence for the whole stopping rule"), "\(result.output)")
        #expect(result.output.contains("look 0: 3.101e+12 bits (775.3 s at 4 Gb/s), accept with ≤ 0 errors, P(accept at target) 0.045000"))
        #expect(result.output.contains("P(accept) at the target BER 1e-12: 0.045000 (at most 0.050000 = 1 − confidence)"))
        #expect(result.output.contains("P(accept) at target/10 = 1e-13: "))
        #expect(result.output.contains("1.0352 × the zero-error gate's 748.9 s"))
    }

    @Test("validate warns, without failing, that an N774x is not calibrated at the profiles' 450 nm; not at 1310 nm, nor on a PM100 station")
    func validateWarnsOfUncalibratedWavelength() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let warned = try await QualStationProcess.run(
            ["validate", "--station", "stations/simulated.yaml", "profiles/quick-check.yaml"], keyDirectory: scratch)
        #expect(warned.status == 0, "\(warned.output)\(warned.errorOutput)")
        #expect(warned.errorOutput.contains("warning: profiles/quick-check.yaml:14: dut.wavelength_nm = \"450\": the station's meter "
            + "(keysight-n774x, stations/simulated.yaml:"), "\(warned.errorOutput)")
        #expect(warned.errorOutput.contains("is calibrated from 1250 to 1650 nm: its readings at 450 nm are not calibrated optical power"))

        let profile = scratch.appendingPathComponent("infrared.yaml")
        try String(contentsOf: QualStationProcess.packageRoot.appendingPathComponent("profiles/quick-check.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "wavelength_nm: 450", with: "wavelength_nm: 1310")
            .write(to: profile, atomically: true, encoding: .utf8)
        let infrared = try await QualStationProcess.run(
            ["validate", "--station", "stations/simulated.yaml", profile.path], keyDirectory: scratch)
        #expect(infrared.status == 0 && !infrared.errorOutput.contains("warning"), "\(infrared.errorOutput)")
        let pm100 = try await QualStationProcess.run(
            ["validate", "--station", "stations/simulated-alternate.yaml", "profiles/quick-check.yaml"], keyDirectory: scratch)
        #expect(pm100.status == 0 && !pm100.errorOutput.contains("warning"), "\(pm100.output)\(pm100.errorOutput)")
    }

    @Test("a guard band without an uncertainty it needs is refused, naming the instrument and the key (65)")
    func guardBandNeedsItsUncertainties() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let root = QualStationProcess.packageRoot
        let profileText = try String(contentsOf: root.appendingPathComponent("profiles/cpo-qualification.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "decision_rule: { kind: simple_acceptance }", with: "decision_rule: { kind: guard_band, k: 1 }")
        let stationText = try String(contentsOf: root.appendingPathComponent("stations/simulated.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "uncertainty: { voltage_percent: 0.02, current_percent: 0.05 }", with: "uncertainty: { voltage_percent: 0.02 }")
        let profile = scratch.appendingPathComponent("guarded.yaml")
        let station = scratch.appendingPathComponent("station.yaml")
        try profileText.write(to: profile, atomically: true, encoding: .utf8)
        try stationText.write(to: station, atomically: true, encoding: .utf8)
        let result = try await QualStationProcess.run(["validate", "--station", station.path, profile.path], keyDirectory: scratch)
        #expect(result.status == 65, "\(result.output)\(result.errorOutput)")
        #expect(result.errorOutput.contains("guarded.yaml:"))
        #expect(result.errorOutput.contains("criteria.decision_rule"))
        #expect(result.errorOutput.contains("supply"))
        #expect(result.errorOutput.contains("current_percent"))
        #expect(!result.errorOutput.contains("voltage_percent, which"))
    }

    @Test("a profile asking beyond the station's limits is refused with file, line, field and value (65)")
    func profileBeyondLimits() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let original = try String(
            contentsOf: QualStationProcess.packageRoot.appendingPathComponent("profiles/quick-check.yaml"), encoding: .utf8)
        let hot = original.replacingOccurrences(of: "- point: 25", with: "- point: 150")
        #expect(hot != original)
        let profile = scratch.appendingPathComponent("too-hot.yaml")
        try hot.write(to: profile, atomically: true, encoding: .utf8)
        for command in [["validate", "--station", "stations/simulated.yaml", profile.path],
                        ["run", "--station", "stations/simulated.yaml", "--profile", profile.path, "--dut", "X-1",
                         "--out", scratch.appendingPathComponent("run").path]] {
            let result = try await QualStationProcess.run(command, keyDirectory: scratch)
            #expect(result.status == 65, "\(command[0]): \(result.output)\(result.errorOutput)")
            #expect(result.errorOutput.contains("too-hot.yaml:"))
            #expect(result.errorOutput.contains("150"))
            #expect(!result.errorOutput.contains("Fatal error"))
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("run/run.sqlite").path))
    }

    @Test("malformed YAML is a bad input file (65), not a crash")
    func malformedYAML() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let station = scratch.appendingPathComponent("broken.yaml")
        try "station: [unclosed\n  limits: {".write(to: station, atomically: true, encoding: .utf8)
        let result = try await QualStationProcess.run(["validate", "--station", station.path], keyDirectory: scratch)
        #expect(result.status == 65)
        #expect(result.errorOutput.contains("broken.yaml"))
    }

    /// The shipped simulated station with `replacements`, written to `name` in `scratch`.
    static func shippedStation(_ replacements: [(String, String)], name: String, in scratch: URL) throws -> URL {
        var text = try String(
            contentsOf: QualStationProcess.packageRoot.appendingPathComponent("stations/simulated.yaml"), encoding: .utf8)
        for (original, replacement) in replacements {
            #expect(text.contains(original), "not in stations/simulated.yaml: \(original)")
            text = text.replacingOccurrences(of: original, with: replacement)
        }
        let station = scratch.appendingPathComponent(name)
        try text.write(to: station, atomically: true, encoding: .utf8)
        return station
    }

    @Test("validate refuses max_volts: 1000 on a Keithley 2450 station (65), naming the field")
    func validateRefusesLimitBeyondInstrument() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let station = try Self.shippedStation(
            [("driver: keithley-2460", "driver: keithley-2450"), ("max_amps: 3.0", "max_amps: 1.0"),
             ("max_volts: 2.0", "max_volts: 1000")], name: "x.yaml", in: scratch)
        let result = try await QualStationProcess.run(["validate", "--station", station.path], keyDirectory: scratch)
        #expect(result.status == 65)
        #expect(result.errorOutput.contains("x.yaml:20"))
        #expect(result.errorOutput.contains("limits.supply.max_volts"))
        #expect(result.errorOutput.contains("Keithley 2450 (210 V, 1.05 A)"))
    }

    @Test("validate refuses a 2450 station asked for the profiles' 2.5 A (65), naming the fields and the 1.05 A")
    func validateRefusesCurrentBeyondA2450() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        // The station's own 3 A limit is beyond the 2450.
        let station = try Self.shippedStation([("driver: keithley-2460", "driver: keithley-2450")], name: "k2450.yaml", in: scratch)
        let refused = try await QualStationProcess.run(
            ["validate", "--station", station.path, "profiles/quick-check.yaml"], keyDirectory: scratch)
        #expect(refused.status == 65)
        #expect(refused.errorOutput.contains("k2450.yaml:21: limits.supply.max_amps = \"3\""), "\(refused.errorOutput)")
        #expect(refused.errorOutput.contains("Keithley 2450 (210 V, 1.05 A)"))
        // Within the 2450's rating, the profile's 2.5 A is refused in its turn, naming the 2450.
        let honest = try Self.shippedStation(
            [("driver: keithley-2460", "driver: keithley-2450"), ("max_amps: 3.0", "max_amps: 1.05")],
            name: "k2450-1a.yaml", in: scratch)
        let profile = try await QualStationProcess.run(
            ["validate", "--station", honest.path, "profiles/quick-check.yaml"], keyDirectory: scratch)
        #expect(profile.status == 65)
        #expect(profile.errorOutput.contains("profiles/quick-check.yaml:13: dut.supply_current_limit_amps = \"2.50\""),
                "\(profile.errorOutput)")
        #expect(profile.errorOutput.contains("limits.supply.max_amps in \(honest.path):21"))
        #expect(profile.errorOutput.contains("instruments.supply is a Keithley 2450 (210 V, 1.05 A), which cannot source it"))
        // The shipped station's 2460 takes it.
        let shipped = try await QualStationProcess.run(
            ["validate", "--station", "stations/simulated.yaml", "profiles/quick-check.yaml"], keyDirectory: scratch)
        #expect(shipped.status == 0, "\(shipped.errorOutput)")
    }

    @Test("probe with nothing listening says what it tried and exits 69")
    func probeUnreachable() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let result = try await QualStationProcess.run(
            ["probe", "--driver", "scpi-bert", "--resource", "TCPIP0::127.0.0.1::1::SOCKET", "--timeout", "0.5"],
            keyDirectory: scratch)
        #expect(result.status == 69)
        #expect(result.errorOutput.contains("TCPIP0::127.0.0.1::1::SOCKET"))
        #expect(result.errorOutput.contains("scpi-bert"))
    }

    @Test("keys generate writes a 0600 private key and never prints it")
    func keysGenerate() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let keys = scratch.appendingPathComponent("keys")
        let result = try await QualStationProcess.run(["keys", "generate", "--dir", keys.path], keyDirectory: keys)
        #expect(result.status == 0, "\(result.errorOutput)")
        let privatePath = keys.appendingPathComponent("station-key.jwk").path
        let attributes = try FileManager.default.attributesOfItem(atPath: privatePath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let privateJSON = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: privatePath))) as? [String: Any])
        let d = try #require(privateJSON["d"] as? String)
        #expect(!result.output.contains(d))
        let again = try await QualStationProcess.run(["keys", "generate", "--dir", keys.path], keyDirectory: keys)
        #expect(again.status != 0)
        #expect(again.errorOutput.contains("already exists"))
    }

    @Test("discover on a machine without instruments says so and exits 0; --json prints a list")
    func discoverNothing() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let text = try await QualStationProcess.run(["discover"], keyDirectory: scratch)
        #expect(text.status == 0, "\(text.errorOutput)")
        let json = try await QualStationProcess.run(["discover", "--json"], keyDirectory: scratch)
        #expect(json.status == 0)
        let list = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [Any]
        #expect(list != nil, "\(json.output)")
        if list?.isEmpty == true {
            #expect(text.output.contains("No USBTMC instruments or USB-serial adapters found"))
        }
    }

    @Test("resume refuses a directory that holds no run, and run refuses to overwrite one (65)")
    func runDirectoryMistakes() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let empty = try await QualStationProcess.run(["resume", scratch.path], keyDirectory: scratch)
        #expect(empty.status == 65)
        #expect(empty.errorOutput.contains("no run.sqlite"))

        let directory = scratch.appendingPathComponent("run")
        let arguments = [
            "run", "--station", "stations/simulated.yaml", "--profile", "profiles/quick-check.yaml", "--dut", "DIR-0001",
            "--out", directory.path,
        ]
        let first = try await QualStationProcess.run(arguments, keyDirectory: scratch)
        #expect(first.status == 0, "\(first.output)\(first.errorOutput)")
        let certificate = try Data(contentsOf: directory.appendingPathComponent("certificate.json"))
        let second = try await QualStationProcess.run(arguments, keyDirectory: scratch)
        #expect(second.status == 65)
        #expect(second.errorOutput.contains("already holds a run"))
        #expect(try Data(contentsOf: directory.appendingPathComponent("certificate.json")) == certificate)
    }
}
