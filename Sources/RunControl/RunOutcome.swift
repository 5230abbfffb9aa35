import Certificates
import Qualification

/// How a run (or a resumed run) ended: its verdict, the evidence summary and where the certificate went.
public struct RunOutcome: Sendable {
    /// The run directory.
    public var directory: RunDirectory
    /// The run identifier.
    public var runID: String
    /// The verdict and the criteria behind it, computed from run.sqlite.
    public var assessment: Assessment
    /// The certificate files.
    public var certificate: CertificateWriter.Files
    /// The certificate document as written.
    public var document: CertificateDocument

    /// The verdict.
    public var verdict: Verdict { assessment.verdict }
}
