import Foundation
import GRDB

/// An error from the run store. It names the run database file and says, in words a lab technician can act on,
/// what is wrong with it or with the request.
public struct RunStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The broad class of problem, for code that wants to react to one case (for example a missing file).
    public enum Kind: String, Sendable, Equatable {
        /// `create` was asked to make a run database where a file already exists.
        case alreadyExists
        /// `open` was given a path where no file exists.
        case missing
        /// The file exists but is not an SQLite database (or is a directory).
        case notADatabase
        /// The file is an SQLite database that QualStation did not create as a run database.
        case notARun
        /// The run database was written by a newer QualStation whose schema this version does not know.
        case newerSchema
        /// The request contradicts what is stored (unknown step, attempt out of range, wrong state).
        case invalidRequest
        /// SQLite or the file system refused an operation.
        case database
    }

    /// The run database file concerned.
    public var path: String
    /// The class of problem.
    public var kind: Kind
    /// What is wrong, in plain words.
    public var problem: String

    /// Makes an error about the run database at `path`.
    public init(path: String, kind: Kind, problem: String) {
        self.path = path
        self.kind = kind
        self.problem = problem
    }

    /// "run database /runs/X/run.sqlite: <problem>".
    public var description: String {
        "run database \(path): \(problem)"
    }
}

extension RunStoreError: LocalizedError {
    /// The same text as `description`, so `localizedDescription` reads well too.
    public var errorDescription: String? {
        description
    }
}

extension RunStoreError {
    /// Turns any error met while doing `what` into a `RunStoreError` about `path`; a `RunStoreError` passes
    /// through unchanged.
    static func wrapping(_ error: any Error, path: String, while what: String) -> RunStoreError {
        if let error = error as? RunStoreError {
            return error
        }
        if let error = error as? DatabaseError {
            let message = error.message ?? "no details"
            switch error.resultCode {
            case .SQLITE_NOTADB:
                return RunStoreError(
                    path: path, kind: .notADatabase,
                    problem: "this is not an SQLite database (SQLite says: \(message)) while \(what)")
            case .SQLITE_FULL:
                return RunStoreError(
                    path: path, kind: .database, problem: "the disk is full while \(what); free space and resume")
            case .SQLITE_READONLY, .SQLITE_PERM:
                return RunStoreError(
                    path: path, kind: .database,
                    problem: "the file or its folder is read-only while \(what) (SQLite says: \(message))")
            case .SQLITE_CORRUPT:
                return RunStoreError(
                    path: path, kind: .database,
                    problem: "the database file is damaged (SQLite says: \(message)) while \(what)")
            default:
                return RunStoreError(
                    path: path, kind: .database,
                    problem: "SQLite error \(error.resultCode.rawValue) while \(what): \(message)")
            }
        }
        if let error = error as? RowDecodingError {
            return RunStoreError(
                path: path, kind: .database,
                problem: "the file holds a value the run store cannot read while \(what): \(error)")
        }
        return RunStoreError(path: path, kind: .database, problem: "\(what) failed: \(error)")
    }
}
