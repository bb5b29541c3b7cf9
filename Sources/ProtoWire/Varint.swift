/// Size arithmetic for base-128 varints and field tags.
public enum Varint {
    /// The number of bytes `value` takes as a varint (1...10).
    @inlinable
    public static func size(_ value: UInt64) -> Int {
        // ceil(bits / 7) as (9 * bits + 64) / 64, exact for 1...64 bits: a multiply-add and a
        // shift instead of the multiply-shift-add a division by 7 compiles to.
        let bits = 64 &- (value | 1).leadingZeroBitCount
        return (bits &* 9 &+ 64) &>> 6
    }

    /// The number of bytes a length-delimited value of `length` bytes takes: its length prefix
    /// and the bytes. Most are shorter than 128 bytes, whose prefix is one byte with no varint
    /// size to compute (a fifth of a 100-string message's encode went to that computation).
    @inlinable
    public static func lengthDelimitedSize(_ length: Int) -> Int {
        length < 0x80 ? length &+ 1 : size(UInt64(length)) &+ length
    }

    /// The number of bytes the tag of field `number` takes on the wire.
    @inlinable
    public static func tagSize(_ number: Int) -> Int {
        size(UInt64(truncatingIfNeeded: number) &<< 3)
    }

    /// The varint value of the tag for field `number` with `wireType`.
    @inlinable
    public static func tag(_ number: Int, _ wireType: WireType) -> UInt64 {
        (UInt64(truncatingIfNeeded: number) &<< 3) | UInt64(wireType.rawValue)
    }
}
