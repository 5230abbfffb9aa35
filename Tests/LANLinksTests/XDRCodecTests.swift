import LANLinks
import Testing

@Suite struct XDRCodecTests {
    @Test func integersAreBigEndianFourByteUnits() throws {
        var writer = XDRWriter()
        writer.uint32(0x0102_0304)
        writer.int32(-2)
        writer.uint64(0x1122_3344_5566_7788)
        writer.bool(true)
        #expect(writer.bytes == [1, 2, 3, 4, 0xFF, 0xFF, 0xFF, 0xFE, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0, 0, 0, 1])
        var reader = XDRReader(writer.bytes)
        #expect(try reader.uint32("a") == 0x0102_0304)
        #expect(try reader.int32("b") == -2)
        #expect(try reader.uint64("c") == 0x1122_3344_5566_7788)
        #expect(try reader.bool("d"))
        try reader.expectEnd(after: "d")
    }

    @Test func opaqueDataIsPaddedToFourBytes() throws {
        var writer = XDRWriter()
        writer.string("inst0")
        #expect(writer.bytes == [0, 0, 0, 5, 0x69, 0x6E, 0x73, 0x74, 0x30, 0, 0, 0])
        var reader = XDRReader(writer.bytes)
        #expect(try reader.string("device", limit: 16) == "inst0")
        #expect(reader.remaining == 0)
    }

    @Test func lengthsBeyondTheInputOrTheLimitAreRefused() {
        var reader = XDRReader([0x7F, 0xFF, 0xFF, 0xFF, 1, 2])
        #expect(throws: XDRError.tooLong(field: "data", length: 0x7FFF_FFFF, limit: 100)) {
            try reader.opaque("data", limit: 100)
        }
        var short = XDRReader([0, 0, 0, 8, 1, 2, 3])
        #expect(throws: XDRError.truncated(field: "data", needed: 8, available: 3)) {
            try short.opaque("data", limit: 100)
        }
        var badBool = XDRReader([0, 0, 0, 2])
        #expect(throws: XDRError.invalidValue(field: "flag", value: 2)) { try badBool.bool("flag") }
    }
}
