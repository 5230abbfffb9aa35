import ArgumentParser
import Qualification
import StationConfiguration

/// `qualstation validate`: checks a station file and profiles, alone and together, without touching hardware.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a station file and profiles, alone and together; exit 65 on any problem.",
        discussion: """
            Every problem names the file and line, the field and the value. Warnings (a wavelength the station's \
            meter is not calibrated for) are printed but do not fail the check.
            """)

    @Option(help: "The station file (YAML).")
    var station: String?

    @Argument(help: "Profiles to check.")
    var profiles: [String] = []

    func validate() throws {
        guard station != nil || !profiles.isEmpty else {
            throw ValidationError("give a station file (--station FILE), one or more profiles, or both")
        }
    }

    /// One line per socket: its channels, supply and thermocouple.
    static func describe(_ socket: DUTSocket) -> String {
        let supply: String
        switch socket.supply {
        case .stationOutput(let output): supply = "supply output \(output)"
        case .own(let entry): supply = "own supply \(entry.driver) at \(entry.resource)"
        }
        let thermocouple: String
        switch socket.thermocouple {
        case .chamberDUTInput: thermocouple = "the chamber's DUT input"
        case .air: thermocouple = "the air sensor stands for it"
        case .socket(let other): thermocouple = "\(other)'s thermocouple stands for it"
        case .readerChannel(let channel): thermocouple = "its own thermocouple on channel \(channel) of the thermocouple reader"
        }
        let channels = socket.bertChannels
        return "socket \(socket.id): \(socket.lanes) lanes on BERT channels \(channels.lowerBound)–\(channels.upperBound), "
            + "switch outputs from \(socket.laneMap.switchFirstChannel), \(supply), \(thermocouple)"
    }

    func run() throws {
        var issues: [ConfigurationIssue] = []
        var stationFile: StationFile?
        if let station {
            do {
                stationFile = try StationFile.load(path: station)
                print("\(station): station file OK")
                for role in stationFile?.instruments.keys.sorted() ?? [] {
                    guard let entry = stationFile?.instruments[role] else { continue }
                    var line = "  \(role.rawValue): \(entry.resource) — \(entry.resource.protocolDescription)"
                    if entry.resource.usesPortmapper { line += "; portmapper on port \(entry.portmapperPort ?? 111)" }
                    print(line)
                }
                for socket in stationFile?.sockets ?? [] { print("  " + Self.describe(socket)) }
            } catch {
                issues += ConfigurationIssue.issues(from: error, file: station)
            }
        }
        for path in profiles {
            do {
                let profile = try Profile.load(path: path)
                if let stationFile {
                    let found = PlanValidator.issues(profile: profile, station: stationFile)
                    issues += found
                    for warning in PlanValidator.warnings(profile: profile, station: stationFile) {
                        StandardError.write("warning: \(warning)")
                    }
                    if found.isEmpty {
                        let plan = Plan(profile: profile, station: stationFile)
                        print("\(path): profile OK on station \(stationFile.identity.id) (\(plan.steps.count) steps)")
                        for line in plan.gateReport() { print("  " + line) }
                    }
                } else {
                    print("\(path): profile OK")
                }
            } catch {
                issues += ConfigurationIssue.issues(from: error, file: path)
            }
        }
        guard issues.isEmpty else {
            for issue in issues { StandardError.write("error: \(issue)") }
            StandardError.write("\(issues.count) problem\(issues.count == 1 ? "" : "s") found")
            throw ExitCode(65)
        }
    }
}
