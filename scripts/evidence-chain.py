#!/usr/bin/env python3
"""Recompute the evidence chain of a QualStation run database (run.sqlite) independently of QualStation.

Usage: python3 scripts/evidence-chain.py RUN_DIR_OR_RUN_SQLITE
Prints "<row count> <head hex>" and exits 0 when every row verifies; otherwise prints the first bad row and exits 1.
The encoding is specified in docs/evidence-chain.md.
"""
import hashlib
import os
import sqlite3
import struct
import sys

COLUMNS = {
    "measurement": "id, chain_seq, step_index, attempt, lane, quantity, value, unit, time, instrument",
    "event": "id, chain_seq, time, step_index, kind, message",
}


def token(value):
    """One column as its canonical token, by SQLite storage class."""
    if value is None:
        return b"N\n"
    if isinstance(value, int):
        return b"i" + str(value).encode() + b"\n"
    if isinstance(value, float):
        return b"r" + struct.pack(">d", 0.0 if value == 0 else value).hex().encode() + b"\n"
    if isinstance(value, str):
        data = value.encode("utf-8")
        return b"t" + str(len(data)).encode() + b":" + data + b"\n"
    data = bytes(value)
    return b"b" + str(len(data)).encode() + b":" + data + b"\n"


def rows(db):
    """Every chained row as (chain_seq, table, id, content, stored hash), in chain order."""
    out = []
    for table, columns in COLUMNS.items():
        for row in db.execute(f"SELECT {columns}, chain_hash FROM {table}"):
            content = token(table) + b"".join(token(v) for v in row[:-1])
            out.append((row[1], table, row[0], content, row[-1]))
    out.sort(key=lambda r: (r[0] is None, r[0] or 0))
    return out


def main(path):
    if os.path.isdir(path):
        path = os.path.join(path, "run.sqlite")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    previous = bytes(32)
    expected = 1
    for seq, table, row_id, content, stored in rows(db):
        if seq != expected:
            print(f"{table} id {row_id}: chain_seq {seq}, expected {expected}")
            return 1
        computed = hashlib.sha256(previous + content).digest()
        if computed != stored:
            print(f"{table} id {row_id}: hash mismatch")
            return 1
        previous = computed
        expected += 1
    head, count = db.execute("SELECT head, count FROM evidence_chain").fetchone()
    if head != previous or count != expected - 1:
        print(f"chain ends at row {expected - 1} but the run database records {count} rows")
        return 1
    print(expected - 1, previous.hex())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
