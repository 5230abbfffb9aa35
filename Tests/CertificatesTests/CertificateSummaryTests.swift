import Certificates
import Foundation
import Testing

@Suite struct CertificateSummaryTests {
    @Test func theSummaryStartsWithTheVerdictAndListsWhatMatters() throws {
        let document = try CertificateFixture.document()
        let text = CertificateSummary.render(document, useColor: false)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("PASS") == true)
        #expect(!text.contains("\u{1B}["))
        for criterion in document.criteria {
            #expect(
                lines.contains { $0.contains(criterion.name) && $0.contains(criterion.verdict.rawValue) },
                "\(criterion.name)")
        }
        #expect(
            lines.contains { $0.contains("meter") && $0.contains("Keysight N7744C") && $0.contains("due 2027-03-01") })
        #expect(text.contains("Lanes: 3 of 416 failed (16 spares): 7, 13, 405"))
        #expect(text.contains("Remap: 7→400, 13→401"))
        #expect(text.contains("Deviations: 1 (1 retry)"))
    }

    @Test func aFailingSummaryShowsTheFailingCriteriaFirstAndInColour() throws {
        let document = try CertificateFixture.document(energyLimit: 0.5)
        let plain = CertificateSummary.render(document, useColor: false)
        #expect(plain.hasPrefix("FAIL"))
        let failingHeader = try #require(plain.range(of: "Criteria not met:"))
        let allCriteria = try #require(plain.range(of: "\nCriteria:"))
        #expect(failingHeader.upperBound < allCriteria.lowerBound)
        let coloured = CertificateSummary.render(document, useColor: true)
        #expect(coloured.hasPrefix("\u{1B}[1;31mFAIL\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[32mPASS"))
    }
}
