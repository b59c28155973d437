import Crypto
import TrailModel

/// The on-disk form of an object that ``LocalDirectoryStore`` encrypts (AES-256-GCM).
///
/// ```
/// "OTENC1"             6 bytes   magic
/// fingerprint          8 bytes   MasterKey.fingerprint of the key that encrypted it
/// keyId length         2 bytes   big-endian
/// keyId                n bytes   UTF-8, the KMS key ID the caller asked for
/// salt                16 bytes   HKDF salt of this object's data key
/// nonce               12 bytes   AES-GCM nonce
/// ciphertext           …         as long as the plaintext
/// tag                 16 bytes   AES-GCM tag; the header above is the additional data
/// ```
///
/// The data key is `HKDF-SHA256(master, salt, "opentrail object data key v1\0" + keyId)`, so each
/// object has its own key and a fresh random nonce.
enum ObjectEnvelope {
    /// The first bytes of every encrypted object.
    static let magic = Array("OTENC1".utf8)
    static let fingerprintSize = 8
    static let saltSize = 16
    static let nonceSize = 12
    static let tagSize = 16
    /// The bytes needed to know the header's length: magic, fingerprint and key ID length.
    static let fixedPrefixSize = magic.count + fingerprintSize + 2

    /// The parsed header of an encrypted object.
    struct Header {
        var fingerprint: [UInt8]
        var keyId: String
        var salt: [UInt8]
        var nonce: [UInt8]
        /// The header's length in bytes, where the ciphertext begins.
        var size: Int
    }

    /// Whether `bytes` begin with the envelope's magic.
    static func isSealed(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: magic)
    }

    /// Encrypts `plaintext` under the data key derived from `masterKey` and `keyId`.
    ///
    /// - Throws: ``ObjectStoreError/Code/invalidArgument`` when `keyId` is empty or too long.
    static func seal(_ plaintext: [UInt8], keyId: String, masterKey: MasterKey) throws -> [UInt8] {
        let keyIdBytes = Array(keyId.utf8)
        guard !keyIdBytes.isEmpty, keyIdBytes.count <= Int(UInt16.max) else {
            throw ObjectStoreError.invalidArgument("A KMS key ID must be 1 to 65535 bytes long")
        }
        var rng = SystemRandomNumberGenerator()
        let salt = (0..<saltSize).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        let nonce = AES.GCM.Nonce()
        var header = magic + masterKey.fingerprint
        header += [UInt8(keyIdBytes.count >> 8), UInt8(keyIdBytes.count & 0xFF)]
        header += keyIdBytes + salt + Array(nonce)
        let key = masterKey.dataKey(keyId: keyId, salt: salt)
        let box = try AES.GCM.seal(plaintext, using: key, nonce: nonce, authenticating: header)
        return header + Array(box.ciphertext) + Array(box.tag)
    }

    /// Parses the header at the start of `bytes` (which may be just a prefix of the file).
    ///
    /// - Returns: The header, or `nil` when `bytes` are too short to hold it (or lack the magic).
    static func header(_ bytes: [UInt8]) -> Header? {
        guard isSealed(bytes), bytes.count >= fixedPrefixSize else { return nil }
        var offset = magic.count
        let fingerprint = Array(bytes[offset..<offset + fingerprintSize])
        offset += fingerprintSize
        let keyIdLength = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
        offset += 2
        let size = offset + keyIdLength + saltSize + nonceSize
        guard bytes.count >= size else { return nil }
        let keyId = String(decoding: bytes[offset..<offset + keyIdLength], as: UTF8.self)
        offset += keyIdLength
        let salt = Array(bytes[offset..<offset + saltSize])
        offset += saltSize
        let nonce = Array(bytes[offset..<offset + nonceSize])
        return Header(fingerprint: fingerprint, keyId: keyId, salt: salt, nonce: nonce, size: size)
    }

    /// The plaintext size of a sealed file of `fileSize` bytes whose header is `header`.
    static func plaintextSize(fileSize: Int, header: Header) -> Int {
        max(0, fileSize - header.size - tagSize)
    }

    /// Decrypts a sealed object.
    ///
    /// - Parameters:
    ///   - sealed: The whole file.
    ///   - masterKey: The store's master key, or `nil` when it has none.
    ///   - name: `bucket/key`, for messages.
    /// - Returns: The plaintext and the KMS key ID it was stored with.
    /// - Throws: ``ObjectStoreError/Code/decryptionFailed`` when there is no master key, the file
    ///   was sealed under another master key, or it is damaged.
    static func open(
        _ sealed: [UInt8],
        masterKey: MasterKey?,
        name: String
    ) throws -> (
        plaintext: [UInt8], keyId: String
    ) {
        guard let header = header(sealed), sealed.count >= header.size + tagSize else {
            throw ObjectStoreError(.decryptionFailed, "The encrypted object \(name) is truncated")
        }
        guard let masterKey else {
            throw ObjectStoreError(
                .decryptionFailed,
                "The object \(name) is encrypted and this store has no master key to decrypt it"
            )
        }
        guard header.fingerprint == masterKey.fingerprint else {
            throw ObjectStoreError(
                .decryptionFailed,
                "The object \(name) was encrypted under another master key (fingerprint "
                    + "\(HexText.encode(header.fingerprint)); this store's is \(masterKey.fingerprintHex))"
            )
        }
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: header.nonce),
                ciphertext: sealed[header.size..<sealed.count - tagSize],
                tag: sealed[(sealed.count - tagSize)...]
            )
            let key = masterKey.dataKey(keyId: header.keyId, salt: header.salt)
            let plaintext = try AES.GCM.open(box, using: key, authenticating: sealed[..<header.size])
            return (Array(plaintext), header.keyId)
        } catch {
            throw ObjectStoreError(
                .decryptionFailed,
                "The encrypted object \(name) failed authentication: the file is damaged or was modified"
            )
        }
    }
}
