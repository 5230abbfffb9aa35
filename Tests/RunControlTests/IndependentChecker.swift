import Foundation
import RunControl
import Testing

/// Runs the independent Python checker (scripts/check-certificate.py, scipy) on a run's certificate.json: it
/// recomputes every lane verdict, criterion, the overall verdict and every gate plan's false-acceptance probability
/// from the certificate alone. A missing python3 or scipy is a failure, not a skip: CI installs both.
enum IndependentChecker {
    struct Disagreement: Error, CustomStringConvertible {
        var output: String
        var description: String { "scripts/check-certificate.py disagrees with the certificate:\n\(output)" }
    }

    /// Throws when the checker finds any mismatch or cannot run.
    static func check(_ outcome: RunOutcome) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", SimulatedRun.packageRoot.appendingPathComponent("scripts/check-certificate.py").path, outcome.certificate.json,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw Disagreement(output: output) }
        #expect(output.contains("0 mismatch(es)"), "\(output)")
    }
}
