import Testing

@testable import InstrumentProtocols

@Suite struct SCPIValueTests {
    @Test(arguments: [
        ("1.25E-3", 1.25e-3), ("+1.000000E+00\n", 1.0), ("-40", -40.0), (".5", 0.5), ("5.", 5.0), (" 7e2 \r\n", 700.0),
    ])
    func readsDecimalNumbers(reply: String, value: Double) throws {
        #expect(try SCPIValue.double(reply, command: "MEAS:POW?") == value)
    }

    @Test func overflowIsDistinct() throws {
        #expect(try SCPIValue.number("9.9E37", command: "MEAS:POW?") == .overflow(negative: false))
        #expect(try SCPIValue.number("-9.90000E+37", command: "MEAS:POW?") == .overflow(negative: true))
        #expect(try SCPIValue.number("INF", command: "X?") == .overflow(negative: false))
        do {
            _ = try SCPIValue.double("9.9E37\n", command: "MEAS:POW?")
            Issue.record("expected overflow")
        } catch {
            #expect(error.problem == .overflow)
            #expect(error.description.contains("overflow"))
            #expect(error.description.contains("MEAS:POW?"))
        }
    }

    @Test func notANumberIsAValue() throws {
        #expect(try SCPIValue.number("NAN", command: "BER?") == .notANumber)
        #expect(try SCPIValue.number("9.91E37", command: "BER?") == .notANumber)
        #expect(try SCPIValue.double("NaN", command: "BER?").isNaN)
    }

    @Test func multiLaneBERListKeepsNaN() throws {
        let values = try SCPIValue.doubleList("1.5E-12,NaN,0,nan\n", command: "BER?")
        #expect(values.count == 4)
        #expect(values[0] == 1.5e-12)
        #expect(values[1].isNaN && values[3].isNaN)
        #expect(values[2] == 0)
    }

    @Test(arguments: ["abc", "nan2", "0x1p3", "1,2", "", "1e", "--1", "1.2.3", "infinity!"])
    func rejectsNonNumbersNamingCommandAndReply(reply: String) {
        do {
            _ = try SCPIValue.double(reply, command: "MEAS:POW?")
            Issue.record("expected an error for \(reply)")
        } catch {
            #expect(error.problem == .malformed)
            #expect(error.reply == reply)
            #expect(error.description.contains(#""MEAS:POW?""#))
            #expect(error.description.contains("NR1/NR2/NR3"))
        }
    }

    @Test func replyWithControlBytesIsShownInHex() {
        do {
            _ = try SCPIValue.double("1\u{01}2", command: "READ?")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("31 01 32"))
            #expect(error.description.contains(#"1\x012"#))
        }
    }

    @Test func integers() throws {
        #expect(try SCPIValue.integer("+42\n", command: "SENS:AVER:COUN?") == 42)
        #expect(try SCPIValue.integer("1.0E+01", command: "X?") == 10)
        #expect(throws: SCPIReplyError.self) { try SCPIValue.integer("1.5", command: "X?") }
        do {
            _ = try SCPIValue.integer("99999999999999999999", command: "X?")
            Issue.record("expected out of range")
        } catch {
            #expect(error.problem == .outOfRange)
        }
    }

    @Test func booleans() throws {
        #expect(try SCPIValue.boolean("1\n", command: "OUTP?"))
        #expect(try SCPIValue.boolean("ON", command: "OUTP?"))
        #expect(try !SCPIValue.boolean("off", command: "OUTP?"))
        #expect(try !SCPIValue.boolean("0", command: "OUTP?"))
        #expect(throws: SCPIReplyError.self) { try SCPIValue.boolean("2", command: "OUTP?") }
    }

    @Test func listsRespectQuotes() throws {
        #expect(try SCPIValue.list(#"W, "a,b" ,DBM"#, command: "X?") == ["W", #""a,b""#, "DBM"])
        #expect(try SCPIValue.stringList(#""W","a""b",DBM"#, command: "X?") == ["W", #"a"b"#, "DBM"])
        #expect(try SCPIValue.list("", command: "X?").isEmpty)
        #expect(try SCPIValue.list("Keysight's meter,2", command: "X?") == ["Keysight's meter", "2"])
        #expect(throws: SCPIReplyError.self) { try SCPIValue.stringList(#""a"",b"#, command: "X?") }
        #expect(try SCPIValue.stringList(#""a"",b",c"#, command: "X?") == [#"a",b"#, "c"])
        #expect(try SCPIValue.integerList("1,2,3", command: "X?") == [1, 2, 3])
        #expect(throws: SCPIReplyError.self) { try SCPIValue.list(#""open,1"#, command: "X?") }
        #expect(throws: SCPIReplyError.self) { try SCPIValue.doubleList("1,,2", command: "X?") }
    }

    @Test func quotedStrings() throws {
        #expect(try SCPIValue.quotedString(#""CURR:DC""#, command: "SENS:FUNC?") == "CURR:DC")
        #expect(try SCPIValue.quotedString("'it''s'", command: "X?") == "it's")
        #expect(try SCPIValue.string("no sensor\n", command: "SYST:SENS:IDN?") == "no sensor")
        #expect(throws: SCPIReplyError.self) { try SCPIValue.quotedString("CURR", command: "X?") }
        #expect(throws: SCPIReplyError.self) { try SCPIValue.quotedString(#""a" b"#, command: "X?") }
    }

    @Test func numberRepliesRoundTrip() throws {
        for number in [SCPINumber.value(1.25e-3), .value(-40), .value(0), .overflow(negative: true), .notANumber] {
            #expect(try SCPIValue.number(number.reply, command: "X?") == number)
        }
        #expect(SCPINumber(.infinity) == .overflow(negative: false))
        #expect(SCPINumber(.nan) == .notANumber)
        #expect(SCPINumber(.infinity).doubleValue == .infinity)
    }
}
