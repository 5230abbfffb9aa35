import CoreMetrics
import Foundation
import Prometheus

/// `/metrics`: figures from run.sqlite in Prometheus's text format, through swift-metrics handlers backed by a
/// swift-prometheus registry made afresh for each scrape (so a deleted run's series disappear with it).
///
/// Every run has `qualstation_run_info` and `qualstation_run_state{state=…}`; runs with progress (live or interrupted)
/// add step, phase, temperatures, soak band and last reading time; every run adds its lane and event figures.
/// Labels: `station`, `run`, `dut` (plus `profile`, `state`, `phase` where named).
enum ConsoleMetrics {
    static func render(_ catalog: RunCatalog) async -> String {
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        for run in await catalog.list() {
            let labels = [("station", run.station), ("run", run.id), ("dut", run.dut)]
            func gauge(_ name: String, _ value: Double?, extra: [(String, String)] = []) {
                guard let value, value.isFinite else { return }
                Gauge(label: name, dimensions: labels + extra, factory: factory).record(value)
            }
            func counter(_ name: String, _ value: Int) {
                Counter(label: name, dimensions: labels, factory: factory).increment(by: value)
            }
            gauge("qualstation_run_info", 1, extra: [("profile", run.profile), ("lot", run.lot ?? "")])
            gauge("qualstation_run_state", 1, extra: [("state", run.state)])
            gauge("qualstation_run_live", run.state == "live" ? 1 : 0)
            gauge("qualstation_run_started_timestamp_seconds", run.startedAt.timeIntervalSince1970)
            if let progress = run.progress {
                gauge("qualstation_run_step", progress.stepIndex.map { Double($0 + 1) })
                gauge("qualstation_run_steps", Double(progress.stepCount))
                gauge("qualstation_run_steps_complete", Double(progress.stepsComplete))
                gauge("qualstation_run_phase", 1, extra: [("phase", progress.phase)])
                gauge("qualstation_chamber_air_celsius", progress.airCelsius)
                gauge("qualstation_dut_temperature_celsius", progress.dutCelsius)
                gauge("qualstation_chamber_setpoint_celsius", progress.setpointCelsius)
                gauge("qualstation_run_remaining_seconds", progress.remainingSeconds)
                gauge("qualstation_last_reading_timestamp_seconds", progress.lastReadingAt?.timeIntervalSince1970)
                if let soak = try? await catalog.soak(id: run.id) {
                    gauge("qualstation_step_setpoint_celsius", soak.setpointCelsius)
                    gauge("qualstation_soak_band_kelvin", soak.bandKelvin)
                }
            }
            guard let figures = try? await catalog.figures(id: run.id) else { continue }
            gauge("qualstation_lanes_decided", Double(figures.lanes.decided))
            gauge("qualstation_lanes_failed", Double(figures.lanes.failed))
            gauge("qualstation_lanes_remapped", Double(figures.lanes.remapped))
            gauge("qualstation_chamber_alarm", figures.counts.chamberAlarm ? 1 : 0)
            counter("qualstation_instrument_retries_total", figures.counts.retries)
            counter("qualstation_station_faults_total", figures.counts.faults)
            counter("qualstation_deviations_total", figures.counts.deviations)
        }
        return registry.emitToString()
    }
}
