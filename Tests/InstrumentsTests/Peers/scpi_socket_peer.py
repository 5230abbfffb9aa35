#!/usr/bin/env python3
"""An independent SCPI instrument for QualStation's tests: a raw TCP socket (port 5025 style) on 127.0.0.1.

Written from the instruments' manuals and public drivers, not from QualStation's simulators, it answers each
newline-terminated message in order, one at a time, as an instrument does. A message may hold several units
separated by ';' (IEEE 488.2); the replies of one message are joined by ';' and ended by '\\n'.

    --replies FILE.json   {"<QUERY HEADER>": "reply" | ["first", "second", ...]}; a list is answered in turn and
                          its last entry repeats. Headers are matched upper-case, spaces collapsed, e.g.
                          "*IDN?", "SENS:POW:UNIT:ALL:CSV?", "OUTP:PAIR?". JSON escapes carry any byte, such as
                          the N774x's trailing NUL ("W,W,\\u0000").
    --delay HEADER=MS:N   holds back the first N replies to HEADER by MS milliseconds of wall time (the peer
                          is busy meanwhile, so later messages wait behind it, as on a real instrument).
    --fixed HEADER        the query HEADER keeps its table reply whatever is set (a stuck mechanism).
    --terminator cr       an RS-232 instrument such as the JDSU SB switch (its manual: commands end with a single
                          CR): a CR alone also ends a received message, and replies end with CR LF. No IEEE 488.2
                          common commands are built in then (the SB has none); give them in the table.
A command (no '?') whose header has a query form in the table stores its argument as that query's reply, so
settings read back. *CLS empties the error queue; *OPC? answers 1; *ESE <n> sets what *ESE? answers; SYST:ERR? reads the error queue
('0,"No error"' when empty); an unknown query adds -113 "Undefined header" and sends nothing.

Protocol with the test harness, on stdout (line-buffered):
    READY <port>    listening on 127.0.0.1:<port>
    RX <text>       a message received (JSON-escaped)
    TX <text>       a reply sent (JSON-escaped)
The peer stops on SIGTERM, or when its standard input reaches end of file.
"""

import argparse
import json
import os
import select
import signal
import socket
import sys
import time


def emit(tag, text):
    print(tag + " " + json.dumps(text)[1:-1], flush=True)


class Instrument:
    def __init__(self, replies, delays, common=True, fixed=()):
        self.common = common
        self.fixed = {self.normalise(header) for header in fixed}
        self.replies = {self.normalise(k): (v if isinstance(v, list) else [v]) for k, v in replies.items()}
        self.answered = {}
        self.delays = delays
        self.errors = []
        self.event_status_enable = 0

    @staticmethod
    def normalise(header):
        return " ".join(header.strip().upper().split())

    def answer(self, unit):
        """The reply to one program unit, or None."""
        text = self.normalise(unit)
        if not text:
            return None
        header = text.split(" ", 1)[0]
        if header == "*CLS" and self.common:
            self.errors.clear()
            return None
        if text in self.replies:
            return self.take(text)
        if header in self.replies:
            return self.take(header)
        if not self.common:
            return self.store(header, text)
        if header == "*OPC?":
            return "1"
        if header == "*ESE?":
            return str(self.event_status_enable)
        if header == "*ESE":
            self.event_status_enable = int(text.split(" ", 1)[1])
            return None
        if header in ("SYST:ERR?", "SYSTEM:ERROR?", "SYST:ERR:NEXT?"):
            return self.errors.pop(0) if self.errors else '0,"No error"'
        if header.endswith("?"):
            self.errors.append('-113,"Undefined header"')
            return None
        return self.store(header, text)

    def store(self, header, text):
        """A setting whose query form is in the table becomes that query's reply (so settings read back)."""
        query = header + "?"
        if query in self.replies and " " in text and query not in self.fixed:
            self.replies[query] = [text.split(" ", 1)[1]]
        return None

    def take(self, key):
        values = self.replies[key]
        index = self.answered.get(key, 0)
        self.answered[key] = index + 1
        return values[min(index, len(values) - 1)]

    def delay_for(self, units):
        for unit in units:
            header = self.normalise(unit).split(" ", 1)[0]
            if header in self.delays and self.delays[header][1] > 0:
                milliseconds, remaining = self.delays[header]
                self.delays[header] = (milliseconds, remaining - 1)
                return milliseconds / 1000
        return 0


def serve(instrument, listener, terminator):
    ends = (ord("\r"), ord("\n")) if terminator == "cr" else (ord("\n"),)
    stdin = sys.stdin.fileno()
    connection = None
    buffer = b""
    while True:
        watched = [listener, stdin] + ([connection] if connection else [])
        readable, _, _ = select.select(watched, [], [], 0.2)
        if stdin in readable and not os.read(stdin, 4096):
            return
        if listener in readable:
            if connection:
                connection.close()
            connection, _ = listener.accept()
            buffer = b""
        if connection and connection in readable:
            data = connection.recv(65536)
            if not data:
                connection.close()
                connection = None
                continue
            buffer += data
            while any(end in buffer for end in ends):
                cut = min(buffer.index(end) for end in ends if end in buffer)
                line, buffer = buffer[:cut], buffer[cut + 1:]
                message = line.decode("latin-1").rstrip("\r")
                if not message and terminator == "cr":
                    continue
                emit("RX", message)
                units = message.split(";")
                pause = instrument.delay_for(units)
                replies = [r for r in (instrument.answer(u) for u in units) if r is not None]
                if pause:
                    time.sleep(pause)
                if replies:
                    text = ";".join(replies)
                    emit("TX", text)
                    connection.sendall(text.encode("latin-1") + (b"\r\n" if terminator == "cr" else b"\n"))


def main():
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replies", required=True)
    parser.add_argument("--delay", action="append", default=[], metavar="HEADER=MS:N")
    parser.add_argument("--terminator", choices=["lf", "cr"], default="lf")
    parser.add_argument("--fixed", action="append", default=[], metavar="HEADER")
    arguments = parser.parse_args()
    with open(arguments.replies, encoding="utf-8") as file:
        replies = json.load(file)
    delays = {}
    for entry in arguments.delay:
        header, timing = entry.rsplit("=", 1)
        milliseconds, count = timing.split(":")
        delays[Instrument.normalise(header)] = (float(milliseconds), int(count))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    print("READY %d" % listener.getsockname()[1], flush=True)
    instrument = Instrument(replies, delays, common=arguments.terminator == "lf", fixed=arguments.fixed)
    serve(instrument, listener, arguments.terminator)


if __name__ == "__main__":
    main()
