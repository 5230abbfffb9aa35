import Certificates
import Foundation
import Testing

@Suite struct CertificateTimeTests {
    @Test func timesAreWrittenAsUTCToTheSecond() {
        #expect(CertificateTime(Date(timeIntervalSince1970: 0)).description == "1970-01-01T00:00:00Z")
        #expect(CertificateTime(Date(timeIntervalSince1970: 1_780_300_800.999)).description == "2026-06-01T08:00:00Z")
        #expect(CertificateTime(Date(timeIntervalSince1970: 1_835_440_496)).description == "2028-02-29T12:34:56Z")
        #expect(CertificateTime(Date(timeIntervalSince1970: -1)).description == "1969-12-31T23:59:59Z")
        #expect(CertificateTime(Date(timeIntervalSince1970: 1_780_300_800)).dateOnly == "2026-06-01")
    }

    @Test func parsingIsTheInverseOfWritingAndStrict() throws {
        for seconds: Int64 in [0, 951_782_400, 1_780_300_800, 1_835_440_496, 4_102_444_799] {
            let time = CertificateTime(secondsSince1970: seconds)
            #expect(CertificateTime(iso8601: time.description) == time)
        }
        for bad in [
            "2026-02-29T00:00:00Z", "2026-06-01T08:00:00", "2026-06-01 08:00:00Z", "2026-13-01T00:00:00Z",
            "2026-06-01T24:00:00Z", "26-06-01T08:00:00Z",
        ] {
            #expect(CertificateTime(iso8601: bad) == nil, "\(bad)")
        }
    }

    @Test func aMalformedTimeInACertificateIsADecodingError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CertificateTime].self, from: Data("[\"yesterday\"]".utf8))
        }
    }
}
