/// USB IDs QualStation recognises: instruments with a driver, and the USB-serial chips chamber controllers sit
/// behind (protocols.md §7).
public enum KnownUSBDevices {
    /// An instrument family QualStation has a driver for.
    public struct Instrument: Sendable, Equatable {
        /// idVendor.
        public var vendorID: UInt16
        /// idProduct.
        public var productID: UInt16
        /// The maker.
        public var vendor: String
        /// The model.
        public var model: String
        /// The driver name in station files, e.g. `thorlabs-pm100`.
        public var driver: String
    }

    /// A USB-serial converter chip.
    public struct SerialChip: Sendable, Equatable {
        /// idVendor.
        public var vendorID: UInt16
        /// idProduct.
        public var productID: UInt16
        /// The chip maker.
        public var vendor: String
        /// The chip, e.g. `FT232R`.
        public var chip: String
    }

    /// What to check when a USB-serial adapter is found.
    public static let serialAdapterNote = "USB-serial adapter: a thermal chamber controller is probably behind it"
        + " (watlow-f4 or espec-p300: check the controller)"

    /// Instruments with a driver.
    public static let instruments: [Instrument] = [
        Instrument(vendorID: 0x1313, productID: 0x8072, vendor: "Thorlabs", model: "PM100USB",
                   driver: "thorlabs-pm100"),
        Instrument(vendorID: 0x1313, productID: 0x8075, vendor: "Thorlabs", model: "PM400", driver: "thorlabs-pm100"),
        Instrument(vendorID: 0x1313, productID: 0x8076, vendor: "Thorlabs", model: "PM101", driver: "thorlabs-pm100"),
        Instrument(vendorID: 0x1313, productID: 0x8078, vendor: "Thorlabs", model: "PM100D", driver: "thorlabs-pm100"),
        Instrument(vendorID: 0x1313, productID: 0x8079, vendor: "Thorlabs", model: "PM100A", driver: "thorlabs-pm100"),
        Instrument(vendorID: 0x05E6, productID: 0x2450, vendor: "Keithley", model: "2450", driver: "keithley-2450"),
        // The 2460 enumerates as 0x05E6:0x2460 (a resource string `USB0::0x05E6::0x2460::…::INSTR` in
        // Shy1011/instrument_driver `Smu_Keithley_2460.py`).
        Instrument(vendorID: 0x05E6, productID: 0x2460, vendor: "Keithley", model: "2460", driver: "keithley-2460"),
        Instrument(vendorID: 0x2A8D, productID: 0x1102, vendor: "Keysight", model: "E36312A",
                   driver: "keysight-e36312a"),
    ]

    /// USB-serial chips (Linux ftdi_sio, pl2303, cp210x and ch341 drivers).
    public static let serialChips: [SerialChip] = [
        SerialChip(vendorID: 0x0403, productID: 0x6001, vendor: "FTDI", chip: "FT232R"),
        SerialChip(vendorID: 0x0403, productID: 0x6010, vendor: "FTDI", chip: "FT2232"),
        SerialChip(vendorID: 0x0403, productID: 0x6011, vendor: "FTDI", chip: "FT4232H"),
        SerialChip(vendorID: 0x0403, productID: 0x6014, vendor: "FTDI", chip: "FT232H"),
        SerialChip(vendorID: 0x0403, productID: 0x6015, vendor: "FTDI", chip: "FT-X"),
        SerialChip(vendorID: 0x067B, productID: 0x2303, vendor: "Prolific", chip: "PL2303"),
        SerialChip(vendorID: 0x10C4, productID: 0xEA60, vendor: "Silicon Labs", chip: "CP210x"),
        SerialChip(vendorID: 0x1A86, productID: 0x7523, vendor: "WCH", chip: "CH340"),
        SerialChip(vendorID: 0x1A86, productID: 0x7522, vendor: "WCH", chip: "CH340K"),
        SerialChip(vendorID: 0x1A86, productID: 0x5523, vendor: "WCH", chip: "CH341"),
    ]

    /// Makers of the instruments above, for devices whose strings cannot be read.
    static let vendorNames: [UInt16: String] = [
        0x1313: "Thorlabs", 0x05E6: "Keithley", 0x2A8D: "Keysight", 0x0957: "Agilent",
    ]

    /// The instrument with these IDs, if QualStation has a driver for it.
    public static func instrument(vendorID: UInt16, productID: UInt16) -> Instrument? {
        instruments.first { $0.vendorID == vendorID && $0.productID == productID }
    }

    /// The driver to put in a station file for these IDs, e.g. `thorlabs-pm100` for 0x1313:0x8078; `nil` for
    /// unknown IDs and USB-serial adapters (what is behind an adapter cannot be told from its IDs).
    public static func suggestedDriver(vendorID: UInt16, productID: UInt16) -> String? {
        instrument(vendorID: vendorID, productID: productID)?.driver
    }

    /// The USB-serial chip with these IDs, if it is one QualStation recognises.
    public static func serialChip(vendorID: UInt16, productID: UInt16) -> SerialChip? {
        serialChips.first { $0.vendorID == vendorID && $0.productID == productID }
    }

    /// The maker's name for a vendor ID, if known.
    public static func vendorName(vendorID: UInt16) -> String? {
        vendorNames[vendorID] ?? serialChips.first { $0.vendorID == vendorID }?.vendor
    }
}
