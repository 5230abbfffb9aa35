import Testing

@testable import InstrumentProtocols

@Suite struct EspecP300Tests {
    @Test func buildsTheReferenceCommands() throws {
        #expect(try EspecP300Command.readTemperature.text() == "TEMP?")
        #expect(try EspecP300Command.setTemperature(setPoint: 25).text() == "TEMP, S25.0")
        #expect(
            try EspecP300Command.setTemperature(setPoint: 25, high: 100, low: -40).text() == "TEMP, S25.0 H100.0 L-40.0"
        )
        #expect(try EspecP300Command.setTemperature(setPoint: nil, low: -40).text() == "TEMP, L-40.0")
        #expect(try EspecP300Command.setMode(.constant).text() == "MODE,CONSTANT")
        #expect(try EspecP300Command.setMode(.standby).text() == "MODE,STANDBY")
        #expect(try EspecP300Command.setMode(.off).text() == "MODE,OFF")
        #expect(try EspecP300Command.setMode(.run(program: 3)).text() == "MODE,RUN3")
        #expect(try EspecP300Command.readMode.text() == "MODE?")
        #expect(try EspecP300Command.readMonitor.text() == "MON?")
        #expect(try EspecP300Command.power(on: true).text() == "POWER,ON")
    }

    @Test func rs485AddressPrefixAndTerminator() throws {
        #expect(try EspecP300Command.readTemperature.text(address: 1) == "1,TEMP?")
        #expect(try EspecP300Command.setMode(.constant).line(address: 12) == Array("12,MODE,CONSTANT\r\n".utf8))
        #expect(throws: EspecError.self) { try EspecP300Command.readTemperature.text(address: 0) }
    }

    @Test func refusesValuesThatCannotBeSent() {
        #expect(throws: EspecError.self) { try EspecP300Command.setTemperature(setPoint: .nan).text() }
        #expect(throws: EspecError.self) { try EspecP300Command.setTemperature(setPoint: nil).text() }
        #expect(throws: EspecError.self) { try EspecP300Command.setMode(.run(program: 0)).text() }
    }

    @Test func successAndRefusal() throws {
        #expect(try EspecP300.checkAccepted("OK: TEMP, S25.0\r\n", command: "TEMP, S25.0") == "TEMP, S25.0")
        #expect(try EspecP300.checkAccepted("OK", command: "POWER,ON") == "")
        do {
            _ = try EspecP300.checkAccepted("NA:DATA OUT OF RANGE\r\n", command: "TEMP, S999.0")
            Issue.record("expected refusal")
        } catch {
            #expect(error == .notAccepted(command: "TEMP, S999.0", message: "DATA OUT OF RANGE"))
            let expected = #"Espec controller refused "TEMP, S999.0": NA:DATA OUT OF RANGE"#
            #expect(error.description == expected + " (data not within the valid range)")
        }
        #expect(throws: EspecError.notAccepted(command: "X", message: "CMD ERR")) {
            try EspecP300.checkAccepted("NA:CMD ERR", command: "X")
        }
        #expect(throws: EspecError.self) { try EspecP300.checkAccepted("HELLO", command: "X") }
    }

    @Test func temperatureReply() throws {
        let status = try EspecP300.parseTemperature("23.5,25.0,100.0,-40.0\r\n")
        #expect(status == EspecTemperatureStatus(processValue: 23.5, setPoint: 25, highLimit: 100, lowLimit: -40))
        #expect(status.reply == "23.5,25.0,100.0,-40.0")
        for bad in ["23.5,25.0,100.0", "23.5,25.0,100.0,-40.0,1", "a,b,c,d", "", "23.5,,100.0,-40.0"] {
            do {
                _ = try EspecP300.parseTemperature(bad)
                Issue.record("expected an error for \(bad)")
            } catch {
                #expect(error.description.contains("TEMP?"))
                #expect(error.description.contains("PV,SP,high,low"))
            }
        }
        #expect(throws: EspecError.notAccepted(command: "TEMP?", message: "CONT NOT READY-3")) {
            try EspecP300.parseTemperature("NA:CONT NOT READY-3")
        }
    }

    @Test func monitorReplyWithAndWithoutHumidity() throws {
        let dry = try EspecP300.parseMonitor("23.5,,STANDBY,0\r\n")
        #expect(dry == EspecMonitor(temperature: 23.5, humidity: nil, mode: .standby, alarmCount: 0))
        #expect(dry.reply == "23.5,,STANDBY,0")
        let humid = try EspecP300.parseMonitor("85.0,85.2,RUN PAUSE,2")
        #expect(humid.humidity == 85.2)
        #expect(humid.mode == .run(detail: "RUN PAUSE"))
        #expect(humid.alarmCount == 2)
        for bad in ["23.5,,STANDBY", "x,,STANDBY,0", "23.5,,,0", "23.5,,STANDBY,-1", "23.5,h,STANDBY,0"] {
            #expect(throws: EspecError.self, "\(bad)") { try EspecP300.parseMonitor(bad) }
        }
    }

    @Test func modeReply() throws {
        #expect(try EspecP300.parseMode("CONSTANT\r\n") == .constant)
        #expect(try EspecP300.parseMode("OFF") == .off)
        #expect(try EspecP300.parseMode("RMT RUN END HOLD") == .run(detail: "RMT RUN END HOLD"))
        #expect(try EspecP300.parseMode("SLEEP") == .other("SLEEP"))
        #expect(throws: EspecError.self) { try EspecP300.parseMode("") }
    }

    @Test func serverParsesReceivedLines() throws {
        #expect(try EspecP300Command.parse("TEMP?\r\n") == (nil, .readTemperature))
        #expect(
            try EspecP300Command.parse("1,TEMP, S25.0 H100.0 L-40.0\r\n")
                == (1, .setTemperature(setPoint: 25, high: 100, low: -40)))
        #expect(
            try EspecP300Command.parse("TEMP,S-10.5") == (nil, .setTemperature(setPoint: -10.5, high: nil, low: nil)))
        #expect(try EspecP300Command.parse("mode,constant") == (nil, .setMode(.constant)))
        #expect(try EspecP300Command.parse("2,MODE,RUN12") == (2, .setMode(.run(program: 12))))
        #expect(try EspecP300Command.parse("POWER,off") == (nil, .power(on: false)))
        #expect(try EspecP300Command.parse("MON?") == (nil, .readMonitor))
        for bad in ["", "TEMP", "TEMP,", "TEMP, S", "TEMP, X25", "TEMP, S1 S2", "MODE,RUN", "0,TEMP?", "HUMI?", "1,"] {
            do {
                _ = try EspecP300Command.parse(bad)
                Issue.record("expected an error for \(bad)")
            } catch {
                guard case .unrecognizedCommand(let line, _) = error else { Issue.record("\(error)"); continue }
                #expect(line == bad)
            }
        }
        #expect(EspecP300.acceptedReply(for: "MODE,CONSTANT") == "OK: MODE,CONSTANT")
        #expect(EspecP300.notAcceptedReply("CMD ERR") == "NA:CMD ERR")
    }

    @Test func everyCommandRoundTripsThroughTheServerParser() throws {
        let commands: [EspecP300Command] = [
            .readTemperature, .readMode, .readMonitor, .power(on: true), .power(on: false), .setMode(.off),
            .setMode(.standby), .setMode(.constant), .setMode(.run(program: 40)),
            .setTemperature(setPoint: 25, high: 100, low: -40), .setTemperature(setPoint: nil, high: 85.5, low: nil),
        ]
        for command in commands {
            for address in [nil, 1, 16] as [Int?] {
                let parsed = try EspecP300Command.parse(command.text(address: address))
                #expect(parsed.address == address)
                #expect(parsed.command == command)
            }
        }
    }
}
