/// A protobuf enum: any Int32 wire value maps to a case, so unrecognized values survive a round trip.
public protocol ProtoEnum: Sendable, Hashable {
    /// Creates the case for a wire value, keeping values this type does not name.
    init(protoValue: Int32)

    /// The value written on the wire.
    var protoValue: Int32 { get }
}
