internal import Crypto
import Foundation

/// The signing keys derived so far, by secret and scope. Deriving one costs four HMACs, and a client or
/// server signs or verifies many requests a day with the same few scopes.
///
/// The cache holds at most ``capacity`` keys and forgets them all when it is full (a new day's scope
/// replaces the old ones soon enough). A derived key is as sensitive as the secret it comes from, which
/// the process holds anyway; neither ever leaves memory.
final class SigningKeyCache: @unchecked Sendable {
    /// What a signing key is derived from.
    struct Scope: Hashable {
        var secret: String
        var dateStamp: String
        var region: String
        var service: String
    }

    /// The process's cache.
    static let shared = SigningKeyCache()

    /// The most keys kept.
    let capacity: Int
    private let lock = NSLock()
    private var keys: [Scope: SymmetricKey] = [:]

    /// Creates an empty cache.
    ///
    /// - Parameter capacity: The most keys kept.
    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// The key derived for `scope`, if it is known.
    func key(for scope: Scope) -> SymmetricKey? {
        lock.withLock { keys[scope] }
    }

    /// Remembers the key derived for `scope`.
    func store(_ key: SymmetricKey, for scope: Scope) {
        lock.withLock {
            if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
            keys[scope] = key
        }
    }
}
