import Foundation
import Qualification
import StationConfiguration

/// What the start form shows before Start works: the validate result of the chosen station and profile together,
/// and the plan's duration estimate.
public struct StartCheck: Codable, Sendable, Equatable {
    /// The station file's name in the stations folder.
    public var station: String
    /// The profile's name in the profiles folder.
    public var profile: String
    /// Whether they validate together.
    public var ok: Bool
    /// Every problem found (file, line, field, value), empty when ok.
    public var issues: [String]
    /// Planned steps.
    public var steps: Int
    /// The plan's duration estimate in station seconds.
    public var estimatedSeconds: Double?

    /// Validates `stationPath` with `profilePath`, as `qualstation validate --station S P` does.
    static func run(station: String, stationPath: String, profile: String, profilePath: String) -> StartCheck {
        var check = StartCheck(station: station, profile: profile, ok: false, issues: [], steps: 0)
        do {
            let stationFile = try StationFile.load(path: stationPath)
            let profileFile = try Profile.load(path: profilePath)
            let issues = PlanValidator.issues(profile: profileFile, station: stationFile)
            guard issues.isEmpty else {
                check.issues = issues.map { "\($0)" }
                return check
            }
            let plan = Plan(profile: profileFile, station: stationFile)
            check.ok = true
            check.steps = plan.steps.count
            check.estimatedSeconds = PlanDurationEstimate(plan: plan).stepSeconds.reduce(0, +)
        } catch {
            check.issues = ["\(error)"]
        }
        return check
    }
}

/// The station files and profiles the console offers: YAML files directly inside the configured folders, chosen by
/// file name only (never a path from the request).
struct ConfiguredFiles: Sendable {
    let stationsDirectory: String?
    let profilesDirectory: String?

    var stations: [String] { Self.yamlFiles(in: stationsDirectory) }
    var profiles: [String] { Self.yamlFiles(in: profilesDirectory) }

    /// The path of station `name`, or a `.badRequest` naming it.
    func stationPath(_ name: String) throws(ConsoleError) -> String {
        try Self.path(name, in: stationsDirectory, options: stations, what: "station", flag: "--stations")
    }

    /// The path of profile `name`, or a `.badRequest` naming it.
    func profilePath(_ name: String) throws(ConsoleError) -> String {
        try Self.path(name, in: profilesDirectory, options: profiles, what: "profile", flag: "--profiles")
    }

    private static func path(_ name: String, in directory: String?, options: [String], what: String, flag: String) throws(ConsoleError) -> String {
        guard let directory else { throw ConsoleError(.badRequest, "the console was started without \(flag) DIR, so it offers no \(what)") }
        guard options.contains(name) else {
            throw ConsoleError(.badRequest, "\(what) \"\(name.prefix(80))\": not one of \(options.joined(separator: ", ")) in \(directory)")
        }
        return URL(fileURLWithPath: directory).appendingPathComponent(name).path
    }

    private static func yamlFiles(in directory: String?) -> [String] {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }.sorted()
    }
}
