import Foundation

/// Runs a small Python script (joserfc and `cryptography`) to check our JWS against standard JOSE code.
enum PythonJOSE {
    /// The interop script. Modes:
    ///
    /// - `probe`: prints the JWS algorithm names joserfc accepts among "Ed25519" and "EdDSA".
    /// - `verify PUBLIC_JWK_FILE JWS_FILE`: prints a JSON report. `joserfc` is "ok", "unsupported" (joserfc
    ///   lacks the header's alg) or "rejected: …"; `cryptography` is the same check done directly with
    ///   `Ed25519PublicKey.verify` over `base64url(header).base64url(payload)`; `payload_hex` is the payload.
    /// - `sign PRIVATE_JWK_FILE ALG PAYLOAD_FILE`: prints a compact JWS made by joserfc.
    static let script = #"""
        import base64, json, sys

        def b64url_decode(text):
            return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

        def probe():
            from joserfc import jws
            names = jws.JWSRegistry.algorithms
            print(",".join(name for name in ("Ed25519", "EdDSA") if name in names))

        def verify(jwk_path, jws_path):
            from joserfc import jws
            from joserfc.jwk import OKPKey
            from joserfc.errors import JoseError
            from cryptography.exceptions import InvalidSignature
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
            with open(jwk_path) as handle:
                jwk = json.load(handle)
            with open(jws_path) as handle:
                token = handle.read().strip()
            header_part, payload_part, signature_part = token.split(".")
            alg = json.loads(b64url_decode(header_part))["alg"]
            report = {"alg": alg}
            if alg not in jws.JWSRegistry.algorithms:
                report["joserfc"] = "unsupported"
            else:
                try:
                    result = jws.deserialize_compact(token, OKPKey.import_key(jwk), algorithms=[alg])
                    report["joserfc"] = "ok"
                    report["payload_hex"] = result.payload.hex()
                except JoseError as error:
                    report["joserfc"] = "rejected: %s %s" % (type(error).__name__, error)
            public_key = Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"]))
            try:
                public_key.verify(b64url_decode(signature_part), (header_part + "." + payload_part).encode("ascii"))
                report["cryptography"] = "ok"
            except InvalidSignature:
                report["cryptography"] = "rejected: InvalidSignature"
            report.setdefault("payload_hex", b64url_decode(payload_part).hex())
            print(json.dumps(report))

        def sign(private_jwk_path, alg, payload_path):
            from joserfc import jws
            from joserfc.jwk import OKPKey
            with open(private_jwk_path) as handle:
                key = OKPKey.import_key(json.load(handle))
            with open(payload_path, "rb") as handle:
                payload = handle.read()
            print(jws.serialize_compact({"alg": alg}, payload, key, algorithms=[alg]))

        if __name__ == "__main__":
            import warnings
            warnings.simplefilter("ignore")
            mode = sys.argv[1]
            if mode == "probe":
                probe()
            elif mode == "verify":
                verify(sys.argv[2], sys.argv[3])
            elif mode == "sign":
                sign(sys.argv[2], sys.argv[3], sys.argv[4])
            else:
                sys.exit("unknown mode " + mode)
        """#

    /// The result of one run of python3.
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `/usr/bin/env python3 -c CODE` (or the interop script with arguments) and captures its output.
    static func run(arguments: [String]) throws -> Output {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outPath = directory.file("stdout")
        let errPath = directory.file("stderr")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return Output(
            status: process.terminationStatus,
            stdout: try String(contentsOfFile: outPath, encoding: .utf8),
            stderr: try String(contentsOfFile: errPath, encoding: .utf8)
        )
    }

    /// Runs the interop script in the given mode.
    static func runScript(_ arguments: [String]) throws -> Output {
        try run(arguments: ["-c", script] + arguments)
    }

    /// True when `/usr/bin/env python3` runs at all.
    static let pythonFound: Bool = (try? run(arguments: ["-c", "pass"]).status) == 0

    /// True when python3 can import joserfc and cryptography.
    static let librariesFound: Bool =
        (try? run(arguments: ["-c", "import joserfc, cryptography.hazmat.primitives.asymmetric.ed25519"]).status) == 0
}
