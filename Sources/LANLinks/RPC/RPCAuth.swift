/// An RPC credential or verifier, `opaque_auth` of RFC 5531 §8.2: a flavor and up to 400 bytes of body.
public struct RPCAuth: Sendable, Equatable, XDRCodable {
    /// The authentication flavor; 0 is AUTH_NONE.
    public var flavor: UInt32
    /// The flavor's body.
    public var body: [UInt8]

    /// AUTH_NONE with an empty body, what VXI-11 and the portmapper use.
    public static let none = RPCAuth(flavor: 0, body: [])

    /// Creates a credential or verifier.
    public init(flavor: UInt32, body: [UInt8]) {
        self.flavor = flavor
        self.body = body
    }

    /// Appends the flavor and the body.
    public func encode(into writer: inout XDRWriter) {
        writer.uint32(flavor)
        writer.opaque(body)
    }

    /// Decodes a flavor and a body of at most 400 bytes (RFC 5531 §8.2).
    public init(from reader: inout XDRReader) throws(XDRError) {
        flavor = try reader.uint32("auth flavor")
        body = try reader.opaque("auth body", limit: 400)
    }
}
