import BenchSimulator
import Foundation
import StationConfiguration
import StationLinks
import Testing

@Suite("SCPI behaviour on the wire")
struct SCPIProtocolTests {
    /// A raw line conversation with one simulated instrument.
    struct Conversation {
        let link: TCPLink

        init(_ bench: TestBench, _ role: InstrumentRole) async throws {
            guard case .tcpSocket(_, let host, let port) = try #require(bench.station.resources[role]) else {
                throw LinkError(.cannotOpen(errno: 0), resource: "\(role)", operation: "look up")
            }
            link = try await TCPLink.connect(host: host, port: port, timeout: .seconds(2))
        }

        func send(_ line: String) async throws {
            try await link.write(Array((line + "\n").utf8), timeout: .seconds(1))
        }

        func ask(_ line: String) async throws -> String {
            try await send(line)
            let reply = try await link.read(until: 0x0A, maxCount: 1 << 16, timeout: .seconds(2))
            return String(decoding: reply, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test("unknown headers, bad values and bad channels queue -113, -224, -222 and -114; the queue drains to 0")
    func errorQueue() async throws {
        let bench = try TestBench(try TestBench.stationFile())
        let bert = try await Conversation(bench, .bert)
        #expect(try await bert.ask("*ESR?") == "128", "power-on bit")
        try await bert.send("BOGUS:THING 1")
        #expect(try await bert.ask("SYST:ERR?").hasPrefix("-113,\"Undefined header"))
        #expect(try await bert.ask("SYST:ERR?") == "0,\"No error\"")

        try await bert.send("SOUR:PATT:ALL PRBS99")
        try await bert.send("SOUR:RATE 1e15")
        try await bert.send("SENS99:SYNC")
        try await bert.send("OUTP:ALL maybe")
        #expect(try await bert.ask("SYST:ERR:COUN?") == "4")
        #expect(try await bert.ask("SYST:ERR?").hasPrefix("-224,"))
        #expect(try await bert.ask("SYST:ERR?").hasPrefix("-222,"))
        #expect(try await bert.ask("SYST:ERR?").hasPrefix("-114,"))
        #expect(try await bert.ask("SYST:ERR?").hasPrefix("-104,"))
        #expect(try await bert.ask("SYST:ERR?") == "0,\"No error\"")
        let esr = try #require(Int(try await bert.ask("*ESR?")))
        #expect(esr & 0x30 == 0x30, "command and execution error bits")
        #expect(try await bert.ask("*ESR?") == "0")

        // Several queries in one message answer in one line; the path carries over after ';'.
        let joined = try await bert.ask("*IDN?;*OPC?;SYST:CHAN?")
        #expect(joined.hasPrefix("QualStation,SIM-BERT16,"))
        #expect(joined.hasSuffix(";1;16"))
        #expect(try await bert.ask("SOUR:RATE 2e9;RATE?") == "2.000000000E+09")
        #expect(try await bert.ask("GATE:STAT?") == "0")

        let meter = try await Conversation(bench, .meter)
        try await meter.send("SENS1:POW:WAV 5NM")
        #expect(try await meter.ask("SYST:ERR?").hasPrefix("-222,"))
        try await meter.send("SENS2:POW:WAV 1310NM")
        #expect(try await meter.ask("SENS2:POW:WAV?") == "1.310000E-06")
        #expect(try await meter.ask("SENS:POW:UNIT:ALL:CSV?") == "0,0,0,0,\u{0}")

        let supply = try await Conversation(bench, .supply)
        try await supply.send(":SOUR:VOLT:LEV 500")
        #expect(try await supply.ask("SYST:ERR?").hasPrefix("-222,"))
        #expect(try await supply.ask(":OUTP?") == "0")
        try await supply.send("*RST")
        #expect(try await supply.ask(":SOUR:VOLT:ILIM?") == "1.050000E-04")

        let optical = try await Conversation(bench, .switch)
        try await optical.send("ROUT:CLOS (@3,4)")
        #expect(try await optical.ask("SYST:ERR?").hasPrefix("-221,"))
        try await optical.send("ROUT:CLOS (@7)")
        #expect(try await optical.ask("ROUT:CLOS?") == "(@7)")
        #expect(try await optical.ask("ROUT:CLOS? (@6:8)") == "0,1,0")
        await bert.link.close()
        await meter.link.close()
        await supply.link.close()
        await optical.link.close()
        await bench.shutDown()
    }

    @Test("the BERT's counter block has one 17-byte record per channel")
    func counterBlock() async throws {
        let bench = try TestBench(try TestBench.stationFile())
        let bert = try await Conversation(bench, .bert)
        try await bert.send("FETC:COUN:ALL?")
        let head = try await bert.link.read(exactly: 2, timeout: .seconds(2))
        #expect(head == Array("#3".utf8))
        let length = try await bert.link.read(exactly: 3, timeout: .seconds(2))
        #expect(String(decoding: length, as: UTF8.self) == "272")
        let payload = try await bert.link.read(exactly: 272 + 1, timeout: .seconds(2))
        #expect(payload.last == 0x0A)
        await bert.link.close()
        await bench.shutDown()
    }
}
