import Testing

@testable import InstrumentProtocols

@Suite struct SCPIBlockTests {
    @Test func encodesTheReferenceExample() {
        let block = SCPIBlock(payload: Array("Hello world!".utf8))
        #expect(text(block.encoded()) == "#212Hello world!")
        #expect(text(SCPIBlock(payload: []).encoded()) == "#10")
        #expect(text(SCPIBlock.header(payloadCount: 1000)) == "#41000")
    }

    @Test func decodesTheReferenceExampleWithTerminator() throws {
        let block = try SCPIBlock(decoding: Array("#212Hello world!\n".utf8))
        #expect(text(block.payload) == "Hello world!")
        let crlf = try SCPIBlock(decoding: Array("#15abcde\r\n".utf8))
        #expect(text(crlf.payload) == "abcde")
    }

    @Test func reportsBytesStillNeededStepByStep() throws {
        let wire = Array("#212Hello world!".utf8)
        #expect(try SCPIBlock.bytesStillNeeded([]) == 2)
        #expect(try SCPIBlock.bytesStillNeeded(wire.prefix(1)) == 1)
        #expect(try SCPIBlock.bytesStillNeeded(wire.prefix(2)) == 2)
        #expect(try SCPIBlock.bytesStillNeeded(wire.prefix(3)) == 1)
        #expect(try SCPIBlock.bytesStillNeeded(wire.prefix(4)) == 12)
        #expect(try SCPIBlock.bytesStillNeeded(wire.prefix(10)) == 6)
        #expect(try SCPIBlock.bytesStillNeeded(wire) == 0)
        #expect(try SCPIBlock.bytesStillNeeded(wire + [0x0A]) == 0)
    }

    @Test func streamReaderReadsExactlyTheBlock() throws {
        let wire = SCPIBlock(payload: Array(0...200)).encoded() + Array("\nNEXT".utf8)
        var buffer: [UInt8] = []
        var position = 0
        while true {
            let needed = try SCPIBlock.bytesStillNeeded(buffer)
            if needed == 0 { break }
            buffer += wire[position..<(position + needed)]
            position += needed
        }
        let (block, used) = try SCPIBlock.decodePrefix(buffer)
        #expect(used == buffer.count)
        #expect(block.payload == Array(0...200))
        #expect(text(Array(wire[position...])) == "\nNEXT")
    }

    @Test func rejectsMissingHash() {
        expectBlockError(Array("212Hello".utf8)) { if case .missingHash = $0 { true } else { false } }
    }

    @Test func rejectsNonDigitCount() {
        expectBlockError(Array("#A12".utf8)) { if case .invalidDigitCount = $0 { true } else { false } }
    }

    @Test func rejectsIndefiniteForm() {
        expectBlockError(Array("#0abc\n".utf8)) { if case .indefiniteLength = $0 { true } else { false } }
        do {
            _ = try SCPIBlock.bytesStillNeeded(Array("#0abc".utf8))
        } catch {
            #expect(error.description.contains("indefinite-length form #0"))
        }
    }

    @Test func rejectsNonNumericLength() {
        expectBlockError(Array("#2x2Hello".utf8)) { if case .invalidLengthDigits = $0 { true } else { false } }
    }

    @Test func rejectsTruncatedPayload() {
        expectBlockError(Array("#212Hello".utf8)) { error in
            if case .truncated(let expected, let available, _) = error {
                expected == 16 && available == 9
            } else {
                false
            }
        }
        expectBlockError(Array("#2".utf8)) { if case .truncated = $0 { true } else { false } }
    }

    @Test func rejectsTrailingBytes() {
        expectBlockError(Array("#13abcXY".utf8)) { if case .trailingBytes(2, _) = $0 { true } else { false } }
    }

    @Test func errorsShowTheBytesInHex() {
        do {
            _ = try SCPIBlock(decoding: [0x23, 0x41, 0x00])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("23 41 00"))
        }
    }

    @Test func float32LittleEndianRoundTrip() throws {
        let values: [Float] = [1.0, -2.5, 1e-6, 0, .infinity]
        let bytes = LittleEndianArray.encodeFloat32(values)
        #expect(Array(bytes.prefix(4)) == [0x00, 0x00, 0x80, 0x3F])
        #expect(try LittleEndianArray.decodeFloat32(bytes) == values)
    }

    @Test func keysightStylePowerBlockDecodes() throws {
        let payload = LittleEndianArray.encodeFloat32([1.25e-3, 2.5e-4, 0, 7.5e-6])
        let wire = SCPIBlock(payload: payload).encoded() + [0x0A]
        #expect(text(Array(wire.prefix(4))) == "#216")
        let readings = try LittleEndianArray.decodeFloat32(SCPIBlock(decoding: wire).payload)
        #expect(readings == [1.25e-3, 2.5e-4, 0, 7.5e-6])
    }

    @Test func integerArraysAreLittleEndian() throws {
        #expect(LittleEndianArray.encodeUInt32([0x0102_0304]) == [0x04, 0x03, 0x02, 0x01])
        #expect(LittleEndianArray.encodeUInt64([0x0102_0304_0506_0708]) == [8, 7, 6, 5, 4, 3, 2, 1])
        #expect(
            try LittleEndianArray.decodeUInt64([8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0x80])
                == [0x0102_0304_0506_0708, 0x8000_0000_0000_0000])
        #expect(try LittleEndianArray.decodeUInt32([1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]) == [1, UInt32.max])
    }

    @Test func partialElementsAreRejected() {
        #expect(throws: SCPIBlockError.partialElement(byteCount: 5, elementSize: 4)) {
            try LittleEndianArray.decodeFloat32([1, 2, 3, 4, 5])
        }
        #expect(throws: SCPIBlockError.partialElement(byteCount: 4, elementSize: 8)) {
            try LittleEndianArray.decodeUInt64([1, 2, 3, 4])
        }
    }

    private func expectBlockError(
        _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation, _ matches: (SCPIBlockError) -> Bool
    ) {
        do {
            _ = try SCPIBlock(decoding: bytes)
            Issue.record("expected an error for \(hex(bytes))", sourceLocation: sourceLocation)
        } catch {
            #expect(matches(error), "unexpected \(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains(hex(bytes.prefix(24))), sourceLocation: sourceLocation)
        }
    }
}
