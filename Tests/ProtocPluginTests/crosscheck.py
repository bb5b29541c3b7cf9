"""Cross-check of generated Swift messages against Python protobuf (the reference runtime).

  crosscheck.py gen DESCSET DIR SEED COUNT   write DIR/<type>.py.bin: edge-value and random messages
  crosscheck.py check DESCSET DIR            compare Swift's re-encodings with Python's, and
                                             re-encode Swift's own messages into DIR/<type>.swiftgen.py.bin

Files are streams of varint-length-prefixed messages. Messages are built from the descriptor set
(no generated Python), so nothing depends on protoc's Python generator.
"""
import random
import struct
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.descriptor import FieldDescriptor as FD

TYPES = ["grpcmini.test3.AllTypes", "grpcmini.test2.AllTypes2"]
SUBSETS = {"grpcmini.test3.AllTypes": ["grpcmini.test3.AllTypesSubset", "grpcmini.test3.Empty3"],
           "grpcmini.test2.AllTypes2": ["grpcmini.test2.AllTypes2Subset"]}


def load(descset):
    fds = descriptor_pb2.FileDescriptorSet()
    with open(descset, "rb") as f:
        fds.ParseFromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for fd in fds.file:
        pool.Add(fd)
    return pool, lambda name: message_factory.GetMessageClass(pool.FindMessageTypeByName(name))


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def write_stream(path, items):
    with open(path, "wb") as f:
        for b in items:
            f.write(varint(len(b)))
            f.write(b)


def read_stream(path):
    data = open(path, "rb").read()
    items, i = [], 0
    while i < len(data):
        n, shift = 0, 0
        while True:
            b = data[i]
            i += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                break
        items.append(data[i:i + n])
        i += n
    return items


INT_EDGES = {
    FD.TYPE_INT32: [0, 1, -1, 2**31 - 1, -2**31, 127, 128, -128],
    FD.TYPE_SINT32: [0, 1, -1, 2**31 - 1, -2**31, 63, -64],
    FD.TYPE_SFIXED32: [0, 1, -1, 2**31 - 1, -2**31],
    FD.TYPE_INT64: [0, 1, -1, 2**63 - 1, -2**63, 2**35, -2**35],
    FD.TYPE_SINT64: [0, 1, -1, 2**63 - 1, -2**63],
    FD.TYPE_SFIXED64: [0, 1, -1, 2**63 - 1, -2**63],
    FD.TYPE_UINT32: [0, 1, 2**32 - 1, 2**31, 127, 128],
    FD.TYPE_FIXED32: [0, 1, 2**32 - 1],
    FD.TYPE_UINT64: [0, 1, 2**64 - 1, 2**63, 2**32],
    FD.TYPE_FIXED64: [0, 1, 2**64 - 1],
}
INT_RANGES = {
    FD.TYPE_INT32: (-2**31, 2**31 - 1), FD.TYPE_SINT32: (-2**31, 2**31 - 1), FD.TYPE_SFIXED32: (-2**31, 2**31 - 1),
    FD.TYPE_INT64: (-2**63, 2**63 - 1), FD.TYPE_SINT64: (-2**63, 2**63 - 1), FD.TYPE_SFIXED64: (-2**63, 2**63 - 1),
    FD.TYPE_UINT32: (0, 2**32 - 1), FD.TYPE_FIXED32: (0, 2**32 - 1),
    FD.TYPE_UINT64: (0, 2**64 - 1), FD.TYPE_FIXED64: (0, 2**64 - 1),
}
FLOAT_EDGES = [0.0, -0.0, 1.0, -1.5, float("inf"), float("-inf"), 1e-300, 3.4028234663852886e38, 1.401298464324817e-45]
STRINGS = ["", "a", "héllo", "日本語", "\U0001F600 emoji", "x" * 200, "\x00nul"]


def rand_scalar(rng, f, edges):
    t = f.type
    if t in INT_RANGES:
        if edges or rng.random() < 0.3:
            return rng.choice(INT_EDGES[t])
        lo, hi = INT_RANGES[t]
        bits = rng.choice([7, 14, 21, 32, 64])
        v = rng.getrandbits(bits)
        return max(lo, min(hi, v if lo == 0 or rng.random() < 0.5 else -v))
    if t in (FD.TYPE_DOUBLE, FD.TYPE_FLOAT):
        if edges or rng.random() < 0.3:
            v = rng.choice(FLOAT_EDGES)
        else:
            v = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
            if v != v:
                v = 0.5
        if t == FD.TYPE_FLOAT:
            v = struct.unpack("<f", struct.pack("<f", max(-3.4e38, min(3.4e38, v)) if abs(v) != float("inf") else v))[0]
        return v
    if t == FD.TYPE_BOOL:
        return rng.random() < 0.5
    if t == FD.TYPE_STRING:
        if edges or rng.random() < 0.5:
            return rng.choice(STRINGS)
        return "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0xA0, 0xD7FF)])) for _ in range(rng.randrange(0, 20)))
    if t == FD.TYPE_BYTES:
        return bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 40)))
    if t == FD.TYPE_ENUM:
        values = [v.number for v in f.enum_type.values]
        if f.enum_type.is_closed:
            return rng.choice(values)
        return rng.choice(values + [5, 1000, -7, 2**31 - 1])
    raise ValueError(t)


def fill(rng, msg, depth, edges):
    """Sets a random selection of fields of msg (recursively, to a bounded depth)."""
    desc = msg.DESCRIPTOR
    for f in desc.fields:
        if rng.random() < (0.35 if not edges else 0.6):
            continue
        if f.containing_oneof is not None and not f.containing_oneof.name.startswith("_") and msg.WhichOneof(f.containing_oneof.name):
            if rng.random() < 0.5:
                continue
        if f.message_type is not None and f.message_type.GetOptions().map_entry:
            kf, vf = f.message_type.fields_by_name["key"], f.message_type.fields_by_name["value"]
            m = getattr(msg, f.name)
            for _ in range(rng.randrange(0, 4)):
                k = rand_scalar(rng, kf, edges)
                if vf.message_type is not None:
                    if depth > 0:
                        fill(rng, m[k], depth - 1, edges)
                    else:
                        m[k].SetInParent()
                else:
                    m[k] = rand_scalar(rng, vf, edges)
            continue
        if f.is_repeated:
            field = getattr(msg, f.name)
            for _ in range(rng.randrange(0, 5)):
                if f.message_type is not None:
                    if depth > 0:
                        fill(rng, field.add(), depth - 1, edges)
                    else:
                        field.add()
                else:
                    field.append(rand_scalar(rng, f, edges))
            continue
        if f.message_type is not None:
            sub = getattr(msg, f.name)
            if depth > 0:
                fill(rng, sub, depth - 1, edges)
            sub.SetInParent()
            if f.message_type.full_name.endswith("Inner") and not sub.HasField("id"):
                sub.id = 1
            continue
        setattr(msg, f.name, rand_scalar(rng, f, edges))
    for f in desc.fields:
        if f.is_required and not msg.HasField(f.name):
            if f.message_type is None:
                setattr(msg, f.name, rand_scalar(rng, f, edges))


def raw_edge_cases(name):
    """Hand-made encodings: non-canonical forms, merges, unknown fields, unknown closed-enum values."""
    cases = []
    if name == "grpcmini.test3.AllTypes":
        cases += [
            bytes([0x08, 0x01, 0x08, 0x02]),                      # last one wins
            bytes([0x92, 0x01, 0x02, 0x08, 0x01, 0x92, 0x01, 0x02, 0x1A, 0x00]),  # f_nested twice: merged
            bytes([0xF8, 0x01, 0x05, 0xF8, 0x01, 0x06]),          # r_int32 unpacked while packed is declared
            bytes([0x82, 0x03, 0x02, 0x01, 0x02]),                # r_unpacked_int32 (48) packed while unpacked is declared
            bytes([0x80, 0x01, 0x05]),                            # f_color = 5: open enum keeps it
            bytes([0xB8, 0x04, 0x07, 0xC2, 0x04, 0x01, 0x41]),    # oneof: c_uint32 then c_string: last wins
            bytes([0xCA, 0x04, 0x02, 0x08, 0x01, 0xCA, 0x04, 0x02, 0x1A, 0x00]),  # oneof c_nested twice: merged
            bytes([0xEA, 0x03, 0x00]),                            # map entry without key and value
            bytes([0xEA, 0x03, 0x03, 0x12, 0x01, 0x78]),          # map entry without key
            bytes([0xF2, 0x03, 0x02, 0x08, 0x05, 0xF2, 0x03, 0x04, 0x08, 0x05, 0x10, 0x09]),  # same key twice
            bytes([0xA0, 0x1F, 0x01, 0xAA, 0x1F, 0x00, 0xB5, 0x1F, 0x01, 0x02, 0x03, 0x04]),  # unknown fields 500-502
            bytes([0xDB, 0x1F, 0x08, 0x01, 0xDC, 0x1F]),          # unknown group 507
            bytes([0x08, 0x80, 0x80, 0x80, 0x80, 0x00]),          # non-canonical varint
        ]
    else:
        req = bytes([0x08, 0x01])
        cases += [
            req,
            req + bytes([0x88, 0x01, 0x63]),                      # f_kind = 99: closed enum, to unknown fields
            req + bytes([0x88, 0x02, 0x01, 0x88, 0x02, 0x63, 0x88, 0x02, 0x02]),  # r_kind with an unknown value
            req + bytes([0x92, 0x02, 0x03, 0x01, 0x63, 0x02]),    # r_kind_packed with an unknown value
            req + bytes([0xCA, 0x02, 0x04, 0x08, 0x01, 0x10, 0x63]),  # map value unknown: whole entry unknown
            req + bytes([0xF0, 0x03, 0x63]),                      # oneof c_kind unknown value
            req + bytes([0xA0, 0x06, 0x07]),                      # extension 100 (kept as unknown in Swift)
            req + bytes([0x9B, 0x03, 0xA0, 0x03, 0x05, 0x9C, 0x03, 0x9B, 0x03, 0xAA, 0x03, 0x01, 0x41, 0x9C, 0x03]),  # group twice: merged
            req + bytes([0x90, 0x01, 0x00]),                      # f_inner present (required id missing) — see check
        ]
        cases = cases[:-1]
    return cases


def gen(descset, outdir, seed, count):
    pool, cls = load(descset)
    rng = random.Random(seed)
    for name in TYPES:
        C = cls(name)
        items = []
        for raw in raw_edge_cases(name):
            C.FromString(raw)  # must be valid for Python too
            items.append(raw)
        for i in range(count):
            m = C()
            fill(rng, m, 2, edges=(i < count // 10))
            items.append(m.SerializeToString())
        write_stream(f"{outdir}/{name}.py.bin", items)


def canon(C, b):
    return C.FromString(b).SerializeToString(deterministic=True)


def describe_diff(C, a, b):
    ma, mb = C.FromString(a), C.FromString(b)
    fa = {f.name: v for f, v in ma.ListFields()}
    fb = {f.name: v for f, v in mb.ListFields()}
    diffs = [k for k in sorted(set(fa) | set(fb)) if fa.get(k) != fb.get(k)]
    if ma.UnknownFields() if hasattr(ma, "UnknownFields") else False:
        diffs.append("unknown fields")
    return ", ".join(diffs) or "unknown fields or order"


def contains_map(m):
    """Whether m or a message inside it has a map entry (Swift's map order is not Python's)."""
    for f, v in m.ListFields():
        if f.message_type is None:
            continue
        if f.message_type.GetOptions().map_entry:
            return True
        for sub in (v if f.is_repeated else [v]):
            if contains_map(sub):
                return True
    return False


def check(descset, d):
    pool, cls = load(descset)
    failures = 0
    compared = 0
    for name in TYPES:
        C = cls(name)
        originals = read_stream(f"{d}/{name}.py.bin")
        # Python -> Swift decode -> Swift encode -> Python: same message, same bytes when canonical.
        for kind in ["swift"] + [f"subset.{s}" for s in SUBSETS[name]]:
            swift = read_stream(f"{d}/{name}.{kind}.bin")
            assert len(swift) == len(originals), (name, kind, len(swift), len(originals))
            for i, (a, b) in enumerate(zip(originals, swift)):
                compared += 1
                if canon(C, a) != canon(C, b):
                    failures += 1
                    if failures < 10:
                        print(f"MISMATCH {name} {kind} #{i}: {describe_diff(C, a, b)}\n  python {a.hex()}\n  swift  {b.hex()}")
                elif kind == "swift":
                    m = C.FromString(a)
                    has_map = contains_map(m)
                    py = m.SerializeToString()
                    if not has_map and py != b and canon(C, a) == a:
                        failures += 1
                        if failures < 10:
                            print(f"BYTES DIFFER {name} #{i}\n  python {py.hex()}\n  swift  {b.hex()}")
        # Swift -> Python decode -> Python encode (Swift compares with its originals).
        swiftgen = read_stream(f"{d}/{name}.swiftgen.bin")
        write_stream(f"{d}/{name}.swiftgen.py.bin", [C.FromString(b).SerializeToString() for b in swiftgen])
    print(f"crosscheck: {compared} comparisons, {failures} mismatches")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        check(sys.argv[2], sys.argv[3])
