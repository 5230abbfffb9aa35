#!/usr/bin/env python3
"""Recompute a QualStation certificate's verdicts from certificate.json alone, independently of QualStation.

    python3 scripts/check-certificate.py RUN_DIR/certificate.json [--json]

It reads `verdict_inputs` (the rules and the evidence the certificate carries), re-applies the verdict rules
documented in docs/profile.md ("criteria"; written again here in Python, sharing no code with QualStation), recomputes
every BER gate plan's exact acceptance probabilities with scipy (scripts/gate_plan.py), and compares each lane's
pass/fail, the counted lanes, the remap, every criterion's verdict and measured value, and the overall verdict
with what the certificate states. Exit 0 when everything agrees, 1 on any mismatch, 2 on unusable input.
"""

import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gate_plan  # noqa: E402  (scipy; the independent gate-plan computation)

GUARD_BAND = "guard_band"


def dbm(watts):
    return 10 * math.log10(max(watts, 1e-18) / 1e-3)


def decide(plan, bits, errors):
    """The stopping plan's decision at the end of the gate: accept when a look at or below `bits` accepts `errors`."""
    if errors > plan["maximumErrors"]:
        return "reject"
    reached = [look for look in plan["looks"] if look["bits"] <= bits]
    if reached and errors <= reached[-1]["acceptErrors"]:
        return "accept"
    return "reject"


def drift(series):
    """Slope, its 95 % uncertainty and the change, relative to the first reading (% and %/1000 h), or None."""
    if series is None or series["count"] < 2 or not series.get("firstWatts") or series["firstWatts"] <= 0:
        return None
    n, first = series["count"], series["firstWatts"]
    ssh, sp, ssw = series["sumSquaresHours"], series["sumProducts"], series["sumSquaresWatts"]
    slope = sp / ssh if ssh > 0 else 0.0
    if n > 2 and ssh > 0:
        se = math.sqrt(max(0.0, ssw - sp * sp / ssh) / (n - 2) / ssh)
    else:
        se = math.inf
    last = series.get("lastWatts", first)
    return slope / first * 1e5, 2 * se / first * 1e5, (last - first) / first * 100


class Judgement:
    def __init__(self, inputs):
        self.p = inputs["parameters"]
        self.e = inputs["evidence"]
        self.steps = {s["index"]: s for s in self.e["steps"]}
        self.incomplete = list(self.e["incomplete"])
        n, required = self.p["lanes"], self.p["required_lanes"]
        self.lanes = [{"lane": i, "role": "active" if i < required else "spare", "power": {}, "burn": None,
                       "ber": False, "failed": set()} for i in range(n)]
        self.evidence = {lane["lane"]: lane for lane in self.e["lanes"]}
        self.criteria = {}

    def guard(self, u):
        if self.p["decision_rule"] != GUARD_BAND:
            return 0.0
        return None if u is None else self.p["coverage_factor"] * u

    def complete(self, index):
        step = self.steps.get(index)
        return bool(step and step["complete"])

    def run(self):
        steps = self.e["steps"]
        unfinished = [s for s in steps if not s["complete"]]
        if not self.incomplete and self.e.get("dut_failure") is None and unfinished:
            self.incomplete.append("steps not complete")
        for s in steps:
            if not (s["complete"] and (s["measures_ber"] or s["measures_optical_power"] or s["measures_supply_power"])):
                continue
            w = s.get("window")
            if not w or w["samples"] == 0 or w.get("dut_min_celsius") is None:
                self.incomplete.append("no DUT temperature in the window of %s" % s["name"])
                continue
            if (w["dut_min_celsius"] < s["celsius"] - w["band_kelvin"] - 1e-9
                    or w["dut_max_celsius"] > s["celsius"] + w["band_kelvin"] + 1e-9):
                self.incomplete.append("excursion at %s" % s["name"])
            if s["measures_supply_power"] and s.get("supply_watts") is None:
                self.incomplete.append("no supply readings at %s" % s["name"])
        for lane in self.lanes:
            ev = self.evidence.get(lane["lane"])
            if ev is None:
                continue
            for power in ev["power"]:
                if power.get("watts") is not None and self.complete(power["step"]):
                    lane["power"][power["step"]] = power["watts"]
            lane["burn"] = (ev.get("burn_in") or {}).get("series")
        for s in steps:
            if s["complete"] and s["measures_optical_power"] and s.get("burn_in_hours") is None:
                if any(s["index"] not in lane["power"] for lane in self.lanes):
                    self.incomplete.append("lanes without power at %s" % s["name"])
        ber = self.ber()
        window = self.window()
        retention = self.retention()
        burn = self.burn_in()
        drift_outcome = self.drift()
        remap, counted = self.sparing()
        self.counted = counted
        self.remap = remap
        criteria = {}
        if ber is not None:
            bad = ber & counted
            criteria["BER per lane"] = ("FAIL" if bad else "PASS", float(len(bad)))
        if window is not None:
            criteria["optical power per lane"] = self.window_criterion(window, counted)
        for name, fractions, threshold in retention:
            cf = {k: v for k, v in fractions.items() if k in counted}
            if not cf:
                criteria[name] = ("INCOMPLETE", None)
            else:
                worst = min(cf.values())
                criteria[name] = ("FAIL" if any(v < threshold for v in cf.values()) else "PASS", worst)
        if burn is not None:
            bad = burn & counted
            criteria["light at every burn-in read point"] = ("FAIL" if bad else "PASS", float(len(bad)))
        criteria.update(self.energy())
        if drift_outcome is not None:
            criteria["burn-in drift"] = self.drift_criterion(drift_outcome, counted)
        failed = [lane for lane in self.lanes if lane["failed"]]
        spares = self.p["lanes"] - self.p["required_lanes"]
        criteria["lane sparing"] = ("PASS" if len(failed) <= spares else "FAIL", float(len(failed)))
        self.criteria = criteria
        if self.e["calibration"]:
            return "INCOMPLETE"
        if self.e.get("dut_failure") is not None:
            return "FAIL"
        if self.incomplete:
            return "INCOMPLETE"
        verdicts = [v for v, _ in criteria.values()]
        if "FAIL" in verdicts:
            return "FAIL"
        if "INCOMPLETE" in verdicts:
            return "INCOMPLETE"
        return "PASS"

    def ber(self):
        gates = self.p["gates"]
        if not gates:
            return None
        failing = set()
        for gate in gates:
            if not self.complete(gate["step"]):
                continue
            forgiven = 1 if gate["on_sync_loss"] == "restart-once" else 0
            for lane in self.lanes:
                ev = self.evidence.get(lane["lane"])
                entry = next((g for g in (ev or {}).get("gates", []) if g["step"] == gate["step"]), None)
                if entry is None:
                    self.incomplete.append("no gate decision for lane %d at step %d" % (lane["lane"], gate["step"]))
                    continue
                accepted = decide(gate["plan"], entry["compared_bits"], int(entry["errors"])) == "accept"
                kept = entry["lock_losses"] <= forgiven and entry["restarts"] <= forgiven
                if not (accepted and kept):
                    failing.add(lane["lane"])
                    lane["failed"].add("ber")
        return failing

    def window(self):
        window = self.p.get("optical_power")
        if window is None:
            return None
        u = self.p.get("optical_power_uncertainty_percent")
        band = self.guard(None if u is None else 10 * math.log10(1 + u / 100))
        if band is None:
            self.incomplete.append("optical window needs U")
            return {}
        margins = {}
        for lane in self.lanes:
            readings = list(lane["power"].values())
            if lane["burn"]:
                readings += [x["watts"] for x in (lane["burn"].get("minimum"), lane["burn"].get("maximum")) if x]
            for watts in readings:
                d = dbm(watts)
                margin = min(d - (window["min_dbm"] + band), (window["max_dbm"] - band) - d)
                margins[lane["lane"]] = min(margins.get(lane["lane"], margin), margin)
                if margin < 0:
                    lane["failed"].add("window")
        return margins

    def window_criterion(self, margins, counted):
        window = self.p["optical_power"]
        u = self.p.get("optical_power_uncertainty_percent")
        band = self.guard(None if u is None else 10 * math.log10(1 + u / 100)) or 0.0
        cm = {k: v for k, v in margins.items() if k in counted}
        if not cm:
            return ("INCOMPLETE", None)
        worst = min(cm.items(), key=lambda kv: (kv[1], kv[0]))[0]
        lane = self.lanes[worst]
        readings = [dbm(w) for w in lane["power"].values()]
        if lane["burn"]:
            readings += [dbm(x["watts"]) for x in (lane["burn"].get("minimum"), lane["burn"].get("maximum")) if x]
        low, high = min(readings), max(readings)
        measured = low if low - (window["min_dbm"] + band) <= (window["max_dbm"] - band) - high else high
        return ("FAIL" if any(v < 0 for v in cm.values()) else "PASS", measured)

    def retention(self):
        out = []
        u = self.p.get("optical_power_uncertainty_percent")
        for criterion in self.p["retention"]:
            at, ref = criterion.get("at_step"), criterion.get("reference_step")
            if at is None or ref is None:
                out.append((criterion["name"], {}, criterion["min_fraction"]))
                continue
            band = self.guard(None if u is None else u / 100 * math.sqrt(2))
            if band is None:
                self.incomplete.append("retention needs U")
                out.append((criterion["name"], {}, criterion["min_fraction"]))
                continue
            threshold = criterion["min_fraction"] + band
            fractions = {}
            for lane in self.lanes:
                hot, base = lane["power"].get(at), lane["power"].get(ref)
                if hot is None or base is None or base <= 0:
                    continue
                fractions[lane["lane"]] = hot / base
                if hot / base < threshold:
                    lane["failed"].add("retention")
            out.append((criterion["name"], fractions, threshold))
        return out

    def burn_in(self):
        read_points = [s for s in self.e["steps"] if s.get("burn_in_hours") is not None and s["measures_optical_power"]]
        if not read_points:
            return None
        completed = sum(1 for s in read_points if s["complete"])
        dark = set()
        unmeasured = False
        for lane in self.lanes:
            ev = (self.evidence.get(lane["lane"]) or {}).get("burn_in")
            if completed > 0 and (ev is None or ev["missing"] > 0 or ev["series"]["count"] + ev["missing"] < completed):
                unmeasured = True
            if ev and ev["dark"] > 0:
                dark.add(lane["lane"])
                lane["failed"].add("dark")
        if unmeasured:
            self.incomplete.append("unmeasured burn-in lanes")
        return dark

    def energy(self):
        limit = self.p.get("energy_per_bit")
        if limit is None:
            return {}
        v, c = self.p.get("supply_voltage_uncertainty_percent"), self.p.get("supply_current_uncertainty_percent")
        if self.p["decision_rule"] == GUARD_BAND:
            relative = None if v is None or c is None else math.sqrt(v * v + c * c) / 100
        else:
            relative = math.sqrt((v or 0) ** 2 + (c or 0) ** 2) / 100
        out = {}
        for s in self.e["steps"]:
            if not (s["complete"] and s["measures_supply_power"] and s.get("burn_in_hours") is None):
                continue
            if s.get("supply_watts") is None:
                continue
            energy = s["supply_watts"] / (self.p["required_lanes"] * self.p["line_rate_bits_per_second"]) * 1e12
            band = self.guard(None if relative is None else energy * relative)
            name = "energy per bit at %s" % s["name"]
            if band is None:
                out[name] = ("INCOMPLETE", energy)
            else:
                out[name] = ("PASS" if energy <= limit["max_pj_per_bit"] - band else "FAIL", energy)
        return out

    def drift(self):
        limits = self.p.get("burn_in_drift")
        if limits is None or sum(1 for s in self.e["steps"] if s.get("burn_in_hours") is not None) < 2:
            return None
        critical, unresolved, figures = set(), set(), {}
        for lane in self.lanes:
            d = drift(lane["burn"])
            if d is None:
                continue
            slope, u, change = abs(d[0]), d[1], abs(d[2])
            figures[lane["lane"]] = (slope, u)
            band = self.p["coverage_factor"] * u if self.p["decision_rule"] == GUARD_BAND else 0.0
            if change > limits["max_change_percent"]:
                lane["failed"].add("drift")
                critical.add(lane["lane"])
            elif not u < limits["critical_percent_per_1000h"]:
                if not lane["failed"]:
                    unresolved.add(lane["lane"])
            elif slope > limits["critical_percent_per_1000h"] - band:
                lane["failed"].add("drift")
                critical.add(lane["lane"])
        return critical, unresolved, figures

    def drift_criterion(self, outcome, counted):
        critical, unresolved, figures = outcome
        cf = {k: v for k, v in figures.items() if k in counted}
        worst = max(cf.items(), key=lambda kv: (kv[1][0], -kv[0]))[1][0] if cf else None
        if critical & counted:
            return ("FAIL", worst)
        if (unresolved & counted) or not cf:
            return ("INCOMPLETE", worst)
        return ("PASS", worst)

    def sparing(self):
        spares = [lane["lane"] for lane in self.lanes if lane["role"] == "spare" and not lane["failed"]]
        remap, counted = {}, set()
        for lane in self.lanes:
            if lane["role"] != "active":
                continue
            if not lane["failed"]:
                counted.add(lane["lane"])
            elif spares:
                spare = spares.pop(0)
                remap[lane["lane"]] = spare
                counted.add(spare)
            else:
                counted.add(lane["lane"])
        return remap, counted


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def check(document):
    inputs = document.get("verdict_inputs")
    if inputs is None:
        return ["the certificate has no verdict_inputs"], None
    problems = []
    for gate in inputs["parameters"]["gates"]:
        plan = gate["plan"]
        looks = [(look["bits"], look["acceptErrors"]) for look in plan["looks"]]
        spent = gate_plan.look_probabilities(looks, plan["maximumErrors"], plan["targetBER"])
        for index, (look, alpha) in enumerate(zip(plan["looks"], spent)):
            if not close(look["spentAlpha"], alpha) and abs(look["spentAlpha"] - alpha) > 1e-12:
                problems.append("gate at step %d look %d: spent alpha %r stated, %r recomputed"
                                % (gate["step"], index, look["spentAlpha"], alpha))
        total = gate_plan.acceptance_probability(looks, plan["maximumErrors"], plan["targetBER"])
        if abs(total - gate["p_accept_at_target"]) > 1e-9:
            problems.append("gate at step %d: P(accept | target) %r stated, %r recomputed"
                            % (gate["step"], gate["p_accept_at_target"], total))
        if total > 1 - plan["confidence"] + 1e-12:
            problems.append("gate at step %d: P(accept | target) %r exceeds 1 - confidence" % (gate["step"], total))
        tenth = gate_plan.acceptance_probability(looks, plan["maximumErrors"], plan["targetBER"] / 10)
        if abs(tenth - gate["p_accept_at_target_over_10"]) > 1e-9:
            problems.append("gate at step %d: P(accept | target/10) %r stated, %r recomputed"
                            % (gate["step"], gate["p_accept_at_target_over_10"], tenth))
    judgement = Judgement(inputs)
    verdict = judgement.run()
    if verdict != document["verdict"]:
        problems.append("overall verdict: %s stated, %s recomputed" % (document["verdict"], verdict))
    stated = {c["name"]: c for c in document["criteria"]}
    for name, (v, measured) in judgement.criteria.items():
        claim = stated.get(name)
        if claim is None:
            problems.append("criterion %s missing" % name)
            continue
        if claim["verdict"] != v:
            problems.append("criterion %s: %s stated, %s recomputed" % (name, claim["verdict"], v))
        if not close(claim.get("measured"), measured):
            problems.append("criterion %s: measured %r stated, %r recomputed" % (name, claim.get("measured"), measured))
    for name in stated:
        if name not in judgement.criteria:
            problems.append("criterion %s stated but not recomputed" % name)
    for lane in document["lanes"]:
        failed = bool(judgement.lanes[lane["lane"]]["failed"])
        if failed != (lane["verdict"] == "FAIL"):
            problems.append("lane %d: %s stated, %s recomputed" % (lane["lane"], lane["verdict"], "FAIL" if failed else "not failed"))
    remap = {entry["active"]: entry["spare"] for entry in document["remap"]}
    if remap != judgement.remap:
        problems.append("remap differs")
    if sorted(document.get("counted_lanes", [])) != sorted(judgement.counted):
        problems.append("counted lanes differ")
    return problems, verdict


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    path = args[0]
    if os.path.isdir(path):
        path = os.path.join(path, "certificate.json")
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as error:
        print("%s: %s" % (path, error), file=sys.stderr)
        return 2
    problems, verdict = check(document)
    if "--json" in argv:
        print(json.dumps({"certificate": path, "recomputed_verdict": verdict, "mismatches": problems}, indent=2))
    else:
        for problem in problems:
            print("MISMATCH: " + problem)
        print("%s: %s, recomputed %s, %d mismatch(es)" % (path, document.get("verdict"), verdict, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
