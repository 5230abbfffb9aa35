import Foundation
import RunStore

/// The chamber air and DUT temperature history of a run, for the certificate's temperature plot.
public enum TemperatureLog {
    /// One poll of the chamber: time, air temperature and, when the chamber has a DUT sensor, DUT temperature (°C).
    public typealias Entry = (Date, air: Double, dut: Double?)

    /// Every air temperature reading in the run store, superseded attempts included, paired with the DUT reading
    /// taken in the same poll, in time order. Streams the store, so only the temperatures are held in memory.
    public static func read(from store: RunStore) throws -> [Entry] {
        var log: [Entry] = []
        var pending: (time: Date, air: Double)?
        try store.forEachMeasurement { reading in
            switch reading.quantity {
            case "air_temperature":
                if let previous = pending { log.append((previous.time, air: previous.air, dut: nil)) }
                pending = reading.value.isFinite ? (reading.time, reading.value) : nil
            case "dut_temperature":
                if let previous = pending, previous.time == reading.time {
                    log.append((previous.time, air: previous.air, dut: reading.value.isFinite ? reading.value : nil))
                    pending = nil
                }
            default:
                break
            }
        }
        if let previous = pending { log.append((previous.time, air: previous.air, dut: nil)) }
        return stableSortedByTime(log)
    }

    /// At most `maximum` entries that keep the shape of `log`: the entries are split into `maximum / 2` runs of
    /// consecutive polls and each run contributes its coldest and its hottest air reading, in time order.
    public static func downsample(_ log: [Entry], to maximum: Int) -> [Entry] {
        guard log.count > maximum, maximum >= 2 else { return log }
        let buckets = maximum / 2
        var result: [Entry] = []
        result.reserveCapacity(maximum)
        for bucket in 0..<buckets {
            let start = bucket * log.count / buckets
            let end = (bucket + 1) * log.count / buckets
            guard start < end else { continue }
            var coldest = start
            var hottest = start
            for index in start..<end {
                if log[index].air < log[coldest].air { coldest = index }
                if log[index].air > log[hottest].air { hottest = index }
            }
            for index in Set([coldest, hottest]).sorted() { result.append(log[index]) }
        }
        return result
    }

    private static func stableSortedByTime(_ log: [Entry]) -> [Entry] {
        let ordered = zip(log.indices, log).sorted { lhs, rhs in
            lhs.1.0 == rhs.1.0 ? lhs.0 < rhs.0 : lhs.1.0 < rhs.1.0
        }
        return ordered.map(\.1)
    }
}
