import BenchSimulator
import Foundation
import Instruments
import PRBS
import StationClock
import StationConfiguration
import StationLinks
import Synchronization
import Testing

/// A simulated station for one test: the repository's simulated station file with a few fields changed,
/// served with a virtual clock, plus helpers to connect the real drivers to it.
struct TestBench {
    /// The repository (the test sources may be reached through a symlinked directory).
    static let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let epoch = Date(timeIntervalSince1970: 1_800_000_000)

    let file: StationFile
    let clock: VirtualClock
    let station: SimulatedStation
    let events = EventLog()

    /// The repository's `stations/simulated.yaml` as text.
    static func simulatedYAML() throws -> String {
        try String(contentsOfFile: repository.appendingPathComponent("stations/simulated.yaml").path, encoding: .utf8)
    }

    /// A station file: the simulated station with `lanes` lanes (BERT and switch channels to match), the given
    /// dead and weak lane counts, `faults` (YAML flow list) and any further text replacements.
    static func stationFile(
        lanes: Int = 16, dead: String = "1", weak: String = "2", faults: String = "[]", seed: UInt64 = 20261123,
        replacing extra: [(String, String)] = [], text original: String? = nil
    ) throws -> StationFile {
        var text = try original ?? simulatedYAML()
        let replacements: [(String, String)] = [
            ("lanes: 416", "lanes: \(lanes)"),
            ("channels: 416", "channels: \(lanes)"),
            ("dead_lanes: auto", "dead_lanes: \(dead)"),
            ("weak_lanes: auto", "weak_lanes: \(weak)"),
            ("faults: []", "faults: \(faults)"),
            ("seed: 20261123", "seed: \(seed)"),
        ] + extra
        for (original, replacement) in replacements {
            #expect(text.contains(original), "fixture text not found: \(original)")
            text = text.replacingOccurrences(of: original, with: replacement)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qs-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("station.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try StationFile.load(path: path)
    }

    /// Starts the simulators of `file` on a fresh virtual clock.
    init(_ file: StationFile, seed: UInt64? = nil) throws {
        self.file = file
        clock = VirtualClock(epoch: Self.epoch)
        station = try SimulatedStation.start(station: file, clock: clock, seed: seed)
    }

    /// The driver configuration for `role`, pointed at its simulator.
    func configuration(_ role: InstrumentRole, timeout: Duration = .seconds(2), retries: Int = 3) throws -> DriverConfiguration {
        let entry = try #require(file.instrument(role))
        let resource = try #require(station.resources[role])
        let limits = file.limits
        var configuration = DriverConfiguration(
            role: role.rawValue, driver: entry.driver, resource: resource, serial: entry.serial ?? SerialSettings(),
            modbusAddress: entry.modbusAddress, timeout: timeout, retries: retries, settling: entry.settling,
            chamberLimits: ChamberLimits(
                minimumCelsius: limits.chamberMinimumCelsius, maximumCelsius: limits.chamberMaximumCelsius,
                maximumRampKelvinPerMinute: limits.maximumRampKelvinPerMinute, safeCelsius: limits.safeCelsius),
            supplyLimits: SupplyLimits(maximumVolts: limits.supplyMaximumVolts, maximumAmps: limits.supplyMaximumAmps))
        configuration.watlowWiring = entry.watlowWiring
        configuration.thermoStreamModel = entry.thermoStreamModel
        configuration.headControl = entry.headControl
        configuration.pairing = entry.pairing
        configuration.channels = entry.channels
        return configuration
    }

    /// Connects the real driver of `role` (identity check included).
    func connect<T>(
        _ role: InstrumentRole, as type: T.Type, timeout: Duration = .seconds(2), retries: Int = 3
    ) async throws -> T {
        let log = events
        let (instrument, _) = try await InstrumentFactory.connect(
            try configuration(role, timeout: timeout, retries: retries), events: { log.append($0) })
        return try #require(instrument as? T)
    }

    /// Connects every instrument of the station.
    func connectAll() async throws -> BenchDrivers {
        BenchDrivers(
            chamber: try await connect(.chamber, as: (any ThermalChamber).self),
            bert: try await connect(.bert, as: (any BitErrorRatioTester).self),
            meter: try await connect(.meter, as: (any OpticalPowerMeter).self),
            opticalSwitch: try await connect(.switch, as: (any OpticalSwitch).self),
            supply: try await connect(.supply, as: (any PowerSupply).self))
    }

    /// Lets `seconds` of station time pass.
    func wait(_ seconds: Double) async throws {
        try await clock.sleep(seconds: seconds)
    }

    /// Powers the DUT as the sequencer does: 1.8 V / 2.5 A limit, output on, PRBS31 at the array's rate, BERT on.
    func powerUp(_ instruments: BenchDrivers, pattern: PRBSPattern = .prbs31) async throws {
        try await instruments.supply.configure(volts: 1.8, currentLimit: 2.5)
        try await instruments.supply.setOutput(true)
        try await instruments.bert.configure(pattern: pattern, inverted: false, lineRateBitsPerSecond: 4e9)
        try await instruments.bert.setOutputs(true)
    }

    /// Heats (or cools) to `celsius` and waits until the DUT has settled there.
    func settle(_ instruments: BenchDrivers, at celsius: Double) async throws {
        try await instruments.chamber.start()
        try await instruments.chamber.setSetpoint(celsius)
        try await wait(abs(celsius - 23) / 15 * 60 + 10 * 60)
    }

    /// Disconnects and stops serving.
    func shutDown(_ instruments: BenchDrivers? = nil) async {
        if let instruments { await instruments.disconnect() }
        station.stop()
    }
}

/// The connected drivers of a test bench.
struct BenchDrivers {
    let chamber: any ThermalChamber
    let bert: any BitErrorRatioTester
    let meter: any OpticalPowerMeter
    let opticalSwitch: any OpticalSwitch
    let supply: any PowerSupply

    func disconnect() async {
        await chamber.disconnect()
        await bert.disconnect()
        await meter.disconnect()
        await opticalSwitch.disconnect()
        await supply.disconnect()
    }
}

/// Driver events collected during a test.
final class EventLog: Sendable {
    private let events = Mutex<[InstrumentEvent]>([])

    func append(_ event: InstrumentEvent) {
        events.withLock { $0.append(event) }
    }

    var all: [InstrumentEvent] { events.withLock { $0 } }

    func count(_ kind: InstrumentEvent.Kind, role: InstrumentRole) -> Int {
        all.filter { $0.kind == kind && $0.role == role.rawValue }.count
    }
}
