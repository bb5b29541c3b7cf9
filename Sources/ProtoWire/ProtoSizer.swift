/// The size pass of encoding: field sizes, plus the nested lengths the writer will need, in encoding order.
public struct ProtoSizer: ~Copyable {
    @usableFromInline
    internal var lengths: [Int]
    @usableFromInline
    internal let isRecording: Bool

    @usableFromInline
    internal init(recording: Bool) {
        self.lengths = []
        self.isRecording = recording
    }

    /// Reserves the next length slot in encoding order; -1 when only measuring.
    @inlinable @inline(__always)
    internal mutating func reserveLength() -> Int {
        guard isRecording else { return -1 }
        lengths.append(0)
        return lengths.count &- 1
    }

    @inlinable @inline(__always)
    internal mutating func recordLength(_ length: Int, at slot: Int) {
        if slot >= 0 { lengths[slot] = length }
    }

    /// The size of field `field` holding `value` as protobuf type `T`.
    @inlinable
    public func size<T: ProtoFieldType>(_ value: T.Value, as type: T.Type, field: Int) -> Int {
        Varint.tagSize(field) &+ T.encodedSize(of: value)
    }

    /// The size of `values` written as one field `field` each (unpacked encoding).
    @inlinable
    public func sizeRepeated<T: ProtoFieldType>(_ values: [T.Value], as type: T.Type, field: Int) -> Int {
        if T.fixedWidth > 0 {
            return values.count &* (Varint.tagSize(field) &+ T.fixedWidth)
        }
        var total = values.count &* Varint.tagSize(field)
        for value in values {
            total &+= T.encodedSize(of: value)
        }
        return total
    }

    /// The size of `values` written as one packed field `field`; 0 when empty.
    @inlinable
    public mutating func sizePacked<T: ProtoPackableType>(_ values: [T.Value], as type: T.Type, field: Int) -> Int {
        guard !values.isEmpty else { return 0 }
        let payload: Int
        if T.fixedWidth > 0 {
            payload = values.count &* T.fixedWidth
        } else {
            var sum = 0
            for value in values {
                sum &+= T.encodedSize(of: value)
            }
            payload = sum
            if isRecording { lengths.append(payload) }
        }
        return Varint.tagSize(field) &+ Varint.size(UInt64(payload)) &+ payload
    }

    /// The size of the kept unknown fields.
    @inlinable
    public func sizeUnknownFields(_ unknownFields: UnknownFields) -> Int {
        unknownFields.count
    }
}
