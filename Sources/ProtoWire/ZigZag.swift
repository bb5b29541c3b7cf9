/// ZigZag mapping of signed integers onto unsigned ones, used by sint32 and sint64.
public enum ZigZag {
    /// Maps a signed 32-bit value so that small magnitudes become small unsigned values.
    @inlinable
    public static func encode(_ value: Int32) -> UInt32 {
        UInt32(bitPattern: (value &<< 1) ^ (value &>> 31))
    }

    /// Maps a signed 64-bit value so that small magnitudes become small unsigned values.
    @inlinable
    public static func encode(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value &<< 1) ^ (value &>> 63))
    }

    /// Inverts `encode(_:)` for 32-bit values.
    @inlinable
    public static func decode(_ value: UInt32) -> Int32 {
        Int32(bitPattern: (value &>> 1) ^ (0 &- (value & 1)))
    }

    /// Inverts `encode(_:)` for 64-bit values.
    @inlinable
    public static func decode(_ value: UInt64) -> Int64 {
        Int64(bitPattern: (value &>> 1) ^ (0 &- (value & 1)))
    }
}
