/// The size pass of encoding: field sizes, plus the nested lengths the writer will need, in encoding order.
public struct ProtoSizer: ~Copyable {
    /// The recorded lengths, contiguous: first in caller-provided scratch memory (on the stack), so
    /// small messages record them without allocating; moved to the heap when they outgrow it.
    @usableFromInline
    internal var lengths: UnsafeMutablePointer<Int>?
    @usableFromInline
    internal var capacity: Int
    @usableFromInline
    internal var count: Int
    /// Whether `lengths` is heap memory this sizer frees.
    @usableFromInline
    internal var ownsLengths: Bool
    @usableFromInline
    internal let isRecording: Bool

    /// Nested lengths recorded on the stack before any spill to the heap.
    public static let scratchLengths = 32

    /// A sizer that only measures.
    @inlinable
    internal init(recording: Bool) {
        self.lengths = nil
        self.capacity = 0
        self.count = 0
        self.ownsLengths = false
        self.isRecording = recording
    }

    /// A sizer that records nested lengths, the first `scratch.count` of them in `scratch`.
    @inlinable
    internal init(recordingInto scratch: UnsafeMutableBufferPointer<Int>) {
        self.lengths = scratch.baseAddress
        self.capacity = scratch.baseAddress == nil ? 0 : scratch.count
        self.count = 0
        self.ownsLengths = false
        self.isRecording = true
    }

    @inlinable
    deinit {
        if ownsLengths { lengths?.deallocate() }
    }

    /// Appends a length in encoding order and returns its slot.
    @inlinable @inline(__always)
    internal mutating func appendLength(_ length: Int) -> Int {
        let slot = count
        if _slowPath(slot == capacity) { growLengths() }
        lengths.unsafelyUnwrapped[slot] = length
        count = slot &+ 1
        return slot
    }

    /// Moves the lengths to a heap buffer twice as large (at least 64).
    @usableFromInline @inline(never)
    internal mutating func growLengths() {
        let newCapacity = Swift.max(64, capacity &* 2)
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        if let old = lengths {
            grown.initialize(from: old, count: count)
            if ownsLengths { old.deallocate() }
        }
        lengths = grown
        capacity = newCapacity
        ownsLengths = true
    }

    /// Reserves the next length slot in encoding order; -1 when only measuring.
    @inlinable @inline(__always)
    internal mutating func reserveLength() -> Int {
        guard isRecording else { return -1 }
        return appendLength(0)
    }

    @inlinable @inline(__always)
    internal mutating func recordLength(_ length: Int, at slot: Int) {
        guard slot >= 0 else { return }
        lengths.unsafelyUnwrapped[slot] = length
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
            if isRecording { _ = appendLength(payload) }
        }
        return Varint.tagSize(field) &+ Varint.lengthDelimitedSize(payload)
    }

    /// The size of the kept unknown fields.
    @inlinable
    public func sizeUnknownFields(_ unknownFields: UnknownFields) -> Int {
        unknownFields.count
    }
}
