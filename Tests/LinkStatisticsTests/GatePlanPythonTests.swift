import Foundation
import Testing
@testable import LinkStatistics

/// Agreement with `scripts/gate_plan.py`, an independent scipy implementation fed the plans' Codable JSON.
/// python3 with scipy is required (CI installs it from .ci/requirements.txt): without it the test fails.
@Suite struct GatePlanPythonTests {
    @Test func scipyAgreesWithTheDynamicProgram() throws {
        let plans = [
            try GatePlan.zeroError(targetBER: 1e-12, confidence: 0.95, maximumBits: 1200 * 4e9),
            try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: .infinity),
            try GatePlan.standard(targetBER: 1e-9, confidence: 0.95, maximumBits: 60 * 4e9),
            try GatePlan.multiStage(
                targetBER: 1e-12, confidence: 0.9, maximumErrors: 5, spending: [0.5, 0.1, 0.1, 0.1, 0.1, 0.05],
                maximumBits: 2e13),
            try OldGateRuleTests.oldRule(confidence: 0.95, errors: 30, maximumBits: .infinity),
        ]
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let extraBERs = [3e-13, 2e-12]
        let output: GatePlanPython.Output
        do {
            output = try GatePlanPython.run(
                input: try encoder.encode(plans), arguments: extraBERs.flatMap { ["--ber", String($0)] })
        } catch {
            Issue.record("could not run python3 (install Python 3 and scipy: pip install scipy): \(error)")
            return
        }
        guard output.status == 0 else {
            Issue.record("scripts/gate_plan.py failed (needs python3 with scipy: pip install scipy): \(output.stderr)")
            return
        }
        let results = try #require(
            try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        try #require(results.count == plans.count)
        for (plan, result) in zip(plans, results) {
            let spent = try #require(result["spentAlpha"] as? [Double])
            #expect(spent.count == plan.looks.count)
            for (look, python) in zip(plan.looks, spent) {
                #expect(abs(look.spentAlpha - python) < 1e-9)
            }
            let acceptance = try #require(result["acceptance"] as? [[Double]])
            let bers = [plan.targetBER, plan.targetBER / 10] + extraBERs
            #expect(acceptance.map { $0[0] } == bers)
            for pair in acceptance {
                #expect(abs(plan.acceptanceProbability(ber: pair[0]) - pair[1]) < 1e-9)
            }
        }
    }
}
