import Testing

@testable import InstrumentProtocols

@Suite struct SCPIParameterTests {
    private func unit(_ text: String) throws -> SCPIProgramUnit {
        try #require(try SCPICommandParser.units(in: text).first)
    }

    @Test func numbersIncludingNonDecimalForms() throws {
        #expect(try SCPIParameter("1.5E-3").double() == 1.5e-3)
        #expect(try SCPIParameter("#HFF").double() == 255)
        #expect(try SCPIParameter("#Q17").integer() == 15)
        #expect(try SCPIParameter("#B101").integer() == 5)
        #expect(try SCPIParameter("2.6").integer() == 3)
        #expect(throws: SCPICommandError.self) { try SCPIParameter("#HXYZ").double() }
    }

    @Test func numericKeywords() throws {
        #expect(try SCPIParameter("MAX").numeric() == .maximum)
        #expect(try SCPIParameter("minimum").numeric() == .minimum)
        #expect(try SCPIParameter("DEF").numeric() == .default)
        #expect(try SCPIParameter("-3").numeric() == .value(-3))
        #expect(throws: SCPICommandError.self) { try SCPIParameter("MAXI").numeric() }
    }

    @Test func booleansFollowIEEE488() throws {
        #expect(try SCPIParameter("ON").boolean())
        #expect(try !SCPIParameter("off").boolean())
        #expect(try SCPIParameter("1").boolean())
        #expect(try !SCPIParameter("0.4").boolean())
        #expect(try SCPIParameter("0.5").boolean())
        #expect(throws: SCPICommandError.self) { try SCPIParameter("YES").boolean() }
    }

    @Test func keywordsMatchShortAndLongForms() {
        #expect(SCPIParameter("CONS").matches(keyword: "CONStant"))
        #expect(SCPIParameter("constant").matches(keyword: "CONStant"))
        #expect(!SCPIParameter("CONST").matches(keyword: "CONStant"))
        #expect(SCPIParameter("prbs").keyword == "PRBS")
    }

    @Test func quantitiesSplitTheUnit() throws {
        let wavelength = try SCPIParameter("1.55E-6m").quantity()
        #expect(wavelength.value == 1.55e-6 && wavelength.unit == "M")
        let nanometres = try SCPIParameter("1550 NM").quantity()
        #expect(nanometres.value == 1550 && nanometres.unit == "NM")
        #expect(try SCPIParameter("5").quantity().unit == "")
        #expect(throws: SCPICommandError.self) { try SCPIParameter("V5").quantity() }
        #expect(throws: SCPICommandError.self) { try SCPIParameter("5 m/s").quantity() }
    }

    @Test func channelLists() throws {
        #expect(try SCPIParameter("(@1,2)").channelList() == [1, 2])
        #expect(try SCPIParameter("(@1,4:6)").channelList() == [1, 4, 5, 6])
        #expect(try SCPIParameter("(@3:1)").channelList() == [3, 2, 1])
        for bad in ["(1,2)", "(@)", "(@1,,2)", "(@a)", "(@1:2:3)", "(@0:99999)", "@1"] {
            #expect(throws: SCPICommandError.self, "\(bad)") { try SCPIParameter(bad).channelList() }
        }
    }

    @Test func unitHelpersReportStandardErrorsWithTheCommand() throws {
        let volt = try unit("SOUR:VOLT abc")
        do {
            _ = try volt.double(at: 0)
            Issue.record("expected an error")
        } catch {
            #expect(error.error == .dataTypeError)
            #expect(error.command == "SOUR:VOLT abc")
            #expect(error.description == #"-104 Data type error in "SOUR:VOLT abc": expected a number, got "abc""#)
        }
        let bare = try unit("SOUR:VOLT")
        #expect(throws: SCPICommandError(.missingParameter, detail: "parameter 1 is missing", command: "SOUR:VOLT")) {
            try bare.double(at: 0)
        }
        let extra = try unit("OUTP 1,2")
        do {
            try extra.requireParameterCount(1...1)
            Issue.record("expected an error")
        } catch {
            #expect(error.error == .parameterNotAllowed)
        }
        #expect(throws: SCPICommandError.self) { try unit("X 'abc").string(at: 0) }
    }
}
