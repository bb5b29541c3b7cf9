// protoc-gen-grpc-mini: reads a CodeGeneratorRequest on stdin, writes a CodeGeneratorResponse on stdout.
import GRPCMiniCodeGen

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads standard input to its end.
func readStandardInput() -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
        if n > 0 {
            bytes.append(contentsOf: chunk[0..<n])
        } else if n == 0 || errno != EINTR {
            break
        }
    }
    return bytes
}

/// Writes all of `bytes` to file descriptor `fd`.
func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return write(fd, base + offset, buffer.count - offset)
        }
        if n > 0 {
            offset += n
        } else if n < 0 && errno != EINTR {
            return false
        }
    }
    return true
}

do {
    let response = try ProtocPlugin.run(request: readStandardInput())
    if !writeAll(response, to: 1) { exit(1) }
} catch {
    _ = writeAll(Array("protoc-gen-grpc-mini: the request on standard input is not a CodeGeneratorRequest: \(error)\n".utf8), to: 2)
    exit(1)
}
