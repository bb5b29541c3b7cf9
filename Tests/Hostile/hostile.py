#!/usr/bin/env python3
"""Hostile and broken HTTP/2 peers against grpc-mini's server (issue 14).

Starts `hostile-test-server`, then for each case drives raw frames at it, checks the exact
answer (HTTP status, grpc-status, RST_STREAM or GOAWAY code, or a closed connection), then
checks that a normal unary call on a fresh connection (made with the `h2` library, an
independent HTTP/2 stack) still succeeds. Flood cases also check the server's resident memory
(/proc/PID/status VmRSS) against a bound. One line per case, a summary, exit 1 on a failure.

    hostile.py PATH/TO/hostile-test-server [case-name-substring ...]

Needs `h2` (scripts/setup-h2.sh puts it in .build/h2-venv); it brings `hpack`, used here to
encode and decode header blocks of frames built by hand.
"""
import os
import resource
import select
import socket
import struct
import subprocess
import sys
import time
import traceback
import zlib

import h2.config
import h2.connection
import h2.events
import hpack

# Frame types and flags (RFC 9113 §6).
DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = 0, 1, 3, 4, 6, 7, 8, 9
END_STREAM, ACK, END_HEADERS = 0x1, 0x1, 0x4
# Error codes.
NO_ERROR, PROTOCOL_ERROR, INTERNAL_ERROR, CANCEL = 0, 1, 2, 8
SETTINGS_INITIAL_WINDOW_SIZE = 4
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

# The server's slowloris timeout for this run (HTTP2Server.Configuration.handshakeTimeout).
HANDSHAKE_TIMEOUT = 2.0
# The server's descriptor limit for this run (RLIMIT_NOFILE), low enough for a test to reach.
SERVER_FD_LIMIT = 256
MIB = 1 << 20


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def grpc_message(body, compressed=False):
    return bytes([1 if compressed else 0]) + struct.pack(">I", len(body)) + body


def request_headers(path="/hostile.Test/Unary", extra=(), drop=()):
    fields = [(":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "localhost"),
              ("content-type", "application/grpc"), ("te", "trailers")]
    return [f for f in fields if f[0] not in drop] + list(extra)


class Frame:
    def __init__(self, kind, flags, stream, payload):
        self.kind, self.flags, self.stream, self.payload = kind, flags, stream, payload
        self.headers = None

    def header(self, name):
        for n, v in self.headers or []:
            if n == name:
                return v
        return None

    @property
    def error_code(self):
        if self.kind == RST_STREAM:
            return struct.unpack(">I", self.payload[:4])[0]
        if self.kind == GOAWAY:
            return struct.unpack(">I", self.payload[4:8])[0]
        return None

    def __repr__(self):
        names = {0: "DATA", 1: "HEADERS", 3: "RST_STREAM", 4: "SETTINGS", 6: "PING", 7: "GOAWAY", 8: "WINDOW_UPDATE"}
        text = f"{names.get(self.kind, self.kind)}(stream {self.stream}, flags {self.flags}"
        if self.headers is not None:
            text += f", {self.headers}"
        if self.error_code is not None:
            text += f", code {self.error_code}"
        return text + ")"


class Raw:
    """A client that writes frames built by hand and reads the server's frames back."""

    def __init__(self, port, rcvbuf=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.connect(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.encoder = hpack.Encoder()
        self.decoder = hpack.Decoder()
        self.decoder.max_header_list_size = 1 << 20
        self.buffer = b""
        self.block = None  # (first frame, fragments) of a header block being read
        self.frames = []
        self.eof = False
        self.next_stream = 1
        # Send windows, as the server's SETTINGS and WINDOW_UPDATEs give them (RFC 9113 §6.9).
        self.conn_window = 65535
        self.initial_window = 65535
        self.stream_windows = {}

    def send(self, data):
        self.sock.sendall(data)

    def try_send(self, data, timeout=30.0):
        """Sends what the server takes: "sent", "stalled" (it stopped reading for `timeout`) or
        "closed"."""
        self.sock.setblocking(False)
        view = memoryview(data)
        try:
            last = time.monotonic()
            while view:
                if time.monotonic() - last > timeout:
                    return "stalled"
                _, writable, _ = select.select([], [self.sock], [], 0.2)
                if writable:
                    n = self.sock.send(view)
                    view = view[n:]
                    last = time.monotonic()
            return "sent"
        except (BrokenPipeError, ConnectionResetError):
            return "closed"
        finally:
            self.sock.setblocking(True)

    def handshake(self, settings=()):
        payload = b"".join(struct.pack(">HI", k, v) for k, v in settings)
        self.send(PREFACE + frame(SETTINGS, 0, 0, payload))
        self.read_until(lambda fs: any(f.kind == SETTINGS and not f.flags & ACK for f in fs))
        self.send(frame(SETTINGS, ACK, 0))

    def new_stream(self):
        s = self.next_stream
        self.next_stream += 2
        return s

    def headers(self, stream, fields, end_stream=False):
        flags = END_HEADERS | (END_STREAM if end_stream else 0)
        self.send(frame(HEADERS, flags, stream, self.encoder.encode(fields)))

    def send_within_windows(self, wanted, stall=2.0, timeout=60.0):
        """Sends DATA on every stream of `wanted` ({stream: bytes}, each a bytes object) round
        robin, never past the send windows, until all is sent or the server stops opening
        windows for `stall` seconds; the bytes sent per stream."""
        sent = {s: 0 for s in wanted}
        last_progress = time.monotonic()
        end = time.monotonic() + timeout
        while time.monotonic() < end and not self.eof:
            progress = False
            out = []
            for s, data in wanted.items():
                window = min(self.conn_window, self.stream_windows.get(s, self.initial_window))
                n = min(16384, window, len(data) - sent[s])
                if n > 0:
                    out.append(frame(DATA, 0, s, data[sent[s]:sent[s] + n]))
                    sent[s] += n
                    self.conn_window -= n
                    self.stream_windows[s] = self.stream_windows.get(s, self.initial_window) - n
                    progress = True
            if out:
                self.send(b"".join(out))
            if all(sent[s] == len(d) for s, d in wanted.items()):
                break
            if progress:
                last_progress = time.monotonic()
            elif time.monotonic() - last_progress > stall:
                break
            self.read_until(lambda fs: False, 0.0 if progress else 0.05)
        return sent

    def header_block(self, stream, block, size=16384):
        """Sends `block` as HEADERS + CONTINUATIONs of at most `size` bytes each."""
        parts = [block[i:i + size] for i in range(0, len(block), size)] or [b""]
        frames = [frame(HEADERS if i == 0 else CONTINUATION, END_HEADERS if i == len(parts) - 1 else 0, stream, p)
                  for i, p in enumerate(parts)]
        self.send(b"".join(frames))
        return len(parts)

    def call(self, path, body, extra=(), drop=(), end_stream=True):
        """HEADERS then one DATA frame holding `body` (bytes as they are)."""
        s = self.new_stream()
        self.headers(s, request_headers(path, extra, drop))
        self.send(frame(DATA, END_STREAM if end_stream else 0, s, body))
        return s

    def on(self, stream):
        return [f for f in self.frames if f.stream == stream]

    def read_until(self, done, timeout=20.0):
        """Reads frames until done(frames) holds; False on timeout or end of connection."""
        end = time.monotonic() + timeout
        while not done(self.frames):
            if self.eof:
                return False
            left = end - time.monotonic()
            if left <= 0:
                return False
            readable, _, _ = select.select([self.sock], [], [], min(left, 0.5))
            if readable:
                self._read()
        return True

    def ended(self, stream, timeout=20.0):
        """Reads until `stream` ends (END_STREAM or RST_STREAM); its frames."""
        self.read_until(lambda fs: any(f.stream == stream and (f.kind == RST_STREAM or
                                       (f.kind in (DATA, HEADERS) and f.flags & END_STREAM)) for f in fs), timeout)
        return self.on(stream)

    def wait_closed(self, timeout=20.0):
        """Reads until the server closes the connection; True if it did within `timeout`."""
        self.read_until(lambda fs: False, timeout)
        return self.eof

    def _read(self):
        try:
            data = self.sock.recv(1 << 16)
        except (ConnectionResetError, BrokenPipeError):
            data = b""
        if not data:
            self.eof = True
            return
        self.buffer += data
        while len(self.buffer) >= 9:
            length = struct.unpack(">I", b"\0" + self.buffer[:3])[0]
            if len(self.buffer) < 9 + length:
                break
            kind, flags = self.buffer[3], self.buffer[4]
            stream = struct.unpack(">I", self.buffer[5:9])[0] & 0x7FFFFFFF
            payload = self.buffer[9:9 + length]
            self.buffer = self.buffer[9 + length:]
            self._frame(Frame(kind, flags, stream, payload))

    def _frame(self, f):
        if f.kind == HEADERS:
            payload = f.payload
            if f.flags & 0x8:  # PADDED
                payload = payload[1:len(payload) - payload[0]]
            if f.flags & 0x20:  # PRIORITY
                payload = payload[5:]
            self.block = (f, [payload])
        elif f.kind == CONTINUATION and self.block:
            self.block[1].append(f.payload)
        else:
            if f.kind == DATA and f.payload:
                # Keep the server's windows open: credit every byte at once.
                n = struct.pack(">I", len(f.payload))
                self.sock.sendall(frame(WINDOW_UPDATE, 0, 0, n) + frame(WINDOW_UPDATE, 0, f.stream, n))
            if f.kind == SETTINGS and not f.flags & ACK:
                for i in range(0, len(f.payload) - 5, 6):
                    key, value = struct.unpack(">HI", f.payload[i:i + 6])
                    if key == SETTINGS_INITIAL_WINDOW_SIZE:
                        for k in self.stream_windows:
                            self.stream_windows[k] += value - self.initial_window
                        self.initial_window = value
            if f.kind == WINDOW_UPDATE:
                increment = struct.unpack(">I", f.payload[:4])[0] & 0x7FFFFFFF
                if f.stream == 0:
                    self.conn_window += increment
                else:
                    self.stream_windows[f.stream] = self.stream_windows.get(f.stream, self.initial_window) + increment
            if f.kind == PING and not f.flags & ACK:
                self.sock.sendall(frame(PING, ACK, 0, f.payload))
            self.frames.append(f)
            return
        if f.flags & END_HEADERS:
            first, parts = self.block
            self.block = None
            first.headers = self.decoder.decode(b"".join(parts))
            self.frames.append(first)

    def close(self):
        self.sock.close()


# MARK: the server

class ServerProcess:
    def __init__(self, path):
        def limit_descriptors():
            resource.setrlimit(resource.RLIMIT_NOFILE, (SERVER_FD_LIMIT, SERVER_FD_LIMIT))
        self.process = subprocess.Popen(
            [path, "--handshake-timeout-ms", str(int(HANDSHAKE_TIMEOUT * 1000))],
            stdout=subprocess.PIPE, text=True, preexec_fn=limit_descriptors)
        line = self.process.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"the server did not print its port: {line!r}")
        self.port = int(line.split()[1])

    def rss(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return 0

    def cpu_seconds(self):
        """User + system CPU time the server has used (/proc/PID/stat)."""
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def h2_call(port, path="/hostile.Test/Unary", body=b"ping", timeout=20.0):
    """One unary call through the `h2` library; (HTTP status, grpc-status, response bytes)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
        conn.initiate_connection()
        stream = conn.get_next_available_stream_id()
        conn.send_headers(stream, request_headers(path))
        conn.send_data(stream, grpc_message(body), end_stream=True)
        sock.sendall(conn.data_to_send())
        status, grpc_status, data = None, None, b""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            chunk = sock.recv(1 << 16)
            if not chunk:
                break
            for event in conn.receive_data(chunk):
                if isinstance(event, h2.events.ResponseReceived):
                    status = dict(event.headers).get(":status")
                    grpc_status = dict(event.headers).get("grpc-status", grpc_status)
                elif isinstance(event, h2.events.DataReceived):
                    data += event.data
                    conn.acknowledge_received_data(event.flow_controlled_length, stream)
                elif isinstance(event, h2.events.TrailersReceived):
                    grpc_status = dict(event.headers).get("grpc-status")
                elif isinstance(event, (h2.events.StreamEnded, h2.events.StreamReset, h2.events.ConnectionTerminated)):
                    end = 0
            sock.sendall(conn.data_to_send())
        return status, grpc_status, data[5:] if len(data) >= 5 else data
    finally:
        sock.close()


def normal_call_ok(server):
    status, grpc_status, data = h2_call(server.port)
    return status == "200" and grpc_status == "0" and data == b"ping", f"status {status} grpc-status {grpc_status} data {data!r}"


def live_handlers(server):
    _, _, data = h2_call(server.port, "/hostile.Test/Stats", b"")
    return int(data)


def handlers_drain(server, timeout=20.0):
    """Waits until no handler runs; the count seen last."""
    end = time.monotonic() + timeout
    while True:
        n = live_handlers(server)
        if n == 0 or time.monotonic() > end:
            return n
        time.sleep(0.1)


class Failed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failed(message)


def trailers_only(raw, stream):
    """The single END_STREAM HEADERS frame that answered `stream`."""
    frames = raw.ended(stream)
    ends = [f for f in frames if f.kind == HEADERS and f.flags & END_STREAM]
    expect(ends, f"no END_STREAM HEADERS on stream {stream}: {frames}")
    expect(not [f for f in frames if f.kind == DATA], f"a rejection has no body: {frames}")
    return ends[-1]


def grpc_status_of(raw, stream, timeout=20.0):
    frames = raw.ended(stream, timeout)
    ends = [f for f in frames if f.kind == HEADERS and f.flags & END_STREAM]
    expect(ends, f"no trailers on stream {stream}: {frames}")
    return ends[-1].header("grpc-status"), ends[-1]


# MARK: cases. Each takes the server and returns a short note; it raises Failed on a wrong answer.

def connected(server, settings=()):
    raw = Raw(server.port)
    raw.handshake(settings)
    return raw


def case_content_type_415(server):
    raw = connected(server)
    s = raw.call("/hostile.Test/Unary", grpc_message(b"x"), extra=[("content-type", "text/html")], drop=["content-type"])
    f = trailers_only(raw, s)
    expect(f.header(":status") == "415" and f.header("grpc-status") is not None, f"{f}")
    return f":status 415, grpc-status {f.header('grpc-status')}"


def case_non_post_405(server):
    raw = connected(server)
    s = raw.new_stream()
    raw.headers(s, [(":method", "GET")] + request_headers(drop=[":method"]), end_stream=True)
    f = trailers_only(raw, s)
    expect(f.header(":status") == "405" and f.header("grpc-status") == "13", f"{f}")
    expect(f.header("allow") == "POST", f"a 405 names the allowed methods (RFC 9110 §15.5.6): {f}")
    return ":status 405, allow: POST, grpc-status 13"


BAD_PSEUDO = {
    "missing :path": request_headers(drop=[":path"]),
    "missing :method": request_headers(drop=[":method"]),
    "missing :scheme": request_headers(drop=[":scheme"]),
    "empty :path": request_headers(path=""),
    "duplicate :path": request_headers() + [(":path", "/hostile.Test/Unary")],
    "unknown pseudo-header": request_headers() + [(":protocol-x", "1")],
    "pseudo-header after a regular one": [("te", "trailers")] + request_headers(drop=["te"]),
    "pseudo-header in trailers": None,
    "upper-case name": request_headers() + [("X-Upper", "1")],
    "connection-specific header": request_headers() + [("connection", "keep-alive")],
    "te other than trailers": request_headers(drop=["te"]) + [("te", "gzip")],
}


def case_bad_pseudo_headers(server):
    """RFC 9113 §8.1.1: a malformed request is a stream error PROTOCOL_ERROR."""
    raw = connected(server)
    notes = []
    for name, fields in BAD_PSEUDO.items():
        s = raw.new_stream()
        if fields is None:
            raw.headers(s, request_headers())
            raw.send(frame(DATA, 0, s, grpc_message(b"x")))
            raw.headers(s, [(":path", "/x")], end_stream=True)
        else:
            raw.headers(s, fields)
            raw.send(frame(DATA, END_STREAM, s, grpc_message(b"x")))
        frames = raw.ended(s)
        rst = [f for f in frames if f.kind == RST_STREAM]
        expect(rst and rst[0].error_code == PROTOCOL_ERROR, f"{name}: want RST_STREAM(PROTOCOL_ERROR), got {frames}")
        notes.append(name)
    # The connection itself still serves, also after the slowloris timeout (a header block that
    # nghttp2 rejected must not leave the guard armed).
    time.sleep(HANDSHAKE_TIMEOUT * 1.5)
    s = raw.call("/hostile.Test/Unary", grpc_message(b"after"))
    code, _ = grpc_status_of(raw, s)
    expect(code == "0" and not raw.eof, f"a good call on the same connection: grpc-status {code}, {raw.frames[-3:]}")
    return f"RST_STREAM(PROTOCOL_ERROR) for {len(notes)} kinds; the connection serves on"


def case_path_without_slash(server):
    raw = connected(server)
    s = raw.call("hostile.Test/Unary", grpc_message(b"x"))
    frames = raw.ended(s)
    rst = [f for f in frames if f.kind == RST_STREAM]
    expect(rst and rst[0].error_code == PROTOCOL_ERROR, f"want RST_STREAM(PROTOCOL_ERROR), got {frames}")
    return "RST_STREAM(PROTOCOL_ERROR)"


def case_unknown_path(server):
    raw = connected(server)
    s = raw.call("/hostile.Test/Nope", grpc_message(b"x"))
    f = trailers_only(raw, s)
    expect(f.header(":status") == "200" and f.header("grpc-status") == "12", f"{f}")
    expect(len([g for g in raw.on(s) if g.kind == HEADERS]) == 1, "one HEADERS frame (trailers-only)")
    return "trailers-only, grpc-status 12 (UNIMPLEMENTED)"


def status_case(path, body, want, extra=(), end_stream=True):
    def run(server):
        raw = connected(server)
        s = raw.call(path, body, extra=extra, end_stream=end_stream)
        code, f = grpc_status_of(raw, s)
        expect(code == want, f"want grpc-status {want}, got {f}")
        return f"grpc-status {code}: {f.header('grpc-message')}"
    return run


def case_unknown_encoding(server):
    raw = connected(server)
    s = raw.call("/hostile.Test/Unary", grpc_message(b"x", compressed=True), extra=[("grpc-encoding", "snappy")])
    f = trailers_only(raw, s)
    accepted = f.header("grpc-accept-encoding") or ""
    expect(f.header("grpc-status") == "12", f"{f}")
    expect("gzip" in accepted and "snappy" not in accepted, f"grpc-accept-encoding {accepted!r}")
    return f"grpc-status 12, grpc-accept-encoding {accepted}"


def case_huge_header_block(server):
    """60 KB of metadata in HEADERS + 3 CONTINUATIONs: over the 16 KiB header-list limit."""
    raw = connected(server)
    s = raw.new_stream()
    block = raw.encoder.encode(request_headers() + [(f"x-big-{i}", "b" * 1500) for i in range(40)])
    parts = raw.header_block(s, block)
    raw.send(frame(DATA, END_STREAM, s, grpc_message(b"x")))
    f = trailers_only(raw, s)
    expect(f.header("grpc-status") == "8", f"{f}")
    return f"{len(block)} bytes in {parts} frames: grpc-status 8 (RESOURCE_EXHAUSTED)"


def case_reset_mid_flight(server):
    raw = connected(server)
    s = raw.call("/hostile.Test/Ticks", grpc_message(b""))
    expect(raw.read_until(lambda fs: any(f.stream == s and f.kind == DATA for f in fs)), f"no message: {raw.on(s)}")
    raw.send(frame(RST_STREAM, 0, s, struct.pack(">I", CANCEL)))
    s2 = raw.call("/hostile.Test/Unary", grpc_message(b"next"))
    code, _ = grpc_status_of(raw, s2)
    expect(code == "0", f"the next call on the connection: {raw.on(s2)}")
    left = handlers_drain(server)
    expect(left == 0, f"{left} handlers still run after the reset")
    return "the handler ended; the connection serves on"


def case_dropped_mid_call(server):
    raw = connected(server)
    s = raw.call("/hostile.Test/Ticks", grpc_message(b""))
    expect(raw.read_until(lambda fs: any(f.stream == s and f.kind == DATA for f in fs)), "no message")
    s2 = raw.new_stream()  # a bidi call with half a message uploaded
    raw.headers(s2, request_headers("/hostile.Test/Echo"))
    raw.send(frame(DATA, 0, s2, grpc_message(b"x" * 100)[:50]))
    time.sleep(0.2)
    raw.close()
    left = handlers_drain(server)
    expect(left == 0, f"{left} handlers still run after the connection dropped")
    return "both handlers ended"


def closes(raw, what, timeout=20.0):
    start = time.monotonic()
    expect(raw.wait_closed(timeout), f"the server kept the connection open after {what}: {raw.frames}")
    return time.monotonic() - start


def case_garbage_preface(server):
    raw = Raw(server.port)
    raw.send(os.urandom(200))
    took = closes(raw, "garbage")
    return f"closed after {took:.2f}s"


def case_http1_request(server):
    raw = Raw(server.port)
    raw.send(b"POST /hostile.Test/Unary HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/grpc\r\n"
             b"Content-Length: 6\r\n\r\n\0\0\0\0\1x")
    took = closes(raw, "an HTTP/1.1 request")
    expect(b"HTTP/1.1 200" not in raw.buffer, "no HTTP/1.1 success")
    return f"closed after {took:.2f}s"


def rss_note(server, before, bound):
    after = server.rss()
    expect(after - before < bound, f"RSS grew {(after - before) / MIB:.1f} MiB (bound {bound / MIB:.0f} MiB)")
    return f"RSS +{(after - before) / MIB:.1f} MiB"


def flood_case(make, count, what):
    """Sends `count` frames from `make` without reading; the server must close the connection
    (nghttp2's outbound-ACK flood limit) with memory bounded."""
    def run(server):
        before = server.rss()
        raw = Raw(server.port, rcvbuf=4096)
        raw.handshake()
        one = make()
        chunk = one * 20000
        sent, state = 0, "sent"
        while state == "sent" and sent < count:
            state = raw.try_send(chunk, timeout=10)
            sent += 20000
        expect(state == "closed" or raw.wait_closed(30), f"the server kept the connection after {sent} {what} ({state})")
        return f"closed after ~{sent} {what}; " + rss_note(server, before, 64 * MIB)
    return run


def absorbed_flood(make, count, what, repeat=1):
    """Frames that need no answer (CVE-2019-9513/9518 class): the server reads them with bounded
    memory and the same connection still serves a call afterwards."""
    def run(server):
        before = server.rss()
        raw = connected(server)
        s = raw.new_stream()
        raw.headers(s, request_headers("/hostile.Test/Echo"))
        state = raw.try_send(make(raw, s) * repeat, timeout=20)
        expect(state == "sent", f"sending {count} {what}: {state} {raw.frames[-3:]}")
        s2 = raw.call("/hostile.Test/Unary", grpc_message(b"after"))
        code, _ = grpc_status_of(raw, s2, timeout=60)
        expect(code == "0" and not raw.eof, f"a call on the same connection after {what}: {raw.frames[-3:]}")
        raw.close()
        return f"{count} {what} absorbed, the connection serves on; " + rss_note(server, before, 32 * MIB)
    return run


def case_too_many_settings(server):
    """One SETTINGS frame with 2,700 entries (16,200 bytes): nghttp2 allows 32 per frame
    (CVE-2019-9515 class)."""
    raw = Raw(server.port)
    raw.send(PREFACE + frame(SETTINGS, 0, 0, struct.pack(">HI", 3, 100) * 2700))
    raw.read_until(lambda fs: any(f.kind == GOAWAY for f in fs), 10)
    goaway = [f for f in raw.frames if f.kind == GOAWAY]
    expect(goaway and goaway[0].error_code == 11, f"want GOAWAY(ENHANCE_YOUR_CALM), got {raw.frames}")
    expect(raw.wait_closed(10), "closed after GOAWAY")
    return "GOAWAY(ENHANCE_YOUR_CALM), closed"


def case_rapid_reset(server):
    """CVE-2023-44487: HEADERS + RST_STREAM pairs past nghttp2's reset budget (1,000 at once)."""
    before = server.rss()
    raw = connected(server)
    burst = []
    for _ in range(3000):
        s = raw.new_stream()
        burst.append(frame(HEADERS, END_HEADERS, s, raw.encoder.encode(request_headers("/hostile.Test/Ticks"))))
        burst.append(frame(RST_STREAM, 0, s, struct.pack(">I", CANCEL)))
    raw.try_send(b"".join(burst))
    raw.read_until(lambda fs: any(f.kind == GOAWAY for f in fs), 30)
    goaway = [f for f in raw.frames if f.kind == GOAWAY]
    expect(goaway and goaway[0].error_code == INTERNAL_ERROR, f"want GOAWAY(INTERNAL_ERROR), got {raw.frames[-5:]}")
    closes(raw, "GOAWAY")
    left = handlers_drain(server)
    expect(left == 0, f"{left} handlers still run")
    return "GOAWAY(INTERNAL_ERROR), closed; " + rss_note(server, before, 64 * MIB)


def continuation_flood(payload_size):
    """CVE-2024-27316 style: one header block that never ends. nghttp2 (Debian 1.52.0-1+deb12u2
    and later) allows 8 CONTINUATIONs per block, then fails the connection."""
    def run(server):
        before = server.rss()
        raw = connected(server)
        s = raw.new_stream()
        raw.send(frame(HEADERS, 0, s, raw.encoder.encode(request_headers())))
        enc = hpack.Encoder()
        piece = b"" if payload_size == 0 else enc.encode([("x-junk", "j" * payload_size)], huffman=False)[:payload_size]
        state, sent = "sent", 0
        while state == "sent" and sent < 100000:
            state = raw.try_send(frame(CONTINUATION, 0, s, piece) * 500, timeout=10)
            sent += 500
        expect(state == "closed" or raw.wait_closed(20), f"the server kept the connection after {sent} CONTINUATIONs ({state})")
        return f"closed after <= {sent} CONTINUATIONs; " + rss_note(server, before, 64 * MIB)
    return run


def case_zero_window_stall(server):
    """A client that opens 200 streaming calls and never opens their windows. Each stream's
    buffer holds up to 1 MiB, but the connection's handlers together wait at 16 MiB (plus one
    message per stream: HTTP2Defaults.connectionSendBudget): without that bound this client pins
    200 MiB. The server goes on serving others, and the handlers end when the client leaves."""
    streams = 200
    before = server.rss()
    raw = Raw(server.port)
    raw.handshake(settings=[(SETTINGS_INITIAL_WINDOW_SIZE, 0)])
    for _ in range(streams):
        raw.call("/hostile.Test/Ticks", grpc_message(b""), extra=[("x-size", "65536"), ("x-interval-ms", "0")])
    expect(raw.read_until(lambda fs: len([f for f in fs if f.kind == HEADERS]) >= streams, 20),
           f"response headers for {streams} streams")
    # Until the handlers are all waiting: RSS stops growing.
    last, settled, end = server.rss(), 0, time.monotonic() + 30
    while settled < 3 and time.monotonic() < end:
        time.sleep(0.3)
        now = server.rss()
        settled = settled + 1 if now - last < MIB else 0
        last = now
    expect(not [f for f in raw.frames if f.kind == DATA], "no DATA through a zero window")
    ok, note = normal_call_ok(server)
    expect(ok, f"a normal call during the stall failed: {note}")
    # Each stalled stream: its handler's 64 KiB message, one queued copy, the call's state.
    grown = rss_note(server, before, 16 * MIB + streams * 200 * 1024 + 32 * MIB)
    raw.close()
    left = handlers_drain(server)
    expect(left == 0, f"{left} handlers still run after the stalled client left")
    return f"{streams} stalled streams of 64 KiB messages: {grown}; handlers ended when it left"


def slowloris(send_first, what):
    def run(server):
        raw = Raw(server.port)
        start = time.monotonic()
        send_first(raw)
        expect(raw.wait_closed(HANDSHAKE_TIMEOUT + 20), f"not closed ({what})")
        took = time.monotonic() - start
        expect(took >= HANDSHAKE_TIMEOUT * 0.9, f"closed after {took:.2f}s, before the {HANDSHAKE_TIMEOUT}s timeout")
        goaway = [f for f in raw.frames if f.kind == GOAWAY]
        expect(goaway and goaway[0].error_code == NO_ERROR, f"want GOAWAY(NO_ERROR) before the close: {raw.frames}")
        return f"GOAWAY(NO_ERROR) and closed after {took:.2f}s"
    return run


def trickled_headers(raw):
    raw.handshake()
    s = raw.new_stream()
    raw.send(frame(HEADERS, 0, s, raw.encoder.encode(request_headers())))
    for _ in range(6):  # under nghttp2's 8-CONTINUATION cap: only the timeout can end it
        time.sleep(HANDSHAKE_TIMEOUT / 4)
        try:
            raw.send(frame(CONTINUATION, 0, s, b""))
        except OSError:
            return


def case_descriptor_exhaustion(server):
    """More silent connections than the server has descriptors: accept fails with EMFILE while
    the listening socket stays readable. The loop must not spin on it (before the fix: 0.5 to
    1 s of CPU each second), and the slowloris guard frees the descriptors, so a new client
    gets in."""
    socks = []
    for _ in range(SERVER_FD_LIMIT + 150):
        try:
            socks.append(socket.create_connection(("127.0.0.1", server.port), timeout=2))
        except OSError:
            break
    try:
        time.sleep(0.2)
        c0 = server.cpu_seconds()
        time.sleep(1.0)
        spent = server.cpu_seconds() - c0
        expect(spent < 0.25, f"the server used {spent:.2f}s of CPU in 1s with its descriptors exhausted")
        ok, note = normal_call_ok(server)
        expect(ok, f"a new client after the guard freed descriptors: {note}")
    finally:
        for s in socks:
            s.close()
    return f"{len(socks)} silent connections, {SERVER_FD_LIMIT} descriptors: {spent:.2f}s CPU in 1s; a new client served"


def case_hpack_bomb(server):
    """One 4 KB header in HPACK's dynamic table, then referenced 10,000 times (1 byte each): a
    10 KB block that decodes to 40 MB. The header-list limit counts as it decodes and keeps
    nothing past 16 KiB."""
    before = server.rss()
    raw = connected(server)
    s = raw.new_stream()
    block = raw.encoder.encode(request_headers() + [("x-bomb", "a" * 4000)])
    # The last entry added is index 62, the first dynamic one: 0x80 | 62.
    block += b"\xbe" * 10000
    raw.header_block(s, block)
    raw.send(frame(DATA, END_STREAM, s, grpc_message(b"x")))
    f = trailers_only(raw, s)
    expect(f.header("grpc-status") == "8", f"{f}")
    return f"{len(block)} bytes decoding to ~40 MB: grpc-status 8; " + rss_note(server, before, 32 * MIB)


def case_stream_limit(server):
    """SETTINGS_MAX_CONCURRENT_STREAMS (1,000) is enforced. Before the client acknowledged our
    SETTINGS, streams past it are refused (RST_STREAM REFUSED_STREAM); after, nghttp2 takes one
    more as a connection error, GOAWAY(PROTOCOL_ERROR) (RFC 9113 §5.1.2 names a stream error of
    PROTOCOL_ERROR or REFUSED_STREAM; nghttp2 is stricter). Every handler ends with the connection."""
    before = server.rss()
    # 1. Our SETTINGS not acknowledged yet: refused.
    raw = Raw(server.port)
    raw.send(PREFACE + frame(SETTINGS, 0, 0))
    streams = []
    for _ in range(1010):
        s = raw.new_stream()
        raw.headers(s, request_headers("/hostile.Test/Echo"))
        streams.append(s)
    raw.read_until(lambda fs: len([f for f in fs if f.kind == RST_STREAM]) >= 10, 20)
    time.sleep(0.3)
    refused = [f for f in raw.frames if f.kind == RST_STREAM]
    expect(len(refused) == 10 and all(f.error_code == 7 for f in refused), f"want 10 REFUSED_STREAM, got {refused[:12]}")
    expect(sorted(f.stream for f in refused) == streams[1000:], "the last ten are refused")
    end = time.monotonic() + 20
    while live_handlers(server) < 1000 and time.monotonic() < end:
        time.sleep(0.1)
    live = live_handlers(server)
    expect(live == 1000, f"{live} handlers run, want 1000")
    grown = rss_note(server, before, 96 * MIB)
    raw.close()
    left = handlers_drain(server)
    expect(left == 0, f"{left} handlers still run after the client left")
    # 2. Acknowledged: the 1,001st stream is a connection error.
    raw = connected(server)
    for _ in range(1001):
        raw.headers(raw.new_stream(), request_headers("/hostile.Test/Echo"))
    raw.read_until(lambda fs: any(f.kind == GOAWAY for f in fs), 20)
    goaway = [f for f in raw.frames if f.kind == GOAWAY]
    expect(goaway and goaway[0].error_code == PROTOCOL_ERROR, f"want GOAWAY(PROTOCOL_ERROR), got {raw.frames[-3:]}")
    expect(raw.wait_closed(20), "closed after GOAWAY")
    left = handlers_drain(server)
    expect(left == 0, f"{left} handlers still run after GOAWAY")
    return f"unacknowledged: 10 of 1,010 refused, 1,000 ran ({grown}); acknowledged: GOAWAY(PROTOCOL_ERROR)"


# RFC 9113 connection errors: (what, frames after the handshake, GOAWAY error code).
PROTOCOL_ERRORS = [
    ("DATA on stream 0", lambda raw: frame(DATA, 0, 0, b"x"), PROTOCOL_ERROR),
    ("SETTINGS_ENABLE_PUSH = 2", lambda raw: frame(SETTINGS, 0, 0, struct.pack(">HI", 2, 2)), PROTOCOL_ERROR),
    ("SETTINGS_INITIAL_WINDOW_SIZE = 2^31", lambda raw: frame(SETTINGS, 0, 0, struct.pack(">HI", 4, 1 << 31)), 3),
    ("SETTINGS_MAX_FRAME_SIZE = 100", lambda raw: frame(SETTINGS, 0, 0, struct.pack(">HI", 5, 100)), PROTOCOL_ERROR),
    ("SETTINGS with a length not a multiple of 6", lambda raw: frame(SETTINGS, 0, 0, b"12345"), 6),
    ("PUSH_PROMISE from a client", lambda raw: frame(5, END_HEADERS, 1, struct.pack(">I", 2)), PROTOCOL_ERROR),
    ("WINDOW_UPDATE of 0 on the connection", lambda raw: frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", 0)), PROTOCOL_ERROR),
    ("connection window past 2^31-1", lambda raw: frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", 0x7FFFFFFF)), 3),
    ("HEADERS on an even stream", lambda raw: frame(HEADERS, END_HEADERS, 2, raw.encoder.encode(request_headers())),
     PROTOCOL_ERROR),
    ("a frame over SETTINGS_MAX_FRAME_SIZE", lambda raw: frame(PING, 0, 0, b"\0" * 20000), 6),
    ("a PING of 7 bytes", lambda raw: frame(PING, 0, 0, b"1234567"), 6),
    ("CONTINUATION without HEADERS", lambda raw: frame(CONTINUATION, END_HEADERS, 1, b""), PROTOCOL_ERROR),
    ("HEADERS interrupted by a PING", lambda raw: frame(HEADERS, 0, 1, raw.encoder.encode(request_headers()))
     + frame(PING, 0, 0, b"12345678"), PROTOCOL_ERROR),
    ("HPACK garbage", lambda raw: frame(HEADERS, END_HEADERS, 1, b"\xff\xff\xff\xff\xff\xff"), 9),
]


def case_protocol_errors(server):
    notes = []
    for what, make, code in PROTOCOL_ERRORS:
        raw = connected(server)
        raw.send(make(raw))
        raw.read_until(lambda fs: any(f.kind == GOAWAY for f in fs), 10)
        goaway = [f for f in raw.frames if f.kind == GOAWAY]
        expect(goaway and goaway[0].error_code == code, f"{what}: want GOAWAY({code}), got {raw.frames}")
        expect(raw.wait_closed(10), f"{what}: the connection stays open after GOAWAY")
        raw.close()
        notes.append(what)
    return f"GOAWAY with the RFC 9113 code, then closed, for {len(notes)} violations"


def case_stream_flow_control_violation(server):
    """More DATA than a stream's window allows. The window is credited as the handler reads, so
    stall the handler: the client never opens its own windows, so Echo's responses fill their
    buffer, Echo stops reading, the server holds credit past 1 MiB of unread requests, and the
    client sends on regardless: RST_STREAM(FLOW_CONTROL_ERROR) (RFC 9113 §6.9)."""
    raw = Raw(server.port)
    raw.handshake(settings=[(SETTINGS_INITIAL_WINDOW_SIZE, 0)])
    s = raw.new_stream()
    raw.headers(s, request_headers("/hostile.Test/Echo"))
    message = grpc_message(b"m" * 1019)  # 1 KiB framed
    state = raw.try_send(frame(DATA, 0, s, message * 16) * 600, timeout=5)  # 9.4 MiB
    raw.read_until(lambda fs: any(f.kind in (GOAWAY, RST_STREAM) for f in fs), 20)
    bad = [f for f in raw.frames if f.kind in (GOAWAY, RST_STREAM)]
    expect(bad and bad[0].kind == RST_STREAM and bad[0].error_code == 3,
           f"want RST_STREAM(FLOW_CONTROL_ERROR), got {bad or raw.frames[-4:]} ({state})")
    left = handlers_drain(server)
    expect(left == 0, f"{left} handlers still run after the reset")
    return "RST_STREAM(FLOW_CONTROL_ERROR); the handler ended"


def cut_headers_frame(raw):
    """A HEADERS frame announcing 1,000 bytes of which 20 arrive."""
    raw.handshake()
    raw.send(frame(HEADERS, END_HEADERS, 1, b"\0" * 1000)[:9 + 20])


def case_partial_messages(server):
    """60 streams each sending 3.9 MB of a 4 MB message that never ends (within the flow-control
    windows). Incomplete bytes are credited to a stream only while it holds one of 4 slots
    (16 MiB of 4 MiB messages); the others stop at their 1 MiB window. Before: every partial
    byte was credited, +3.9 MB per stream (60 streams: ~225 MiB)."""
    streams, size = 60, 4_000_000
    before = server.rss()
    raw = connected(server)
    body = b"\0" + struct.pack(">I", size) + b"p" * (size - 100_000)
    wanted = {}
    for _ in range(streams):
        s = raw.new_stream()
        raw.headers(s, request_headers("/hostile.Test/Unary"))
        wanted[s] = body
    sent = raw.send_within_windows(wanted, stall=1.5)
    total = sum(sent.values())
    expect(total < 16 * MIB + streams * MIB + MIB, f"the server credited {total / MIB:.1f} MiB of partial messages")
    grown = rss_note(server, before, 16 * MIB + streams * MIB + 40 * MIB)
    raw.close()
    left = handlers_drain(server)
    expect(left == 0, f"{left} handlers still run")
    return f"credited {total / MIB:.1f} MiB, then the windows closed; {grown}"


def case_messages_into_a_stalled_handler(server):
    """One stream sends 4 MB messages (within the windows) to Echo, whose responses cannot go
    out (the client's windows are zero), so it stops reading. The server stops crediting once
    the handler's queue is full. Before: a completed message counted only its last chunk
    against the queue, so credit never stopped (40 messages: +156 MiB and rising)."""
    size, count = 4_000_000, 40
    before = server.rss()
    raw = Raw(server.port)
    raw.handshake(settings=[(SETTINGS_INITIAL_WINDOW_SIZE, 0)])
    s = raw.new_stream()
    raw.headers(s, request_headers("/hostile.Test/Echo"))
    one = grpc_message(b"q" * size)
    sent = raw.send_within_windows({s: one * count}, stall=1.5)[s]
    expect(sent < 4 * len(one), f"the server credited {sent / MIB:.1f} MiB into a handler that does not read")
    grown = rss_note(server, before, 48 * MIB)
    raw.close()
    left = handlers_drain(server)
    expect(left == 0, f"{left} handlers still run")
    return f"credit stopped after {sent / MIB:.1f} MiB; {grown}"


def case_slow_but_legal(server):
    """The guard must not close a connection that finished its handshake and then idles, nor
    one that sends the preface late but within the timeout."""
    raw = Raw(server.port)
    time.sleep(HANDSHAKE_TIMEOUT / 4)
    raw.handshake()
    time.sleep(HANDSHAKE_TIMEOUT * 2)
    s = raw.call("/hostile.Test/Unary", grpc_message(b"late"))
    code, _ = grpc_status_of(raw, s)
    expect(code == "0", f"grpc-status {code}: {raw.frames}")
    time.sleep(HANDSHAKE_TIMEOUT * 1.5)
    s = raw.call("/hostile.Test/Unary", grpc_message(b"later"))
    code, _ = grpc_status_of(raw, s)
    expect(code == "0" and not raw.eof, f"grpc-status {code}: {raw.frames}")
    return f"served after idling {HANDSHAKE_TIMEOUT * 3.5:.1f}s"


CASES = [
    ("wrong content-type", case_content_type_415),
    ("non-POST method", case_non_post_405),
    ("bad or missing pseudo-headers", case_bad_pseudo_headers),
    (":path without a leading slash", case_path_without_slash),
    ("unknown path", case_unknown_path),
    ("message over the 4 MiB limit (prefix only)",
     status_case("/hostile.Test/Unary", b"\0\x01\0\0\0", "8", end_stream=False)),
    ("truncated message at END_STREAM", status_case("/hostile.Test/Unary", grpc_message(b"x" * 100)[:40], "13")),
    ("compressed flag without grpc-encoding", status_case("/hostile.Test/Unary", grpc_message(b"x", compressed=True), "13")),
    ("unknown grpc-encoding", case_unknown_encoding),
    ("corrupt gzip", status_case("/hostile.Test/Unary", grpc_message(b"\x1f\x8b\x08\0garbage!", compressed=True), "13",
                                 extra=[("grpc-encoding", "gzip")])),
    ("gzip bomb past the limit", status_case("/hostile.Test/Unary",
                                             grpc_message(zlib.compress(b"\0" * (5 * MIB), 9), compressed=True), "8",
                                             extra=[("grpc-encoding", "deflate")])),
    ("malformed protobuf", status_case("/hostile.Test/Proto", grpc_message(b"\x0a\x05ab"), "13")),
    ("well-formed protobuf (control)", status_case("/hostile.Test/Proto", grpc_message(b"\x0a\x02ab"), "0")),
    ("invalid grpc-timeout", status_case("/hostile.Test/Unary", grpc_message(b"x"), "13", extra=[("grpc-timeout", "1x")])),
    ("huge header block", case_huge_header_block),
    ("stream reset mid-flight", case_reset_mid_flight),
    ("connection dropped mid-call", case_dropped_mid_call),
    ("garbage instead of the preface", case_garbage_preface),
    ("HTTP/1.1 on the h2c port", case_http1_request),
    ("PING flood", flood_case(lambda: frame(PING, 0, 0, b"12345678"), 2_000_000, "PINGs")),
    ("SETTINGS flood", flood_case(lambda: frame(SETTINGS, 0, 0), 2_000_000, "SETTINGS")),
    ("rapid reset", case_rapid_reset),
    ("PRIORITY flood on idle streams", absorbed_flood(
        lambda raw, s: b"".join(frame(2, 0, i, struct.pack(">IB", 0, 15)) for i in range(1001, 201001, 2)), 1_000_000,
        "PRIORITY frames on 100,000 idle streams", repeat=10)),
    ("empty DATA flood", absorbed_flood(lambda raw, s: frame(DATA, 0, s), 500_000, "empty DATA frames", repeat=500_000)),
    ("WINDOW_UPDATE flood", absorbed_flood(lambda raw, s: frame(WINDOW_UPDATE, 0, s, struct.pack(">I", 1)), 500_000,
                                           "WINDOW_UPDATEs", repeat=500_000)),
    ("SETTINGS frame with 2,700 entries", case_too_many_settings),
    ("CONTINUATION flood (empty frames)", continuation_flood(0)),
    ("CONTINUATION flood (16 KiB frames)", continuation_flood(16000)),
    ("zero-window stall", case_zero_window_stall),
    ("slowloris: silent connection", slowloris(lambda raw: None, "nothing sent")),
    ("slowloris: half a preface", slowloris(lambda raw: raw.send(PREFACE[:10]), "half a preface")),
    ("slowloris: preface without SETTINGS", slowloris(lambda raw: raw.send(PREFACE), "no SETTINGS")),
    ("slowloris: header block never ends", slowloris(trickled_headers, "trickled CONTINUATIONs")),
    ("slowloris: HEADERS frame cut short", slowloris(cut_headers_frame, "a HEADERS frame cut short")),
    ("HPACK bomb", case_hpack_bomb),
    ("stream limit", case_stream_limit),
    ("protocol violations", case_protocol_errors),
    ("stream flow-control violation", case_stream_flow_control_violation),
    ("partial messages on many streams", case_partial_messages),
    ("messages into a handler that does not read", case_messages_into_a_stalled_handler),
    ("slow but legal client", case_slow_but_legal),
    ("descriptor exhaustion", case_descriptor_exhaustion),
]


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    only = sys.argv[2:]
    server = ServerProcess(sys.argv[1])
    passed = failed = 0
    started = time.monotonic()
    try:
        for _ in range(20):  # warm up before the memory baseline
            h2_call(server.port)
        baseline = server.rss()
        print(f"server pid {server.process.pid} port {server.port}, RSS {baseline / MIB:.1f} MiB after warm-up")
        peak = baseline
        for name, case in CASES:
            if only and not any(o in name for o in only):
                continue
            t0 = time.monotonic()
            try:
                note = case(server)
                expect(server.alive(), "the server process died")
                ok, call_note = normal_call_ok(server)
                expect(ok, f"a normal call afterwards failed: {call_note}")
                passed += 1
                print(f"PASS {name}: {note} ({time.monotonic() - t0:.1f}s)", flush=True)
            except Failed as e:
                failed += 1
                print(f"FAIL {name}: {e}", flush=True)
            except Exception:
                failed += 1
                print(f"FAIL {name}: {traceback.format_exc()}", flush=True)
            if server.alive():
                peak = max(peak, server.rss())
        final = server.rss() if server.alive() else 0
        # A ceiling for what stays resident across all cases (malloc keeps some of what the
        # floods freed); the per-case bounds are the tight checks.
        bounded = server.alive() and peak - baseline < 192 * MIB
        print(f"server RSS between cases: baseline {baseline / MIB:.1f} MiB, peak {peak / MIB:.1f} MiB,"
              f" end {final / MIB:.1f} MiB ({'within' if bounded else 'OVER'} 192 MiB above the baseline)")
        if not bounded:
            failed += 1
    finally:
        server.stop()
    print(f"hostile peers: {passed} passed, {failed} failed ({time.monotonic() - started:.0f}s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
