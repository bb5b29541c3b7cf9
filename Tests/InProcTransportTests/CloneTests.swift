import GRPCCore
import InProcTransport
import Synchronization
import Testing

/// A message that is a class: the channel must clone it through its codec.
final class Box: Sendable {
    let text: String
    init(_ text: String) { self.text = text }
}

/// A message type of the server that differs from the client's but shares its wire form.
struct Note: Sendable, Equatable {
    var body: String
}

/// A struct with copy-on-write storage, as generated messages are.
struct Doc: Sendable, Equatable {
    final class Storage: @unchecked Sendable {
        var words: [String]
        init(_ words: [String]) { self.words = words }
    }
    private var storage: Storage
    init(_ words: [String]) { storage = Storage(words) }
    var words: [String] {
        get { storage.words }
        set {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.words) }
            storage.words = newValue
        }
    }
    static func == (a: Doc, b: Doc) -> Bool { a.words == b.words }
}

let textCodec = Codec<String>(serialize: { Array($0.utf8) }, deserialize: { String(decoding: $0, as: UTF8.self) })
let boxCodec = Codec<Box>(serialize: { Array($0.text.utf8) }, deserialize: { Box(String(decoding: $0, as: UTF8.self)) })
let noteCodec = Codec<Note>(serialize: { Array($0.body.utf8) }, deserialize: { Note(body: String(decoding: $0, as: UTF8.self)) })
let docCodec = Codec<Doc>(
    serialize: { Array($0.words.joined(separator: " ").utf8) },
    deserialize: { Doc(String(decoding: $0, as: UTF8.self).split(separator: " ").map(String.init)) })

func method<Req, Res>(_ name: String, _ req: Codec<Req>, _ res: Codec<Res>, kind: RPCKind = .unary) -> RPCMethod<Req, Res> {
    RPCMethod(MethodDescriptor(service: "grpcmini.test.Clone", method: name, kind: kind), requestCodec: req, responseCodec: res)
}

struct Registrar: RegistrableService {
    let body: @Sendable (inout Router) -> Void
    func register(with router: inout Router) { body(&router) }
}

@Suite struct CloneTests {
    @Test func aClassMessageIsClonedThroughItsCodec() async throws {
        let seen = Mutex<ObjectIdentifier?>(nil)
        let m = method("Box", boxCodec, boxCodec)
        let server = Server(services: [Registrar { r in
            r.register(m, unary: { request, _ in
                seen.withLock { $0 = ObjectIdentifier(request) }
                return request
            })
        }])
        let client = Client(channel: InProcessChannel(server: server))
        let sent = Box("hello")
        let received = try await client.unary(sent, method: m)
        #expect(received.text == "hello")
        #expect(seen.withLock { $0 } != ObjectIdentifier(sent), "the server got the client's instance")
        #expect(received !== sent)
    }

    @Test func differentMessageTypesMeetThroughTheirCodecs() async throws {
        let serverSide = method("Note", noteCodec, noteCodec)
        let clientSide = method("Note", textCodec, textCodec)
        let server = Server(services: [Registrar { r in
            r.register(serverSide, unary: { note, _ in Note(body: note.body.uppercased()) })
        }])
        let client = Client(channel: InProcessChannel(server: server))
        #expect(try await client.unary("quiet", method: clientSide) == "QUIET")
    }

    @Test func mutatingAReceivedMessageNeverChangesTheSenders() async throws {
        let m = method("Doc", docCodec, docCodec, kind: .bidiStreaming)
        let server = Server(services: [Registrar { r in
            r.register(m, bidiStreaming: { requests, writer, _ in
                for try await var doc in requests {
                    doc.words.append("server-was-here")
                    try await writer.write(doc)
                }
            })
        }])
        let client = Client(channel: InProcessChannel(server: server))
        let original = Doc(["a", "b"])
        let (reply, afterCall) = try await client.bidiStreaming(method: m) { writer, response in
            try await writer.write(original)
            writer.finish()
            var replies: [Doc] = []
            for try await var r in response.messages {
                replies.append(r)
                r.words.removeAll()
            }
            return (replies.first, original)
        }
        #expect(afterCall.words == ["a", "b"])
        #expect(original.words == ["a", "b"])
        #expect(reply?.words == ["a", "b", "server-was-here"])
    }
}

@Suite struct CodecFailureTests {
    struct Refused: Error {}

    @Test func aMessageThatCannotBeClonedFailsTheCallWithInternal() async throws {
        let broken = Codec<Box>(serialize: { _ in throw Refused() }, deserialize: { Box(String(decoding: $0, as: UTF8.self)) })
        let m = method("Broken", broken, boxCodec)
        let server = Server(services: [Registrar { r in
            r.register(m, unary: { request, _ in request })
        }])
        let client = Client(channel: InProcessChannel(server: server))
        let error = await #expect(throws: RPCError.self) { try await client.unary(Box("x"), method: m) }
        #expect(error?.code == .internal)
    }
}

@Suite struct BufferLimitTests {
    @Test func aRequestThatFillsTheBufferAloneStillReachesItsHandler() async throws {
        let m = method("Tiny", textCodec, textCodec, kind: .serverStreaming)
        let server = Server(services: [Registrar { r in
            r.register(m, serverStreaming: { request, writer, _ in
                for _ in 0..<3 { try await writer.write(request) }
            })
        }])
        // One message, or one byte: the request fills the request buffer by itself.
        // The deadline only guards against a hang: the suite runs on 2 loaded cores.
        for limit in [BufferLimit(messages: 1, bytes: 1 << 20), BufferLimit(messages: 100, bytes: 1)] {
            let client = Client(channel: InProcessChannel(server: server, bufferLimit: limit))
            let replies = try await client.serverStreaming("hello", method: m, options: CallOptions(timeout: .seconds(60))) { response in
                var replies: [String] = []
                for try await r in response.messages { replies.append(r) }
                return replies
            }
            #expect(replies == ["hello", "hello", "hello"])
        }
    }
}
