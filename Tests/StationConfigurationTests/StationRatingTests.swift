import Foundation
import StationConfiguration
import Testing

/// Station limits an instrument cannot honour are refused, naming the field, its line and the instrument.
struct StationRatingTests {
    /// The issues loading the repository's simulated station with `original` replaced by `replacement`.
    func issues(_ replacements: [(String, String)]) throws -> [ConfigurationIssue] {
        var text = try String(contentsOfFile: Fixtures.path("stations/simulated.yaml"), encoding: .utf8)
        for (original, replacement) in replacements {
            #expect(text.contains(original), "fixture text not found: \(original)")
            text = text.replacingOccurrences(of: original, with: replacement)
        }
        let path = try Fixtures.write(text, name: "station.yaml")
        do {
            _ = try StationFile.load(path: path)
            return []
        } catch {
            return ConfigurationIssue.issues(from: error, file: path)
        }
    }

    @Test("max_volts: 1000 on a Keithley 2450 station is refused, naming the field and the 2450's 210 V")
    func keithleyVoltage() throws {
        let found = try issues([
            ("driver: keithley-2460", "driver: keithley-2450"), ("max_amps: 3.0", "max_amps: 1.0"),
            ("max_volts: 2.0", "max_volts: 1000"),
        ])
        let issue = try #require(found.first)
        #expect(found.count == 1)
        #expect(issue.field == "limits.supply.max_volts")
        #expect(issue.value == "1000")
        #expect(issue.line == 20)
        #expect(issue.message.contains("Keithley 2450 (210 V, 1.05 A)"))
    }

    @Test("max_amps: 3.0 on a Keithley 2450 station is refused, naming the field and the 2450's 1.05 A")
    func keithley2450Current() throws {
        let found = try issues([("driver: keithley-2460", "driver: keithley-2450")])
        let issue = try #require(found.first)
        #expect(found.count == 1)
        #expect(issue.field == "limits.supply.max_amps")
        #expect(issue.value == "3")
        #expect(issue.line == 21)
        #expect(issue.message.contains("3 A is beyond what the supply can honour"))
        #expect(issue.message.contains("Keithley 2450 (210 V, 1.05 A)"))
        // 1.05 A, the 2450's top, is accepted.
        #expect(try issues([("driver: keithley-2460", "driver: keithley-2450"), ("max_amps: 3.0", "max_amps: 1.05")]).isEmpty)
    }

    @Test("each SourceMeter model bounds the limits by its own rating", arguments: [
        // (driver, max_volts, max_amps, refused fields)
        ("keithley-2460", "105", "7.35", [String]()),
        ("keithley-2460", "110", "8", ["limits.supply.max_amps", "limits.supply.max_volts"]),
        ("k2461", "105", "7.5", ["limits.supply.max_amps"]),
        ("keithley-2470", "1000", "1.0", []),
        ("keithley-2470", "1200", "2.5", ["limits.supply.max_amps", "limits.supply.max_volts"]),
    ])
    func modelRatings(driver: String, volts: String, amps: String, refused: [String]) throws {
        let found = try issues([
            ("driver: keithley-2460", "driver: \(driver)"), ("max_volts: 2.0", "max_volts: \(volts)"),
            ("max_amps: 3.0", "max_amps: \(amps)"),
        ])
        #expect(found.map(\.field).sorted() == refused, "\(found)")
        #expect(found.allSatisfy { $0.message.contains(driver.hasSuffix("2470") ? "Keithley 2470 (1100 V, 1.05 A)" : "(105 V, 7.35 A)") })
    }

    @Test("an E36312A output's rating bounds both limits")
    func e36312aOutputRating() throws {
        let found = try issues([
            ("driver: keithley-2460", "driver: keysight-e36312a\n    output: 2"), ("max_volts: 2.0", "max_volts: 30"),
        ])
        #expect(found.map(\.field).sorted() == ["limits.supply.max_amps", "limits.supply.max_volts"])
        #expect(found.allSatisfy { $0.message.contains("output 2 of a Keysight E36312A (25 V, 1 A)") })
    }

    @Test("a ThermoStream model's air range bounds the chamber limits")
    func thermoStreamModelRange() throws {
        let found = try issues([
            ("    driver: watlow-f4\n", "    driver: thermostream-ats\n    model: ats-525\n"),
            ("min_celsius: -45", "min_celsius: -70"),
        ])
        let issue = try #require(found.first)
        #expect(found.count == 1)
        #expect(issue.field == "limits.chamber.min_celsius")
        #expect(issue.message.contains("ThermoStream ats-525 (air -60 to 225 °C)"))
    }
}
