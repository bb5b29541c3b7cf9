/// Copies bytes as `memcpy` does, without glibc's slow case on AMD CPUs with fast short
/// `rep movsb` (FSRM). glibc 2.36 (Debian 12) copies more than about 2 KiB with `rep movsb`,
/// which on this VM's EPYC runs about 15x slower when the destination lies 1 to 31 bytes after
/// the source modulo 4096: 256 KiB took 114–124 µs instead of 6–8 µs
/// (`Benchmarks/memcpy-alignment.c`). Where two heap buffers land decides it, so a large bytes
/// field or message was fast in one run and 15x slower in the next. Such copies go in 2 KiB
/// pieces, which glibc copies with vector loads and stores: 17–19 µs (the loads still wait on
/// the stores just behind them); at other distances pieces are 10–20% slower than one call,
/// so those stay one call.
public enum ByteCopy {
    /// The piece size: under glibc's `rep movsb` threshold.
    public static let piece = 2048

    /// Copies `count` bytes from `source` to `destination` (the two must not overlap).
    @inlinable
    public static func copy(to destination: UnsafeMutableRawPointer, from source: UnsafeRawPointer, count: Int) {
        if _fastPath(count <= piece) { return destination.copyMemory(from: source, byteCount: count) }
        let distance = (Int(bitPattern: destination) &- Int(bitPattern: source)) & 4095
        if distance == 0 || distance >= 32 {
            destination.copyMemory(from: source, byteCount: count)
        } else {
            copyInPieces(to: destination, from: source, count: count)
        }
    }

    @usableFromInline
    static func copyInPieces(to destination: UnsafeMutableRawPointer, from source: UnsafeRawPointer, count: Int) {
        var done = 0
        while done < count {
            let n = min(piece, count &- done)
            (destination + done).copyMemory(from: source + done, byteCount: n)
            done &+= n
        }
    }

    /// A new array holding a copy of `bytes`.
    @inlinable
    public static func array(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var array: [UInt8] = []
        append(bytes, to: &array)
        return array
    }

    /// Appends a copy of `bytes` to `array`.
    @inlinable
    public static func append(_ bytes: UnsafeRawBufferPointer, to array: inout [UInt8]) {
        let count = bytes.count
        guard count > 0, let source = bytes.baseAddress else { return }
        array.append(addingCapacity: count) { span in
            span.withUnsafeMutableBufferPointer { free, initialized in
                copy(to: UnsafeMutableRawPointer(free.baseAddress!), from: source, count: count)
                initialized = count
            }
        }
    }
}
