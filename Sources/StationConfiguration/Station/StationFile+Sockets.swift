import Foundation
import Instruments

extension StationFile {
    /// The sockets a run qualifies DUTs in: the `sockets:` of a batch station, or the one implicit socket of a
    /// single-DUT station (its `lane_map:`, output `instruments.supply.output` and the chamber's DUT input), so a
    /// single-DUT run is a batch of one.
    public var batchSockets: [DUTSocket] {
        if !sockets.isEmpty { return sockets }
        let lanes = simulation?.lanes ?? instrument(.bert)?.channels ?? 1
        return [
            DUTSocket(
                id: "S1", lanes: max(1, lanes), laneMap: laneMap, supply: .stationOutput(instrument(.supply)?.output ?? 1),
                thermocouple: .chamberDUTInput)
        ]
    }

    /// The thermocouple whose reading stands for `socket`'s DUT: its own, or the own thermocouple of the socket it
    /// names (`thermocouple: S1`).
    public func ownThermocouple(of socket: DUTSocket) -> SocketThermocouple {
        guard case .socket(let other) = socket.thermocouple else { return socket.thermocouple }
        return batchSockets.first { $0.id == other }?.thermocouple ?? .chamberDUTInput
    }

    /// Whether `socket`'s conditions are read on the thermocouple reader (its own channel or the socket it names).
    public func readsThermocoupleReader(_ socket: DUTSocket) -> Bool {
        if case .readerChannel = ownThermocouple(of: socket) { return true }
        return false
    }

    /// How many outputs a supply of `driver` has.
    static func supplyOutputCount(driver: String) -> Int {
        DriverCatalog.lookup(driver)?.name == "keysight-e36312a" ? KeysightE36312ASupply.ratings.count : 1
    }

    /// `sockets:`, a list of DUT sockets; each entry's problems are recorded with its path (`sockets[2].…`).
    /// `complete` is false when an entry could not be read (the cross-checks then wait for it to be fixed).
    static func parseSockets(_ root: YAMLNodeReader) -> (sockets: [DUTSocket], complete: Bool) {
        guard let entries = root.list("sockets") else { return ([], true) }
        if entries.isEmpty { root.report("sockets", "a batch station lists at least one socket; remove the section for a single DUT") }
        let sockets = entries.compactMap { entry in
            parseSocket(YAMLNodeReader(file: root.file, path: entry.path, node: entry.node, issues: root.issues))
        }
        return (sockets, sockets.count == entries.count)
    }

    private static func parseSocket(_ reader: YAMLNodeReader) -> DUTSocket? {
        defer { reader.finish() }
        let channels = 1...Plausible.maximumChannel
        let id = reader.string("id", required: true)?.trimmingCharacters(in: .whitespaces)
        if let id, id.isEmpty || id.contains(where: { $0 == "/" || $0.isWhitespace }) {
            reader.report("id", "a socket id is a short name without blanks or slashes, e.g. S1")
        }
        let lanes = reader.integer("lanes", required: true, in: 1...Plausible.maximumLanes, what: "lane count")
        let map = LaneMap(
            bertFirstChannel: reader.integer("bert_first_channel", required: true, in: channels, what: "BERT channel") ?? 1,
            switchFirstChannel: reader.integer("switch_first_channel", default: 1, in: channels, what: "switch output") ?? 1,
            meterChannel: reader.integer("meter_channel", default: 1, in: channels, what: "meter channel") ?? 1)
        let output = reader.integer("supply_output", in: 1...8, what: "supply output number")
        let own = reader.object("supply").flatMap { parseInstrument(role: .supply, $0) }
        var supply: SocketSupply?
        switch (output, own, reader.has("supply")) {
        case (let output?, nil, false): supply = .stationOutput(output)
        case (nil, let own?, _): supply = .own(own)
        case (nil, nil, false):
            reader.missing("supply_output")
        case (_?, _, true):
            reader.report("supply", "give either supply_output (an output of instruments.supply) or the socket's own supply, not both")
        default: break
        }
        let thermocouple = parseThermocouple(reader)
        var simulation = SocketSimulation()
        if let sim = reader.object("simulation") {
            defer { sim.finish() }
            let count = lanes ?? Plausible.maximumLanes
            simulation.deadLanes = sim.autoInteger("dead_lanes", lanes: count)
            simulation.weakLanes = sim.autoInteger("weak_lanes", lanes: count)
            simulation.dutTimeConstantSeconds = sim.positive(
                "dut_time_constant_seconds", what: "time constant", maximum: Plausible.maximumSeconds, unit: " s")
            simulation.overCurrentAboveCelsius = sim.celsius("over_current_above_celsius")
        }
        guard let id, let lanes, let supply, let thermocouple else { return nil }
        var socket = DUTSocket(id: id, lanes: lanes, laneMap: map, supply: supply, thermocouple: thermocouple, line: reader.line)
        socket.simulation = simulation
        return socket
    }

    private static func parseThermocouple(_ reader: YAMLNodeReader) -> SocketThermocouple? {
        guard let text = reader.string("thermocouple", required: true)?.trimmingCharacters(in: .whitespaces) else { return nil }
        let expected = "expected chamber (the chamber's DUT input is on this DUT), thermocouples:<channel> (the socket's own "
            + "thermocouple on a channel of instruments.thermocouples, e.g. thermocouples:101), air, or the id of the socket "
            + "whose thermocouple stands for it"
        switch text.lowercased() {
        case "chamber": return .chamberDUTInput
        case "air": return .air
        case "":
            reader.report("thermocouple", expected)
            return nil
        case let lowered where lowered.hasPrefix(SocketThermocouple.readerPrefix):
            let number = lowered.dropFirst(SocketThermocouple.readerPrefix.count).trimmingCharacters(in: .whitespaces)
            guard let channel = Int(number), channel > 0 else {
                reader.report("thermocouple", "'\(number)' is no reader channel number; \(expected)")
                return nil
            }
            return .readerChannel(channel)
        default: return .socket(text)
        }
    }

    /// Cross-checks the sockets against each other and the instruments: no BERT channel, switch output, meter
    /// channel (without a switch) or supply output is used by two sockets, every channel exists on its instrument,
    /// and every socket's thermocouple is stated.
    static func checkSockets(
        _ sockets: [DUTSocket], laneMapWritten: Bool, instruments: [InstrumentRole: InstrumentEntry], limits: SafetyLimits?,
        file: String, issues: IssueCollector
    ) {
        guard !sockets.isEmpty else { return }
        func field(_ index: Int, _ key: String) -> String { "sockets[\(index)].\(key)" }
        func refuse(_ index: Int, _ key: String, _ value: String, _ message: String) {
            let path = field(index, key)
            issues.add(file: file, line: issues.lines[path] ?? issues.lines["sockets[\(index)]"], field: path, value: value, message: message)
        }
        if laneMapWritten {
            issues.add(
                file: file, line: issues.lines["lane_map"], field: "lane_map", value: nil,
                message: "a station with sockets gives each socket its own channels; remove lane_map")
        }
        var ids: [String: Int] = [:]
        for (index, socket) in sockets.enumerated() {
            if let first = ids[socket.id] {
                refuse(index, "id", socket.id, "socket \(socket.id) is already declared as sockets[\(first)]; socket ids must be unique")
            } else {
                ids[socket.id] = index
            }
        }
        let hasSwitch = instruments[.switch] != nil
        checkRanges(sockets, key: "bert_first_channel", what: "BERT channel", range: { $0.bertChannels },
            capacity: instruments[.bert]?.channels, instrument: "instruments.bert", refuse: refuse)
        if hasSwitch {
            checkRanges(sockets, key: "switch_first_channel", what: "switch output", range: { $0.switchChannels },
                capacity: instruments[.switch]?.channels, instrument: "instruments.switch", refuse: refuse)
            // Behind a switch the sockets share the meter channel: their scans take turns through the switch.
            let meterChannels = instruments[.meter]?.channels ?? 4
            for (index, socket) in sockets.enumerated() where socket.laneMap.meterChannel > meterChannels {
                refuse(index, "meter_channel", "\(socket.laneMap.meterChannel)",
                    "instruments.meter has \(meterChannels) channels; there is no channel \(socket.laneMap.meterChannel)")
            }
        } else {
            checkRanges(sockets, key: "meter_channel", what: "meter channel",
                range: { $0.laneMap.meterChannel...($0.laneMap.meterChannel + $0.lanes - 1) },
                capacity: instruments[.meter]?.channels ?? 4, instrument: "instruments.meter", refuse: refuse)
        }
        checkSupplies(sockets, station: instruments[.supply], limits: limits, refuse: refuse)
        checkThermocouples(sockets, ids: ids, reader: instruments[.thermocouples], refuse: refuse)
    }

    /// Refuses a socket standing in for a socket without a thermocouple of its own, a second socket on the chamber's
    /// one DUT input or on one reader channel, a reader channel without `instruments.thermocouples`, and a channel
    /// the reader does not have.
    private static func checkThermocouples(
        _ sockets: [DUTSocket], ids: [String: Int], reader: InstrumentEntry?, refuse: (Int, String, String, String) -> Void
    ) {
        var channelUsers: [Int: String] = [:]
        for (index, socket) in sockets.enumerated() {
            switch socket.thermocouple {
            case .socket(let other):
                guard let owner = ids[other] else {
                    refuse(index, "thermocouple", other,
                        "no socket \(other) on this station; expected chamber, thermocouples:<channel>, air, or the id of the "
                            + "socket whose thermocouple stands for this one")
                    continue
                }
                if !sockets[owner].thermocouple.isOwn {
                    refuse(index, "thermocouple", other, "socket \(other) has no thermocouple of its own to stand for this one")
                }
            case .readerChannel(let channel):
                let value = socket.thermocouple.stationFileText
                guard let reader else {
                    refuse(index, "thermocouple", value,
                        "the station has no instruments.thermocouples to read channel \(channel); add the thermocouple reader "
                            + "or state chamber, air or another socket")
                    continue
                }
                let channels = ThermocoupleChannels(count: reader.channels)
                if !channels.contains(channel) {
                    refuse(index, "thermocouple", value,
                        "instruments.thermocouples (\(reader.driver)) has channels \(channels.description); there is no channel \(channel)")
                } else if let other = channelUsers[channel] {
                    refuse(index, "thermocouple", value,
                        "channel \(channel) of instruments.thermocouples is already socket \(other)'s thermocouple; a thermocouple "
                            + "sits on one DUT (state \(other) to let it stand for this socket)")
                } else {
                    channelUsers[channel] = socket.id
                }
            case .chamberDUTInput, .air: break
            }
        }
        let owners = sockets.indices.filter { sockets[$0].thermocouple == .chamberDUTInput }
        for index in owners.dropFirst() {
            refuse(index, "thermocouple", "chamber",
                "the chamber has one DUT input, already on socket \(sockets[owners[0]].id); state which thermocouple stands for this socket (air or \(sockets[owners[0]].id))")
        }
    }

    /// Refuses a socket whose channels (by `range`) overlap another socket's or lie beyond `capacity`.
    private static func checkRanges(
        _ sockets: [DUTSocket], key: String, what: String, range: (DUTSocket) -> ClosedRange<Int>, capacity: Int?,
        instrument: String, refuse: (Int, String, String, String) -> Void
    ) {
        for (index, socket) in sockets.enumerated() {
            let channels = range(socket)
            let value = "\(channels.lowerBound)"
            if let capacity, channels.upperBound > capacity {
                refuse(index, key, value,
                    "socket \(socket.id)'s \(socket.lanes) lanes need \(what)s \(channels.lowerBound)–\(channels.upperBound), but \(instrument) has \(capacity)")
                continue
            }
            if let other = sockets[..<index].first(where: { range($0).overlaps(channels) }) {
                let shared = range(other).clamped(to: channels)
                refuse(index, key, value,
                    "socket \(socket.id) uses \(what)s \(channels.lowerBound)–\(channels.upperBound), which overlap socket \(other.id)'s "
                        + "(\(shared.lowerBound)–\(shared.upperBound)); a \(what) serves one socket")
            }
        }
    }

    /// Refuses two sockets on one supply output, an output the station's supply does not have, and an own supply
    /// that cannot honour the station's supply limits.
    private static func checkSupplies(
        _ sockets: [DUTSocket], station: InstrumentEntry?, limits: SafetyLimits?, refuse: (Int, String, String, String) -> Void
    ) {
        var users: [Int: String] = [:]
        for (index, socket) in sockets.enumerated() {
            switch socket.supply {
            case .stationOutput(let output):
                guard let station else {
                    refuse(index, "supply_output", "\(output)", "the station has no instruments.supply; give the socket its own supply")
                    continue
                }
                let count = supplyOutputCount(driver: station.driver)
                if output > count {
                    refuse(index, "supply_output", "\(output)",
                        "instruments.supply (\(station.driver)) has \(count) output\(count == 1 ? "" : "s"); there is no output \(output)")
                } else if let other = users[output] {
                    refuse(index, "supply_output", "\(output)",
                        "output \(output) of instruments.supply already powers socket \(other); each socket needs its own supply output")
                } else {
                    users[output] = socket.id
                    if count > 1 {
                        var entry = station
                        entry.output = output
                        checkSocketRating(entry, index: index, key: "supply_output", value: "\(output)", limits: limits, refuse: refuse)
                    }
                }
            case .own(let entry):
                checkSocketRating(entry, index: index, key: "supply", value: entry.driver, limits: limits, refuse: refuse)
            }
        }
    }

    private static func checkSocketRating(
        _ entry: InstrumentEntry, index: Int, key: String, value: String, limits: SafetyLimits?,
        refuse: (Int, String, String, String) -> Void
    ) {
        guard let limits, let rating = rating(of: entry) else { return }
        if let volts = rating.volts, limits.supplyMaximumVolts > volts {
            refuse(index, key, value,
                "\(rating.what) cannot honour limits.supply.max_volts (\(YAMLNodeReader.format(limits.supplyMaximumVolts)) V)")
        } else if let amps = rating.amps, limits.supplyMaximumAmps > amps {
            refuse(index, key, value,
                "\(rating.what) cannot honour limits.supply.max_amps (\(YAMLNodeReader.format(limits.supplyMaximumAmps)) A)")
        }
    }
}
