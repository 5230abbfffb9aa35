/// A structure with an XDR (RFC 4506) encoding: RPC arguments and results, VXI-11 parameter blocks.
public protocol XDRCodable: Sendable {
    /// Appends the encoding of `self`.
    func encode(into writer: inout XDRWriter)
    /// Decodes one value from `reader`, leaving it after the value's last field.
    init(from reader: inout XDRReader) throws(XDRError)
}

extension XDRCodable {
    /// The XDR encoding of `self`.
    public func xdrEncoded() -> [UInt8] {
        var writer = XDRWriter()
        encode(into: &writer)
        return writer.bytes
    }

    /// Decodes `bytes`, which must hold exactly one value.
    public init(xdr bytes: [UInt8]) throws(XDRError) {
        var reader = XDRReader(bytes)
        self = try Self(from: &reader)
        try reader.expectEnd(after: String(describing: Self.self))
    }
}
