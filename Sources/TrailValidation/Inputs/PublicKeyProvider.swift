import Foundation

/// Where the public keys of a range come from: CloudTrail's `ListPublicKeys` online, a saved list offline.
package protocol PublicKeyProvider: Sendable {
    /// The keys whose validity overlaps `start...end`.
    ///
    /// - Parameters:
    ///   - start: The start of the range.
    ///   - end: The end of the range.
    /// - Throws: Whatever the provider cannot recover from; the run stops.
    func publicKeys(from start: Date, to end: Date) async throws -> [DigestPublicKey]
}
