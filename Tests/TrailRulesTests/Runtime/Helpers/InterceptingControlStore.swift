import Synchronization
import TrailStore

/// A ``ControlStore`` over a real one whose next writes can be made to fail after their body ran (a crash
/// before the commit), or be preceded by another change (a concurrent writer that got in first).
final class InterceptingControlStore: ControlStore {
    struct WriteFailed: Error {}

    let base: any ControlStore
    private let failures = Mutex(0)
    private let interceptions = Mutex<[@Sendable () async throws -> Void]>([])
    private let writeCount = Mutex(0)

    init(_ base: any ControlStore) {
        self.base = base
    }

    /// Makes the next `count` writes run their body, then roll back and throw ``WriteFailed``.
    func failNextWrites(_ count: Int) {
        failures.withLock { $0 = count }
    }

    /// Runs `change` just before the next write (one change per write, in the order given).
    func beforeNextWrite(_ change: @escaping @Sendable () async throws -> Void) {
        interceptions.withLock { $0.append(change) }
    }

    /// The writes attempted so far.
    var writes: Int { writeCount.withLock { $0 } }

    func read<T: Sendable>(_ body: @escaping @Sendable (any ControlTransaction) throws -> T) async throws -> T {
        try await base.read(body)
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any ControlTransaction) throws -> T) async throws -> T {
        writeCount.withLock { $0 += 1 }
        let change = interceptions.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        if let change { try await change() }
        let fails = failures.withLock { failures in
            guard failures > 0 else { return false }
            failures -= 1
            return true
        }
        if fails {
            return try await base.write { tx -> T in
                _ = try body(tx)
                throw WriteFailed()
            }
        }
        return try await base.write(body)
    }
}
