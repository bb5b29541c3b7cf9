/// The timer's entries as a binary min-heap on `due`.
extension DeadlineTimer {
    static func push(_ entry: Entry, into heap: inout [Entry]) {
        heap.append(entry)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if heap[parent].due <= heap[i].due { break }
            heap.swapAt(parent, i)
            i = parent
        }
    }

    static func pop(from heap: inout [Entry]) {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(&heap, from: 0)
    }

    static func heapify(_ heap: inout [Entry]) {
        var i = heap.count / 2
        while i > 0 {
            i -= 1
            siftDown(&heap, from: i)
        }
    }

    private static func siftDown(_ heap: inout [Entry], from start: Int) {
        var i = start
        while true {
            let left = 2 * i + 1
            if left >= heap.count { return }
            var smallest = left
            if left + 1 < heap.count && heap[left + 1].due < heap[left].due { smallest = left + 1 }
            if heap[i].due <= heap[smallest].due { return }
            heap.swapAt(i, smallest)
            i = smallest
        }
    }
}
