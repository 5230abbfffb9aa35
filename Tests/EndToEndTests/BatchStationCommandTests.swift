import Foundation
import Testing

/// The batch station from the command line: validate lists its sockets, and a single-DUT run refuses it.
@Suite("qualstation on a batch station")
struct BatchStationCommandTests {
    @Test("validate accepts the shipped batch station with every profile and lists its sockets")
    func validateBatch() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let result = try await QualStationProcess.run(
            [
                "validate", "--station", "stations/simulated-batch.yaml", "profiles/quick-check.yaml",
                "profiles/cpo-qualification.yaml", "profiles/burn-in-overnight.yaml",
            ], keyDirectory: scratch)
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        #expect(result.output.contains("socket S1: 416 lanes on BERT channels 1–416, switch outputs from 1, supply output 1, the chamber's DUT input"))
        #expect(result.output.contains("socket S4: 416 lanes on BERT channels 1249–1664, switch outputs from 1249, own supply keithley-2450"))
        #expect(result.output.contains("S1's thermocouple stands for it"))
    }

    @Test("a single-DUT run refuses a station with sockets (65) before touching an instrument")
    func runRefusesSockets() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let out = scratch.appendingPathComponent("run").path
        let result = try await QualStationProcess.run(
            ["run", "--station", "stations/simulated-batch.yaml", "--profile", "profiles/quick-check.yaml", "--dut", "B-1", "--out", out],
            keyDirectory: scratch)
        #expect(result.status == 65, "\(result.output)\(result.errorOutput)")
        #expect(result.errorOutput.contains("declares DUT sockets (S1, S2, S3, S4)"))
        #expect(!FileManager.default.fileExists(atPath: out + "/run.sqlite"))
    }
}
