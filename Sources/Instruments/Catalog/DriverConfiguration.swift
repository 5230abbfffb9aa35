import InstrumentProtocols
import StationLinks

/// Everything needed to open a link and build one driver.
public struct DriverConfiguration: Sendable {
    /// The station role, e.g. `chamber`.
    public var role: String
    /// The driver name (canonical or alias).
    public var driver: String
    /// Where the instrument is.
    public var resource: ResourceString
    /// Serial settings for serial resources.
    public var serial: SerialSettings
    /// Modbus unit address.
    public var modbusAddress: Int
    /// Reply timeout.
    public var timeout: Duration
    /// Retries on a glitch.
    public var retries: Int
    /// Switch settling time.
    public var settling: Duration
    /// Chamber limits (chambers).
    public var chamberLimits: ChamberLimits?
    /// Supply limits (supplies).
    public var supplyLimits: SupplyLimits?
    /// Which output of a multi-output supply powers the DUT (Keysight E36312A: 1, 2 or 3).
    public var output: Int = 1
    /// How many readings a meter averages per result (Thorlabs PM100), when set.
    public var averaging: Int?
    /// The controller's address on a multi-drop bus (Espec RS-485), when set.
    public var busAddress: Int?
    /// The relay that switches the dry-air purge (Espec), when the chamber has one.
    public var purgeRelay: Int?
    /// The port of the host's ONC RPC portmapper, for VXI-11 resources: 111 unless the station file's
    /// `portmapper_port` (or a simulator that could not bind 111) says otherwise.
    public var portmapperPort: UInt16 = 111
    /// Whether connecting takes the instrument's lock on links that have one (VXI-11, HiSLIP), so that no second
    /// controller can interleave commands while this one holds the station; `probe --no-lock` turns it off.
    public var takesLock = true
    /// How a Watlow F4 is wired: its run event and polarity, and whether it has a DUT input.
    public var watlowWiring: WatlowF4Wiring = .standard
    /// The ThermoStream model (`model:`), when the station file names it.
    public var thermoStreamModel: ThermoStreamModel?
    /// Whether the ThermoStream driver may lower the test head (`head_control:`).
    public var headControl = false
    /// The output pairing a Keysight E36312A must report (`pairing:` off, parallel or series).
    public var pairing = "OFF"
    /// The channel count the station file declares (`channels:`), for instruments that cannot report theirs (a
    /// JDSU SB switch whose `IDN?` part number does not spell it).
    public var channels: Int?
    /// The chamber-side dead man in seconds (`dead_man_seconds:`), 0 for none: the ThermoStream's `TTIM`.
    public var deadManSeconds = 0

    /// Creates a configuration.
    public init(
        role: String, driver: String, resource: ResourceString, serial: SerialSettings = SerialSettings(), modbusAddress: Int = 1,
        timeout: Duration = .seconds(2), retries: Int = 3, settling: Duration = .milliseconds(20),
        chamberLimits: ChamberLimits? = nil, supplyLimits: SupplyLimits? = nil
    ) {
        self.role = role
        self.driver = driver
        self.resource = resource
        self.serial = serial
        self.modbusAddress = modbusAddress
        self.timeout = timeout
        self.retries = retries
        self.settling = settling
        self.chamberLimits = chamberLimits
        self.supplyLimits = supplyLimits
    }
}
