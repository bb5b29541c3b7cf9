// The build-tool plugin example: greeter.proto becomes Swift while this target builds.
import GRPCCore
import InProcTransport
import WellKnownTypes

struct Greeter: Greeter_Greeter.ServiceProtocol {
    func sayHello(request: Greeter_HelloRequest, context: ServerContext) async throws -> Greeter_HelloReply {
        .with {
            $0.message = "Hello, \(request.name)!"
            $0.at.seconds = 1_700_000_000
        }
    }
}

let client = Greeter_Greeter.Client(channel: InProcessChannel(server: Server(services: [Greeter()])))
let reply = try await client.sayHello(.with { $0.name = "world" })
print(reply.message, reply.at.seconds)
