// The rows, in table order. Add a new implementation here.

enum Registry {
    static let listImpls: [any ListImpl] = [
        GRPCMiniList(),
        AsyncStreamList(),
        ArrayList(),
        PushList(),
        GRPCSwift2List(),
    ]

    static let unaryImpls: [any UnaryImpl] = [
        GRPCMiniUnary(),
        DirectUnary(),
        GRPCSwift2Unary(),
    ]
}
