import Foundation

/// Why a certificate cannot be built from a run: the inputs do not belong together.
public struct CertificateBuildError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The run concerned.
    public var runID: String
    /// What does not match, and what to do about it.
    public var problem: String

    /// Creates an error.
    public init(runID: String, problem: String) {
        self.runID = runID
        self.problem = problem
    }

    /// A readable message.
    public var description: String {
        "cannot issue a certificate for run \(runID.isEmpty ? "(no id)" : runID): \(problem)"
    }
}
