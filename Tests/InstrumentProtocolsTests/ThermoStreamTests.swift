import Testing

@testable import InstrumentProtocols

@Suite struct ThermoStreamTests {
    @Test func buildsCommands() throws {
        #expect(try ThermoStreamCommand.remote.text() == "%RM")
        #expect(try ThermoStreamCommand.airFlow(true).text() == "FLOW 1")
        #expect(try ThermoStreamCommand.head(down: true).text() == "HEAD 1")
        #expect(try ThermoStreamCommand.compressor(false).text() == "COOL 0")
        #expect(try ThermoStreamCommand.setPoint(25).text() == "SETP 25")
        #expect(try ThermoStreamCommand.setPoint(-40.25).text() == "SETP -40.3")
        #expect(try ThermoStreamCommand.window(1.5).text() == "WNDW 1.5")
        #expect(try ThermoStreamCommand.soakTime(seconds: 30).text() == "SOAK 30")
        #expect(try ThermoStreamCommand.rampRate(12.5).text() == "RAMP 12.5")
        #expect(try ThermoStreamCommand.rampRate(600).text() == "RAMP 600")
        #expect(try ThermoStreamCommand.upperLimit(225).text() == "ULIM 225")
        #expect(try ThermoStreamCommand.lowerLimit(-99).text() == "LLIM -99")
        #expect(try ThermoStreamCommand.dutSensor(.typeK).text() == "DSNS 2")
        #expect(try ThermoStreamCommand.readTemperatureCondition.text() == "TECR?")
        #expect(try ThermoStreamCommand.readErrors.line() == Array("EROR?\n".utf8))
        #expect(ThermoStreamCommand.readTemperature.isQuery)
        #expect(!ThermoStreamCommand.setPoint(1).isQuery)
    }

    @Test(arguments: [
        ThermoStreamCommand.setPoint(225.1), .setPoint(-150.1), .setPoint(.nan), .window(0), .window(10),
        .soakTime(seconds: 10_000), .soakTime(seconds: -1), .rampRate(-1), .rampRate(10_000), .upperLimit(24),
        .lowerLimit(26), .selectSetPoint(18),
    ])
    func refusesOutOfRangeValues(command: ThermoStreamCommand) {
        #expect(throws: ThermoStreamError.self) { try command.text() }
    }

    @Test func temperatureReadings() throws {
        #expect(try ThermoStream.parseTemperature("25.0\n") == 25.0)
        #expect(try ThermoStream.parseTemperature("-40.2", command: "TMPD?") == -40.2)
        do {
            _ = try ThermoStream.parseTemperature("999.9\n", command: "TMPD?")
            Issue.record("expected invalid reading")
        } catch {
            #expect(error == .invalidReading(command: "TMPD?", reply: "999.9\n"))
            #expect(error.description.contains("above 400"))
        }
        #expect(throws: ThermoStreamError.self) { try ThermoStream.parseTemperature("abc") }
        #expect(ThermoStream.temperatureReply(25) == "25.0")
    }

    @Test func statusRegisters() throws {
        let status = try ThermoStream.parseTemperatureStatus("5\n")
        #expect(status.contains(.atTemperature))
        #expect(status.contains(.endOfTest))
        #expect(!status.contains(.notAtTemperature))
        #expect(try ThermoStream.parseTemperatureStatus("2") == .notAtTemperature)
        #expect(try ThermoStream.parseTemperatureStatus("32") == .cyclingStopped)
        #expect(try ThermoStream.parseTemperatureStatus("24") == [.endOfOneCycle, .endOfAllCycles])
        let faults = try ThermoStream.parseFaults("57")
        #expect(faults == [.overheat, .lowFlow, .lowAirPressure, .airSensorOpen])
        #expect(try ThermoStream.parseFaults("0").isEmpty)
        #expect(try ThermoStream.parseScreen("5") == .manual)
        #expect(try ThermoStream.parseScreen("6.0") == .program)
        #expect(try ThermoStream.parseScreen("1") == .other(1))
        for bad in ["", "-1", "65536", "1.5", "x"] {
            #expect(throws: ThermoStreamError.self, "\(bad)") { try ThermoStream.parseFaults(bad) }
        }
    }

    @Test func serverParsesReceivedLines() throws {
        #expect(try ThermoStreamCommand.parse("%RM\n") == .remote)
        #expect(try ThermoStreamCommand.parse("setp 25.5") == .setPoint(25.5))
        #expect(try ThermoStreamCommand.parse("FLOW 1\r\n") == .airFlow(true))
        #expect(try ThermoStreamCommand.parse("HEAD 0") == .head(down: false))
        #expect(try ThermoStreamCommand.parse("DSNS 1") == .dutSensor(.typeT))
        #expect(try ThermoStreamCommand.parse("TEMP?") == .readTemperature)
        for bad in ["", "SETP", "SETP 300", "SETP abc", "FLOW 2", "TEMP? 1", "SETP 1 2", "XYZ 1", "DSNS 3", "SOAK 1.5"]
        {
            do {
                _ = try ThermoStreamCommand.parse(bad)
                Issue.record("expected an error for \(bad)")
            } catch {
                guard case .unrecognizedCommand(let line, _) = error else { Issue.record("\(error)"); continue }
                #expect(line == bad)
            }
        }
    }

    @Test func everyCommandRoundTripsThroughTheServerParser() throws {
        let commands: [ThermoStreamCommand] = [
            .remote, .local, .lockout, .airFlow(false), .head(down: true), .selectSetPoint(17), .setPoint(-99.9),
            .window(0.1), .soakTime(seconds: 9999), .rampRate(99.9), .rampRate(100), .upperLimit(25),
            .lowerLimit(-40.5),
            .dutMode(true), .dutSensor(.none), .resetOperator, .compressor(true), .readTemperature, .readAirTemperature,
            .readDUTTemperature, .readDynamicSetPoint, .readSetPoint, .readTemperatureCondition, .readTemperatureEvent,
            .readErrors, .readScreen,
        ]
        for command in commands {
            #expect(try ThermoStreamCommand.parse(command.text()) == command)
        }
    }
}
