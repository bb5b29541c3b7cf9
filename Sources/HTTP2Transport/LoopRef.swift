/// A reference that closures can share across threads and that is read and emptied on the
/// loop only. Strong, not weak: a weak reference gives its object a side table (an allocation,
/// and the slow path for every retain and release of the object after it); the owner empties
/// it instead, once the closures holding it have nothing left to do.
final class LoopRef<T: AnyObject>: @unchecked Sendable {
    var value: T?

    init(_ value: T) {
        self.value = value
    }
}
