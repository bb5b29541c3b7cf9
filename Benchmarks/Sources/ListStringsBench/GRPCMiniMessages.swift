// The benchmark's messages are generated from Benchmarks/Protos/list_strings.proto into
// Generated/list_strings.pb.swift (scripts/generate-protos.sh); these are the initializers the
// harness uses.

extension ListResponse {
    init(strings: [String]) {
        self.init()
        self.strings = strings
    }
}

extension EchoMessage {
    init(text: String) {
        self.init()
        self.text = text
    }
}
