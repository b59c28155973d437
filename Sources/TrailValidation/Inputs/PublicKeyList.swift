import Foundation

/// A fixed set of public keys, for example read from the saved output of `aws cloudtrail list-public-keys`.
///
/// Every key is offered whatever the range: a digest names its key by fingerprint, and a saved list was
/// fetched for the range of interest.
package struct PublicKeyList: PublicKeyProvider {
    /// The keys.
    package var keys: [DigestPublicKey]

    /// Creates a list.
    package init(_ keys: [DigestPublicKey]) {
        self.keys = keys
    }

    /// Reads a saved `ListPublicKeys` answer (see ``DigestPublicKey/list(parsing:)``).
    ///
    /// - Parameter path: The file.
    /// - Throws: ``LogValidationError/Code/invalidInput`` when it cannot be read or is not such a document.
    package init(contentsOfFile path: String) throws(LogValidationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LogValidationError(.invalidInput, "Cannot read the public key file \(path)")
        }
        self.init(try DigestPublicKey.list(parsing: [UInt8](data)))
    }

    /// All the keys.
    package func publicKeys(from start: Date, to end: Date) async throws -> [DigestPublicKey] {
        keys
    }
}
