import Foundation
import Testing

/// `qualstation simulate` serves the simulated instruments for any standard client: here pyvisa with the pyvisa-py
/// backend, the way a lab engineer would poke at them by hand.
@Suite("qualstation simulate with a standard client")
struct SimulateCommandTests {
    static let client = """
        import sys, pyvisa
        rm = pyvisa.ResourceManager('@py')
        for resource in sys.argv[1:]:
            inst = rm.open_resource(resource, read_termination='\\n', write_termination='\\n', timeout=5000)
            print(inst.query('*IDN?'))
            inst.write('NOT:A:COMMAND')
            print(inst.query('SYST:ERR?'))
            print(inst.query('SYST:ERR?'))
            inst.close()
        """

    @Test("each LAN simulator answers *IDN? and keeps an IEEE 488.2 error queue for pyvisa-py")
    func pyvisaTalksToTheSimulators() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let (process, text) = try await QualStationProcess.startSimulator(keyDirectory: scratch)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let resources = text.split(separator: "\n").compactMap { line -> String? in
            line.split(separator: " ").last.map(String.init).flatMap { $0.hasPrefix("TCPIP0::") ? $0 : nil }
        }
        #expect(resources.count == 4, "\(text)")
        #expect(text.contains("ASRL/dev/pts/"), "the chamber is served on a pseudo-terminal")

        let client = Self.client
        let (status, reply, problem) = try await QualStationProcess.blocking { () throws -> (Int32, String, String) in
            let python = Process()
            python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            python.arguments = ["python3", "-c", client] + resources
            let pipe = Pipe()
            let errors = Pipe()
            python.standardOutput = pipe
            python.standardError = errors
            try python.run()
            let reply = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            python.waitUntilExit()
            return (python.terminationStatus, reply, problem)
        }
        #expect(
            status == 0,
            "pyvisa client failed (CI installs it: python3 -m pip install -r .ci/requirements.txt): \(problem)")
        let lines = reply.split(separator: "\n").map(String.init)
        #expect(lines.count == resources.count * 3, "\(reply)")
        for index in stride(from: 0, to: lines.count, by: 3) where index + 2 < lines.count {
            #expect(lines[index].split(separator: ",").count == 4, "identity: \(lines[index])")
            #expect(lines[index + 1].hasPrefix("-113"), "error queue: \(lines[index + 1])")
            #expect(lines[index + 2].hasPrefix("0,") || lines[index + 2].hasPrefix("+0,"), "queue drained: \(lines[index + 2])")
        }
    }
}
