import Instruments
import StationConfiguration
import StationLinks

extension DriverConfiguration {
    /// The configuration of one station-file instrument, with the station's hard limits attached.
    ///
    /// - Parameters:
    ///   - entry: the instrument as the station file declares it.
    ///   - station: the station file, for its chamber and supply limits.
    ///   - resource: where the instrument actually listens; replaces the entry's resource (simulators replace `sim`).
    public init(entry: InstrumentEntry, station: StationFile, resource: ResourceString? = nil) {
        let limits = station.limits
        self.init(
            role: entry.role.rawValue, driver: entry.driver, resource: resource ?? entry.resource,
            serial: entry.serial ?? SerialSettings(), modbusAddress: entry.modbusAddress,
            timeout: entry.timeout, retries: entry.retries, settling: entry.settling,
            chamberLimits: ChamberLimits(
                minimumCelsius: limits.chamberMinimumCelsius, maximumCelsius: limits.chamberMaximumCelsius,
                maximumRampKelvinPerMinute: limits.maximumRampKelvinPerMinute, safeCelsius: limits.safeCelsius),
            supplyLimits: SupplyLimits(maximumVolts: limits.supplyMaximumVolts, maximumAmps: limits.supplyMaximumAmps))
        output = entry.output
        averaging = entry.averaging
        busAddress = entry.busAddress
        purgeRelay = entry.purgeRelay
        if let port = entry.portmapperPort { portmapperPort = UInt16(clamping: port) }
        watlowWiring = entry.watlowWiring
        thermoStreamModel = entry.thermoStreamModel
        headControl = entry.headControl
        pairing = entry.pairing
        channels = entry.channels
        deadManSeconds = entry.deadManSeconds
    }
}
