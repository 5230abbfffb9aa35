/// How a Watlow F4 is wired into its chamber, where chambers really differ: which event output runs the
/// chamber and with which value, and whether the controller has a DUT (product) input.
///
/// Sources (instruments-audit.md, "watlow-f4"): ChamberConnectLibrary `watlowf4.py` `set_event` writes 1 to turn
/// an event output on, and reads input 3 (registers 108 / 626) only for cascade controllers (`get_cascade_pv`);
/// PyICe `TestEquity_115.py` runs a TestEquity 115A with event 1 = 0 and stops it with 1, because TestEquity wires
/// the chamber's "stop" to that output.
public struct WatlowF4Wiring: Sendable, Equatable, Codable {
    /// The event-output register that runs the chamber (2000 = event 1, 2010 = event 2, …).
    public var runEventRegister: UInt16
    /// The value of that register that runs the chamber; the other of 0 and 1 stops it.
    public var runEventOnValue: UInt16
    /// Whether input 3 exists and carries the DUT thermocouple (a cascade controller).
    public var dutInput: Bool

    /// The default: event 1 at register 2000 with 1 = on, as the F4 itself means an event output (an output
    /// that is "on" when set to 1, ChamberConnectLibrary), and no DUT input, since input 3 exists only on cascade
    /// controllers. A chamber wired the TestEquity way (0 = run) must say so in the station file
    /// (`run_event: { register: 2000, on_value: 0 }`): the polarity cannot be read from the controller, so the
    /// station file states it rather than the driver guessing it from one vendor's wiring.
    public static let standard = WatlowF4Wiring(runEventRegister: 2000, runEventOnValue: 1, dutInput: false)

    /// Creates a wiring.
    public init(runEventRegister: UInt16, runEventOnValue: UInt16, dutInput: Bool) {
        self.runEventRegister = runEventRegister
        self.runEventOnValue = runEventOnValue
        self.dutInput = dutInput
    }

    /// The value that stops the chamber.
    public var runEventOffValue: UInt16 { runEventOnValue == 0 ? 1 : 0 }

    /// The event registers of the F4 (events 1–8, registers 2000, 2010, … 2070; ChamberConnectLibrary
    /// `watlowf4.py`, event n at 2000 + 10·(n − 1)).
    public static let eventRegisters: [UInt16] = (0..<8).map { 2000 + UInt16($0) * 10 }
}
