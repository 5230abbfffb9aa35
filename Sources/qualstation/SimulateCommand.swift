import ArgumentParser
import BenchSimulator
import Foundation
import StationClock
import StationConfiguration

/// `qualstation simulate`: serves a simulated station's instruments in real time for manual use.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Serve a simulated station's instruments and print one resource string per instrument.",
        discussion: """
            The chamber is served on a pseudo-terminal, the LAN instruments on loopback TCP. Each SCPI LAN instrument \
            is offered three ways: its raw socket (::SOCKET), VXI-11 (::inst0::INSTR, on its own loopback address \
            127.0.0.N behind its own portmapper, on port 111 when it can be bound, else a free port that is \
            printed: give it to a controller as the instrument's portmapper_port) and HiSLIP (::hislip0,PORT::INSTR). \
            Talk to them with any client (pyvisa with the pyvisa-py backend, socat, a terminal program). Runs until \
            Ctrl-C or SIGTERM.
            """)

    @Option(help: "The station file (YAML) whose instruments use resource 'sim'.")
    var station: String

    @Option(help: "Seed (overrides the station file's).")
    var seed: UInt64?

    @Option(help: "Stop after this many seconds (default: run until interrupted).")
    var seconds: Double?

    func validate() throws {
        if let seconds, !(seconds > 0) {
            throw ValidationError("--seconds \(seconds): must be a positive number of seconds")
        }
    }

    func run() async throws {
        let file: StationFile
        do {
            file = try StationFile.load(path: station)
        } catch {
            StandardError.write("qualstation: error: \(error)")
            throw ExitCode(65)
        }
        let simulation: SimulatedStation
        do {
            simulation = try SimulatedStation.start(station: file, clock: WallClock(), seed: seed, offerAllLANProtocols: true)
        } catch {
            StandardError.write("qualstation: error: \(station): \(error)")
            throw ExitCode(65)
        }
        StandardOutput.line("Simulated station \(file.identity.id), seed \(seed ?? file.simulation?.seed ?? 0):")
        for role in simulation.resources.keys.sorted() {
            guard let resource = simulation.resources[role], let entry = file.instrument(role) else { continue }
            StandardOutput.line("  \(role.rawValue.padding(toLength: max(8, role.rawValue.count), withPad: " ", startingAt: 0)) \(entry.driver.padding(toLength: max(17, entry.driver.count + 1), withPad: " ", startingAt: 0)) \(resource)")
            if let lan = simulation.lanResources[role] {
                let indent = String(repeating: " ", count: 28)
                StandardOutput.line("\(indent)\(lan.vxi11) (VXI-11, portmapper on port \(lan.portmapperPort))")
                StandardOutput.line("\(indent)\(lan.hislip) (HiSLIP)")
            }
        }
        StandardOutput.line("Serving; Ctrl-C to stop.")
        let stop = AsyncStream<Void>.makeStream()
        let trap = SignalTrap(first: { _ in stop.continuation.finish() }, again: { _ in })
        if let seconds {
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                stop.continuation.finish()
            }
        }
        for await _ in stop.stream {}
        trap.remove()
        simulation.stop()
        StandardOutput.line("Stopped.")
    }
}
