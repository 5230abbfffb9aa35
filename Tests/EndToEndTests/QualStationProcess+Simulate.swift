import Foundation

extension QualStationProcess {
    /// Starts `qualstation simulate` on `stations/simulated.yaml` for `seconds` and returns the process and what it
    /// printed up to "Serving" (the resource strings).
    static func startSimulator(seconds: Int) async throws -> (Process, String) {
        let started = try await startSimulator(keyDirectory: try scratchDirectory(), seconds: seconds)
        return (started.process, started.listing)
    }

    /// Runs a Python script with `arguments` and returns its exit status, output and error output.
    static func python(_ script: String, arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        try await execute("/usr/bin/env", ["python3", "-c", script] + arguments)
    }

    /// Runs `executable` with `arguments` to completion and returns its exit status, output and error output.
    static func execute(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        try await blocking { () throws -> (Int32, String, String) in
            let python = Process()
            python.executableURL = URL(fileURLWithPath: executable)
            python.arguments = arguments
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
    }
}
