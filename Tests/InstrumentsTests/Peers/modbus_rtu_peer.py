#!/usr/bin/env python3
"""An independent Modbus RTU slave for QualStation's interop tests: pymodbus's serial server on a pty pair.

socat makes two linked pseudo-terminals; pymodbus's ModbusSerialServer serves unit 1 on one of them, and the
station opens the other. The holding registers look like a Watlow F4 (protocols.md section 4): model code 5270
in register 0, air (input 1) at 100, the DUT (input 3) at 108, the set point at 300, decimals at 606 and 626,
units at 901. Registers are signed 16-bit. Any address outside the map gets exception 2 (illegal data address).

Fault injection, counted in replies (one reply per request the server answers):
    --corrupt-crc-first N   flips the CRC of the first N replies
    --silent-first N        sends nothing for the first N requests (a large N means silent for good)
Register values:
    --register ADDR=VALUE   starts holding register ADDR (one of the map's) at VALUE, e.g. 200=2: a profile runs

Protocol with the test harness, on stdout (line-buffered):
    SOCAT <pid>             socat runs with this process id (it ends with the peer)
    READY <device>          the server listens; open <device> at any baud (ptys ignore it)
    RX <hex>                bytes received, as pymodbus saw them
    TX <hex>                a reply sent; CORRUPT <hex> a reply sent with a broken CRC; SILENT <hex> one withheld
The peer stops on SIGTERM or SIGINT, or when its standard input reaches end of file with --exit-on-stdin-eof.
Written for pymodbus 3.16 (SimData / SimDevice datastore) and pyserial 3.5.
"""

import argparse
import asyncio
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from pymodbus.framer import FramerType
from pymodbus.server import ModbusSerialServer
from pymodbus.simulator import DataType, SimData, SimDevice

UNIT = 1

# Watlow F4-like holding registers: start address -> signed 16-bit values.
F4_REGISTERS = {
    0: [5270, 12, 3456, 0, 0, 2107],  # model code "F4", serial number 12 3456, date code 2107
    100: [235, 0, 0, 0, 0, 0, 0, 0, -3987],  # 100 air 23.5 °C (1 decimal) ... 108 DUT -39.87 °C (2 decimals)
    200: [0, 0],  # 200 profile state (idle), 201 digital input 1
    300: [250],  # set point, loop 1: 25.0 °C
    602: [-700, 1800],  # set-point range -70.0 .. 180.0 °C
    606: [1],  # decimals, input 1 (air)
    616: [1],  # decimals, input 2
    626: [2],  # decimals, input 3 (DUT)
    901: [1],  # units: non-zero = °C
    1061: [1],  # digital input 1 reference for the limit alarm
    1217: [0],  # write 1: terminate the running profile (ChamberConnectLibrary const_start)
    1916: [12, 0, 0, 1, 1, 2025],  # time and date
    2000: [1],  # event 1 (run/stop)
    2010: [0],  # event 2 (purge)
}


class FaultInjector:
    """Decides, reply by reply, whether to send it, corrupt its CRC, or withhold it, and logs the traffic."""

    def __init__(self, corrupt_first, silent_first):
        self.corrupt_first = corrupt_first
        self.silent_first = silent_first
        self.replies = 0

    def trace_packet(self, sending, data):
        if not sending:
            emit("RX " + data.hex())
            return data
        index = self.replies
        self.replies += 1
        if index < self.silent_first:
            emit("SILENT " + data.hex())
            return b""
        if index < self.corrupt_first and len(data) >= 2:
            corrupted = data[:-2] + bytes([data[-2] ^ 0xFF, data[-1] ^ 0x5A])
            emit("CORRUPT " + corrupted.hex())
            return corrupted
        emit("TX " + data.hex())
        return data


def emit(line):
    print(line, flush=True)


def start_socat(directory):
    """Starts socat with two raw pty links in `directory`; returns (process, server end, station end)."""
    socat = shutil.which("socat")
    if socat is None:
        sys.exit("modbus_rtu_peer: socat is not installed (run: bash scripts/install-deps)")
    server_end = os.path.join(directory, "server")
    station_end = os.path.join(directory, "station")
    libc = ctypes.CDLL(None, use_errno=True)

    def die_with_parent():
        signal.pthread_sigmask(signal.SIG_SETMASK, [])  # socat must see SIGTERM whatever mask the peer inherited
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: socat ends when this peer ends, however it ends

    process = subprocess.Popen(
        [socat, "pty,raw,echo=0,link=" + server_end, "pty,raw,echo=0,link=" + station_end],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        preexec_fn=die_with_parent,
    )
    deadline = time.monotonic() + 10
    while not (os.path.exists(server_end) and os.path.exists(station_end)):
        if process.poll() is not None:
            sys.exit("modbus_rtu_peer: socat exited with status %d" % process.returncode)
        if time.monotonic() > deadline:
            process.kill()
            sys.exit("modbus_rtu_peer: socat made no pty links within 10 s")
        time.sleep(0.01)
    emit("SOCAT %d" % process.pid)
    return process, server_end, station_end


def device(overrides):
    registers = {address: list(values) for address, values in F4_REGISTERS.items()}
    for address, value in overrides:
        block = max((start for start in registers if start <= address), default=None)
        if block is None or address - block >= len(registers[block]):
            sys.exit("modbus_rtu_peer: register %d is not in the map" % address)
        registers[block][address - block] = value
    blocks = [SimData(address, values=values, datatype=DataType.INT16) for address, values in sorted(registers.items())]
    return SimDevice(UNIT, simdata=blocks)


async def serve(arguments, server_end, station_end):
    faults = FaultInjector(arguments.corrupt_crc_first, arguments.silent_first)
    server = ModbusSerialServer(
        device(arguments.register),
        framer=FramerType.RTU,
        port=server_end,
        baudrate=arguments.baud,
        trace_packet=faults.trace_packet,
    )
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    if arguments.exit_on_stdin_eof:
        stdin = sys.stdin.fileno()

        def stdin_readable():
            if not os.read(stdin, 4096):
                loop.remove_reader(stdin)
                stop.set()

        loop.add_reader(stdin, stdin_readable)
    await server.serve_forever(background=True)
    emit("READY " + station_end)
    await stop.wait()
    await server.shutdown()


def main():
    # A parent may start the peer with signals blocked (threads of a test runner often block them); unblock them
    # so SIGTERM ends the peer, and so socat, which inherits the mask, ends with it.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baud", type=int, default=19200)
    parser.add_argument("--corrupt-crc-first", type=int, default=0, metavar="N")
    parser.add_argument("--silent-first", type=int, default=0, metavar="N")
    parser.add_argument("--exit-on-stdin-eof", action="store_true")
    parser.add_argument(
        "--register", action="append", default=[], metavar="ADDR=VALUE",
        type=lambda text: tuple(int(part) for part in text.split("=", 1)))
    arguments = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="modbus-rtu-peer-")
    socat, server_end, station_end = start_socat(directory)
    try:
        asyncio.run(serve(arguments, server_end, station_end))
    finally:
        # Asked to stop twice (end of input, then SIGTERM): finish cleaning up rather than die halfway.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        socat.terminate()
        try:
            socat.wait(timeout=5)
        except subprocess.TimeoutExpired:
            socat.kill()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
