import Foundation
import Instruments

/// Watches interlocks and owns the path to the safe state.
///
/// Interlocks are the chamber's alarms (door, overheat, limit) and the supply's over-current trip. On any
/// interlock, fault, abort or signal, ``bringToSafeState(reason:)`` sends the chamber to the station's safe
/// temperature and turns the DUT supply off. It runs to completion even when the surrounding task is cancelled,
/// and each half is attempted even if the other fails.
public struct SafetySupervisor: Sendable {
    let station: ConnectedStation
    let recorder: RunRecorder?

    /// Creates a supervisor.
    public init(station: ConnectedStation, recorder: RunRecorder?) {
        self.station = station
        self.recorder = recorder
    }

    /// Throws a ``StationFault`` when an interlock has tripped.
    public func checkInterlocks() async throws {
        let alarms = try await station.chamber.alarms()
        if !alarms.isEmpty {
            throw StationFault("interlock: chamber alarm: \(alarms.joined(separator: "; "))")
        }
    }

    /// Throws when the supply is in current limit. A supply that still holds the settings it was given proves the
    /// DUT drew more than its limit: a ``DUTFailure``. A supply that had lost its settings (a reboot to a lower
    /// limit) proves nothing about the DUT: a ``StationFault``.
    public func checkSupply(_ reading: SupplyReading) async throws {
        guard reading.inCompliance else { return }
        if case .restored(let reason) = try await station.supply.restoreSettingsIfLost() {
            throw StationFault(
                "interlock: the DUT supply was in current limit after losing its settings (\(reason)): a station fault, not the DUT")
        }
        throw DUTFailure(
            "over-current: the DUT drew \(String(format: "%.3f", reading.amps)) A at \(String(format: "%.3f", reading.volts)) V, "
                + "at the supply's current limit; supply turned off")
    }

    /// Chamber to its safe temperature, DUT supply off. Returns what could not be done (empty when safe).
    @discardableResult
    public func bringToSafeState(reason: String) async -> [String] {
        // Run detached from the caller's cancellation: Ctrl-C must never skip the safe state.
        let station = self.station
        let failures = await Task.detached { () -> [String] in
            var failures: [String] = []
            do {
                try await station.supply.goToSafeState()
            } catch {
                failures.append("supply off failed: \(error)")
            }
            do {
                try await station.bert.setOutputs(false)
            } catch {
                // The BERT outputs are not a hazard; note it and go on.
                failures.append("BERT outputs off failed: \(error)")
            }
            do {
                try await station.chamber.goToSafeState()
            } catch {
                failures.append("chamber to safe temperature failed: \(error)")
            }
            return failures
        }.value
        recorder?.event(
            "abort",
            "safe state after \(reason): supply off, chamber to \(station.chamber.limits.safeCelsius) °C"
                + (failures.isEmpty ? "" : "; NOT SAFE: " + failures.joined(separator: "; ")))
        return failures
    }
}
