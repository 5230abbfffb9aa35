import Certificates
import Foundation
import LinkStatistics
import Qualification
import RunStore
import Testing

@Suite struct CertificateDocumentTests {
    @Test func theDocumentHoldsEveryReportField() throws {
        let fixture = try CertificateFixture.make()
        defer { fixture.remove() }
        let document = fixture.document
        #expect(document.format == "qualstation-certificate/1")
        #expect(document.id == "QS-" + CertificateFixture.runID)
        #expect(document.title == "Micro LED CPO array two-point qualification")
        #expect(
            document.lab
                == .init(
                    name: "Example Photonics Test Lab", address: "1 Photonics Way, Eindhoven, NL",
                    location: "Building 2, bay 3"))
        #expect(document.station.id == "TEST-CPO-07")
        #expect(document.station.name == "Test CPO bench")
        #expect(document.station.file == fixture.station.path)
        #expect(document.station.fileSHA256 == fixture.station.sha256)
        #expect(document.station.fileSHA256.count == 64)
        #expect(document.dut.serial == "SN-000123")
        #expect(document.dut.part == "MLED-CPO-416")
        #expect(document.dut.lot == "LOT-42")
        #expect(document.dut.spares == 16)
        #expect(document.profile.name == "two-step-test")
        #expect(document.profile.version == "2.1")
        #expect(document.profile.file == fixture.profile.path)
        #expect(document.profile.fileSHA256 == fixture.profile.sha256)
        #expect(document.software == .init(name: "QualStation", version: "1.0.0"))
        #expect(document.operator == "A. Tester")
        #expect(document.times.started.description == "2026-06-01T08:00:00Z")
        #expect(document.times.ended == fixture.run.endedAt.map(CertificateTime.init))
        #expect(document.times.issued.description == "2026-06-01T12:00:00Z")
        #expect(document.run.metadata["customer"] == "Example Optics")
        #expect(
            document.statement
                == "The results relate only to the item tested. This certificate shall not be reproduced except in full."
        )
        #expect(document.endMark == "End of certificate")
        #expect(document.decisionRule.kind == "guard_band")
        #expect(document.decisionRule.text.contains("ILAC-G8"))
        #expect(document.verdict == .pass)
        #expect(document.reasons == fixture.assessment.reasons)
    }

    @Test func instrumentsCarryIdentityAndCalibration() throws {
        let document = try CertificateFixture.document()
        #expect(document.instruments.map(\.role) == ["chamber", "bert", "meter", "supply"])
        let meter = try #require(document.instruments.first { $0.role == "meter" })
        #expect(meter.driver == "keysight-n774x")
        #expect(meter.manufacturer == "Keysight")
        #expect(meter.model == "N7744C")
        #expect(meter.serial == "MY-55")
        #expect(meter.firmware == "1.7.0")
        let calibration = try #require(meter.calibration)
        #expect(calibration.certificate == "CAL-PM-0001")
        #expect(calibration.by == "Optical Metrology Inc")
        #expect(calibration.calibrated.description == "2026-03-01T00:00:00Z")
        #expect(calibration.due.description == "2027-03-01T00:00:00Z")
        #expect(calibration.uncertainty == ["optical_power_percent": 1.5])
        #expect(calibration.validDuringRun)
    }

    @Test func environmentIsComputedFromEachStepsTemperatureReadings() throws {
        let document = try CertificateFixture.document()
        #expect(document.environment.map(\.index) == [0, 1])
        #expect(document.environment.map(\.setpointCelsius) == [25, 85])
        for step in document.environment {
            let air = CertificateFixture.air[step.index]
            let dut = CertificateFixture.dut[step.index]
            #expect(step.name == "\(Int(step.setpointCelsius)) °C")
            #expect(step.status == "complete")
            #expect(step.attempts == 1)
            #expect(step.started != nil && step.ended != nil)
            #expect(step.airMinimumCelsius == air.min())
            #expect(step.airMaximumCelsius == air.max())
            #expect(step.dutMinimumCelsius == dut.min())
            #expect(step.dutMaximumCelsius == dut.max())
            #expect(abs((step.dutMeanCelsius ?? 0) - dut.reduce(0, +) / Double(dut.count)) < 1e-12)
            #expect(step.samples == air.count)
            // The measurement window apart from the ramp and soak: its own DUT minimum, mean and maximum.
            let window = try #require(step.measurement)
            let offsets = CertificateFixture.window
            #expect(window.samples == offsets.count)
            #expect(abs((window.dutMinimumCelsius ?? 0) - (step.setpointCelsius + (offsets.min() ?? 0))) < 1e-9)
            #expect(abs((window.dutMaximumCelsius ?? 0) - (step.setpointCelsius + (offsets.max() ?? 0))) < 1e-9)
            #expect(window.bandKelvin == 1)
            #expect(window.repeats == 0)
            #expect(abs((step.picojoulesPerBit ?? 0) - 1.8 * 0.8889 / (400 * 4e9) * 1e12) < 1e-9)
        }
    }

    @Test func criteriaAreTheAssessmentsWithRuleAndUncertainty() throws {
        let fixture = try CertificateFixture.make()
        defer { fixture.remove() }
        let criteria = fixture.document.criteria
        #expect(criteria.map(\.name) == fixture.assessment.criteria.map(\.name))
        #expect(criteria.map(\.verdict) == fixture.assessment.criteria.map(\.verdict))
        #expect(criteria.map(\.rule) == fixture.assessment.criteria.map(\.decisionRule))
        let energy = try #require(criteria.first { $0.name == "energy per bit at 85 °C" })
        #expect(energy.limit == 2.0)
        #expect(energy.unit == "pJ/bit")
        #expect(energy.uncertainty != nil)
        #expect(energy.rule.contains("guard band"))
    }

    @Test func lanesRemapAndDeviationsDescribeTheRun() throws {
        let document = try CertificateFixture.document()
        #expect(document.lanes.count == 416)
        #expect(document.failedLanes.map(\.lane) == [7, 13, 405])
        #expect(document.remap == [.init(active: 7, spare: 400), .init(active: 13, spare: 401)])
        #expect(document.lanes[7].remappedWith == 400)
        #expect(document.lanes[400].remappedWith == 7)
        #expect(document.lanes[0].verdict == .pass)
        #expect(document.lanes[405].role == "spare")
        let weak = document.lanes[13]
        #expect(weak.power.map(\.celsius) == [25, 85])
        #expect(weak.power.map(\.watts) == [50e-6, 30e-6])
        #expect(weak.failures.contains { $0.contains("retention") })
        let dead = try #require(document.lanes[405].ber.first)
        #expect(dead.lockLosses == 1)
        #expect(!dead.meetsTarget)
        #expect(document.lanes[405].failures.contains { $0.contains("no lock") })
        #expect(document.deviations.count == 1)
        let retry = try #require(document.deviations.first)
        #expect(retry.kind == "retry")
        #expect(retry.step == 1)
        #expect(retry.message.contains("retry 1 of 3"))
    }

    @Test func everyBERVerdictCanBeRecomputedFromTheDocumentAlone() throws {
        let document = try CertificateFixture.document()
        let gates = Dictionary(uniqueKeysWithValues: document.limits.berGates.map { ($0.step, $0) })
        #expect(gates.count == 2)
        var checked = 0
        for lane in document.lanes {
            for entry in lane.ber {
                let gate = try #require(gates[entry.step])
                #expect(entry.targetBER == gate.targetBER)
                // Accepted at a look at or below its bits with errors within that look's threshold, and never more
                // errors than the plan allows; the plan's exact false acceptance is at most 1 − confidence.
                let bits = try #require(entry.comparedBits)
                let errors = try #require(entry.errors)
                let reached = gate.looks.last { $0.bits <= bits }
                let accepted = errors <= Double(gate.maximumErrors) && reached.map { errors <= Double($0.acceptErrors) } == true
                #expect(entry.meetsTarget == (accepted && entry.lockLosses == 0))
                #expect(gate.acceptanceAtTarget <= 1 - gate.confidence + 1e-12)
                checked += 1
            }
        }
        #expect(checked == 2 * 416)
        #expect(VerdictRecomputation.mismatches(document).isEmpty)
        #expect(document.lanes[7].ber.map(\.meetsTarget) == [true, false])
    }

    @Test func theJSONRoundTripsAndIsDeterministic() throws {
        let document = try CertificateFixture.document()
        let data = try document.jsonData()
        #expect(try CertificateDocument.decode(from: data) == document)
        #expect(try document.jsonData() == data)
        #expect(data.last == UInt8(ascii: "\n"))
        let reencoded = try CertificateDocument.decode(from: data).jsonData()
        #expect(reencoded == data)
    }

    @Test func theJSONUsesSnakeCaseKeysISOTimesAndExplicitNulls() throws {
        let data = try CertificateFixture.document().jsonData()
        let text = String(decoding: data, as: UTF8.self)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in [
            "format", "id", "title", "lab", "station", "dut", "profile", "run", "instruments", "software", "operator",
            "times",
            "environment", "decision_rule", "limits", "criteria", "lanes", "remap", "deviations", "verdict", "reasons",
            "statement", "end_mark",
        ] {
            #expect(root[key] != nil, "missing \(key)")
        }
        #expect(text.contains("\"file_sha256\""))
        #expect(text.contains("\"started\" : \"2026-06-01T08:00:00Z\""))
        #expect(text.contains("\"compared_bits\" : 4000000000000"))
        #expect(!text.contains("\\/"))
        let lanes = try #require(root["lanes"] as? [[String: Any]])
        let lane = try #require(lanes.first)
        #expect(lane["remapped_with"] is NSNull)
        #expect(lane["drift"] is NSNull)
        let ber = try #require((lanes[405]["ber"] as? [[String: Any]])?.first)
        #expect(ber["decision"] as? String == "reject")
        #expect(ber["lock_losses"] as? Int == 1)
        let environment = try #require((root["environment"] as? [[String: Any]])?.first)
        for key in [
            "dut_min_celsius", "dut_mean_celsius", "dut_max_celsius", "air_min_celsius", "air_max_celsius",
            "setpoint_celsius",
        ] {
            #expect(environment[key] is NSNumber, "environment.\(key)")
        }
    }

    @Test func aProfileThatIsNotTheRunsIsRefused() throws {
        let fixture = try CertificateFixture.make()
        defer { fixture.remove() }
        var run = fixture.run
        run.profileSHA256 = String(repeating: "0", count: 64)
        #expect(throws: CertificateBuildError.self) {
            try CertificateBuilder.build(
                run: run, plan: fixture.plan, assessment: fixture.assessment, store: fixture.store,
                identities: fixture.identities, softwareVersion: "1.0.0", issuedAt: CertificateFixture.issued)
        }
    }

    @Test func aFailingPartCarriesItsFailingCriteria() throws {
        let document = try CertificateFixture.document(energyLimit: 0.5)
        #expect(document.verdict == .fail)
        #expect(document.failingCriteria.map(\.name) == ["energy per bit at 25 °C", "energy per bit at 85 °C"])
        #expect(document.reasons.allSatisfy { $0.hasPrefix("energy per bit") })
    }

    @Test func anAbortedRunIsIncompleteWithNullsForWhatWasNeverMeasured() throws {
        let document = try CertificateFixture.document(aborted: true)
        #expect(document.verdict == .incomplete)
        #expect(document.reasons.first == "run incomplete: aborted by the operator (signal)")
        #expect(document.run.status == "incomplete")
        #expect(document.run.incompleteReason == "aborted by the operator (signal)")
        let pending = try #require(document.environment.last)
        #expect(pending.status == "pending")
        #expect(pending.attempts == 0)
        #expect(pending.started == nil)
        #expect(pending.dutMeanCelsius == nil && pending.airMaximumCelsius == nil)
        #expect(pending.samples == 0)
        #expect(document.deviations.map(\.kind) == ["abort"])
        let data = try document.jsonData()
        #expect(try CertificateDocument.decode(from: data) == document)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let step = try #require((root["environment"] as? [[String: Any]])?.last)
        #expect(step["dut_mean_celsius"] is NSNull)
        #expect(step["started"] is NSNull)
        let html = CertificateHTML.render(document, temperatureLog: [])
        let firstSVG = try #require(html.range(of: "<svg"))
        let verdict = try #require(html.range(of: "<div class=\"verdict-word\">INCOMPLETE</div>"))
        #expect(verdict.upperBound <= firstSVG.lowerBound)
        #expect(CertificateSummary.render(document, useColor: false).hasPrefix("INCOMPLETE"))
    }

    @Test func aStepsResynchronisationsAreOneDeviationNamingEveryLane() {
        let start = Date(timeIntervalSince1970: 1_780_300_800)
        let events = [
            EventRecord(time: start, stepIndex: 1, kind: ResyncEvent.kind, message: ResyncEvent.message(lane: 11)),
            EventRecord(time: start.addingTimeInterval(1), stepIndex: 1, kind: "retry", message: "bert: retry 1 of 3"),
            EventRecord(time: start.addingTimeInterval(2), stepIndex: 1, kind: ResyncEvent.kind, message: ResyncEvent.message(lane: 88)),
            EventRecord(time: start.addingTimeInterval(3), stepIndex: 1, kind: ResyncEvent.kind, message: ResyncEvent.message(lane: 143)),
            EventRecord(time: start.addingTimeInterval(4), stepIndex: 2, kind: "info", message: "not a deviation"),
            EventRecord(time: start.addingTimeInterval(5), stepIndex: 2, kind: ResyncEvent.kind, message: ResyncEvent.message(lane: 11)),
            EventRecord(time: start.addingTimeInterval(6), stepIndex: 3, kind: ResyncEvent.kind, message: ResyncEvent.message(lane: 5)),
            EventRecord(time: start.addingTimeInterval(7), stepIndex: 3, kind: ResyncEvent.kind, message: "bert channel 9 lost sync"),
        ]
        let deviations = CertificateBuilder.deviations(events)
        #expect(deviations.map(\.kind) == ["resync", "retry", "resync", "resync"])
        #expect(deviations[0].step == 1)
        #expect(deviations[0].time == CertificateTime(start))
        #expect(deviations[0].message == "3 lanes lost sync and were re-synchronised once: lanes 11, 88, 143")
        #expect(deviations[2].message == "lane 11 lost sync; re-synchronising once")
        // A message in another form is listed as it stands.
        #expect(deviations[3].message == "2 lanes lost sync and were re-synchronised once: lanes 5, bert channel 9 lost sync")
    }
}
