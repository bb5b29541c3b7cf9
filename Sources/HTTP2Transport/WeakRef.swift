/// A weak reference that closures can share across threads; read it on the loop only.
final class WeakRef<T: AnyObject>: @unchecked Sendable {
    weak var value: T?

    init(_ value: T) {
        self.value = value
    }
}
