import ArgumentParser
import Certificates
import Foundation
import RunControl

/// `qualstation certificate`: verifies and shows certificates.
struct CertificateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate", abstract: "Verify or show a certificate.", subcommands: [Verify.self, Show.self])

    /// Accepts a run directory, certificate.jws or certificate.json and returns the named certificate file.
    static func locate(_ path: String, preferring name: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return RunDirectory(path: path).file(name)
        }
        return path
    }

    /// `qualstation certificate verify`.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a certificate's signature, its signer, that certificate.json matches what was signed, "
                + "and that run.sqlite beside it is unchanged.",
            discussion: """
                Takes a run directory, or certificate.jws / certificate.json inside one. Walks the evidence chain of \
                run.sqlite beside the certificate and names the first altered, inserted or deleted row. Exits 0 when \
                every check passes, 1 otherwise, listing exactly what failed.
                """)

        @Argument(help: "The run directory, or its certificate.jws or certificate.json.")
        var file: String

        @Option(help: "The trusted public key (JWK). Default: this station's public key, when it has one.")
        var key: String?

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() throws {
            var jws = CertificateCommand.locate(file, preferring: CertificateWriter.jwsFileName)
            if URL(fileURLWithPath: jws).pathExtension.lowercased() == "json" {
                jws = URL(fileURLWithPath: jws).deletingPathExtension().appendingPathExtension("jws").path
            }
            let standard = StationKeyStore.standard().publicKeyPath
            let trusted = key ?? (FileManager.default.fileExists(atPath: standard) ? standard : nil)
            var report = CertificateVerifier.verify(jwsPath: jws, trustedKeyPath: trusted)
            if trusted == nil {
                report.notes.append("no trusted key given (--key) and this station has none; the signer is not checked")
            }
            let directory = URL(fileURLWithPath: jws).deletingLastPathComponent().path
            let chain = EvidenceChainCheck.apply(directory: directory, to: &report)
            if json {
                print(VerifyJSON.render(report, chain: chain))
            } else {
                print(report.description)
            }
            guard report.isValid else { throw ExitCode(1) }
        }
    }

    /// `qualstation certificate show`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a readable summary of a certificate.")

        @Argument(help: "certificate.json, or the run directory holding it.")
        var file: String

        func run() throws {
            let path = CertificateCommand.locate(file, preferring: CertificateWriter.jsonFileName)
            guard let data = FileManager.default.contents(atPath: path) else {
                StandardError.write("qualstation: error: \(path): cannot be read")
                throw ExitCode(65)
            }
            do {
                let document = try CertificateDocument.decode(from: data)
                print(CertificateSummary.render(document, useColor: Terminal.current.useColor))
            } catch {
                StandardError.write("qualstation: error: \(path): not a QualStation certificate: \(error)")
                throw ExitCode(65)
            }
        }
    }
}
