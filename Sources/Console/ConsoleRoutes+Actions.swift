import Foundation
import Hummingbird

/// The action routes. Pages: `/start` (pick, check, confirm, start), `POST /runs/ID/abort` and
/// `POST /runs/ID/resume` (a confirmation page first, then the action on `confirm=yes`). API: `POST /api/validate`,
/// `POST /api/runs`, `POST /api/runs/ID/abort`, `POST /api/runs/ID/resume`, each needing `"confirm": true`.
extension ConsoleRoutes {
    static func fields(_ request: Request) async throws -> FormFields {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        return try FormFields(body: Data(buffer.readableBytesView), contentType: request.headers[.contentType])
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func registerActions(on router: Router<BasicRequestContext>) {
        let files = self.files
        let actions = self.actions
        router.get("/start") { request, _ -> Response in
            let query = request.uri.queryParameters
            var values: [String: String] = [:]
            for key in ["station", "profile", "dut", "operator", "lot"] {
                if let value = query[Substring(key)] { values[key] = String(value).removingPercentEncoding ?? String(value) }
            }
            let form = FormFields(values: values)
            var check: StartCheck?
            if let station = form["station"], let profile = form["profile"] {
                check = StartCheck.run(
                    station: station, stationPath: try files.stationPath(station), profile: profile, profilePath: try files.profilePath(profile))
            }
            return ConsoleResponse.html(StartPage.render(stations: files.stations, profiles: files.profiles, form: form, check: check, problem: nil))
        }
        router.post("/start") { request, _ -> Response in
            let form = try await Self.fields(request)
            let station = try form.require("station", "station file")
            let profile = try form.require("profile", "profile")
            let check = StartCheck.run(
                station: station, stationPath: try files.stationPath(station), profile: profile, profilePath: try files.profilePath(profile))
            guard check.ok, form.confirmed, let requestedBy = form["requested_by"] else {
                let problem = !check.ok ? "the station and profile do not validate together" : "tick the confirmation and give your name to start"
                return ConsoleResponse.html(
                    StartPage.render(stations: files.stations, profiles: files.profiles, form: form, check: check, problem: problem),
                    status: .badRequest)
            }
            let id = try await actions.start(
                stationPath: try files.stationPath(station), profilePath: try files.profilePath(profile), dut: try form.require("dut", "DUT serial"),
                operatorName: try form.require("operator", "operator"), lot: form["lot"], requestedBy: requestedBy)
            return Self.redirect("/runs/\(id)")
        }
        for action in ["abort", "resume"] {
            router.post("/runs/:id/\(action)") { request, context -> Response in
                let id = try Self.runID(context)
                let form = try await Self.fields(request)
                guard form.confirmed, let requestedBy = form["requested_by"] else {
                    return ConsoleResponse.html(ConfirmPage.render(action: action, runID: id, problem: form.values.isEmpty ? nil : "tick the confirmation and give your name"))
                }
                if action == "abort" { _ = try await actions.abort(id: id, requestedBy: requestedBy) }
                else { _ = try await actions.resume(id: id, requestedBy: requestedBy) }
                return Self.redirect("/runs/\(id)")
            }
            router.post("/api/runs/:id/\(action)") { request, context -> Response in
                let id = try Self.runID(context)
                let form = try await Self.fields(request)
                guard form.confirmed else { throw ConsoleError(.badRequest, "\(action) needs \"confirm\": true") }
                let requestedBy = try form.require("requested_by", "who asks")
                let pid = action == "abort"
                    ? try await actions.abort(id: id, requestedBy: requestedBy) : try await actions.resume(id: id, requestedBy: requestedBy)
                return try ConsoleResponse.json(["id": id, "pid": "\(pid)", "action": action], status: .accepted)
            }
        }
        router.post("/api/validate") { request, _ -> Response in
            let form = try await Self.fields(request)
            let station = try form.require("station", "station file")
            let profile = try form.require("profile", "profile")
            return try ConsoleResponse.json(
                StartCheck.run(station: station, stationPath: try files.stationPath(station), profile: profile, profilePath: try files.profilePath(profile)))
        }
        router.post("/api/runs") { request, _ -> Response in
            let form = try await Self.fields(request)
            guard form.confirmed else { throw ConsoleError(.badRequest, "starting a run needs \"confirm\": true") }
            let station = try form.require("station", "station file")
            let profile = try form.require("profile", "profile")
            let check = StartCheck.run(
                station: station, stationPath: try files.stationPath(station), profile: profile, profilePath: try files.profilePath(profile))
            guard check.ok else {
                throw ConsoleError(.badRequest, "\(station) with \(profile) does not validate: \(check.issues.joined(separator: "; "))")
            }
            let id = try await actions.start(
                stationPath: try files.stationPath(station), profilePath: try files.profilePath(profile), dut: try form.require("dut", "DUT serial"),
                operatorName: try form.require("operator", "operator"), lot: form["lot"], requestedBy: try form.require("requested_by", "who asks"))
            return try ConsoleResponse.json(["id": id], status: .accepted)
        }
    }
}
