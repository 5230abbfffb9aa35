import Foundation
import StationConfiguration
import Testing

/// `simulation.pace`: absent by default (the virtual clock jumps at once), a positive number when given.
@Suite struct SimulationPaceTests {
    @Test func paceIsAbsentByDefaultAndReadWhenGiven() throws {
        #expect(try StationFile.load(path: Fixtures.path("stations/simulated.yaml")).simulation?.pace == nil)
        let paced = try Fixtures.station(replacing: "  faults: []", with: "  pace: 20\n  faults: []")
        #expect(try StationFile.load(path: paced).simulation?.pace == 20)
    }

    @Test func aPaceThatIsNotPositiveIsRefusedNamingTheField() throws {
        for value in ["0", "-3", "fast"] {
            let bad = try Fixtures.station(replacing: "  faults: []", with: "  pace: \(value)\n  faults: []")
            let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: bad) }
            #expect(error.issues.contains { $0.field == "simulation.pace" }, "pace: \(value)")
        }
    }
}
