import Testing

@testable import InstrumentProtocols

/// Seeded fuzzing: every parser sees thousands of mutated valid inputs and random bytes. Each input must
/// either parse or throw the module's typed error with a readable description; whatever parses must
/// survive a round trip through the matching encoder.
@Suite struct FuzzTests {
    static let count = 3000

    @Test func identityReplies() throws {
        let seeds = [
            "MultiLANE,ML4039,SN1234,0.0", "Thorlabs,PM100D,P0001234,1.7.0\r\n", "Keysight Technologies,E36312A,,",
        ]
        for input in Mutator.inputs(from: seeds, count: Self.count, seed: 1) {
            do {
                let identity = try InstrumentIdentity(idnReply: text(input))
                #expect(try InstrumentIdentity(idnReply: identity.idnReply) == identity)
            } catch {
                #expect(error.command == "*IDN?")
                #expect(!error.description.isEmpty)
            }
        }
    }

    @Test func errorQueueReplies() throws {
        let seeds = [#"-113,"Undefined header""#, #"0,"No error""#, #"-222,"Data out of range;SOUR:VOLT ""9"" V""#]
        for input in Mutator.inputs(from: seeds, count: Self.count, seed: 2) {
            do {
                let entry = try SCPIErrorEntry(reply: text(input))
                #expect(try SCPIErrorEntry(reply: entry.reply) == entry)
            } catch {
                #expect(error.command == "SYST:ERR?")
            }
        }
    }

    @Test func binaryBlocks() throws {
        var rng = SplitMix64(seed: 3)
        var seeds: [[UInt8]] = []
        for _ in 0..<8 {
            let payload = Mutator.randomBytes(maximumCount: 120, using: &rng)
            seeds.append(SCPIBlock(payload: payload).encoded() + (Bool.random(using: &rng) ? [0x0A] : []))
        }
        for input in Mutator.frames(from: seeds, count: Self.count, seed: 3) {
            let needed: Int
            do {
                needed = try SCPIBlock.bytesStillNeeded(input)
            } catch {
                #expect(error.description.contains(hex(input.prefix(24))) || input.isEmpty)
                #expect(throws: SCPIBlockError.self) { try SCPIBlock.decodePrefix(input) }
                continue
            }
            do {
                let (block, used) = try SCPIBlock.decodePrefix(input)
                #expect(needed == 0)
                #expect(Array(input.prefix(used)) == block.encoded() || used > block.payload.count + 2)
                #expect(try SCPIBlock(decoding: block.encoded()) == block)
            } catch {
                #expect(needed > 0, "decodePrefix failed although no bytes were missing: \(error)")
                guard case .truncated = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
            }
            do {
                let values = try LittleEndianArray.decodeFloat32(input)
                #expect(LittleEndianArray.encodeFloat32(values) == input)
            } catch {
                #expect(input.count % 4 != 0)
            }
        }
    }

    @Test func scpiValues() throws {
        let seeds = [
            "1.25E-3", "9.9E37", "-9.91E37", "NAN", "+1", "ON", "0", "1,2,3", #""a,b",'c''d',3.5"#, "1.5E-12,NaN,0",
        ]
        for input in Mutator.inputs(from: seeds, count: Self.count, seed: 4) {
            let reply = text(input)
            func check(_ body: () throws(SCPIReplyError) -> Void) {
                do {
                    try body()
                } catch {
                    #expect(error.reply == reply)
                    #expect(error.description.contains("FUZZ?"))
                }
            }
            check { () throws(SCPIReplyError) in
                let number = try SCPIValue.number(reply, command: "FUZZ?")
                #expect(try SCPIValue.number(number.reply, command: "X?") == number)
            }
            check { () throws(SCPIReplyError) in _ = try SCPIValue.double(reply, command: "FUZZ?") }
            check { () throws(SCPIReplyError) in
                let value = try SCPIValue.integer(reply, command: "FUZZ?")
                #expect(try SCPIValue.integer(String(value), command: "X?") == value)
            }
            check { () throws(SCPIReplyError) in _ = try SCPIValue.boolean(reply, command: "FUZZ?") }
            check { () throws(SCPIReplyError) in _ = try SCPIValue.quotedString(reply, command: "FUZZ?") }
            check { () throws(SCPIReplyError) in _ = try SCPIValue.string(reply, command: "FUZZ?") }
            check { () throws(SCPIReplyError) in _ = try SCPIValue.numberList(reply, command: "FUZZ?") }
            check { () throws(SCPIReplyError) in _ = try SCPIValue.stringList(reply, command: "FUZZ?") }
            check { () throws(SCPIReplyError) in _ = try SCPIValue.integerList(reply, command: "FUZZ?") }
        }
    }

    @Test func commandParserCommonStateAndPatterns() throws {
        let seeds = [
            "*RST; *CLS; *ESE 32; *OPC?", "SOUR12:PATT:TYPE PRBS31;:OUTP1 ON", "MEAS:VOLT?;:MEAS:CURR? (@1,2:4)",
            #":DATA:SEQ:SET 'M2.DataOut',PRBS,'2^31-1'"#, "DATA #15a;b,c;*ESR?", "SOUR:VOLT 1;CURR 2\nVOLT? MAX",
            #"SYST:TEXT "a;b,""c""";*STB?"#, "sens1:pow:wav 1.55E-6m;*SRE 255;*IDN?",
        ]
        let patterns = try [
            "SOURce<n>:PATTern[:TYPE]", "[:SOURce]:VOLTage[:LEVel]", "MEASure:CURRent?", "*IDN?",
            "OUTPut<n>[:STATe]", "SENSe<n>:POWer:WAVelength<n>",
        ].map { try SCPIHeaderPattern($0) }
        var state = SCPICommonState(
            identity: InstrumentIdentity(manufacturer: "Q", model: "SIM", serialNumber: "1", firmware: "1"),
            errorQueueCapacity: 5)
        for input in Mutator.inputs(from: seeds, count: Self.count, seed: 5) {
            let parsed = SCPICommandParser.parse(bytes: input)
            if let error = parsed.error {
                #expect(!error.description.isEmpty)
                state.report(error)
            }
            for unit in parsed.units {
                #expect(!unit.nodes.isEmpty)
                for pattern in patterns {
                    if let match = pattern.match(unit) { #expect(match.suffixes.count == pattern.suffixCount) }
                }
                for parameter in unit.parameters {
                    _ = try? parameter.double()
                    _ = try? parameter.numeric()
                    _ = try? parameter.integer()
                    _ = try? parameter.boolean()
                    _ = try? parameter.string()
                    _ = try? parameter.quantity()
                    _ = try? parameter.channelList()
                    _ = try? parameter.block()
                }
                _ = state.execute(unit)
                #expect(state.errorQueue.count <= 5)
            }
            // Units parsed from valid UTF-8 render back to text that parses to the same units.
            if String(validating: input, as: UTF8.self) != nil {
                for unit in parsed.units {
                    let again = try SCPICommandParser.units(in: unit.description)
                    #expect(again.count == 1)
                    #expect(again.first?.header == unit.header)
                    #expect(again.first?.parameters == unit.parameters)
                }
            }
        }
    }

    @Test func headerPatterns() {
        let seeds = ["SOURce<n>:PATTern[:TYPE]", "[:SOURce]:VOLTage[:LEVel]?", "*IDN?", "TX#:POLY", "MEASure:POWer?"]
        let units = ["SOUR3:PATT", "source:pattern:type", "VOLT?", "*IDN?", "TX2:POLY", "MEAS:POW?"].compactMap {
            try? SCPICommandParser.units(in: $0).first
        }
        for input in Mutator.inputs(from: seeds, count: Self.count, seed: 6) {
            do {
                let pattern = try SCPIHeaderPattern(text(input))
                for unit in units { _ = pattern.match(unit) }
            } catch {
                #expect(error.pattern == text(input))
            }
        }
    }

    @Test func modbusRequestsOnTheServerSide() throws {
        let seeds = [
            try ModbusRequest.readHoldingRegisters(unit: 1, start: 100, count: 2).encode(),
            try ModbusRequest.writeSingleRegister(unit: 1, register: 300, value: 250).encode(),
            try ModbusRequest.writeMultipleRegisters(unit: 1, start: 1916, values: [12, 30, 0]).encode(),
        ]
        for frame in Mutator.frames(from: seeds, count: Self.count, seed: 7) {
            do {
                let request = try ModbusRequest.decode(frame)
                #expect(request.encode() == frame)
            } catch {
                expectShowsFrame(error, frame)
                if case .requestRejected(let unit, let function, let code, _, _) = error {
                    #expect(
                        ModbusCRC.isValid(ModbusResponse.exceptionFrame(unit: unit, function: function, code: code)))
                }
            }
        }
    }

    @Test func modbusResponsesOnTheClientSide() throws {
        let read = try ModbusRequest.readHoldingRegisters(unit: 1, start: 100, count: 2)
        let write = try ModbusRequest.writeSingleRegister(unit: 1, register: 300, value: 250)
        let multiple = try ModbusRequest.writeMultipleRegisters(unit: 1, start: 1916, values: [12, 30, 0])
        let seeds = [
            try ModbusResponse.readHoldingRegisters(unit: 1, values: [250, 0xFF9C]).encode(),
            try #require(ModbusResponse.acknowledging(write)).encode(),
            try #require(ModbusResponse.acknowledging(multiple)).encode(),
            ModbusResponse.exceptionFrame(unit: 1, function: 3, code: .serverDeviceBusy),
        ]
        for frame in Mutator.frames(from: seeds, count: Self.count, seed: 8) {
            for request in [read, write, multiple] {
                do {
                    let response = try ModbusResponse.decode(frame, for: request)
                    #expect(try response.encode() == frame)
                    #expect(request.responseBytesStillNeeded(frame) == 0)
                } catch {
                    expectShowsFrame(error, frame)
                }
            }
        }
    }

    @Test func crcDetectsEverySingleBitError() {
        var rng = SplitMix64(seed: 9)
        for _ in 0..<300 {
            let body = [UInt8.random(in: 0...255, using: &rng)] + Mutator.randomBytes(maximumCount: 30, using: &rng)
            var frame = ModbusCRC.appendingCRC(to: body)
            #expect(ModbusCRC.isValid(frame))
            let index = Int.random(in: 0..<frame.count, using: &rng)
            frame[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            #expect(!ModbusCRC.isValid(frame))
        }
    }

    @Test func espec() throws {
        let seeds = [
            "TEMP?", "1,TEMP, S25.0 H100.0 L-40.0", "MODE,CONSTANT", "MODE,RUN3", "POWER,ON", "MON?", "TEMP,S-5",
        ]
        for input in Mutator.inputs(from: seeds, count: Self.count, seed: 10) {
            do {
                let (address, command) = try EspecP300Command.parse(text(input))
                let once = try command.text(address: address)
                let (againAddress, againCommand) = try EspecP300Command.parse(once)
                #expect(againAddress == address)
                #expect(try againCommand.text(address: againAddress) == once)
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
        let replies = [
            "23.5,25.0,100.0,-40.0", "23.5,,STANDBY,0", "85.0,85.2,RUN PAUSE,2", "OK: TEMP, S25.0", "NA:CMD ERR",
        ]
        for input in Mutator.inputs(from: replies, count: Self.count, seed: 11) {
            let reply = text(input)
            do {
                let status = try EspecP300.parseTemperature(reply)
                #expect(try EspecP300.parseTemperature(status.reply).reply == status.reply)
            } catch {
                #expect(error.description.contains("TEMP?"))
            }
            do {
                let monitor = try EspecP300.parseMonitor(reply)
                #expect(try EspecP300.parseMonitor(monitor.reply).reply == monitor.reply)
            } catch {
                #expect(error.description.contains("MON?"))
            }
            _ = try? EspecP300.parseMode(reply)
            _ = try? EspecP300.checkAccepted(reply, command: "X")
        }
    }

    @Test func thermoStream() throws {
        let seeds = ["SETP 25", "FLOW 1", "%RM", "TEMP?", "RAMP 600", "DSNS 2", "SOAK 30", "WNDW 1.5"]
        for input in Mutator.inputs(from: seeds, count: Self.count, seed: 12) {
            do {
                let command = try ThermoStreamCommand.parse(text(input))
                let once = try command.text()
                #expect(try ThermoStreamCommand.parse(once).text() == once)
            } catch {
                guard case .unrecognizedCommand = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
            }
        }
        for input in Mutator.inputs(from: ["25.0", "999.9", "5", "57", "-40.2"], count: Self.count, seed: 13) {
            let reply = text(input)
            _ = try? ThermoStream.parseTemperature(reply)
            if let status = try? ThermoStream.parseTemperatureStatus(reply) {
                #expect(try ThermoStream.parseTemperatureStatus(String(status.rawValue)) == status)
            }
            _ = try? ThermoStream.parseFaults(reply)
            _ = try? ThermoStream.parseScreen(reply)
        }
    }

    @Test func lineFramerLosesNoBytes() throws {
        var rng = SplitMix64(seed: 14)
        for _ in 0..<500 {
            let stream = Mutator.randomBytes(maximumCount: 200, using: &rng)
            var framer = LineFramer(delimiter: .lineFeed)
            var rebuilt: [UInt8] = []
            var position = 0
            while position < stream.count {
                let chunk = Int.random(in: 1...16, using: &rng)
                let end = min(stream.count, position + chunk)
                framer.append(stream[position..<end])
                position = end
                while let line = try framer.nextLineBytes() { rebuilt += line + [0x0A] }
            }
            let withoutCR = stream.enumerated().filter { index, byte in
                !(byte == 0x0D && index + 1 < stream.count && stream[index + 1] == 0x0A)
            }.map(\.element)
            #expect(rebuilt + framer.buffered == withoutCR)
            if framer.hasPartialLine {
                #expect(throws: LineFramingError.self) { try framer.finish() }
            }
        }
    }

    private func expectShowsFrame(
        _ error: ModbusError, _ frame: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        switch error {
        case .exception, .invalidArgument:
            #expect(!error.description.isEmpty, sourceLocation: sourceLocation)
        default:
            let shown = frame.isEmpty ? "(no bytes)" : hex(frame.prefix(64))
            #expect(error.description.contains(shown), "\(error)", sourceLocation: sourceLocation)
        }
    }
}
