import CertificateSigning
import Certificates
import Foundation
import Qualification
import RunStore
import StationClock

extension QualificationRunner {
    /// The event recorded with a run's verdict.
    static func verdictMessage(_ assessment: Assessment) -> String {
        "verdict \(assessment.verdict.rawValue): \(assessment.reasons.joined(separator: "; "))"
    }

    /// Loads the run's station file and profile, refusing them if either changed since the run started.
    static func loadUnchangedPlan(of run: RunRecord) throws(RunControlError) -> Plan {
        let plan = try loadPlan(stationPath: run.stationPath, profilePath: run.profilePath)
        for (file, recorded, current) in [
            (run.stationPath, run.stationSHA256, plan.station.sha256), (run.profilePath, run.profileSHA256, plan.profile.sha256),
        ] where recorded != current {
            throw .badInput(
                "\(file): changed since run \(run.id) started (SHA-256 \(current.prefix(12))…, the run recorded "
                    + "\(recorded.prefix(12))…); restore the original file to resume")
        }
        return plan
    }

    /// Builds the certificate from run.sqlite alone and writes its files (durably) into the run directory.
    func issueCertificate(
        plan: Plan, store: RunStore, assessment: Assessment, end: Date, directory: RunDirectory, key: StationSigningKey
    ) throws -> RunOutcome {
        let finishedRun = try store.run()
        let document = try CertificateBuilder.build(
            run: finishedRun, plan: plan, assessment: assessment, store: store,
            identities: IdentityMetadata.decode(finishedRun.metadata), softwareVersion: softwareVersion,
            issuedAt: end)
        let files = try CertificateWriter.write(
            document, to: directory.path, key: key, temperatureLog: try TemperatureLog.read(from: store))
        return RunOutcome(
            directory: directory, runID: finishedRun.id, assessment: assessment, certificate: files, document: document)
    }

    /// Finishes a run whose verdict is recorded: when its certificate is missing or not whole (the process died
    /// while finishing), issues it again from run.sqlite, with the same verdict and issue time; when the
    /// certificate is whole, there is nothing to do.
    ///
    /// No instrument is touched.
    func finishRecordedVerdict(run: RunRecord, store: RunStore, directory: RunDirectory) throws(RunControlError) -> RunOutcome {
        let unfinished: String
        switch CertificateWriter.completeness(in: directory.path) {
        case .whole:
            throw .badInput(
                "\(directory.path): run \(run.id) already completed with verdict \(run.verdict ?? "none") and its "
                    + "certificate is whole; there is nothing to resume")
        case .altered(let reason):
            throw .badInput(
                "\(directory.path): run \(run.id) already completed with verdict \(run.verdict ?? "none"), but \(reason); "
                    + "see `qualstation certificate verify \(directory.path)`. Remove the certificate files to have "
                    + "`qualstation resume` issue them again from run.sqlite")
        case .unfinished(let reason):
            unfinished = reason
        }
        let plan = try Self.loadUnchangedPlan(of: run)
        let key = try signingKey()
        do {
            let end = try run.endedAt ?? store.latestRecordedTime()
            let calibration = CalibrationAudit.problems(station: plan.station, from: run.startedAt, to: end)
            let assessment = try VerdictEngine(plan: plan, store: store)
                .assess(incompleteReason: run.incompleteReason, calibrationProblems: calibration)
            guard assessment.verdict.rawValue == run.verdict else {
                throw RunControlError.io(
                    "\(directory.storePath): run \(run.id) recorded verdict \(run.verdict ?? "none"), but its evidence "
                        + "now gives \(assessment.verdict.rawValue); the run database may have been changed "
                        + "(check it with `qualstation certificate verify`)")
            }
            progress.event(
                "finishing: run \(run.id) recorded verdict \(assessment.verdict.rawValue) but its certificate is missing "
                    + "or incomplete (\(unfinished)); issuing it from run.sqlite")
            let log = try EventLogFile(path: directory.eventLogPath, clock: VirtualClock(epoch: end), forwardingTo: progress)
            defer { log.close() }
            let message = Self.verdictMessage(assessment)
            if try store.events().last?.message != message {
                RunRecorder(store: store, clock: VirtualClock(epoch: end), progress: log).event("info", message)
            }
            return try issueCertificate(
                plan: plan, store: store, assessment: assessment, end: end, directory: directory, key: key)
        } catch let error as RunControlError {
            throw error
        } catch {
            throw .io("\(directory.path): cannot issue the certificate: \(error)")
        }
    }
}
