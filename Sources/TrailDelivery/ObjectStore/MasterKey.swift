import Crypto
import Foundation
import TrailModel

/// The 32-byte secret from which ``LocalDirectoryStore`` derives the data keys of objects stored
/// with ``ObjectEncryption/kms(keyId:)``.
///
/// It lives in `<data-dir>/object-master.key` (``defaultFileName``), created on first use with
/// `O_EXCL` and mode 0600; ``loadOrCreate(at:)`` does that. Losing the file makes every encrypted
/// object unreadable. The description shows only the ``fingerprint``.
package struct MasterKey: Sendable, CustomStringConvertible {
    /// The size of a master key in bytes.
    package static let byteCount = 32
    /// The key file's name in the data directory.
    package static let defaultFileName = "object-master.key"

    private let key: SymmetricKey
    /// Eight bytes that identify the key without revealing it (an HMAC of a fixed label); stored in
    /// every encrypted object so that a wrong key is told apart from a damaged file.
    package let fingerprint: [UInt8]

    /// Creates a master key from exactly ``byteCount`` bytes.
    ///
    /// - Throws: ``ObjectStoreError/Code/invalidArgument`` for any other length.
    package init(bytes: some Collection<UInt8>) throws {
        guard bytes.count == Self.byteCount else {
            throw ObjectStoreError.invalidArgument(
                "An object master key must be \(Self.byteCount) bytes, not \(bytes.count)"
            )
        }
        let key = SymmetricKey(data: Array(bytes))
        self.key = key
        self.fingerprint = Array(
            HMAC<SHA256>.authenticationCode(for: Array("opentrail object master key fingerprint".utf8), using: key)
                .prefix(8)
        )
    }

    /// A new random master key from the system's CSPRNG.
    package static func generate() -> MasterKey {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        // The length is right by construction.
        return try! MasterKey(bytes: bytes)
    }

    /// Reads the master key at `path`, or creates it there (mode 0600, `O_EXCL`, synced) when the
    /// file does not exist. Two processes racing to create it end up with the same key.
    ///
    /// - Parameter path: The key file, normally `<data-dir>/object-master.key`.
    /// - Throws: ``ObjectStoreError`` when the file cannot be read or created, or does not hold
    ///   exactly 32 bytes.
    package static func loadOrCreate(at path: String) throws -> MasterKey {
        do {
            if let existing = try LocalObjectFiles.read(path) {
                return try MasterKey(bytes: existing.bytes)
            }
            if try LocalObjectFiles.status(path) != nil {
                throw ObjectStoreError.invalidArgument("it is not a regular file")
            }
            let directory = (path as NSString).deletingLastPathComponent
            let key = generate()
            let created = try key.withUnsafeBytes { bytes in
                try LocalObjectFiles.createExclusively(
                    bytes,
                    at: path,
                    directory: directory.isEmpty ? "." : directory,
                    mode: 0o600
                )
            }
            if created { return key }
            guard let existing = try LocalObjectFiles.read(path) else {
                throw ObjectStoreError(.other, "The object master key \(path) vanished while being created")
            }
            return try MasterKey(bytes: existing.bytes)
        } catch let failure as LocalObjectFiles.Failure {
            throw ObjectStoreError(failure.errorNumber == EACCES ? .accessDenied : .other, failure.description)
        } catch let error as ObjectStoreError where error.code == .invalidArgument {
            throw ObjectStoreError.invalidArgument("\(path): \(error.message)")
        }
    }

    /// The AES-256 key for one object: HKDF-SHA256 of the master key, salted with the object's
    /// random salt, with the KMS key ID in the info, so each `keyId` names a different key.
    func dataKey(keyId: String, salt: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key,
            salt: salt,
            info: Array("opentrail object data key v1".utf8) + [0] + Array(keyId.utf8),
            outputByteCount: 32
        )
    }

    /// Calls `body` with the raw key bytes, for writing the key file.
    private func withUnsafeBytes<T>(_ body: ([UInt8]) throws -> T) rethrows -> T {
        try key.withUnsafeBytes { try body(Array($0)) }
    }

    /// `MasterKey(fingerprint: <hex>)`; never the key.
    package var description: String {
        "MasterKey(fingerprint: \(fingerprintHex))"
    }

    /// The ``fingerprint`` in lowercase hex.
    package var fingerprintHex: String {
        HexText.encode(fingerprint)
    }
}
