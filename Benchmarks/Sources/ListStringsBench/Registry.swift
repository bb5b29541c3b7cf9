// The rows, in table order. Add a new implementation here.

import GRPCCore

enum Registry {
    static let listImpls: [any ListImpl] = [
        GRPCMiniList(),
        GRPCMiniList(name: "grpc-mini+deadline", options: CallOptions(timeout: .seconds(30))),
        AsyncStreamList(),
        ArrayList(),
        PushList(),
        GRPCSwift2List(),
    ]

    static let unaryImpls: [any UnaryImpl] = [
        GRPCMiniUnary(),
        GRPCMiniUnary(name: "grpc-mini+deadline", options: CallOptions(timeout: .seconds(30))),
        DirectUnary(),
        GRPCSwift2Unary(),
    ]
}
