import Synchronization
import TrailStore

/// A ``ControlStore`` over a real one whose next write can be made to fail (a busy or full database).
final class FailingControlStore: ControlStore {
    struct WriteFailed: Error {}

    let base: any ControlStore
    private let failures = Mutex(0)

    init(_ base: any ControlStore) {
        self.base = base
    }

    /// Makes the next `count` writes throw ``WriteFailed`` without running.
    func failNextWrites(_ count: Int) {
        failures.withLock { $0 = count }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any ControlTransaction) throws -> T) async throws -> T {
        try await base.read(body)
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any ControlTransaction) throws -> T) async throws -> T {
        let fails = failures.withLock { failures in
            guard failures > 0 else { return false }
            failures -= 1
            return true
        }
        if fails { throw WriteFailed() }
        return try await base.write(body)
    }
}
