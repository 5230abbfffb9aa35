import Testing

@testable import InstrumentProtocols

@Suite struct SCPIErrorEntryTests {
    @Test func parsesStandardReply() throws {
        let entry = try SCPIErrorEntry(reply: "-113,\"Undefined header\"\n")
        #expect(entry.code == -113)
        #expect(entry.message == "Undefined header")
        #expect(entry.info == nil)
        #expect(!entry.isNoError)
    }

    @Test func parsesNoErrorWithPlusSign() throws {
        let entry = try SCPIErrorEntry(reply: "+0,\"No error\"")
        #expect(entry.isNoError)
        #expect(entry == .noError)
    }

    @Test func splitsInfoAfterSemicolonAndUndoublesQuotes() throws {
        let entry = try SCPIErrorEntry(reply: #"-222,"Data out of range;SOUR:VOLT ""99"" V""#)
        #expect(entry.message == "Data out of range")
        #expect(entry.info == #"SOUR:VOLT "99" V"#)
        #expect(entry.reply == #"-222,"Data out of range;SOUR:VOLT ""99"" V""#)
    }

    @Test func acceptsBareNumberAndUnquotedText() throws {
        #expect(try SCPIErrorEntry(reply: "0").isNoError)
        let entry = try SCPIErrorEntry(reply: "-100,Command error")
        #expect(entry.message == "Command error")
    }

    @Test(arguments: [#"abc,"x""#, #"-113,"Undefined header"#, #"-113,"Undefined header" trailing"#, "", ",\"x\""])
    func rejectsMalformedReplies(reply: String) {
        #expect(throws: SCPIReplyError.self) { try SCPIErrorEntry(reply: reply) }
        do {
            _ = try SCPIErrorEntry(reply: reply)
        } catch {
            #expect(error.command == "SYST:ERR?")
            #expect(error.description.contains("SYST:ERR?"))
        }
    }

    @Test func replyTruncatesTextTo255Characters() {
        let entry = SCPIErrorEntry(code: -200, message: String(repeating: "x", count: 300))
        #expect(entry.reply == "-200,\"" + String(repeating: "x", count: 255) + "\"")
    }

    @Test func standardEntriesCarryStandardTexts() {
        #expect(SCPIErrorEntry.standard(-410).reply == #"-410,"Query INTERRUPTED""#)
        #expect(SCPIErrorEntry.standard(-420).message == "Query UNTERMINATED")
        #expect(SCPIErrorEntry.standard(-350).message == "Queue overflow")
        #expect(SCPIErrorEntry.standard(-224).message == "Illegal parameter value")
        #expect(SCPIErrorEntry.standard(-108).message == "Parameter not allowed")
        #expect(SCPIErrorEntry.standard(12).message == "Error 12")
        #expect(SCPIStandardError.message(for: 0) == "No error")
    }

    @Test func deviceErrorNamesCommandAndDeviceText() {
        let error = SCPIDeviceError(
            command: "SOUR:VOLT 99", entry: SCPIErrorEntry(code: -222, message: "Data out of range"))
        #expect(error.description == #"device error after "SOUR:VOLT 99": -222,"Data out of range""#)
        #expect(error.deviceText == #"-222,"Data out of range""#)
        let more = SCPIDeviceError(
            command: "X", entry: .standard(-113), additionalEntries: [.standard(-350)])
        #expect(more.description.hasSuffix(#"; then -350,"Queue overflow""#))
    }
}
