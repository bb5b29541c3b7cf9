import FanOut
import HTTP2Transport
import Testing

/// How `fanout proxy --backend` and `fanout client --compare` read a backend.
@Suite struct BackendTargetTests {
    @Test func readsEveryKindWithOrWithoutAName() throws {
        let local = try #require(BackendTarget("local=inproc:4000-10000"))
        #expect(local.name == "local" && local.location == .inProcess(4000..<10000) && local.kind == "in-process")

        let tcp = try #require(BackendTarget("tcp:127.0.0.1:5000"))
        #expect(tcp.name == "tcp:127.0.0.1:5000" && tcp.location == .remote(.tcp(host: "127.0.0.1", port: 5000)) && tcp.kind == "tcp")

        let bare = try #require(BackendTarget("b=localhost:80"))
        #expect(bare.name == "b" && bare.location == .remote(.tcp(host: "localhost", port: 80)))

        let unix = try #require(BackendTarget("u=unix:/tmp/a=b.sock"))
        #expect(unix.name == "u" && unix.location == .remote(.unix(path: "/tmp/a=b.sock")) && unix.kind == "unix")

        // An `=` after the first `:` belongs to the target, not to a name.
        let path = try #require(BackendTarget("unix:/tmp/x=y.sock"))
        #expect(path.name == "unix:/tmp/x=y.sock" && path.location == .remote(.unix(path: "/tmp/x=y.sock")))
    }

    @Test func refusesWhatItCannotRead() {
        for text in ["", "=tcp:1.2.3.4:5", "inproc:", "inproc:5-5", "inproc:9-3", "inproc:a-b", "inproc:-1-3", "nohost", "tcp:host:99999"] {
            #expect(BackendTarget(text) == nil, "\(text)")
        }
    }

    @Test func workloadRangesAndStrings() {
        #expect(Workload.range("0-3") == 0..<3)
        #expect(Workload.range("3") == nil)
        #expect(Workload.strings(0..<3) == ["string-0", "string-1", "string-2"])
    }
}
