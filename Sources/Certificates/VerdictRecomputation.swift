import Foundation
import Qualification

/// Recomputes every verdict of a certificate from the inputs it carries (`verdict_inputs`) with the same rules the
/// run applied, and lists every place where the certificate says something else.
public enum VerdictRecomputation {
    /// The name of the check in a verification report.
    public static let check = "verdicts recomputed from the certificate"

    /// The differences between what `document` states and what its inputs give; empty when they agree. A
    /// certificate without inputs cannot be recomputed: that is one difference.
    public static func mismatches(_ document: CertificateDocument) -> [String] {
        guard let inputs = document.verdictInputs else {
            return ["the certificate carries no verdict_inputs, so its verdicts cannot be recomputed"]
        }
        let recomputed = VerdictRules.judge(inputs)
        var found: [String] = []
        if recomputed.verdict != document.verdict {
            found.append("overall verdict: the certificate says \(document.verdict.rawValue), its inputs give \(recomputed.verdict.rawValue)")
        }
        if recomputed.reasons != document.reasons {
            found.append("reasons: the certificate gives \(document.reasons), its inputs give \(recomputed.reasons)")
        }
        let stated = Dictionary(document.criteria.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for criterion in recomputed.criteria {
            guard let claim = stated[criterion.name] else {
                found.append("criterion \(criterion.name): missing from the certificate")
                continue
            }
            if claim.verdict != criterion.verdict {
                found.append("criterion \(criterion.name): the certificate says \(claim.verdict.rawValue), its inputs give \(criterion.verdict.rawValue)")
            }
            if !same(claim.measured, CertificateBuilder.finite(criterion.measured)) {
                found.append("criterion \(criterion.name): measured \(text(claim.measured)) in the certificate, \(text(criterion.measured)) recomputed")
            }
            if !same(claim.limit, CertificateBuilder.finite(criterion.limit)) {
                found.append("criterion \(criterion.name): limit \(text(claim.limit)) in the certificate, \(text(criterion.limit)) recomputed")
            }
        }
        let recomputedNames = Set(recomputed.criteria.map(\.name))
        for claim in document.criteria where !recomputedNames.contains(claim.name) {
            found.append("criterion \(claim.name): in the certificate but not given by its inputs")
        }
        let lanes = Dictionary(document.lanes.map { ($0.lane, $0) }, uniquingKeysWith: { first, _ in first })
        for lane in recomputed.lanes {
            guard let claim = lanes[lane.lane] else {
                found.append("lane \(lane.lane): missing from the certificate")
                continue
            }
            let verdict = CertificateBuilder.laneVerdict(lane)
            if claim.verdict != verdict {
                found.append("lane \(lane.lane): the certificate says \(claim.verdict.rawValue), its inputs give \(verdict.rawValue)")
            }
            if claim.failures != lane.failures {
                found.append("lane \(lane.lane): failures \(claim.failures) in the certificate, \(lane.failures) recomputed")
            }
        }
        if document.lanes.count != recomputed.lanes.count {
            found.append("lanes: the certificate lists \(document.lanes.count), its inputs give \(recomputed.lanes.count)")
        }
        let remap = Dictionary(document.remap.map { (String($0.active), $0.spare) }, uniquingKeysWith: { first, _ in first })
        if remap != recomputed.remap {
            found.append("remap: the certificate maps \(remap.count) lane(s), its inputs give \(recomputed.remap.count) (or other spares)")
        }
        if document.countedLanes != recomputed.countedLanes {
            found.append("counted lanes: the certificate's differ from those its inputs give")
        }
        return found
    }

    private static func same(_ lhs: Double?, _ rhs: Double?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): return true
        case (let a?, let b?): return a == b || abs(a - b) <= 1e-12 * max(abs(a), abs(b))
        default: return false
        }
    }

    private static func text(_ value: Double?) -> String { value.map { String($0) } ?? "null" }
}
