import Testing
@testable import USBLinks

@Suite("bTag sequences")
struct TagSequenceTests {
    @Test("bTag starts at 1 and increments")
    func startsAtOne() {
        var tags = USBTMCTagSequence()
        #expect(tags.last == nil)
        #expect(tags.next() == 1)
        #expect(tags.next() == 2)
        #expect(tags.next() == 3)
        #expect(tags.last == 3)
    }

    @Test("bTag wraps from 255 to 1, never 0")
    func wrapsSkippingZero() {
        var tags = USBTMCTagSequence(first: 254)
        #expect(tags.next() == 254)
        #expect(tags.next() == 255)
        #expect(tags.next() == 1)
        #expect(tags.next() == 2)
    }

    @Test("a full cycle visits 1…255 once each and never 0")
    func fullCycle() {
        var tags = USBTMCTagSequence()
        let cycle = (0..<255).map { _ in tags.next() }
        #expect(Set(cycle) == Set(1...255))
        #expect(tags.next() == 1)
    }

    @Test("a start of 0 is replaced by 1")
    func zeroStart() {
        var tags = USBTMCTagSequence(first: 0)
        #expect(tags.next() == 1)
    }

    @Test("READ_STATUS_BYTE tags run 2…127 and wrap to 2")
    func statusTags() {
        var tags = USBTMCStatusTagSequence()
        let cycle = (0..<126).map { _ in tags.next() }
        #expect(cycle.first == 2)
        #expect(cycle.last == 127)
        #expect(Set(cycle) == Set(2...127))
        #expect(tags.next() == 2)
        var clamped = USBTMCStatusTagSequence(first: 1)
        #expect(clamped.next() == 2)
    }
}
