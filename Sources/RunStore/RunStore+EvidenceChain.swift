import Foundation
import GRDB

extension RunStore {
    /// The evidence chain's head (lowercase hex SHA-256 of the last chained row, 64 zeros when no row is recorded
    /// yet) and how many measurement and event rows it links: what a certificate carries so that any later change
    /// to run.sqlite shows.
    public func evidenceChainHead() throws -> (head: String, count: Int) {
        try read("reading the evidence chain head") { db in
            let chain = try EvidenceChainWriter.load(db)
            return (EvidenceChainEncoding.hex(chain.head), Int(chain.count))
        }
    }

    /// Walks the whole evidence chain, recomputing every row's hash, and reports the first altered, inserted or
    /// deleted row by table and id.
    public func verifyEvidenceChain() throws -> EvidenceChainReport {
        try read("verifying the evidence chain") { db in try EvidenceChainVerifier.verify(db) }
    }

    /// Verifies the evidence chain of the run database at `path` without changing the file (opened read-only, no
    /// migration). With `checkpoint` (a certificate's row count), the report also gives the chain hash after that
    /// row, so a certificate issued before later rows were recorded can still be checked against its own rows.
    ///
    /// - Throws: `RunStoreError` when the file is missing, not a run database, or predates the evidence chain.
    public static func verifyEvidenceChain(at path: String, checkpoint: Int? = nil) throws -> EvidenceChainReport {
        guard FileManager.default.fileExists(atPath: path) else {
            throw RunStoreError(path: path, kind: .missing, problem: "no such file; the evidence chain lives in run.sqlite")
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.label = "QualStation.RunStore.verify"
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                guard applicationID == RunStoreSchema.applicationID else {
                    throw RunStoreError(
                        path: path, kind: .notARun, problem: "this is not a QualStation run database")
                }
                guard try db.tableExists("evidence_chain") else {
                    let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                    throw RunStoreError(
                        path: path, kind: .invalidRequest,
                        problem: "this run database (schema \(version)) was recorded before QualStation chained its "
                            + "rows, so there is no evidence chain to verify")
                }
                return try EvidenceChainVerifier.verify(db, checkpoint: checkpoint)
            }
        } catch {
            throw RunStoreError.wrapping(error, path: path, while: "verifying the evidence chain")
        }
    }
}
