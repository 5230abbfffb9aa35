import Foundation
import InstrumentProtocols
import Instruments
import StationConfiguration

/// The bench as the sequencer sees it: one connected driver per role, the lane map and the limits.
public struct ConnectedStation: Sendable {
    /// The chamber.
    public var chamber: any ThermalChamber
    /// The BERT.
    public var bert: any BitErrorRatioTester
    /// The power meter.
    public var meter: any OpticalPowerMeter
    /// The switch in front of the meter, if any.
    public var opticalSwitch: (any OpticalSwitch)?
    /// The DUT supply.
    public var supply: any PowerSupply
    /// The thermocouple reader of a batch station's sockets (`instruments.thermocouples`), if any.
    public var thermocouples: (any ThermocoupleReader)?
    /// Each instrument's identity reply, by role.
    public var identities: [InstrumentRole: InstrumentIdentity]
    /// The station file it was built from.
    public var file: StationFile

    /// Creates a connected station.
    public init(
        chamber: any ThermalChamber, bert: any BitErrorRatioTester, meter: any OpticalPowerMeter,
        opticalSwitch: (any OpticalSwitch)?, supply: any PowerSupply, thermocouples: (any ThermocoupleReader)? = nil,
        identities: [InstrumentRole: InstrumentIdentity], file: StationFile
    ) {
        self.thermocouples = thermocouples
        self.chamber = chamber
        self.bert = bert
        self.meter = meter
        self.opticalSwitch = opticalSwitch
        self.supply = supply
        self.identities = identities
        self.file = file
    }

    /// Disconnects every instrument.
    public func disconnect() async {
        await chamber.disconnect()
        await bert.disconnect()
        await meter.disconnect()
        await opticalSwitch?.disconnect()
        await supply.disconnect()
        await thermocouples?.disconnect()
    }
}
