import Foundation
import Testing

/// `validate` explains each LAN resource's protocol, and `probe` reaches a simulated instrument over HiSLIP and
/// VXI-11, with and without its lock. Part of the serialized simulate suite (one simulator at a time on port 111).
extension SimulateCommandTests {
    @Test("validate names VXI-11 and HiSLIP in its OK lines")
    func validateExplainsProtocols() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        var text = try String(contentsOf: QualStationProcess.packageRoot.appendingPathComponent("stations/simulated.yaml"),
                              encoding: .utf8)
        text = text.replacingOccurrences(
            of: "    driver: keysight-n774x\n    resource: sim\n",
            with: "    driver: keysight-n774x\n    resource: TCPIP0::192.168.10.21::inst0::INSTR\n    portmapper_port: 4111\n")
        text = text.replacingOccurrences(
            of: "    driver: keithley-2460\n    resource: sim\n",
            with: "    driver: keithley-2460\n    resource: TCPIP0::192.168.10.22::hislip0::INSTR\n")
        let path = scratch.appendingPathComponent("lan.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await QualStationProcess.run(["validate", "--station", path], keyDirectory: scratch)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.contains("meter: TCPIP0::192.168.10.21::inst0::INSTR — VXI-11"), "\(result.output)")
        #expect(result.output.contains("portmapper on port 4111"), "\(result.output)")
        #expect(result.output.contains("supply: TCPIP0::192.168.10.22::hislip0::INSTR — HiSLIP (IVI-6.1) on TCP port 4880"),
                "\(result.output)")
    }

    @Test("probe identifies a simulated instrument over HiSLIP and VXI-11, with and without the lock")
    func probeOverLANProtocols() async throws {
        let (process, text) = try await QualStationProcess.startSimulator(seconds: 60)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        let hislip = try #require(words.first { $0.contains("::hislip0,") }, "\(text)")
        let vxi11Line = try #require(text.split(separator: "\n").first { $0.contains("::inst0::INSTR") }, "\(text)")
        let vxi11 = try #require(vxi11Line.split(separator: " ").first { $0.hasPrefix("TCPIP0::") }.map(String.init))
        let portmapper = vxi11Line.split(separator: " ").last.map { String($0.dropLast()) } ?? "111"
        let scratch = try QualStationProcess.scratchDirectory()
        for arguments in [["--resource", hislip], ["--resource", hislip, "--no-lock"],
                          ["--resource", vxi11, "--portmapper-port", portmapper]] {
            let result = try await QualStationProcess.run(
                ["probe", "--driver", "scpi-bert", "--json"] + arguments, keyDirectory: scratch)
            #expect(result.status == 0, "\(arguments): \(result.errorOutput)")
            #expect(result.output.contains("\"model\""), "\(result.output)")
        }
    }
}
