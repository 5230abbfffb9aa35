import InstrumentProtocols
import LANLinks
import StationLinks
import USBLinks

/// Opens links and builds drivers from ``DriverConfiguration``s.
public enum InstrumentFactory {
    /// Opens the link a configuration names: a serial port, a TCP socket, a USBTMC device, or a VXI-11 or HiSLIP
    /// instrument (both ``StationLinks/MessageLink``s, with device clear and locking).
    public static func openLink(_ configuration: DriverConfiguration) async throws -> any ByteLink {
        switch configuration.resource {
        case .serial(let device):
            return try SerialLink.open(path: device, settings: configuration.serial, resource: configuration.resource)
        case .tcpSocket(_, let host, let port):
            return try await TCPLink.connect(host: host, port: port, timeout: configuration.timeout, resource: configuration.resource)
        case .usb:
            return try await USBTMCLink.open(configuration.resource)
        case .vxi11:
            return try await VXI11Link.open(configuration.resource, portmapperPort: configuration.portmapperPort,
                                            timeout: configuration.timeout)
        case .hislip:
            return try await HiSLIPLink.open(configuration.resource, timeout: configuration.timeout)
        case .simulated:
            throw InstrumentError(
                .unsupported, role: configuration.role, driver: configuration.driver,
                message: "resource 'sim' must be replaced by the simulator's address before connecting")
        }
    }

    /// Builds the driver for `configuration` over an open link.
    public static func makeDriver(
        _ configuration: DriverConfiguration, link: any ByteLink, events: @escaping InstrumentEventSink
    ) throws -> any Instrument {
        guard let description = DriverCatalog.lookup(configuration.driver) else {
            throw InstrumentError(
                .unsupported, role: configuration.role, driver: configuration.driver,
                message: "unknown driver; known drivers: \(DriverCatalog.names.joined(separator: ", "))")
        }
        let policy = RetryPolicy(retries: configuration.retries, timeout: configuration.timeout)
        let scpi = { (resynchronisation: SCPIResynchronisation) in
            SCPISession(
                link: link, role: configuration.role, driver: description.name, policy: policy, events: events,
                resynchronisation: resynchronisation)
        }
        let lines = { (terminator: LineTerminator, sentinel: LineSentinel?) in
            LineSession(
                link: link, terminator: terminator, role: configuration.role, driver: description.name, policy: policy,
                events: events, sentinel: sentinel)
        }
        switch description.name {
        case "watlow-f4":
            let client = ModbusRTUClient(
                link: link, unit: UInt8(clamping: configuration.modbusAddress), baud: configuration.serial.baud,
                role: configuration.role, driver: description.name, policy: policy, events: events)
            return WatlowF4Chamber(
                role: configuration.role, client: client, limits: try chamberLimits(configuration),
                wiring: configuration.watlowWiring)
        case "scpi-bert":
            return SCPIBERT(role: configuration.role, session: scpi(.clearAndOperationComplete))
        case "keysight-n774x":
            return KeysightN774xMeter(role: configuration.role, session: scpi(.clearAndOperationComplete))
        case "scpi-switch":
            return SCPIOpticalSwitch(role: configuration.role, session: scpi(.clearAndOperationComplete), settlingTime: configuration.settling)
        case "keysight-n7731c":
            return KeysightN7731CSwitch(
                role: configuration.role, session: scpi(.clearAndOperationComplete), settlingTime: configuration.settling)
        case "jdsu-sb":
            return JDSUSBSwitch(
                role: configuration.role, session: lines(.cr, JDSUSBSwitch.sentinel), settlingTime: configuration.settling,
                channels: configuration.channels)
        case "keithley-2450", "keithley-2460", "keithley-2461", "keithley-2470":
            return Keithley2450Supply(
                role: configuration.role, session: scpi(.clearAndOperationComplete), limits: try supplyLimits(configuration),
                model: KeithleySourceMeterModel(driver: description.name) ?? .model2450)
        case "espec-p300":
            return EspecP300Chamber(
                role: configuration.role, session: lines(.crlf, nil), limits: try chamberLimits(configuration),
                address: configuration.busAddress, purgeRelay: configuration.purgeRelay,
                deadManSeconds: configuration.deadManSeconds)
        case "thermostream-ats":
            return ThermoStreamATS(
                role: configuration.role, session: lines(.lf, .identify), limits: try chamberLimits(configuration),
                model: configuration.thermoStreamModel, headControl: configuration.headControl,
                deadManSeconds: configuration.deadManSeconds)
        case "multilane-bert":
            return MultiLaneBERT(role: configuration.role, session: scpi(.identify), measurementWindow: configuration.timeout / 2)
        case "thorlabs-pm100":
            return ThorlabsPM100Meter(
                role: configuration.role, session: scpi(.clearAndOperationComplete),
                averageCount: configuration.averaging ?? ThorlabsPM100Meter.defaultAverageCount)
        case "keysight-e36312a":
            return KeysightE36312ASupply(
                role: configuration.role, session: scpi(.clearAndOperationComplete), limits: try supplyLimits(configuration),
                channel: configuration.output, pairing: configuration.pairing)
        case "keysight-daq970a":
            return KeysightDAQ970A(role: configuration.role, session: scpi(.clearAndOperationComplete))
        default:
            throw InstrumentError(.unsupported, role: configuration.role, driver: description.name, message: "no driver implementation")
        }
    }

    /// Opens the link, builds the driver and connects it (identity check included). `adaptLink`, when given,
    /// wraps the opened link before the driver gets it.
    public static func connect(
        _ configuration: DriverConfiguration, events: @escaping InstrumentEventSink,
        adaptLink: (@Sendable (any ByteLink) -> any ByteLink)? = nil
    ) async throws -> (instrument: any Instrument, identity: InstrumentProtocols.InstrumentIdentity) {
        let opened = try await openLink(configuration)
        let link = adaptLink?(opened) ?? opened
        do {
            if configuration.takesLock, let lockable = link as? any MessageLink {
                // Held until the link closes: destroy_link or the HiSLIP session's end releases it on the server.
                try await lockable.lock(timeout: configuration.timeout)
            }
            let instrument = try makeDriver(configuration, link: link, events: events)
            let identity = try await instrument.connect()
            return (instrument, identity)
        } catch {
            await link.close()
            throw error
        }
    }

    private static func chamberLimits(_ configuration: DriverConfiguration) throws -> ChamberLimits {
        guard let limits = configuration.chamberLimits else {
            throw InstrumentError(.unsupported, role: configuration.role, driver: configuration.driver, message: "a chamber needs the station's limits")
        }
        return limits
    }

    private static func supplyLimits(_ configuration: DriverConfiguration) throws -> SupplyLimits {
        guard let limits = configuration.supplyLimits else {
            throw InstrumentError(.unsupported, role: configuration.role, driver: configuration.driver, message: "a supply needs the station's limits")
        }
        return limits
    }
}
