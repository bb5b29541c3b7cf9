@testable import HTTP2Transport
import Testing

/// An outbound buffer's messages keep their order through appends and partial drops, whether
/// one is queued or many.
@Suite struct OutboundChunksTests {
    @Test func messagesKeepTheirOrderThroughAppendsAndDrops() {
        var chunks = OutboundChunks()
        #expect(chunks.count == 0)
        for i in 0..<5 { chunks.append([UInt8(i)]) }
        #expect(chunks.count == 5)
        #expect((0..<5).map { chunks[$0] } == [[0], [1], [2], [3], [4]])

        chunks.removeFirst(2)
        #expect((0..<chunks.count).map { chunks[$0] } == [[2], [3], [4]])
        chunks.append([5])
        chunks.removeFirst(1)
        #expect((0..<chunks.count).map { chunks[$0] } == [[3], [4], [5]])
        chunks.removeFirst(3)
        #expect(chunks.count == 0)

        // One at a time, as a unary call queues them.
        for i in 6..<9 {
            chunks.append([UInt8(i)])
            #expect(chunks.count == 1 && chunks[0] == [UInt8(i)])
            chunks.removeFirst(1)
        }
        chunks.append([9])
        chunks.append([10])
        chunks.removeAll()
        #expect(chunks.count == 0)
        chunks.append([11])
        #expect(chunks.count == 1 && chunks[0] == [11])
    }
}
