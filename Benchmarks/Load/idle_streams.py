#!/usr/bin/env python3
"""Holds many HTTP/2 connections, each with idle gRPC streams, open against a server.

    idle_streams.py --target tcp:HOST:PORT|unix:PATH --connections N --streams S --hold SECONDS

Each connection sends the client preface, an empty SETTINGS, then S HEADERS frames for
POST /Echo/Get (content-type application/grpc, te trailers) without END_STREAM and nothing
more: the server has S calls open, each waiting for its request message. The tool answers the
server's SETTINGS and PINGs, and counts what would mean a stream or connection was not held
(RST_STREAM, response HEADERS, GOAWAY, a closed socket). Standard library only, raw frames
(HPACK literals without indexing, no Huffman), one thread with epoll.

Prints `ESTABLISHED connections=N streams=M` once every connection is open and its HEADERS
are written (and `settle` seconds have passed), then holds for `hold` seconds, prints
`HOLD_END` (the connections close when it exits, right after) and one `RESULT ...` line;
exits 1 if any stream was not held. `--streams 0`: connections only (preface and SETTINGS).
"""
import argparse, os, select, socket, struct, sys, time

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

def frame(ftype, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([ftype, flags]) + struct.pack(">I", stream) + payload

def literal(name, value):  # literal header field without indexing, new name, no Huffman
    n, v = name.encode(), value.encode()
    assert len(n) < 127 and len(v) < 127
    return b"\x00" + bytes([len(n)]) + n + bytes([len(v)]) + v

BLOCK = b"".join(literal(k, v) for k, v in [
    (":method", "POST"), (":scheme", "http"), (":path", "/Echo/Get"), (":authority", "localhost"),
    ("content-type", "application/grpc"), ("te", "trailers")])

class Conn:
    __slots__ = ("sock", "inbuf", "outbuf", "connected", "closed", "goaway", "resets", "responses")
    def __init__(self, sock):
        self.sock, self.inbuf, self.outbuf = sock, b"", b""
        self.connected = self.closed = False
        self.goaway = self.resets = self.responses = 0

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", required=True)
    ap.add_argument("--connections", type=int, required=True)
    ap.add_argument("--streams", type=int, default=1)
    ap.add_argument("--hold", type=float, default=10)
    ap.add_argument("--settle", type=float, default=2)
    ap.add_argument("--batch", type=int, default=256, help="connects in flight at once")
    a = ap.parse_args()
    if a.target.startswith("unix:"):
        family, addr = socket.AF_UNIX, a.target[5:]
    else:
        host, port = a.target[4:].rsplit(":", 1) if a.target.startswith("tcp:") else a.target.rsplit(":", 1)
        family, addr = socket.AF_INET, (host, int(port))
    hello = PREFACE + frame(4, 0, 0) + b"".join(frame(1, 4, 2 * i + 1, BLOCK) for i in range(a.streams))
    ep = select.epoll()
    conns = {}
    pending = 0
    started = 0
    t0 = time.monotonic()

    def service(timeout):
        nonlocal pending
        for fd, ev in ep.poll(timeout, 4096):
            c = conns[fd]
            if not c.connected and ev & (select.EPOLLOUT | select.EPOLLERR | select.EPOLLHUP):
                err = c.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                pending -= 1
                if err:
                    sys.stderr.write(f"connect failed: {os.strerror(err)}\n")
                    c.closed = True
                    ep.unregister(fd)
                    continue
                c.connected = True
                c.outbuf = hello
            if ev & select.EPOLLIN:
                try:
                    data = c.sock.recv(65536)
                except (BlockingIOError, InterruptedError):
                    data = None
                except OSError:
                    data = b""
                if data == b"":
                    c.closed = True
                    ep.unregister(fd)
                    continue
                if data:
                    c.inbuf += data
                    parse(c)
            if c.outbuf:
                try:
                    n = c.sock.send(c.outbuf)
                    c.outbuf = c.outbuf[n:]
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    c.closed = True
                    ep.unregister(fd)
                    continue
            ep.modify(fd, select.EPOLLIN | (select.EPOLLOUT if c.outbuf or not c.connected else 0))

    def parse(c):
        b = c.inbuf
        while len(b) >= 9:
            length = int.from_bytes(b[0:3], "big")
            if len(b) < 9 + length:
                break
            ftype, flags = b[3], b[4]
            payload = b[9:9 + length]
            b = b[9 + length:]
            if ftype == 4 and not flags & 1:
                c.outbuf += frame(4, 1, 0)
            elif ftype == 6 and not flags & 1:
                c.outbuf += frame(6, 1, 0, payload)
            elif ftype == 7:
                c.goaway += 1
            elif ftype == 3:
                c.resets += 1
            elif ftype == 1:
                c.responses += 1
        c.inbuf = b

    while started < a.connections or pending > 0:
        while started < a.connections and pending < a.batch:
            s = socket.socket(family, socket.SOCK_STREAM)
            s.setblocking(False)
            if family == socket.AF_INET:
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                s.connect(addr)
            except (BlockingIOError, InterruptedError):
                pass
            c = Conn(s)
            conns[s.fileno()] = c
            ep.register(s.fileno(), select.EPOLLOUT)
            pending += 1
            started += 1
        service(0.05)
    # flush the HEADERS of every connection
    deadline = time.monotonic() + 30
    while any(c.outbuf for c in conns.values() if not c.closed) and time.monotonic() < deadline:
        service(0.05)
    end = time.monotonic() + a.settle
    while time.monotonic() < end:
        service(0.05)
    open_conns = sum(1 for c in conns.values() if c.connected and not c.closed)
    print(f"ESTABLISHED connections={open_conns} streams={open_conns * a.streams} "
          f"seconds={time.monotonic() - t0:.1f}", flush=True)
    end = time.monotonic() + a.hold
    while time.monotonic() < end:
        service(0.2)
    cs = list(conns.values())
    print("HOLD_END", flush=True)  # the connections close when the process exits, right after
    closed = sum(c.closed for c in cs)
    goaway = sum(1 for c in cs if c.goaway)
    resets = sum(c.resets for c in cs)
    responses = sum(c.responses for c in cs)
    ok = closed == 0 and goaway == 0 and resets == 0 and responses == 0 and open_conns == a.connections
    print(f"RESULT ok={int(ok)} connections={a.connections} streams_per_connection={a.streams} "
          f"closed={closed} goaway={goaway} rst_stream={resets} response_headers={responses}", flush=True)
    sys.exit(0 if ok else 1)

if __name__ == "__main__":
    main()
