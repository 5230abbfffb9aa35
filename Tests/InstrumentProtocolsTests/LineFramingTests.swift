import Testing

@testable import InstrumentProtocols

@Suite struct LineFramingTests {
    @Test func terminators() throws {
        #expect(try LineFraming.terminate("TEMP?", with: .crlf) == Array("TEMP?\r\n".utf8))
        #expect(try LineFraming.terminate("*IDN?", with: .lf) == Array("*IDN?\n".utf8))
        #expect(try LineFraming.terminate("PVAR1?", with: .cr) == Array("PVAR1?\r".utf8))
        #expect(throws: LineFramingError.embeddedTerminator(line: "A\nB")) {
            try LineFraming.terminate("A\nB", with: .lf)
        }
    }

    @Test func splitsLFAndCRLFAndKeepsTheRemainder() {
        let (lines, remainder) = LineFraming.split(Array("OK\r\n23.5,25.0\nPART".utf8))
        #expect(lines == ["OK", "23.5,25.0"])
        #expect(remainder == Array("PART".utf8))
    }

    @Test func singleLine() throws {
        #expect(try LineFraming.line(from: Array("25.0\r\n".utf8)) == "25.0")
        #expect(throws: LineFramingError.unterminatedLine(bytes: Array("25.0".utf8))) {
            try LineFraming.line(from: Array("25.0".utf8))
        }
        do {
            _ = try LineFraming.line(from: Array("25.0".utf8))
        } catch {
            #expect(error.description == #"line is not terminated (no LF/CR at the end): "25.0" [32 35 2E 30]"#)
        }
        #expect(throws: LineFramingError.extraBytes(line: "A", extra: Array("B\n".utf8))) {
            try LineFraming.line(from: Array("A\nB\n".utf8))
        }
    }

    @Test func framerHandsOutLinesAcrossChunks() throws {
        var framer = LineFramer()
        framer.append(Array("OK: TE".utf8))
        #expect(try framer.nextLine() == nil)
        #expect(framer.hasPartialLine)
        framer.append(Array("MP\r\nNA:CMD".utf8))
        #expect(try framer.nextLine() == "OK: TEMP")
        #expect(try framer.nextLine() == nil)
        #expect(throws: LineFramingError.unterminatedLine(bytes: Array("NA:CMD".utf8))) { try framer.finish() }
        framer.append(Array(" ERR\n".utf8))
        #expect(try framer.nextLine() == "NA:CMD ERR")
        try framer.finish()
    }

    @Test func carriageReturnFramerAcceptsCRAndCRLF() throws {
        var framer = LineFramer(delimiter: .carriageReturn)
        framer.append(Array("1\r".utf8))
        #expect(try framer.nextLine() == "1")
        try framer.finish()
        framer.append(Array("\n2\r\n3\r".utf8))
        #expect(try framer.nextLine() == "2")
        #expect(try framer.nextLine() == "3")
        #expect(try framer.nextLine() == nil)
        try framer.finish()
    }

    @Test func framerLimitsLineLength() {
        var framer = LineFramer(maximumLineLength: 8)
        framer.append(Array("0123456789".utf8))
        #expect(throws: LineFramingError.self) { try framer.nextLine() }
    }
}
