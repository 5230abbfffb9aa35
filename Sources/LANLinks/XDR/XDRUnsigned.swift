/// A lone XDR `unsigned int`: the portmapper's GETPORT result.
public struct XDRUnsigned: Sendable, Equatable, XDRCodable {
    /// The value.
    public var value: UInt32

    /// Wraps `value`.
    public init(_ value: UInt32) { self.value = value }

    /// Appends the value.
    public func encode(into writer: inout XDRWriter) { writer.uint32(value) }

    /// Decodes the value.
    public init(from reader: inout XDRReader) throws(XDRError) { value = try reader.uint32("unsigned int") }
}
