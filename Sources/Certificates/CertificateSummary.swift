import Foundation
import Qualification

/// A certificate as a short terminal summary: the verdict first, why, the failing criteria, then every
/// criterion on one line, the instruments with their calibration due dates, failed lanes and remap, and the
/// number of deviations.
public enum CertificateSummary {
    /// The summary text, ending with a newline. With `useColor`, the verdict and each criterion's verdict are
    /// coloured with ANSI escapes (green PASS, red FAIL, yellow INCOMPLETE).
    public static func render(_ document: CertificateDocument, useColor: Bool) -> String {
        var lines: [String] = []
        if document.simulated {
            lines.append("\(CertificateHTML.simulatedBanner) (simulated instruments, seed \(document.seed ?? "unknown"))")
        }
        let verdict = document.verdict
        lines.append(paint(verdict, "\(verdict.rawValue)", bold: true, useColor: useColor) + "  \(document.title)")
        lines.append(
            "certificate \(document.id) · DUT \(document.dut.serial) (part \(document.dut.part)"
                + (document.dut.lot.isEmpty ? "" : ", lot \(document.dut.lot)")
                + ") · profile \(document.profile.name) "
                + "\(document.profile.version) · station \(document.station.id)")
        lines.append(
            "tested \(document.times.started) to \(document.times.ended?.description ?? "not finished") by "
                + "\(document.operator) · issued \(document.times.issued) by "
                + "\(document.software.name) \(document.software.version)"
        )
        lines.append("")
        lines.append("Why:")
        lines += document.reasons.map { "  - \($0)" }
        let failing = document.failingCriteria
        if !failing.isEmpty {
            lines.append("")
            lines.append("Criteria not met:")
            for criterion in failing {
                lines.append(
                    "  " + paint(criterion.verdict, criterion.verdict.rawValue, bold: false, useColor: useColor)
                        + " \(criterion.name): \(values(criterion)) — \(criterion.detail)")
            }
        }
        lines.append("")
        lines.append("Criteria:")
        let width = document.criteria.map(\.name.count).max() ?? 0
        for criterion in document.criteria {
            let label = paint(criterion.verdict, pad(criterion.verdict.rawValue, 10), bold: false, useColor: useColor)
            lines.append("  \(label) \(pad(criterion.name, width))  \(values(criterion)) — \(criterion.detail)")
        }
        lines.append("")
        lines.append("Instruments:")
        let roleWidth = document.instruments.map(\.role.count).max() ?? 0
        for instrument in document.instruments {
            let name = [instrument.manufacturer, instrument.model].compactMap { $0 }.joined(separator: " ")
            var line = "  \(pad(instrument.role, roleWidth))  \(name.isEmpty ? instrument.driver : name)"
            if let serial = instrument.serial, !serial.isEmpty { line += " SN \(serial)" }
            if let firmware = instrument.firmware, !firmware.isEmpty { line += " fw \(firmware)" }
            if let calibration = instrument.calibration {
                line += " · calibration \(calibration.certificate) due \(calibration.due.dateOnly)"
                if !calibration.validDuringRun {
                    line += " " + paint(.fail, "(not valid during the run)", bold: false, useColor: useColor)
                }
            } else {
                line += " · " + paint(.incomplete, "no calibration record", bold: false, useColor: useColor)
            }
            lines.append(line)
        }
        lines.append("")
        let failedLanes = document.failedLanes
        if failedLanes.isEmpty {
            lines.append("Lanes: all \(document.lanes.count) lanes passed")
        } else {
            lines.append(
                "Lanes: \(failedLanes.count) of \(document.lanes.count) failed (\(document.dut.spares) spares): "
                    + list(failedLanes.map(\.lane)))
        }
        if !document.remap.isEmpty {
            lines.append("Remap: " + document.remap.map { "\($0.active)→\($0.spare)" }.joined(separator: ", "))
        }
        let kinds = Dictionary(grouping: document.deviations, by: \.kind).map { "\($0.value.count) \($0.key)" }.sorted()
        lines.append(
            "Deviations: \(document.deviations.count)"
                + (kinds.isEmpty ? "" : " (" + kinds.joined(separator: ", ") + ")"))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `measured 0.9563, limit 0.9 pJ/bit (U = 0.000478)`.
    private static func values(_ criterion: CertificateDocument.Criterion) -> String {
        var text = "measured \(HTMLText.number(criterion.measured))"
        if let limit = criterion.limit { text += ", limit \(HTMLText.number(limit))" }
        if !criterion.unit.isEmpty { text += " \(criterion.unit)" }
        if let uncertainty = criterion.uncertainty { text += " (U = \(HTMLText.number(uncertainty, digits: 3)))" }
        return text
    }

    private static func paint(_ verdict: Verdict, _ text: String, bold: Bool, useColor: Bool) -> String {
        guard useColor else { return text }
        let colour: String
        switch verdict {
        case .pass: colour = "32"
        case .fail: colour = "31"
        case .incomplete: colour = "33"
        }
        return "\u{1B}[" + (bold ? "1;" : "") + colour + "m" + text + "\u{1B}[0m"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static func list(_ lanes: [Int]) -> String {
        let shown = lanes.prefix(24).map(String.init).joined(separator: ", ")
        return shown + (lanes.count > 24 ? ", … (\(lanes.count - 24) more)" : "")
    }
}
