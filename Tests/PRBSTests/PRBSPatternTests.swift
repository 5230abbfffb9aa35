import Foundation
import PRBS
import Testing

@Suite struct PRBSPatternTests {
    @Test func rawValuesAreTheUpperCaseNames() {
        #expect(PRBSPattern.allCases.map(\.rawValue) == [
            "PRBS7", "PRBS9", "PRBS11", "PRBS13", "PRBS15", "PRBS20", "PRBS23", "PRBS31",
        ])
    }

    @Test(arguments: ["prbs31", "PRBS31", "2^31-1", "2^31 - 1", " PRBS-31 ", "Prbs_31", "PRBS 31", "31"])
    func lenientNamesParse(_ name: String) {
        #expect(PRBSPattern(name: name) == .prbs31)
    }

    @Test(arguments: ["PRBS29", "", "PRBS", "2^31", "PRBS31x", "x^31+x^28+1", "2^7-1-1", "PRBS٣١"])
    func unknownNamesAreRejected(_ name: String) {
        #expect(PRBSPattern(name: name) == nil)
    }

    @Test func everyPatternParsesFromItsOwnForms() {
        for pattern in PRBSPattern.allCases {
            #expect(PRBSPattern(name: pattern.rawValue) == pattern)
            #expect(PRBSPattern(name: pattern.rawValue.lowercased()) == pattern)
            #expect(PRBSPattern(name: "2^\(pattern.degree)-1") == pattern)
        }
    }

    @Test func degreesPeriodsAndTaps() {
        #expect(PRBSPattern.allCases.map(\.degree) == [7, 9, 11, 13, 15, 20, 23, 31])
        let periods = [127, 511, 2047, 8191, 32767, 1_048_575, 8_388_607, 2_147_483_647]
        #expect(PRBSPattern.allCases.map(\.period) == periods)
        for pattern in PRBSPattern.allCases {
            #expect(pattern.tapExponents == documentedExponents[pattern])
            #expect(pattern.tapExponents.first == pattern.degree)
        }
        #expect(PRBSPattern.prbs13.tapExponents.count == 4)
    }

    @Test func polynomialsReadAsInTheTable() {
        #expect(PRBSPattern.prbs31.polynomial == "x^31 + x^28 + 1")
        #expect(PRBSPattern.prbs13.polynomial == "x^13 + x^12 + x^2 + x + 1")
    }

    @Test func o150InvertsOnlyPRBS15_23_31() {
        let inverted = PRBSPattern.allCases.filter(\.isInvertedByO150)
        #expect(inverted == [.prbs15, .prbs23, .prbs31])
    }

    @Test func encodesAsRawValueAndDecodesLeniently() throws {
        let encoded = try JSONEncoder().encode([PRBSPattern.prbs31, .prbs7])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["PRBS31","PRBS7"]"#)
        let decoded = try JSONDecoder().decode([PRBSPattern].self, from: Data(#"["2^23-1","prbs9","PRBS15"]"#.utf8))
        #expect(decoded == [.prbs23, .prbs9, .prbs15])
    }

    @Test func decodingAnUnknownPatternNamesTheAcceptedOnes() {
        #expect {
            try JSONDecoder().decode([PRBSPattern].self, from: Data(#"["PRBS29"]"#.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else {
                return false
            }
            return context.debugDescription.contains("PRBS29") && context.debugDescription.contains("PRBS31")
        }
    }
}
