#!/usr/bin/env python3
"""Exact acceptance probabilities of a QualStation BER gate plan, computed independently with scipy.

A plan is a list of looks (bits, acceptErrors) and a maximum error count: a lane whose errors (a Poisson process
at rate BER per bit) are at most acceptErrors at a look's bits is accepted there; more than maximumErrors errors
reject it. See docs of LinkStatistics.GatePlan and qualification.md section 3a.

Import use:
    from gate_plan import acceptance_probability, look_probabilities
    acceptance_probability([(3.1e12, 0)], 0, 1e-12)

CLI use: a JSON plan as Swift's JSONEncoder writes a GatePlan (keys kind, targetBER, confidence, maximumErrors,
maximumBits, looks: [{bits, acceptErrors, spentAlpha}]), or a JSON list of them, on stdin; prints, per plan,
{"spentAlpha": [...], "acceptanceAtTarget": p, "acceptance": [[ber, p], ...]} for the target, target/10 and any
`--ber X` given on the command line. Infinite numbers may be written as the string "Infinity".
"""
import argparse
import json
import sys

try:
    import numpy as np
    from scipy.stats import poisson
except ImportError as error:  # pragma: no cover - reported to the caller
    sys.exit("gate_plan.py needs numpy and scipy (pip install scipy): %s" % error)


def look_probabilities(looks, maximum_errors, ber):
    """P(accept at exactly look k, not before) for each look, at a true BER."""
    counts = np.arange(maximum_errors + 1)
    state = np.zeros(maximum_errors + 1)
    state[0] = 1.0
    position = 0.0
    result = []
    for bits, accept_errors in looks:
        bits = float(bits)
        mean = ber * max(0.0, bits - position)
        position = max(position, bits)
        increments = poisson.pmf(counts, mean)
        # Counts beyond maximum_errors are rejected: only the first maximum_errors + 1 entries are kept.
        state = np.convolve(state, increments)[: maximum_errors + 1]
        accepted = min(int(accept_errors), maximum_errors) + 1
        result.append(float(state[:accepted].sum()) if accepted > 0 else 0.0)
        state[: max(accepted, 0)] = 0.0
    return result


def acceptance_probability(looks, maximum_errors, ber):
    """Exact P(accept) of the plan at a true BER."""
    return float(sum(look_probabilities(looks, maximum_errors, ber)))


def _number(value):
    return float(value)


def _evaluate(plan, extra_bers):
    looks = [(_number(look["bits"]), int(look["acceptErrors"])) for look in plan["looks"]]
    maximum_errors = int(plan["maximumErrors"])
    target = _number(plan["targetBER"])
    bers = [target, target / 10] + list(extra_bers)
    return {
        "spentAlpha": look_probabilities(looks, maximum_errors, target),
        "acceptanceAtTarget": acceptance_probability(looks, maximum_errors, target),
        "acceptance": [[ber, acceptance_probability(looks, maximum_errors, ber)] for ber in bers],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ber", type=float, action="append", default=[], help="also evaluate at this true BER")
    arguments = parser.parse_args()
    document = json.load(sys.stdin)
    if isinstance(document, list):
        output = [_evaluate(plan, arguments.ber) for plan in document]
    else:
        output = _evaluate(document, arguments.ber)
    json.dump(output, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
