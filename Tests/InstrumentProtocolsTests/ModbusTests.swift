import Testing

@testable import InstrumentProtocols

@Suite struct ModbusCRCTests {
    @Test func referenceVectors() {
        #expect(ModbusCRC.crcBytes([0x01, 0x03, 0x00, 0x00, 0x00, 0x01]) == [0x84, 0x0A])
        #expect(ModbusCRC.crc16([0x01, 0x03, 0x00, 0x00, 0x00, 0x01]) == 0x0A84)
        // Modbus over serial line spec example: read 3 registers from 0x006B at unit 0x11, and its reply.
        #expect(ModbusCRC.crcBytes([0x11, 0x03, 0x00, 0x6B, 0x00, 0x03]) == [0x76, 0x87])
        #expect(ModbusCRC.crcBytes([0x11, 0x03, 0x06, 0xAE, 0x41, 0x56, 0x52, 0x43, 0x40]) == [0x49, 0xAD])
    }

    @Test func validityCheck() {
        let frame = ModbusCRC.appendingCRC(to: [0x01, 0x03, 0x00, 0x00, 0x00, 0x01])
        #expect(frame == [0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x84, 0x0A])
        #expect(ModbusCRC.isValid(frame))
        #expect(!ModbusCRC.isValid([0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x0A, 0x84]))
        #expect(!ModbusCRC.isValid([0x01, 0x03]))
    }
}

@Suite struct ModbusRequestTests {
    @Test func encodesReadHoldingRegisters() throws {
        let request = try ModbusRequest.readHoldingRegisters(unit: 1, start: 0, count: 1)
        #expect(request.encode() == [0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x84, 0x0A])
        #expect(request.expectedResponseLength == 7)
        #expect(request.description == "read 1 holding register from 0 at unit 1")
    }

    @Test func encodesWrites() throws {
        let single = try ModbusRequest.writeSingleRegister(unit: 1, register: 300, value: 250)
        #expect(single.encode() == [0x01, 0x06, 0x01, 0x2C, 0x00, 0xFA, 0xC9, 0xBC])
        #expect(single.expectedResponseLength == 8)
        let multiple = try ModbusRequest.writeMultipleRegisters(unit: 1, start: 300, values: [250])
        #expect(multiple.encode() == [0x01, 0x10, 0x01, 0x2C, 0x00, 0x01, 0x02, 0x00, 0xFA, 0x31, 0x7F])
        #expect(multiple.expectedResponseLength == 8)
    }

    @Test func validatesCountsUnitsAndSpan() {
        #expect(throws: ModbusError.self) { try ModbusRequest.readHoldingRegisters(unit: 1, start: 0, count: 0) }
        #expect(throws: ModbusError.self) { try ModbusRequest.readHoldingRegisters(unit: 1, start: 0, count: 126) }
        #expect(throws: ModbusError.self) { try ModbusRequest.readHoldingRegisters(unit: 0, start: 0, count: 1) }
        #expect(throws: ModbusError.self) { try ModbusRequest.readHoldingRegisters(unit: 248, start: 0, count: 1) }
        #expect(throws: ModbusError.self) { try ModbusRequest.readHoldingRegisters(unit: 1, start: 65535, count: 2) }
        #expect(throws: ModbusError.self) {
            try ModbusRequest.writeMultipleRegisters(unit: 1, start: 0, values: Array(repeating: 0, count: 124))
        }
        #expect(throws: ModbusError.self) { try ModbusRequest.writeMultipleRegisters(unit: 1, start: 0, values: []) }
        #expect((try? ModbusRequest.readHoldingRegisters(unit: 247, start: 65535, count: 1)) != nil)
    }

    @Test func serverDecodesWhatClientsEncode() throws {
        let requests = [
            try ModbusRequest.readHoldingRegisters(unit: 1, start: 100, count: 125),
            try ModbusRequest.writeSingleRegister(unit: 17, register: 2000, value: 1),
            try ModbusRequest.writeMultipleRegisters(unit: 247, start: 1916, values: [12, 30, 0, 6, 1, 2024]),
        ]
        for request in requests {
            #expect(try ModbusRequest.decode(request.encode()) == request)
        }
    }

    @Test func serverRejectsUnsupportedFunctionWithIllegalFunction() throws {
        let frame = ModbusCRC.appendingCRC(to: [0x01, 0x04, 0x00, 0x00, 0x00, 0x01])
        do {
            _ = try ModbusRequest.decode(frame)
            Issue.record("expected rejection")
        } catch {
            guard case .requestRejected(let unit, let function, let code, _, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(unit == 1 && function == 4 && code == .illegalFunction)
            #expect(
                ModbusResponse.exceptionFrame(unit: unit, function: function, code: code).prefix(3) == [1, 0x84, 1])
        }
    }

    @Test func serverRejectsBadQuantitiesWithIllegalDataValue() throws {
        let zero = ModbusCRC.appendingCRC(to: [0x01, 0x03, 0x00, 0x00, 0x00, 0x00])
        let badByteCount = ModbusCRC.appendingCRC(to: [0x01, 0x10, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x01])
        let pastEnd = ModbusCRC.appendingCRC(to: [0x01, 0x03, 0xFF, 0xFF, 0x00, 0x02])
        for (frame, code) in [
            (zero, ModbusExceptionCode.illegalDataValue), (badByteCount, .illegalDataValue),
            (pastEnd, .illegalDataAddress),
        ] {
            do {
                _ = try ModbusRequest.decode(frame)
                Issue.record("expected rejection of \(hex(frame))")
            } catch {
                guard case .requestRejected(_, _, let received, _, _) = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
                #expect(received == code)
                #expect(error.description.contains(hex(frame)))
            }
        }
    }

    @Test func serverErrorsForDamagedFrames() {
        let good: [UInt8] = [0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x84, 0x0A]
        #expect(throws: ModbusError.truncated(expectedLength: 8, frame: Array(good.prefix(6)))) {
            try ModbusRequest.decode(Array(good.prefix(6)))
        }
        #expect(
            throws: ModbusError.crcMismatch(
                expected: 0x0A84, received: 0x0B84, frame: Array(good.prefix(6)) + [0x84, 0x0B])
        ) {
            try ModbusRequest.decode(Array(good.prefix(6)) + [0x84, 0x0B])
        }
        #expect(throws: ModbusError.self) { try ModbusRequest.decode(good + [0x00]) }
        let broadcast = ModbusCRC.appendingCRC(to: [0x00, 0x06, 0x00, 0x00, 0x00, 0x01])
        #expect(throws: ModbusError.self) { try ModbusRequest.decode(broadcast) }
    }

    @Test func responseBytesStillNeededGuidesAStreamReader() throws {
        let read = try ModbusRequest.readHoldingRegisters(unit: 1, start: 100, count: 2)
        #expect(read.responseBytesStillNeeded([]) == 5)
        #expect(read.responseBytesStillNeeded([1, 3, 4, 0, 0]) == 4)
        #expect(read.responseBytesStillNeeded([1, 0x83, 2, 0xC0, 0xF1]) == 0)
        let write = try ModbusRequest.writeSingleRegister(unit: 1, register: 300, value: 250)
        #expect(write.responseBytesStillNeeded([1, 6, 1, 0x2C, 0]) == 3)
    }
}

@Suite struct ModbusResponseTests {
    private let readOne = try! ModbusRequest.readHoldingRegisters(unit: 1, start: 100, count: 1)

    @Test func decodesTheSpecificationExample() throws {
        let request = try ModbusRequest.readHoldingRegisters(unit: 0x11, start: 0x6B, count: 3)
        let frame: [UInt8] = [0x11, 0x03, 0x06, 0xAE, 0x41, 0x56, 0x52, 0x43, 0x40, 0x49, 0xAD]
        let response = try ModbusResponse.decode(frame, for: request)
        #expect(response.registers == [0xAE41, 0x5652, 0x4340])
        #expect(try response.encode() == frame)
    }

    @Test func decodesWriteEchoes() throws {
        let single = try ModbusRequest.writeSingleRegister(unit: 1, register: 300, value: 250)
        let echo = try #require(ModbusResponse.acknowledging(single))
        #expect(try echo.encode() == single.encode())
        #expect(try ModbusResponse.decode(echo.encode(), for: single) == echo)
        let multiple = try ModbusRequest.writeMultipleRegisters(unit: 1, start: 300, values: [250])
        let multipleEcho = try #require(ModbusResponse.acknowledging(multiple))
        #expect(try multipleEcho.encode() == [0x01, 0x10, 0x01, 0x2C, 0x00, 0x01, 0xC1, 0xFC])
        #expect(try ModbusResponse.decode(multipleEcho.encode(), for: multiple) == multipleEcho)
        #expect(ModbusResponse.acknowledging(readOne) == nil)
    }

    @Test func exceptionRepliesBecomeTypedErrors() {
        let frame = ModbusResponse.exceptionFrame(unit: 1, function: 3, code: .illegalDataAddress)
        #expect(frame == [0x01, 0x83, 0x02, 0xC0, 0xF1])
        #expect(throws: ModbusError.exception(function: 3, code: .illegalDataAddress)) {
            try ModbusResponse.decode(frame, for: readOne)
        }
        #expect(
            ModbusError.exception(function: 3, code: .serverDeviceBusy).description
                == "Modbus exception 6 (server device busy) in reply to function 3 (read holding registers)")
        #expect(ModbusExceptionCode.illegalFunction.name == "illegal function")
        #expect(ModbusExceptionCode.illegalDataValue.name == "illegal data value")
        #expect(ModbusExceptionCode.serverDeviceFailure.name == "server device failure")
    }

    @Test func wrongCRCShowsBothCRCsAndTheFrame() {
        let frame: [UInt8] = [0x01, 0x03, 0x02, 0x00, 0xFA, 0x38, 0x08]
        do {
            _ = try ModbusResponse.decode(frame, for: readOne)
            Issue.record("expected an error")
        } catch {
            #expect(error == .crcMismatch(expected: 0x0738, received: 0x0838, frame: frame))
            #expect(
                error.description
                    == "Modbus CRC mismatch: frame ends in 38 08, its contents give 38 07; frame 01 03 02 00 FA 38 08")
        }
    }

    @Test func truncatedReplies() {
        let good: [UInt8] = [0x01, 0x03, 0x02, 0x00, 0xFA, 0x38, 0x07]
        #expect(throws: ModbusError.truncated(expectedLength: 7, frame: [0x01, 0x03, 0x02])) {
            try ModbusResponse.decode([0x01, 0x03, 0x02], for: readOne)
        }
        #expect(throws: ModbusError.truncated(expectedLength: 7, frame: Array(good.prefix(6)))) {
            try ModbusResponse.decode(Array(good.prefix(6)), for: readOne)
        }
        #expect(throws: ModbusError.truncated(expectedLength: 5, frame: [0x01, 0x83, 0x02])) {
            try ModbusResponse.decode([0x01, 0x83, 0x02], for: readOne)
        }
        do {
            _ = try ModbusResponse.decode([], for: readOne)
        } catch {
            #expect(error.description.contains("(no bytes)"))
        }
    }

    @Test func wrongUnitFunctionAndByteCount() {
        let otherUnit = ModbusCRC.appendingCRC(to: [0x02, 0x03, 0x02, 0x00, 0xFA])
        #expect(throws: ModbusError.unexpectedUnit(expected: 1, received: 2, frame: otherUnit)) {
            try ModbusResponse.decode(otherUnit, for: readOne)
        }
        let otherFunction = ModbusCRC.appendingCRC(to: [0x01, 0x04, 0x02, 0x00, 0xFA])
        #expect(throws: ModbusError.unexpectedFunction(expected: 3, received: 4, frame: otherFunction)) {
            try ModbusResponse.decode(otherFunction, for: readOne)
        }
        let twoRegisters = ModbusCRC.appendingCRC(to: [0x01, 0x03, 0x04, 0x00, 0xFA, 0x00, 0x01])
        do {
            _ = try ModbusResponse.decode(twoRegisters, for: readOne)
            Issue.record("expected an error")
        } catch {
            guard case .malformed(let reason, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(reason == "byte count 4 but 1 register was requested")
            #expect(error.description.contains(hex(twoRegisters)))
        }
        let single = try! ModbusRequest.writeSingleRegister(unit: 1, register: 300, value: 250)
        let wrongEcho = ModbusCRC.appendingCRC(to: [0x01, 0x06, 0x01, 0x2C, 0x00, 0xFB])
        #expect(throws: ModbusError.self) { try ModbusResponse.decode(wrongEcho, for: single) }
        let longer = ModbusCRC.appendingCRC(to: [0x01, 0x06, 0x01, 0x2C, 0x00, 0xFA, 0x00])
        #expect(throws: ModbusError.self) { try ModbusResponse.decode(longer, for: single) }
    }

    @Test func encodeRejectsImpossibleReplies() {
        #expect(throws: ModbusError.self) { try ModbusResponse.readHoldingRegisters(unit: 1, values: []).encode() }
        #expect(throws: ModbusError.self) {
            try ModbusResponse.readHoldingRegisters(unit: 1, values: Array(repeating: 0, count: 126)).encode()
        }
    }
}

@Suite struct ModbusTimingAndRegisterTests {
    @Test func silenceIsThreeAndAHalfCharacters() throws {
        #expect(try ModbusFrameTiming.characterTime(baud: 9600) == .nanoseconds(1_145_834))
        #expect(try ModbusFrameTiming.silence(baud: 9600) == .nanoseconds(4_010_417))
        #expect(try ModbusFrameTiming.silence(baud: 19200) == .nanoseconds(2_005_209))
        #expect(try ModbusFrameTiming.silence(baud: 38400) == .microseconds(1750))
        #expect(try ModbusFrameTiming.silence(baud: 115_200) == .microseconds(1750))
    }

    @Test func conservativeGapFromChamberConnectLibrary() throws {
        #expect(try ModbusFrameTiming.silence(baud: 9600, policy: .conservative) == .nanoseconds(4_010_417))
        #expect(try ModbusFrameTiming.silence(baud: 19200, policy: .conservative) == .milliseconds(12))
        #expect(try ModbusFrameTiming.silence(baud: 38400, policy: .conservative) == .milliseconds(12))
        #expect(throws: ModbusError.self) { try ModbusFrameTiming.silence(baud: 0) }
    }

    @Test func signedRegisters() throws {
        #expect(SignedRegister.int16(0xFF9C) == -100)
        #expect(SignedRegister.register(-100) == 0xFF9C)
        #expect(SignedRegister.decode(250, decimals: 1) == 25.0)
        #expect(SignedRegister.decode(0xFF9C, decimals: 1) == -10.0)
        #expect(SignedRegister.decode(0x8000, decimals: 0) == -32768)
        #expect(try SignedRegister.encode(25.0, decimals: 1) == 250)
        #expect(try SignedRegister.encode(-40.04, decimals: 1) == SignedRegister.register(-400))
        #expect(try SignedRegister.encode(3276.7, decimals: 1) == 32767)
        #expect(try SignedRegister.encode(-3276.8, decimals: 1) == 0x8000)
    }

    @Test func signedRegisterRangeErrors() {
        do {
            _ = try SignedRegister.encode(3276.8, decimals: 1)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("-3276.8 … 3276.7"))
        }
        #expect(throws: SignedRegisterError.self) { try SignedRegister.encode(.nan, decimals: 1) }
        #expect(throws: SignedRegisterError.self) { try SignedRegister.encode(.infinity, decimals: 0) }
        #expect(throws: SignedRegisterError.self) { try SignedRegister.encode(1, decimals: -1) }
        #expect(throws: SignedRegisterError.self) { try SignedRegister.encode(32768, decimals: 0) }
    }

    @Test func watlowRegisterMap() {
        #expect(WatlowF4Registers.processValue(loop: 1) == 100)
        #expect(WatlowF4Registers.processValue(loop: 2) == 104)
        #expect(WatlowF4Registers.setPoint(loop: 1) == 300)
        #expect(WatlowF4Registers.setPoint(loop: 2) == 319)
        #expect(WatlowF4Registers.setPoint(loop: 3) == nil)
        #expect(WatlowF4Registers.setPointRange(loop: 1)! == (602, 603))
        #expect(WatlowF4Registers.decimals(input: 3) == 626)
        #expect(WatlowF4Registers.profileState == 200)
        #expect(WatlowF4Registers.temperatureUnits == 901)
        #expect(WatlowF4Registers.runStop == 2000)
    }
}
