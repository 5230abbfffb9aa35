import Foundation
import GRDB
import Hummingbird

/// Every measurement of a run as CSV (superseded attempts included), streamed in chunks of rows so memory stays flat.
enum MeasurementCSV {
    static let header = "id,step_index,attempt,lane,quantity,value,unit,time_utc,instrument\n"
    static let chunk = 5000

    static func write(file: RunFile, into writer: inout any ResponseBodyWriter) async throws {
        defer { file.close() }
        try await writer.write(ByteBuffer(string: header))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var after: Int64 = 0
        while true {
            let (text, last, count) = try file.read("reading the measurements") { db -> (String, Int64, Int) in
                var text = ""
                var last = after
                var count = 0
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT id, step_index, attempt, lane, quantity, value, unit, time, instrument FROM measurement WHERE id > ? ORDER BY id LIMIT ?",
                    arguments: [after, chunk])
                while let row = try rows.next() {
                    let id: Int64 = row[0]
                    let lane: Int? = row[3]
                    let value: Double? = row[5]
                    let time: Double = row[7]
                    text += "\(id),\(row[1] as Int),\(row[2] as Int),\(lane.map(String.init) ?? ""),\(field(row[4])),"
                        + "\(value.map { "\($0)" } ?? ""),\(field(row[6])),\(formatter.string(from: Date(timeIntervalSinceReferenceDate: time))),\(field(row[8]))\n"
                    last = id
                    count += 1
                }
                return (text, last, count)
            }
            if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
            guard count == chunk else { break }
            after = last
        }
        try await writer.finish(nil)
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func field(_ text: String?) -> String {
        guard let text else { return "" }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
