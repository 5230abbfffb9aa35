import Testing

@testable import InstrumentProtocols

@Suite struct SCPIHeaderPatternTests {
    private func unit(_ text: String) throws -> SCPIProgramUnit {
        try #require(try SCPICommandParser.units(in: text).first)
    }

    @Test func matchesLongAndShortFormsWithSuffixAndOptionalNode() throws {
        let pattern = try SCPIHeaderPattern("SOURce<n>:PATTern[:TYPE]")
        #expect(pattern.match(try unit("SOUR3:PATT PRBS7"))?.suffix == 3)
        #expect(pattern.match(try unit("source3:pattern:type PRBS7"))?.suffixes == [3])
        #expect(pattern.match(try unit("SOUR:PATT PRBS7"))?.suffix == 1)
        #expect(pattern.match(try unit("SOURCE12:PATTERN:TYPE X"))?.suffix == 12)
    }

    @Test func rejectsOtherAbbreviationsAndExtraNodes() throws {
        let pattern = try SCPIHeaderPattern("SOURce<n>:PATTern[:TYPE]")
        #expect(!pattern.matches(try unit("SOURC3:PATT")))
        #expect(!pattern.matches(try unit("SOUR3:PAT")))
        #expect(!pattern.matches(try unit("SOUR3:PATT:TYPE:EXTRA")))
        #expect(!pattern.matches(try unit("SOUR3:PATT?")))
    }

    @Test func suffixNeedsAMarker() throws {
        let pattern = try SCPIHeaderPattern("MEASure:VOLTage?")
        #expect(pattern.matches(try unit("meas:volt?")))
        #expect(!pattern.matches(try unit("MEAS2:VOLT?")))
    }

    @Test func leadingOptionalNodesAndHashMarker() throws {
        let pattern = try SCPIHeaderPattern("[:SOURce]:VOLTage[:LEVel][:IMMediate][:AMPLitude]")
        for header in ["VOLT 1", "SOUR:VOLT 1", ":SOUR:VOLT:LEV:IMM:AMPL 1", "VOLT:AMPL 1", "volt:lev 1"] {
            #expect(pattern.matches(try unit(header)), "\(header)")
        }
        #expect(!pattern.matches(try unit("VOLT:AMPL:LEV 1")))
        let hash = try SCPIHeaderPattern("TX#:POLY")
        #expect(hash.match(try unit("TX4:POLY PRBS31"))?.suffix == 4)
        let two = try SCPIHeaderPattern("SENSe<n>:POWer:WAVelength<n>?")
        #expect(two.match(header: "sens2:pow:wav3?")?.suffixes == [2, 3])
        #expect(two.match(header: "sens2:pow:wav?")?.suffixes == [2, 1])
    }

    @Test func queryOnlyAndCommonPatterns() throws {
        let query = try SCPIHeaderPattern("MEASure:POWer?")
        #expect(query.isQuery)
        #expect(query.matches(try unit("MEAS:POW?")))
        #expect(!query.matches(try unit("MEAS:POW")))
        let idn = try SCPIHeaderPattern("*IDN?")
        #expect(idn.matches(try unit("*idn?")))
        #expect(!idn.matches(try unit("*IDN")))
        #expect(!idn.matches(try unit("IDN?")))
    }

    @Test(arguments: [
        "", "?", "sour:volt", "SOURce:", "[SOURce", "SOURce]", "[[A]]", "SOU1", "SOURce VOLT",
        "[:A][:B]", "SOURceX", "*", "*1", "SOURce<m>", "ABCDEFGHIJKLMNOPQ",
    ])
    func invalidPatternsAreRejected(pattern: String) {
        #expect(throws: SCPIHeaderPatternError.self) { try SCPIHeaderPattern(pattern) }
    }

    @Test func handBuiltUnitsMatchLikeParsedOnes() throws {
        let nodes = try [#require(SCPIHeaderNode(mnemonic: "sour", suffix: 2)), #require(SCPIHeaderNode(mnemonic: "PATT"))]
        let unit = SCPIProgramUnit(nodes: nodes, isQuery: true)
        #expect(unit.header == "SOUR2:PATT?")
        #expect(try SCPIHeaderPattern("SOURce<n>:PATTern?").match(unit)?.suffix == 2)
        #expect(SCPIHeaderNode(mnemonic: "") == nil)
        #expect(SCPIHeaderNode(mnemonic: "1A") == nil)
        #expect(SCPIHeaderNode(mnemonic: "A-B") == nil)
        #expect(SCPIHeaderNode(mnemonic: String(repeating: "A", count: 17)) == nil)
    }

    @Test func patternErrorNamesThePattern() {
        do {
            _ = try SCPIHeaderPattern("sour:volt")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains(#""sour:volt""#))
            #expect(error.description.contains("upper-case"))
        }
    }
}
