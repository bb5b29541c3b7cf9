import ProtoWire

/// enum Color { COLOR_UNSPECIFIED = 0; RED = 1; BLUE = 2; NEGATIVE = -1; }
enum Color: ProtoEnum {
    case unspecified, red, blue, negative
    case unrecognized(Int32)

    init(protoValue: Int32) {
        switch protoValue {
        case 0: self = .unspecified
        case 1: self = .red
        case 2: self = .blue
        case -1: self = .negative
        default: self = .unrecognized(protoValue)
        }
    }

    var protoValue: Int32 {
        switch self {
        case .unspecified: 0
        case .red: 1
        case .blue: 2
        case .negative: -1
        case .unrecognized(let value): value
        }
    }
}
