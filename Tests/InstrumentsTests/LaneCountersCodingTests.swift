import Foundation
import Instruments
import Testing

@Suite("Lane counters on disk")
struct LaneCountersCodingTests {
    @Test("counters written before lockLost existed decode as no loss; new ones keep the flag")
    func lockLostDecodes() throws {
        let old = Data(#"{"channel":3,"comparedBits":4000,"errors":1,"synchronized":true}"#.utf8)
        let decoded = try JSONDecoder().decode(LaneCounters.self, from: old)
        #expect(decoded == LaneCounters(channel: 3, comparedBits: 4000, errors: 1, synchronized: true))
        #expect(!decoded.lockLost)
        let lost = LaneCounters(channel: 5, comparedBits: 7, errors: 0, synchronized: true, lockLost: true)
        #expect(try JSONDecoder().decode(LaneCounters.self, from: JSONEncoder().encode(lost)) == lost)
    }
}
