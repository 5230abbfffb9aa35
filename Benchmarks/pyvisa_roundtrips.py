#!/usr/bin/env python3
"""SCPI query round trips with pyvisa and the pyvisa-py backend: the competitor of `qualstation-bench scpi`.

Usage: python3 pyvisa_roundtrips.py PORT|RESOURCE QUERIES REPETITIONS WARMUP KIND:COMMAND [KIND:COMMAND ...]

KIND is `text` (pyvisa `query`) or `block` (`query_binary_values` of a definite-length block of bytes).
The queries go to TCPIP0::127.0.0.1::PORT::SOCKET (or to RESOURCE, e.g. a VXI-11 or HiSLIP address) with `\\n` terminators, in the same order and counts as the
Swift side. Prints one JSON line on stdout: per command, the median and every repetition in microseconds per
query. Exits 3 with a `pyvisa-missing:` line on stderr when pyvisa or pyvisa-py cannot be imported.
Asserts nothing about speed.
"""

import json
import statistics
import sys
import time


def main() -> int:
    try:
        import pyvisa
        import pyvisa_py  # noqa: F401  (the @py backend)
    except ImportError as error:
        print(f"pyvisa-missing: {error}", file=sys.stderr)
        return 3
    if len(sys.argv) < 6:
        print(__doc__, file=sys.stderr)
        return 64
    target = sys.argv[1]
    resource = f"TCPIP0::127.0.0.1::{target}::SOCKET" if target.isdigit() else target
    queries, repetitions, warmup = (int(value) for value in sys.argv[2:5])
    commands = []
    for argument in sys.argv[5:]:
        kind, _, command = argument.partition(":")
        if kind not in ("text", "block") or not command:
            print(f"bad query argument {argument!r}: expected text:COMMAND or block:COMMAND", file=sys.stderr)
            return 64
        commands.append((kind, command))

    manager = pyvisa.ResourceManager("@py")
    instrument = manager.open_resource(
        resource, read_termination="\n", write_termination="\n", timeout=5000
    )
    results = {}
    try:
        for kind, command in commands:
            if kind == "text":
                def once(command=command):
                    return instrument.query(command)
            else:
                def once(command=command):
                    return instrument.query_binary_values(command, datatype="B", container=bytes)
            reply = once()
            for _ in range(warmup):
                once()
            runs = []
            for _ in range(repetitions):
                start = time.perf_counter()
                for _ in range(queries):
                    once()
                runs.append((time.perf_counter() - start) / queries * 1e6)
            results[command] = {
                "median_us": statistics.median(runs),
                "runs_us": runs,
                "reply_bytes": len(reply),
            }
    finally:
        instrument.close()
        manager.close()

    print(json.dumps({
        "pyvisa": pyvisa.__version__,
        "pyvisa_py": _version("pyvisa_py"),
        "python": sys.version.split()[0],
        "results": results,
    }))
    return 0


def _version(module: str) -> str:
    try:
        from importlib.metadata import version
        return version(module.replace("_", "-"))
    except Exception:  # a version lookup must not fail the measurement
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
