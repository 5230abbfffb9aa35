import Foundation

/// What `CertificateVerifier` found: each check it ran, with what passed and exactly what failed.
public struct VerificationReport: Sendable, Equatable, CustomStringConvertible {
    /// One check.
    public struct Check: Sendable, Equatable {
        /// The check's name: one of the `CertificateVerifier` check names.
        public var name: String
        /// Whether it passed.
        public var passed: Bool
        /// What was found.
        public var detail: String

        /// Creates a check.
        public init(name: String, passed: Bool, detail: String) {
            self.name = name
            self.passed = passed
            self.detail = detail
        }
    }

    /// The JWS file verified.
    public var jwsPath: String
    /// The checks run, in order.
    public var checks: [Check]
    /// What was not checked, and why (e.g. no trusted key given, no certificate.json beside the JWS).
    public var notes: [String]
    /// Whether the signer is the trusted key given by the caller. False when no trusted key was given.
    public var keyTrusted: Bool
    /// The certificate, when the signature is valid and certificate.json beside it could be read.
    public var document: CertificateDocument?
    /// The signed summary, when the signature is valid.
    public var summary: SignedSummary?

    /// Creates a report.
    public init(
        jwsPath: String, checks: [Check], notes: [String], keyTrusted: Bool, document: CertificateDocument?, summary: SignedSummary? = nil
    ) {
        self.jwsPath = jwsPath
        self.checks = checks
        self.notes = notes
        self.keyTrusted = keyTrusted
        self.document = document
        self.summary = summary
    }

    /// True when every check ran passed: the signature is valid, the signer is the trusted key (when one was
    /// given), every file the signed summary binds is unchanged, certificate.json is the certificate it names, and
    /// its verdicts follow from its inputs. Without a trusted key this says nothing about who signed; see ``keyTrusted``.
    public var isValid: Bool { !checks.isEmpty && checks.allSatisfy(\.passed) }

    /// The checks that failed.
    public var failures: [Check] { checks.filter { !$0.passed } }

    /// The outcome, every check, the notes, and a final line naming exactly what failed.
    public var description: String {
        var lines = [
            "\(jwsPath): " + (isValid ? (keyTrusted ? "VALID (signed by the trusted key)" : "VALID") : "INVALID")
        ]
        for check in checks {
            lines.append("  " + (check.passed ? "ok    " : "FAILED") + " \(check.name): \(check.detail)")
        }
        for note in notes {
            lines.append("  note: \(note)")
        }
        if failures.isEmpty {
            lines.append("nothing failed")
        } else {
            lines.append("failed: " + failures.map { "\($0.name) (\($0.detail))" }.joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }
}
