import BenchSimulator
import Foundation
import Instruments
import LANLinks
import StationClock
import StationConfiguration
import StationLinks

/// SCPI query round trips per second against the simulated BERT on loopback TCP, through QualStation's real path
/// (``TCPLink`` and the ``SCPISession`` actor the drivers use), next to pyvisa with the pyvisa-py backend doing the
/// same queries against the same simulator in the same run, and a blocking-socket floor.
///
/// The whole process (client, simulator thread, the Python child) is restricted to one CPU unless it already is:
/// across the two cores of a shared virtual machine, wake-ups dominate and hide the client overhead being compared
/// (measuring.md). Each round measures the floor, QualStation and pyvisa-py one after the other (the simulator
/// serves one client at a time); figures are medians over every repetition of every round.
enum SCPIBenchmark {
    /// One query and how its reply is read.
    struct Query: Sendable {
        /// The SCPI query.
        var command: String
        /// Whether the reply is a definite-length block (read with `queryBlock` / `query_binary_values`).
        var isBlock: Bool
        /// What it asks, for the notes.
        var what: String
    }

    /// The queries measured: the identity, a one-lane status query, and the driver's real hot poll.
    static let queries = [
        Query(command: "*IDN?", isBlock: false, what: "identity, answered by the IEEE 488.2 layer"),
        Query(command: "SENS1:SYNC?", isBlock: false, what: "lane 1 sync state (refreshes the lane model)"),
        Query(command: "FETC:COUN:ALL?", isBlock: true, what: "every lane's counters in one block, the gate's poll"),
    ]

    /// What to measure and with what.
    struct Settings: Sendable {
        /// The station file whose simulated BERT is queried.
        var stationPath: String
        /// Queries per repetition.
        var count: Int
        /// Timed repetitions per round.
        var repetitions: Int
        /// Untimed queries before the first repetition.
        var warmup: Int
        /// Rounds of floor, QualStation and pyvisa-py.
        var rounds: Int
        /// The Python interpreter that has pyvisa and pyvisa-py.
        var python: String
        /// The path of `pyvisa_roundtrips.py`.
        var script: String
        /// The CPU to run on; nil for the first one the process may use.
        var cpu: Int?
        /// Whether to restrict the process to one CPU.
        var pin: Bool
    }

    /// µs per query of every timed repetition, by command.
    private typealias Samples = [String: [Double]]

    /// Runs the measurements and prints the figures.
    static func run(_ settings: Settings, output: BenchmarkOutput) async throws {
        let original = CPUAffinity.allowed()
        var pinned = false
        if settings.pin, let original, let cpu = settings.cpu ?? original.first, original != [cpu] {
            pinned = CPUAffinity.restrictProcess(to: [cpu])
            output.note(
                pinned
                    ? "client, simulator and pyvisa child restricted to CPU \(cpu)"
                    : "could not restrict to CPU \(cpu)")
        } else if let original {
            output.note("running on CPU(s) \(original.map(String.init).joined(separator: ","))")
        }
        defer {
            if pinned, let original { CPUAffinity.restrictProcess(to: original) }
        }

        let station = try StationFile.load(path: settings.stationPath)
        let simulation = try SimulatedStation.start(station: station, clock: WallClock())
        defer { simulation.stop() }
        guard case .tcpSocket(_, let host, let port)? = simulation.resources[.bert] else {
            throw BenchmarkError("\(settings.stationPath): the bert is not a simulated instrument on loopback TCP")
        }
        output.note(
            "simulated scpi-bert on \(host):\(port); \(settings.rounds) round(s) × \(settings.repetitions) × "
                + "\(settings.count) queries per client and query")

        let echo = try measureEcho(settings: settings)
        var floor: Samples = [:]
        var qualStation: Samples = [:]
        var pyvisa: Samples = [:]
        var replySizes: [String: Int] = [:]
        var report: PyVisaRoundTrips.Report?
        var unavailable: PyVisaRoundTrips.Outcome?
        for _ in 0..<max(1, settings.rounds) {
            floor.merge(try measureFloor(port: port, settings: settings)) { $0 + $1 }
            let (samples, sizes) = try await measureSession(host: host, port: port, settings: settings)
            qualStation.merge(samples) { $0 + $1 }
            replySizes = sizes
            guard unavailable == nil else { continue }
            let outcome = PyVisaRoundTrips.run(
                python: settings.python, script: settings.script, port: port, queries: queries, count: settings.count,
                repetitions: settings.repetitions, warmup: settings.warmup)
            if case .measured(let measured) = outcome {
                report = measured
                for (command, entry) in measured.results { pyvisa[command, default: []] += entry.runsUs }
            } else {
                unavailable = outcome
            }
        }

        if let report {
            output.note(
                "pyvisa \(report.pyvisa), pyvisa-py \(report.pyvisaPy), Python \(report.python) (\(settings.python))")
        }
        for query in queries {
            let command = query.command
            let floorMicros = BenchMath.median(floor[command] ?? [])
            let ours = BenchMath.median(qualStation[command] ?? [])
            output.figure(BenchmarkFigure(
                name: "scpi \(command) round trips, QualStation (SCPISession over TCPLink)", value: 1e6 / ours,
                unit: "queries/s"))
            var detail = "\(command), \(query.what): µs/query floor \(format(floorMicros)), "
                + "QualStation \(format(ours))"
            if let theirs = pyvisa[command].map(BenchMath.median) {
                output.figure(BenchmarkFigure(
                    name: "scpi \(command) round trips, pyvisa-py", value: 1e6 / theirs, unit: "queries/s"))
                output.figure(BenchmarkFigure(
                    name: "scpi \(command) QualStation / pyvisa-py", value: theirs / ours, unit: "x"))
                detail += ", pyvisa-py \(format(theirs)); client overhead over the floor: QualStation "
                    + "\(format(ours - floorMicros)) µs, pyvisa-py \(format(theirs - floorMicros)) µs"
                if let theirSize = report?.results[command]?.replyBytes, let ourSize = replySizes[command],
                    theirSize != ourSize
                {
                    detail += " (reply sizes differ: QualStation \(ourSize) B, pyvisa-py \(theirSize) B)"
                }
            }
            output.figure(BenchmarkFigure(
                name: "scpi \(command) round trips, blocking-socket floor", value: 1e6 / floorMicros,
                unit: "queries/s"))
            output.note(detail)
        }
        output.figure(BenchmarkFigure(
            name: "scpi loopback echo floor (blocking client and server, no simulator)", value: 1e6 / echo,
            unit: "queries/s"))
        if let identity = floor["*IDN?"].map(BenchMath.median) {
            output.note(
                "the simulator's own work per *IDN?: \(format(identity - echo)) µs (simulator floor minus echo floor)")
        }
        switch unavailable {
        case .notInstalled(let why)?:
            output.note("pyvisa-py not installed: pip install pyvisa pyvisa-py (\(settings.python): \(why))")
        case .failed(let why)?:
            output.note("pyvisa-py comparison failed: \(why)")
        case .measured?, nil:
            break
        }
    }

    /// VXI-11 and HiSLIP round trips: QualStation's links against pyvisa-py over the same protocol and the same
    /// simulated BERT (its VXI-11 and HiSLIP servers relay to its raw socket), in the same run, with the ratios.
    /// pyvisa-py finds VXI-11 through the portmapper on port 111; when the simulator cannot bind it, the VXI-11
    /// comparison is skipped with a note.
    static func runLANProtocols(_ settings: Settings, output: BenchmarkOutput) async throws {
        let station = try StationFile.load(path: settings.stationPath)
        let simulation = try SimulatedStation.start(station: station, clock: WallClock(), offerAllLANProtocols: true)
        defer { simulation.stop() }
        guard let lan = simulation.lanResources[.bert] else {
            throw BenchmarkError("\(settings.stationPath): the bert is not a simulated SCPI instrument on loopback TCP")
        }
        for (name, resource) in [("VXI-11", lan.vxi11), ("HiSLIP", lan.hislip)] {
            var ours: Samples = [:]
            var theirs: Samples = [:]
            for _ in 0..<max(1, settings.rounds) {
                let link: any ByteLink = resource.usesPortmapper
                    ? try await VXI11Link.open(resource, portmapperPort: lan.portmapperPort, timeout: .seconds(5))
                    : try await HiSLIPLink.open(resource, timeout: .seconds(5))
                ours.merge(try await measureSession(link: link, settings: settings).0) { $0 + $1 }
                if resource.usesPortmapper, lan.portmapperPort != PortmapperMapping.wellKnownPort { continue }
                let outcome = PyVisaRoundTrips.run(
                    python: settings.python, script: settings.script, port: 0, resource: resource.description,
                    queries: queries, count: settings.count, repetitions: settings.repetitions, warmup: settings.warmup)
                if case .measured(let measured) = outcome {
                    for (command, entry) in measured.results { theirs[command, default: []] += entry.runsUs }
                }
            }
            if resource.usesPortmapper, lan.portmapperPort != PortmapperMapping.wellKnownPort {
                output.note("pyvisa-py over VXI-11 skipped: port 111 was taken, the simulator's portmapper is on \(lan.portmapperPort)")
            }
            for query in queries {
                let command = query.command
                let our = BenchMath.median(ours[command] ?? [])
                output.figure(BenchmarkFigure(
                    name: "scpi \(command) round trips over \(name), QualStation", value: 1e6 / our, unit: "queries/s"))
                guard let their = theirs[command].map(BenchMath.median) else { continue }
                output.figure(BenchmarkFigure(
                    name: "scpi \(command) round trips over \(name), pyvisa-py", value: 1e6 / their, unit: "queries/s"))
                output.figure(BenchmarkFigure(
                    name: "scpi \(command) over \(name) QualStation / pyvisa-py", value: their / our, unit: "x"))
            }
        }
    }

    /// The kernel-only floor: the blocking client against an echo thread; median µs per query.
    private static func measureEcho(settings: Settings) throws -> Double {
        let server = try LoopbackEchoServer()
        defer { server.stop() }
        let client = try BlockingSCPIClient(port: server.port)
        let bytes = Array("*IDN?\n".utf8)
        for _ in 0..<settings.warmup { _ = try client.query(bytes, isBlock: false) }
        var samples: [Double] = []
        for _ in 0..<(max(1, settings.repetitions) * max(1, settings.rounds)) {
            let seconds = try BenchMath.time {
                for _ in 0..<settings.count { _ = try client.query(bytes, isBlock: false) }
            }
            samples.append(seconds / Double(max(1, settings.count)) * 1e6)
        }
        return BenchMath.median(samples)
    }

    /// One round of the blocking-socket floor.
    private static func measureFloor(port: UInt16, settings: Settings) throws -> Samples {
        let client = try BlockingSCPIClient(port: port)
        var samples: Samples = [:]
        for query in queries {
            let bytes = Array((query.command + "\n").utf8)
            for _ in 0..<settings.warmup { _ = try client.query(bytes, isBlock: query.isBlock) }
            for _ in 0..<max(1, settings.repetitions) {
                let seconds = try BenchMath.time {
                    for _ in 0..<settings.count { _ = try client.query(bytes, isBlock: query.isBlock) }
                }
                samples[query.command, default: []].append(seconds / Double(max(1, settings.count)) * 1e6)
            }
        }
        return samples
    }

    /// One round through QualStation's path: a TCPLink and the SCPISession actor the drivers use.
    private static func measureSession(
        host: String, port: UInt16, settings: Settings
    ) async throws -> (Samples, [String: Int]) {
        try await measureSession(link: try await TCPLink.connect(host: host, port: port, timeout: .seconds(5)), settings: settings)
    }

    /// One round through the SCPISession actor the drivers use, over `link` (closed at the end).
    private static func measureSession(link: any ByteLink, settings: Settings) async throws -> (Samples, [String: Int]) {
        let session = SCPISession(
            link: link, role: "bert", driver: "scpi-bert", policy: RetryPolicy(retries: 0, timeout: .seconds(5)),
            events: { _ in })
        var samples: Samples = [:]
        var sizes: [String: Int] = [:]
        do {
            for query in queries {
                let command = query.command
                let once: () async throws -> Int = query.isBlock
                    ? { try await session.queryBlock(command).count }
                    : { try await session.query(command).utf8.count }
                sizes[command] = try await once()
                for _ in 0..<settings.warmup { _ = try await once() }
                for _ in 0..<max(1, settings.repetitions) {
                    let seconds = try await BenchMath.elapsed {
                        for _ in 0..<settings.count { _ = try await once() }
                    }
                    samples[command, default: []].append(seconds / Double(max(1, settings.count)) * 1e6)
                }
            }
        } catch {
            await session.close()
            throw error
        }
        await session.close()
        return (samples, sizes)
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
