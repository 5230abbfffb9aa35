import Foundation
import Instruments
import RunStore
import StationClock
import Synchronization

/// Commits readings and events to the run store as they are taken, tagged with the current step and attempt.
public final class RunRecorder: Sendable {
    /// The store.
    public let store: RunStore
    private let clock: any StationClock
    private let progress: any ProgressReporter
    private let position: Mutex<(step: Int?, attempt: Int)> = Mutex((nil, 0))

    /// Creates a recorder.
    public init(store: RunStore, clock: any StationClock, progress: any ProgressReporter) {
        self.store = store
        self.clock = clock
        self.progress = progress
    }

    /// Marks a step started; returns its attempt number.
    public func begin(step index: Int) throws -> Int {
        let attempt = try store.beginStep(index, at: clock.now)
        position.withLock { $0 = (index, attempt) }
        return attempt
    }

    /// Marks the current step complete.
    public func complete(step index: Int) throws {
        try store.completeStep(index, at: clock.now)
        position.withLock { $0 = (nil, 0) }
    }

    /// One reading to record.
    public struct Reading: Sendable {
        /// Lane, or nil for station-wide quantities.
        public var lane: Int?
        /// Quantity name.
        public var quantity: String
        /// Value.
        public var value: Double
        /// Unit.
        public var unit: String
        /// Instrument role.
        public var instrument: String

        /// Creates a reading.
        public init(lane: Int? = nil, quantity: String, value: Double, unit: String, instrument: String) {
            self.lane = lane
            self.quantity = quantity
            self.value = value
            self.unit = unit
            self.instrument = instrument
        }
    }

    /// Commits a batch of readings taken now, in one transaction.
    public func record(_ readings: [Reading]) throws {
        guard !readings.isEmpty else { return }
        let (step, attempt) = position.withLock { $0 }
        guard let step else { return }
        let now = clock.now
        try store.record(
            readings.map {
                MeasurementRecord(
                    stepIndex: step, attempt: attempt, lane: $0.lane, quantity: $0.quantity, value: $0.value, unit: $0.unit,
                    time: now, instrument: $0.instrument)
            })
    }

    /// Records an event and reports it.
    public func event(_ kind: String, _ message: String) {
        let step = position.withLock { $0.step }
        try? store.record(EventRecord(time: clock.now, stepIndex: step, kind: kind, message: message))
        progress.event("\(kind): \(message)")
    }

    /// A sink for driver events (retries, faults) that records them.
    public var instrumentEvents: InstrumentEventSink {
        { [weak self] event in
            self?.event(event.kind.rawValue, "\(event.role): \(event.message)")
        }
    }
}
