/// Holding-register numbers of the Watlow F4 controller (signed 16-bit, scaled by the input's decimals).
///
/// Sources: ChamberConnectLibrary `watlowf4.py`; register 2000 from PyICe `TestEquity_115.py`
/// (TestEquity 115A, 9600 baud, unit 1, one decimal).
public enum WatlowF4Registers {
    /// 100: process value, loop 1.
    public static let processValueLoop1: UInt16 = 100
    /// 104: process value, loop 2.
    public static let processValueLoop2: UInt16 = 104
    /// 200: profile state; `profileRunning` (2) or `profileHolding` (3) while a profile is active.
    public static let profileState: UInt16 = 200
    /// 300: set point, loop 1.
    public static let setPointLoop1: UInt16 = 300
    /// 319: set point, loop 2.
    public static let setPointLoop2: UInt16 = 319
    /// 602: set-point range low limit, loop 1 (612 for loop 2).
    public static let setPointRangeLowLoop1: UInt16 = 602
    /// 603: set-point range high limit, loop 1 (613 for loop 2).
    public static let setPointRangeHighLoop1: UInt16 = 603
    /// 606: decimal places of analog input 1; with one decimal, 250 means 25.0.
    public static let decimalsInput1: UInt16 = 606
    /// 616: decimal places of analog input 2.
    public static let decimalsInput2: UInt16 = 616
    /// 626: decimal places of analog input 3.
    public static let decimalsInput3: UInt16 = 626
    /// 901: temperature units; non-zero means °C, zero °F.
    public static let temperatureUnits: UInt16 = 901
    /// 1916: time and date, six registers (hour, minute, second, month, day, year).
    public static let timeAndDate: UInt16 = 1916
    /// 2000: event 1, run/stop; its polarity depends on the chamber's wiring (``WatlowF4Wiring``).
    public static let runStop: UInt16 = 2000
    /// 1217: write 1 to terminate the running profile (ChamberConnectLibrary `watlowf4.py` `const_start`).
    public static let terminateProfile: UInt16 = 1217
    /// 4122: the live set point while a profile runs (ChamberConnectLibrary `watlowf4.py`).
    public static let profileSetPoint: UInt16 = 4122

    /// Register 200 value while a profile runs.
    public static let profileRunning: UInt16 = 2
    /// Register 200 value while a profile holds.
    public static let profileHolding: UInt16 = 3

    /// The process-value register of loop 1 or 2; nil for other loops.
    public static func processValue(loop: Int) -> UInt16? {
        switch loop {
        case 1: processValueLoop1
        case 2: processValueLoop2
        default: nil
        }
    }

    /// The set-point register of loop 1 or 2; nil for other loops.
    public static func setPoint(loop: Int) -> UInt16? {
        switch loop {
        case 1: setPointLoop1
        case 2: setPointLoop2
        default: nil
        }
    }

    /// The set-point range registers (low, high) of loop 1 or 2; nil for other loops.
    public static func setPointRange(loop: Int) -> (low: UInt16, high: UInt16)? {
        switch loop {
        case 1: (602, 603)
        case 2: (612, 613)
        default: nil
        }
    }

    /// The decimal-places register of analog input 1, 2 or 3; nil for other inputs.
    public static func decimals(input: Int) -> UInt16? {
        switch input {
        case 1: decimalsInput1
        case 2: decimalsInput2
        case 3: decimalsInput3
        default: nil
        }
    }
}
