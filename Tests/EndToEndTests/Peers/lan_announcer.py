"""An LXI instrument's LAN presence, for `qualstation discover --lan` tests inside a network namespace.

Announces `_lxi._tcp` and `_scpi-raw._tcp` with python-zeroconf on ADDRESS, and answers a broadcast ONC RPC
portmapper GETPORT (RFC 1833, over UDP port 111) for the VXI-11 core channel with port 1024.
Usage: lan_announcer.py ADDRESS SECONDS
"""
import socket
import struct
import sys
import threading
import time

from zeroconf import ServiceInfo, Zeroconf

address, seconds = sys.argv[1], float(sys.argv[2])


def portmapper():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("0.0.0.0", 111))
    while True:
        data, peer = sock.recvfrom(2048)
        if len(data) < 40:
            continue
        xid, mtype, rpcvers, prog, vers, proc = struct.unpack("!6I", data[:24])
        if mtype != 0 or prog != 100000 or proc != 3:
            continue
        # The mapping follows two empty AUTH_NONE blocks (flavor, length) at offset 24.
        queried = struct.unpack("!I", data[40:44])[0] if len(data) >= 56 else 0
        port = 1024 if queried == 395183 else 0
        # xid, REPLY, MSG_ACCEPTED, verifier AUTH_NONE (flavor 0, length 0), SUCCESS, port.
        sock.sendto(struct.pack("!7I", xid, 1, 0, 0, 0, 0, port), peer)


threading.Thread(target=portmapper, daemon=True).start()
zc = Zeroconf(interfaces=[address])
packed = socket.inet_aton(address)
services = [
    ServiceInfo("_lxi._tcp.local.", "QualStation Test LXI._lxi._tcp.local.", addresses=[packed], port=80,
                server="qs-test-lxi.local.", properties={"path": "/"}),
    ServiceInfo("_scpi-raw._tcp.local.", "QualStation Test LXI._scpi-raw._tcp.local.", addresses=[packed], port=5025,
                server="qs-test-lxi.local."),
]
for info in services:
    zc.register_service(info)
print("announcing", flush=True)
time.sleep(seconds)
for info in services:
    zc.unregister_service(info)
zc.close()
