import Certificates
import Foundation
import Hummingbird
import RunControl

/// The console's routes: pages (`/`, `/runs/ID`, `/start`), files and CSV, the live stream, the JSON API under
/// `/api/`, the OpenAPI document and `/metrics`.
struct ConsoleRoutes: Sendable {
    let server: ConsoleServer
    var catalog: RunCatalog { server.catalog }
    var actions: ConsoleActions { ConsoleActions(configuration: server.configuration, catalog: server.catalog) }
    var files: ConfiguredFiles {
        ConfiguredFiles(stationsDirectory: server.configuration.stationsDirectory, profilesDirectory: server.configuration.profilesDirectory)
    }

    func register(on router: Router<BasicRequestContext>) {
        registerPages(on: router)
        registerAPI(on: router)
        registerActions(on: router)
    }

    static func filter(_ request: Request) -> RunFilter {
        let query = request.uri.queryParameters
        func value(_ key: String) -> String? { query[Substring(key)].map { String($0).removingPercentEncoding ?? String($0) } }
        return RunFilter(station: value("station"), dut: value("dut"), lot: value("lot"), profile: value("profile"), verdict: value("verdict"))
    }

    static func runID(_ context: BasicRequestContext) throws(ConsoleError) -> String {
        guard let id = context.parameters.get("id") else { throw ConsoleError(.badRequest, "no run id in the path") }
        return try RunID.check(id.removingPercentEncoding ?? id)
    }

    /// `certificate verify` of the run's certificate.jws, or nil when there is none.
    static func verification(directory: String) -> VerificationReport? {
        let path = RunDirectory(path: directory).file("certificate.jws")
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return CertificateVerifier.verify(jwsPath: path, trustedKeyPath: nil)
    }

    private func registerPages(on router: Router<BasicRequestContext>) {
        let catalog = self.catalog
        let rows = server.listRows
        router.get("/") { request, _ -> Response in
            let filter = Self.filter(request)
            let runs = await catalog.list(filter: filter)
            let batches = await catalog.batches(in: runs)
            return ConsoleResponse.html(RunListPage.render(runs, batches: batches, filter: filter, rows: rows))
        }
        router.get("/runs/:id") { _, context -> Response in
            let id = try Self.runID(context)
            let detail = try await catalog.detail(id: id)
            let verification = detail.summary.progress == nil ? Self.verification(directory: try await catalog.directory(of: id)) : nil
            return ConsoleResponse.html(RunPage.render(detail, verification: verification))
        }
        router.get("/runs/:id/files/:name") { _, context -> Response in
            let id = try Self.runID(context)
            let name = context.parameters.get("name") ?? ""
            guard let type = ConsoleFiles.contentType(of: name) else {
                throw ConsoleError(.notFound, "\"\(name.prefix(80))\" is not one of the files the console serves (\(ConsoleFiles.served.map(\.name).joined(separator: ", ")))")
            }
            let path = RunDirectory(path: try await catalog.directory(of: id)).file(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConsoleError(.notFound, "run \(id) has no \(name) (yet)")
            }
            return ConsoleResponse.bytes(data, type: type, headers: name == "certificate.html" ? [.contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:"] : [:])
        }
        let csv: @Sendable (Request, BasicRequestContext) async throws -> Response = { _, context in
            let id = try Self.runID(context)
            let file = try RunFile(directory: try await catalog.directory(of: id))
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(id)-measurements.csv\""],
                body: ResponseBody { writer in try await MeasurementCSV.write(file: file, into: &writer) })
        }
        router.get("/runs/:id/measurements.csv", use: csv)
        router.get("/api/runs/:id/measurements.csv", use: csv)
        router.get("/runs/:id/stream") { _, context -> Response in
            let id = try Self.runID(context)
            _ = try await catalog.directory(of: id)
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: ResponseBody { writer in try await LiveStream.write(id: id, catalog: catalog, into: &writer) })
        }
        router.get("/metrics") { _, _ -> Response in
            ConsoleResponse.text(await ConsoleMetrics.render(catalog), type: "text/plain; version=0.0.4; charset=utf-8")
        }
    }

    private func registerAPI(on router: Router<BasicRequestContext>) {
        let catalog = self.catalog
        let files = self.files
        router.get("/api/openapi.json") { _, _ -> Response in
            ConsoleResponse.text(OpenAPIDocument.json, type: "application/json")
        }
        let listJSON = server.listJSON
        router.get("/api/runs") { request, _ -> Response in
            let runs = await catalog.list(filter: Self.filter(request))
            listJSON.prune(keeping: runs)
            let objects = try runs.map { run in
                try listJSON.fragment(for: run) { String(decoding: try ConsoleResponse.encoder.encode($0), as: UTF8.self) }
            }
            return ConsoleResponse.text("[" + objects.joined(separator: ",") + "]", type: "application/json")
        }
        router.get("/api/batches") { request, _ -> Response in
            try ConsoleResponse.json(await catalog.batches(filter: Self.filter(request)))
        }
        router.get("/api/runs/:id") { _, context -> Response in
            try ConsoleResponse.json(try await catalog.detail(id: try Self.runID(context)))
        }
        router.get("/api/runs/:id/verification") { _, context -> Response in
            let id = try Self.runID(context)
            guard let report = Self.verification(directory: try await catalog.directory(of: id)) else {
                throw ConsoleError(.notFound, "run \(id) has no certificate.jws (yet)")
            }
            return try ConsoleResponse.json(VerificationView(report))
        }
        router.get("/api/stations") { _, _ -> Response in
            try ConsoleResponse.json(files.stations)
        }
        router.get("/api/profiles") { _, _ -> Response in
            try ConsoleResponse.json(files.profiles)
        }
    }
}

/// `certificate verify`'s result as JSON.
struct VerificationView: Codable, Sendable {
    struct Check: Codable, Sendable {
        var name: String
        var passed: Bool
        var detail: String
    }

    /// VALID or INVALID.
    var result: String
    var checks: [Check]
    var notes: [String]
    var verdict: String?

    init(_ report: VerificationReport) {
        result = report.isValid ? "VALID" : "INVALID"
        checks = report.checks.map { Check(name: $0.name, passed: $0.passed, detail: $0.detail) }
        notes = report.notes
        verdict = report.document?.verdict.rawValue
    }
}
