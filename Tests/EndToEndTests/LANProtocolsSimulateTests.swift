import Foundation
import Testing

/// pyvisa with the pyvisa-py backend, an independent client, talks VXI-11 and HiSLIP to `qualstation simulate`:
/// identity, the -113 error queue, device clear, and a second session refused while the first holds the lock.
/// (Part of the serialized simulate suite, so that only one simulator at a time competes for port 111.)
extension SimulateCommandTests {
    static let lanClient = """
        import sys, pyvisa
        from pyvisa import errors
        vxi11, hislip = sys.argv[1], sys.argv[2]
        rm = pyvisa.ResourceManager('@py')
        def open_(r, timeout=5000):
            return rm.open_resource(r, read_termination='\\n', write_termination='\\n', timeout=timeout)
        def exercise(tag, r):
            a = open_(r)
            print(tag, 'IDN', a.query('*IDN?'))
            a.write('NOT:A:COMMAND')
            print(tag, 'ERR', a.query('SYST:ERR?'))
            print(tag, 'ERR', a.query('SYST:ERR?'))
            a.write('*IDN?')
            a.clear()
            print(tag, 'CLEARED', a.query('*IDN?'))
            return a
        if vxi11 != '-':
            a = exercise('VXI11', vxi11)
            a.lock_excl(1000)
            b = open_(vxi11, 2000)
            try:
                b.query('*IDN?')
                print('VXI11 LOCK not-refused')
            except errors.VisaIOError as e:
                print('VXI11 LOCK refused', e.error_code)
            a.unlock()
            print('VXI11 UNLOCKED', b.query('*IDN?'))
            b.close()
            a.close()
        h = exercise('HISLIP', hislip)
        i = open_(hislip)
        first = rm.visalib.sessions[h.session].interface
        second = rm.visalib.sessions[i.session].interface
        print('HISLIP LOCK first', first.async_lock_request(1.0))
        print('HISLIP LOCK second', second.async_lock_request(0.3))
        print('HISLIP RELEASE', first.async_lock_release())
        print('HISLIP LOCK second-again', second.async_lock_request(1.0))
        i.close()
        h.close()
        """

    @Test("pyvisa-py gets *IDN?, -113, device clear and the lock over inst0::INSTR and hislip0,PORT::INSTR")
    func pyvisaOverVXI11AndHiSLIP() async throws {
        let (process, text) = try await QualStationProcess.startSimulator(seconds: 90)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        let vxi11Line = text.split(separator: "\n").first { $0.contains("::inst0::INSTR") }.map(String.init) ?? ""
        let hislip = try #require(words.first { $0.contains("::hislip0,") }, "\(text)")
        let vxi11 = try #require(words.first { $0.contains("::inst0::INSTR") }, "\(text)")
        // pyvisa-py asks the portmapper on port 111; when the simulator could not bind it, that case is skipped.
        let portmapperOn111 = vxi11Line.contains("portmapper on port 111)")
        if !portmapperOn111 {
            print("skipping the VXI-11 case: port 111 was taken, so the simulator's portmapper is elsewhere: \(vxi11Line)")
        }
        let client = Self.lanClient
        let arguments = [portmapperOn111 ? vxi11 : "-", hislip]
        let (status, reply, problem) = try await QualStationProcess.python(client, arguments: arguments)
        #expect(status == 0, "pyvisa client failed: \(problem)\n\(reply)")
        let lines = reply.split(separator: "\n").map(String.init)
        var tags = ["HISLIP"]
        if portmapperOn111 { tags.append("VXI11") }
        for tag in tags {
            let mine = lines.filter { $0.hasPrefix(tag + " ") }
            #expect(mine.first { $0.hasPrefix("\(tag) IDN ") }?.split(separator: ",").count == 4, "\(reply)")
            let errors = mine.filter { $0.hasPrefix("\(tag) ERR ") }
            #expect(errors.count == 2 && errors[0].contains(" -113,") && errors[1].contains(" 0,"), "\(reply)")
            #expect(mine.contains { $0.hasPrefix("\(tag) CLEARED ") && $0.split(separator: ",").count == 4 }, "\(reply)")
        }
        if portmapperOn111 {
            #expect(lines.contains { $0.hasPrefix("VXI11 LOCK refused") }, "\(reply)")
            #expect(lines.contains { $0.hasPrefix("VXI11 UNLOCKED ") }, "\(reply)")
        }
        #expect(lines.contains("HISLIP LOCK first success"), "\(reply)")
        #expect(lines.contains("HISLIP LOCK second failure"), "\(reply)")
        #expect(lines.contains("HISLIP RELEASE success"), "\(reply)")
        #expect(lines.contains("HISLIP LOCK second-again success"), "\(reply)")
    }
}
