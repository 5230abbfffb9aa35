import InstrumentProtocols
import PRBS
import StationConfiguration

/// The multi-lane SCPI BERT (`scpi-bert`, docs/scpi-bert.md): per-channel PRBS generators and error detectors,
/// one line rate, one measurement gate, and all channels' counters in one binary block.
struct SimulatedBERT: SimulatedSCPIInstrument {
    let role = InstrumentRole.bert
    let identity: InstrumentIdentity
    private let channels: Int
    private let table: SCPICommandTable

    /// The `SYST:PATT:CAT?` reply.
    static var catalog: String { PRBSPattern.allCases.map(\.rawValue).joined(separator: ",") }

    /// A BERT with `channels` channels.
    init(channels: Int, seed: UInt64) throws(SCPIHeaderPatternError) {
        self.channels = channels
        identity = InstrumentIdentity(
            manufacturer: "QualStation", model: "SIM-BERT\(channels)",
            serialNumber: "SB" + SimulatedSerial.digits(seed: seed, role: .bert), firmware: "1.0.0")
        table = try Self.table(channels: channels)
    }

    func execute(_ unit: SCPIProgramUnit, in world: inout BenchWorld) throws(SCPICommandError) -> SCPIReply? {
        try table.execute(unit, in: &world)
    }

    private static func table(channels: Int) throws(SCPIHeaderPatternError) -> SCPICommandTable {
        let all = Array(1...max(1, channels))
        @Sendable func channel(_ match: SCPIHeaderMatch, _ unit: SCPIProgramUnit) throws(SCPICommandError) -> Int {
            try SCPIArguments.channel(match, count: channels, unit: unit)
        }
        return try SCPICommandTable([
            ("SYSTem:CHANnel[:COUNt]?", { unit, _, _ throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(String(channels))
            }),
            ("SYSTem:PATTern:CATalog?", { unit, _, _ throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(catalog)
            }),
            ("SOURce:RATE", { unit, _, world throws(SCPICommandError) in
                let rate = try SCPIArguments.number(
                    unit, in: BERTState.minimumLineRate...BERTState.maximumLineRate, what: "line rate (bit/s)")
                world.setLineRate(rate, at: world.time)
                return nil
            }),
            ("SOURce:RATE?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(SCPIArguments.nr3(world.bert.lineRate, digits: 9))
            }),
            ("SOURce:PATTern:ALL", { unit, _, world throws(SCPICommandError) in
                let pattern = try Self.pattern(unit)
                world.reconfigureLanes(all, at: world.time) { $0.tx.pattern = pattern }
                return nil
            }),
            ("SENSe:PATTern:ALL", { unit, _, world throws(SCPICommandError) in
                let pattern = try Self.pattern(unit)
                world.reconfigureLanes(all, at: world.time) { $0.rx.pattern = pattern }
                return nil
            }),
            ("SOURce:PATTern:INVert:ALL", { unit, _, world throws(SCPICommandError) in
                let inverted = try SCPIArguments.boolean(unit)
                world.reconfigureLanes(all, at: world.time) { $0.tx.inverted = inverted }
                return nil
            }),
            ("SENSe:PATTern:INVert:ALL", { unit, _, world throws(SCPICommandError) in
                let inverted = try SCPIArguments.boolean(unit)
                world.reconfigureLanes(all, at: world.time) { $0.rx.inverted = inverted }
                return nil
            }),
            ("SOURce#:PATTern[:TYPE]", { unit, match, world throws(SCPICommandError) in
                let lane = try channel(match, unit)
                let pattern = try Self.pattern(unit)
                world.reconfigureLanes([lane], at: world.time) { $0.tx.pattern = pattern }
                return nil
            }),
            ("SOURce#:PATTern[:TYPE]?", { unit, match, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(world.bert.lanes[try channel(match, unit) - 1].tx.pattern.rawValue)
            }),
            ("SENSe#:PATTern[:TYPE]", { unit, match, world throws(SCPICommandError) in
                let lane = try channel(match, unit)
                let pattern = try Self.pattern(unit)
                world.reconfigureLanes([lane], at: world.time) { $0.rx.pattern = pattern }
                return nil
            }),
            ("SENSe#:PATTern[:TYPE]?", { unit, match, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .text(world.bert.lanes[try channel(match, unit) - 1].rx.pattern.rawValue)
            }),
            ("SOURce#:PATTern:INVert", { unit, match, world throws(SCPICommandError) in
                let lane = try channel(match, unit)
                let inverted = try SCPIArguments.boolean(unit)
                world.reconfigureLanes([lane], at: world.time) { $0.tx.inverted = inverted }
                return nil
            }),
            ("SOURce#:PATTern:INVert?", { unit, match, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return SCPIArguments.flag(world.bert.lanes[try channel(match, unit) - 1].tx.inverted)
            }),
            ("SENSe#:PATTern:INVert", { unit, match, world throws(SCPICommandError) in
                let lane = try channel(match, unit)
                let inverted = try SCPIArguments.boolean(unit)
                world.reconfigureLanes([lane], at: world.time) { $0.rx.inverted = inverted }
                return nil
            }),
            ("SENSe#:PATTern:INVert?", { unit, match, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return SCPIArguments.flag(world.bert.lanes[try channel(match, unit) - 1].rx.inverted)
            }),
            ("OUTPut:ALL", { unit, _, world throws(SCPICommandError) in
                let on = try SCPIArguments.boolean(unit)
                world.reconfigureLanes(all, at: world.time) { $0.outputOn = on }
                return nil
            }),
            ("OUTPut:ALL?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return SCPIArguments.flag(!world.bert.lanes.isEmpty && world.bert.lanes.allSatisfy(\.outputOn))
            }),
            ("OUTPut#[:STATe]", { unit, match, world throws(SCPICommandError) in
                let lane = try channel(match, unit)
                let on = try SCPIArguments.boolean(unit)
                world.reconfigureLanes([lane], at: world.time) { $0.outputOn = on }
                return nil
            }),
            ("OUTPut#[:STATe]?", { unit, match, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return SCPIArguments.flag(world.bert.lanes[try channel(match, unit) - 1].outputOn)
            }),
            ("GATE:STARt", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                world.startGate(at: world.time)
                return nil
            }),
            ("GATE:STOP", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                world.stopGate(at: world.time)
                return nil
            }),
            ("GATE[:STATe]?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return SCPIArguments.flag(world.bert.gateRunning)
            }),
            ("SENSe#:SYNC", { unit, match, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                world.resynchronize(channel: try channel(match, unit), at: world.time)
                return nil
            }),
            ("SENSe#:SYNC?", { unit, match, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                let lane = try channel(match, unit)
                world.refreshLanes(at: world.time)
                return SCPIArguments.flag(world.bert.lanes[lane - 1].locked)
            }),
            ("FETCh:COUNt:ALL?", { unit, _, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                return .block(Self.encode(world.readCounters(at: world.time)))
            }),
            ("FETCh#:COUNt?", { unit, match, world throws(SCPICommandError) in
                try SCPIArguments.noParameters(unit)
                let lane = try channel(match, unit)
                let record = world.readCounters(at: world.time)[lane - 1]
                return .text("\(record.comparedBits),\(record.errors),\(record.flags)")
            }),
        ])
    }

    /// The unit's single pattern parameter (`PRBS31`, `prbs31`, `2^31-1` …); -224 when it names none.
    private static func pattern(_ unit: SCPIProgramUnit) throws(SCPICommandError) -> PRBSPattern {
        try unit.requireParameterCount(1...1)
        let text = try unit.parameter(0).text
        guard let pattern = PRBSPattern(name: text) else {
            throw SCPICommandError(
                .illegalParameterValue, detail: "unknown pattern \(text); the catalog is \(catalog)", command: unit.text)
        }
        return pattern
    }

    /// The `FETC:COUN:ALL?` payload: per channel, compared bits (u64 LE), errors (u64 LE), flags (u8).
    static func encode(_ records: [LaneCounterRecord]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.count * 17)
        for record in records {
            bytes += LittleEndianArray.encodeUInt64([record.comparedBits, record.errors])
            bytes.append(record.flags)
        }
        return bytes
    }
}
