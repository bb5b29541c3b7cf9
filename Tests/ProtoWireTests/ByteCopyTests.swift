import ProtoWire
import Testing

/// ByteCopy copies every byte whatever the size and the distance between the buffers,
/// including the distances it copies in pieces.
@Suite struct ByteCopyTests {
    @Test(arguments: [0, 1, 2047, 2048, 2049, 4096, 10_000, 262_158])
    func copiesEveryByteAtEveryDistance(_ count: Int) {
        let source = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let destination = UnsafeMutableRawPointer.allocate(byteCount: count + 8192, alignment: 4096)
        defer { destination.deallocate() }
        source.withUnsafeBytes { src in
            let srcOffset = Int(bitPattern: src.baseAddress) & 4095
            for distance in [0, 1, 8, 16, 31, 32, 63, 64, 2048, 4095] {
                // The destination starts `distance` bytes after the source modulo 4096.
                let start = (srcOffset + distance) & 4095
                destination.initializeMemory(as: UInt8.self, repeating: 0xAA, count: count + 8192)
                if let from = src.baseAddress { ByteCopy.copy(to: destination + start, from: from, count: count) }
                let copied = UnsafeRawBufferPointer(start: destination + start, count: count)
                #expect(copied.elementsEqual(src), "count \(count), distance \(distance)")
                #expect(start == 0 || destination.load(fromByteOffset: start - 1, as: UInt8.self) == 0xAA, "nothing written before")
                #expect(destination.load(fromByteOffset: start + count, as: UInt8.self) == 0xAA, "nothing written after")
            }
            #expect(ByteCopy.array(src) == source)
            var grown: [UInt8] = [1, 2, 3]
            ByteCopy.append(src, to: &grown)
            #expect(grown == [1, 2, 3] + source)
        }
    }
}
