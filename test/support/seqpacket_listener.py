#!/usr/bin/env python3
"""A SOCK_SEQPACKET access-log listener for tests (Node has no SEQPACKET sockets).

Listens on the path given as argv[1], prints "ready" once listening, then one line per packet
received: the packet as lower-case hex. Accepts any number of clients. Packets larger than 64 KiB are
reported as "truncated". Exits when stdin closes (the test process went away) or after 10 minutes.
"""
import os
import selectors
import socket
import sys
import time

path = sys.argv[1]
if os.path.exists(path):
    os.unlink(path)
server = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
server.bind(path)
os.chmod(path, 0o777)
server.listen(64)
sel = selectors.DefaultSelector()
sel.register(server, selectors.EVENT_READ)
sel.register(sys.stdin, selectors.EVENT_READ)
print("ready", flush=True)
deadline = time.monotonic() + 600
try:
    while time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1.0):
            if key.fileobj is server:
                conn, _ = server.accept()
                sel.register(conn, selectors.EVENT_READ)
            elif key.fileobj is sys.stdin:
                if not sys.stdin.readline():
                    raise SystemExit(0)
            else:
                data, _, flags, _ = key.fileobj.recvmsg(65536)
                if not data and not flags:
                    sel.unregister(key.fileobj)
                    key.fileobj.close()
                elif flags & socket.MSG_TRUNC:
                    print("truncated", flush=True)
                else:
                    print(data.hex(), flush=True)
finally:
    if os.path.exists(path):
        os.unlink(path)
