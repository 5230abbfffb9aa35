import Testing

@testable import InstrumentProtocols

@Suite struct SCPICommandParserTests {
    @Test func splitsUnitsAndDetectsQueries() throws {
        let units = try SCPICommandParser.units(in: "*RST; *CLS; *ESE 32; *OPC?\n")
        #expect(units.map(\.header) == ["*RST", "*CLS", "*ESE", "*OPC?"])
        #expect(units.map(\.isCommon) == [true, true, true, true])
        #expect(units[2].parameters.map(\.text) == ["32"])
        #expect(units[3].isQuery)
    }

    @Test func carriesThePathOverAfterSemicolon() throws {
        let units = try SCPICommandParser.units(in: "SOUR:VOLT 1;CURR 2")
        #expect(units.map(\.header) == ["SOUR:VOLT", "SOUR:CURR"])
        #expect(units[1].text == "CURR 2")
        #expect(units[1].description == "SOUR:CURR 2")
    }

    @Test func leadingColonResetsThePath() throws {
        let units = try SCPICommandParser.units(in: "MEAS:VOLT?;:MEAS:CURR?")
        #expect(units.map(\.header) == ["MEAS:VOLT?", "MEAS:CURR?"])
    }

    @Test func withoutLeadingColonTheSecondHeaderNests() throws {
        let units = try SCPICommandParser.units(in: "MEAS:VOLT?;MEAS:CURR?")
        #expect(units[1].header == "MEAS:MEAS:CURR?")
        let pattern = try SCPIHeaderPattern("MEASure:CURRent?")
        #expect(pattern.match(units[1]) == nil)
    }

    @Test func commonCommandsKeepThePath() throws {
        let units = try SCPICommandParser.units(in: "SOUR:VOLT 1;*OPC;CURR 2")
        #expect(units.map(\.header) == ["SOUR:VOLT", "*OPC", "SOUR:CURR"])
    }

    @Test func lineFeedResetsThePath() throws {
        let units = try SCPICommandParser.units(in: "SOUR:VOLT 1\nCURR 2\r\n")
        #expect(units.map(\.header) == ["SOUR:VOLT", "CURR"])
    }

    @Test func channelSuffixes() throws {
        let unit = try #require(try SCPICommandParser.units(in: "SOUR12:PATT:TYPE PRBS31").first)
        #expect(unit.nodes.map(\.mnemonic) == ["SOUR", "PATT", "TYPE"])
        #expect(unit.nodes[0].suffix == 12)
        #expect(unit.nodes[1].suffix == nil)
        #expect(unit.header == "SOUR12:PATT:TYPE")
        let lower = try #require(try SCPICommandParser.units(in: "read3:pow?").first)
        #expect(lower.header == "READ3:POW?")
    }

    @Test func parametersRespectQuotesParenthesesAndBlocks() throws {
        let units = try SCPICommandParser.units(
            in: #"VOLT 1.5, (@1,2);:DATA:SEQ:SET 'M2.DataOut',PRBS,'2^31-1';:SYST:TEXT "a;b,""c""";:DATA #15a;b,c"#)
        #expect(units[0].parameters.map(\.text) == ["1.5", "(@1,2)"])
        #expect(units[1].parameters.map(\.text) == ["'M2.DataOut'", "PRBS", "'2^31-1'"])
        #expect(try units[2].string(at: 0) == #"a;b,"c""#)
        #expect(units[3].parameters.map(\.text) == ["#15a;b,c"])
        #expect(try units[3].parameters[0].block() == Array("a;b,c".utf8))
    }

    @Test func blockPayloadKeepsTrailingWhitespace() throws {
        let unit = try #require(try SCPICommandParser.units(in: "DATA #15ab \r ;*OPC").first)
        #expect(try unit.parameters[0].block() == Array("ab \r ".utf8))
        #expect(unit.text == "DATA #15ab \r ")
    }

    @Test func queryWithParameters() throws {
        let unit = try #require(try SCPICommandParser.units(in: "MEAS:CURR? (@1)").first)
        #expect(unit.isQuery)
        #expect(try unit.channelList(at: 0) == [1])
    }

    @Test func emptyUnitsAreSkipped() throws {
        #expect(try SCPICommandParser.units(in: "").isEmpty)
        #expect(try SCPICommandParser.units(in: " ;; \r\n").isEmpty)
        #expect(try SCPICommandParser.units(in: "*RST;").count == 1)
    }

    @Test(arguments: [
        ("VOLT,1", SCPIStandardError.syntaxError), (":", .syntaxError), ("SOUR::VOLT", .syntaxError),
        ("1VOLT", .syntaxError), ("*", .syntaxError), ("*IDN?X", .syntaxError), ("VOLT 1,", .syntaxError),
        ("VOLT (1", .syntaxError), ("VOLT 1)", .syntaxError), (#"SYST:TEXT "abc"#, .invalidStringData),
        ("DATA #3", .invalidBlockData), ("DATA #210abc", .invalidBlockData), ("DATA #0abc", .invalidBlockData),
        ("ABCDEFGHIJKLMNOPQ", .programMnemonicTooLong), ("SOUR1234567890:VOLT 1", .headerSuffixOutOfRange),
    ])
    func syntaxErrorsCarryTheStandardError(message: String, expected: SCPIStandardError) {
        let parsed = SCPICommandParser.parse(message)
        #expect(parsed.error?.error == expected, "\(message): \(String(describing: parsed.error))")
        #expect(throws: SCPICommandError.self) { try SCPICommandParser.units(in: message) }
    }

    @Test func unitsBeforeAnErrorAreKept() {
        let parsed = SCPICommandParser.parse("*CLS;VOLT,1;*RST")
        #expect(parsed.units.map(\.header) == ["*CLS"])
        #expect(parsed.error?.command == "VOLT,1")
        #expect(parsed.error?.description == #"-102 Syntax error in "VOLT,1": unexpected ',' after the header"#)
        #expect(parsed.error?.entry.reply == #"-102,"Syntax error;unexpected ',' after the header""#)
    }

    @Test func bytesAndStringsParseAlike() {
        let message = "SOUR2:VOLT 3.3;CURR? MAX\n"
        #expect(SCPICommandParser.parse(bytes: Array(message.utf8)) == SCPICommandParser.parse(message))
    }
}
