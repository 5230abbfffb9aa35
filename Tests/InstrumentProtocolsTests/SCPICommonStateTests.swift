import Testing

@testable import InstrumentProtocols

@Suite struct SCPICommonStateTests {
    private let identity = InstrumentIdentity(
        manufacturer: "MultiLANE", model: "ML4039", serialNumber: "SIM0001", firmware: "0.0")

    private func run(_ state: inout SCPICommonState, _ message: String) -> [SCPICommonState.Outcome] {
        let parsed = SCPICommandParser.parse(message)
        if let error = parsed.error { state.report(error) }
        return parsed.units.map { state.execute($0) }
    }

    @Test func errorQueueIsFIFOAndReportsNoErrorWhenEmpty() {
        var queue = SCPIErrorQueue()
        #expect(queue.pop() == .noError)
        queue.push(code: -113)
        queue.push(.dataOutOfRange, info: "SOUR:VOLT 99")
        #expect(queue.count == 2)
        #expect(queue.pop().reply == #"-113,"Undefined header""#)
        #expect(queue.pop().reply == #"-222,"Data out of range;SOUR:VOLT 99""#)
        #expect(queue.pop().reply == #"0,"No error""#)
    }

    @Test func overflowReplacesTheNewestEntry() {
        var queue = SCPIErrorQueue(capacity: 3)
        for code in [-100, -102, -108, -109, -113] { queue.push(code: code) }
        #expect(queue.entries.map(\.code) == [-100, -102, -350])
        #expect(queue.entries.last?.message == "Queue overflow")
        #expect(SCPIErrorQueue(capacity: 0).capacity == 1)
        #expect(SCPIErrorQueue().capacity == 20)
    }

    @Test func errorClassesSetTheirESRBits() {
        #expect(SCPIStatusRegisters.eventBit(forErrorCode: -113) == 0x20)
        #expect(SCPIStatusRegisters.eventBit(forErrorCode: -222) == 0x10)
        #expect(SCPIStatusRegisters.eventBit(forErrorCode: -350) == 0x08)
        #expect(SCPIStatusRegisters.eventBit(forErrorCode: 42) == 0x08)
        #expect(SCPIStatusRegisters.eventBit(forErrorCode: -410) == 0x04)
        #expect(SCPIStatusRegisters.eventBit(forErrorCode: 0) == 0)
    }

    @Test func statusByteSummarisesQueueESBAndMAV() {
        var registers = SCPIStatusRegisters(poweredOn: false)
        #expect(registers.statusByte(errorQueueNotEmpty: false) == 0)
        #expect(registers.statusByte(errorQueueNotEmpty: true) == 0x04)
        #expect(registers.statusByte(errorQueueNotEmpty: false, messageAvailable: true) == 0x10)
        registers.recordError(code: -113)
        #expect(registers.statusByte(errorQueueNotEmpty: false) == 0)
        registers.eventStatusEnable = 0x20
        #expect(registers.statusByte(errorQueueNotEmpty: false) == 0x20)
        registers.serviceRequestEnable = 0x20
        #expect(registers.statusByte(errorQueueNotEmpty: false) == 0x60)
        registers.questionableEvent = 1
        registers.questionableEnable = 1
        registers.operationEvent = 2
        registers.operationEnable = 2
        #expect(registers.statusByte(errorQueueNotEmpty: false) & 0x88 == 0x88)
    }

    @Test func mandatoryCommonCommands() {
        var state = SCPICommonState(identity: identity)
        #expect(run(&state, "*IDN?") == [.reply("MultiLANE,ML4039,SIM0001,0.0")])
        #expect(run(&state, "*ESR?") == [.reply("128")], "PON after power-on")
        #expect(run(&state, "*ESR?") == [.reply("0")], "ESR reads and clears")
        #expect(run(&state, "*RST; *CLS; *ESE 32; *OPC?") == [.reset, .handled, .handled, .reply("1")])
        #expect(run(&state, "*ESE?") == [.reply("32")])
        #expect(run(&state, "*OPC;*ESR?") == [.handled, .reply("1")])
        #expect(run(&state, "*SRE 255;*SRE?") == [.handled, .reply("191")])
        #expect(run(&state, "*TST?;*WAI") == [.reply("0"), .handled])
        #expect(run(&state, "*STB?") == [.reply("0")])
        #expect(run(&state, "SOUR:VOLT 1") == [.notCommon])
    }

    @Test func errorsQueueAndShowInTheStatusByte() {
        var state = SCPICommonState(identity: identity)
        _ = run(&state, "*CLS;*ESE 255;*SRE 4")
        #expect(run(&state, "*FOO") == [.handled])
        #expect(run(&state, "*ESE 300") == [.handled])
        #expect(run(&state, "*IDN? 1") == [.handled])
        #expect(run(&state, "*ESE") == [.handled])
        _ = run(&state, "VOLT,1")
        #expect(state.errorQueue.entries.map(\.code) == [-113, -222, -108, -109, -102])
        let stb = state.statusByte()
        #expect(stb & 0x04 != 0, "error queue bit")
        #expect(stb & 0x20 != 0, "ESB from CME/EXE")
        #expect(stb & 0x40 != 0, "RQS because SRE enables bit 2")
        #expect(state.nextErrorReply().hasPrefix(#"-113,"Undefined header;*FOO"#))
        _ = run(&state, "*CLS")
        #expect(state.errorQueue.isEmpty)
        #expect(state.status.eventStatus == 0)
        #expect(state.nextErrorReply() == #"0,"No error""#)
    }

    @Test func resetLeavesStatusAndQueueAlone() {
        var state = SCPICommonState(identity: identity)
        _ = run(&state, "*FOO")
        #expect(run(&state, "*RST") == [.reset])
        #expect(state.errorQueue.count == 1)
        #expect(state.status.eventStatus & 0x20 != 0)
    }
}
