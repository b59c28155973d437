import Crypto
import Foundation
import TrailModel
import _CryptoExtras

/// The RSA-2048 key pairs that sign digest files: one current key per region, rotated on a schedule.
///
/// Keys live in a directory of their own (`<data-dir>/signing-keys`, mode 0700), one file per key (mode
/// 0600, see ``SigningKeyFile``). A key is valid from its creation for ``rotationInterval``; the first
/// signature asked for after that creates the region's next key. Old keys stay on disk and listed, so
/// digests signed with them can still be verified. With a master key, private keys are sealed with AES-GCM
/// and unreadable without it.
package actor SigningKeyStore {
    package let directory: String
    package let rotationInterval: TimeInterval
    private let master: SymmetricKey?
    private let now: @Sendable () -> Date
    /// Each region's key files, oldest first, once read from disk.
    private var files: [String: [SigningKeyFile]] = [:]
    /// Private keys already read, by fingerprint.
    private var privateKeys: [String: _RSA.Signing.PrivateKey] = [:]

    /// - Parameters:
    ///   - directory: Where key files are kept; created (mode 0700) on first use.
    ///   - rotationInterval: How long a key signs before the next one takes over.
    ///   - masterKey: 32 bytes that seal private keys, or `nil` to keep them in the clear (owner-only files).
    ///   - now: The clock.
    package init(
        directory: String,
        rotationInterval: TimeInterval,
        masterKey: [UInt8]? = nil,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.directory = directory
        self.rotationInterval = rotationInterval
        self.master = masterKey.map { SymmetricKey(data: $0) }
        self.now = now
    }

    /// The public keys of `region` whose validity overlaps `[start, end]` (`nil`: now), oldest first. When the
    /// range reaches the present and the region has no current key yet, one is created (CloudTrail always has
    /// a current key to show).
    package func publicKeys(region: String, start: Date?, end: Date?) async throws -> [PublicSigningKey] {
        try Self.checkRegion(region)
        var keys = try await load(region: region)
        let current = now()
        let (start, end) = (start ?? current, end ?? current)
        if start <= current, end >= current, !keys.contains(where: { Self.isValid($0, at: current) }) {
            _ = try await createKey(region: region, at: current)
            keys = try await load(region: region)
        }
        return keys.compactMap(\.publicKeyInfo).filter { $0.overlaps(start: start, end: end) }
    }

    /// The fingerprint of the key of `region` that signs at `date`, creating the region's next key when none
    /// is valid then (the rotation).
    package func signingKeyFingerprint(region: String, at date: Date) async throws -> String {
        try Self.checkRegion(region)
        let keys = try await load(region: region)
        if let valid = keys.last(where: { Self.isValid($0, at: date) }) { return valid.fingerprint }
        return try await createKey(region: region, at: date).fingerprint
    }

    /// Signs `message` with the key `fingerprint` of `region`: RSA PKCS#1 v1.5 over SHA-256, CloudTrail's
    /// `SHA256withRSA`.
    package func sign(_ message: [UInt8], region: String, fingerprint: String) async throws -> [UInt8] {
        try Self.checkRegion(region)
        let key: _RSA.Signing.PrivateKey
        if let cached = privateKeys[fingerprint] {
            key = cached
        } else {
            guard let file = try await load(region: region).first(where: { $0.fingerprint == fingerprint }) else {
                throw DigestError(.signingKeyUnavailable, "no signing key \(fingerprint) in \(region)")
            }
            key = try file.loadPrivateKey(master: master)
            privateKeys[fingerprint] = key
        }
        return Array(try key.signature(for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5).rawRepresentation)
    }

    /// Checks at start that the newest key of every region on disk can sign with the master key given (or with
    /// none): a wrong or missing master key is a configuration error, not something to find at the first
    /// digest — or to paper over by creating keys sealed differently.
    ///
    /// - Throws: ``DigestError`` with ``DigestError/Code/signingKeyUnavailable`` naming the region.
    package func checkKeys() async throws {
        let directory = self.directory
        let regions = try await LocalObjectFiles.run { () throws -> [String] in
            do {
                return try LocalObjectFiles.entries(directory)?.filter(\.status.isDirectory).map(\.name) ?? []
            } catch let failure as LocalObjectFiles.Failure {
                throw DigestError(.keyStorage, failure.description)
            }
        }
        for region in regions.sorted() where (try? Self.checkRegion(region)) != nil {
            guard let newest = try await load(region: region).last else { continue }
            privateKeys[newest.fingerprint] = try newest.loadPrivateKey(master: master)
        }
    }

    /// A region names a folder of the key directory: only a region-shaped name may.
    static func checkRegion(_ region: String) throws(DigestError) {
        guard LogFileKey.isRegion(Substring(region)), !region.hasPrefix("-") else {
            throw DigestError(.keyStorage, "'\(region)' is not a region name")
        }
    }

    static func isValid(_ file: SigningKeyFile, at date: Date) -> Bool {
        let milliseconds = EventTime.milliseconds(date)
        return file.validityStartMilliseconds <= milliseconds && milliseconds < file.validityEndMilliseconds
    }

    private func regionDirectory(_ region: String) -> String { directory + "/" + region }

    private func load(region: String) async throws -> [SigningKeyFile] {
        if let cached = files[region] { return cached }
        let path = regionDirectory(region)
        let loaded = try await LocalObjectFiles.run { () throws -> [SigningKeyFile] in
            do {
                guard let entries = try LocalObjectFiles.entries(path) else { return [] }
                let decoder = JSONDecoder()
                return try entries.filter { $0.name.hasSuffix(".json") && $0.status.isRegularFile }.sorted {
                    $0.name < $1.name
                }.map { entry in
                    guard let bytes = try LocalObjectFiles.read(path + "/" + entry.name)?.bytes,
                        let file = try? decoder.decode(SigningKeyFile.self, from: Data(bytes))
                    else {
                        throw DigestError(.keyStorage, "signing key file \(path)/\(entry.name) is unreadable")
                    }
                    return file
                }
            } catch let failure as LocalObjectFiles.Failure {
                throw DigestError(.keyStorage, failure.description)
            }
        }
        files[region] = loaded
        return loaded
    }

    /// Generates the next key of `region`, valid from `date`, and writes it durably before it is used.
    private func createKey(region: String, at date: Date) async throws -> SigningKeyFile {
        let master = self.master
        let directory = self.directory
        let path = regionDirectory(region)
        let start = EventTime.milliseconds(date)
        let end = start + Int64((rotationInterval * 1000).rounded())
        let (file, key) = try await LocalObjectFiles.run { () throws -> (SigningKeyFile, _RSA.Signing.PrivateKey) in
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let publicDER = Array(key.publicKey.pkcs1DERRepresentation)
            let fingerprint = PublicSigningKey.fingerprint(of: publicDER)
            var file = SigningKeyFile(
                region: region,
                fingerprint: fingerprint,
                publicKey: Data(publicDER).base64EncodedString(),
                validityStartMilliseconds: start,
                validityEndMilliseconds: end
            )
            let privateDER = key.derRepresentation
            if let master {
                let sealed = try AES.GCM.seal(
                    privateDER,
                    using: SigningKeyFile.sealingKey(master: master, region: region, fingerprint: fingerprint),
                    authenticating: Array(fingerprint.utf8)
                )
                guard let combined = sealed.combined else {
                    throw DigestError(.keyStorage, "cannot seal the new signing key of \(region)")
                }
                file.sealedPrivateKey = combined.base64EncodedString()
            } else {
                file.privateKey = privateDER.base64EncodedString()
            }
            do {
                try LocalObjectFiles.makeDirectoryTree(directory, mode: 0o700)
                try LocalObjectFiles.makeDirectories([Substring(region)], under: directory, mode: 0o700)
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                try LocalObjectFiles.writeAtomically(
                    Array(try encoder.encode(file)),
                    to: path + "/" + file.fileName,
                    directory: path,
                    mode: 0o600
                )
            } catch let failure as LocalObjectFiles.Failure {
                throw DigestError(.keyStorage, failure.description)
            }
            return (file, key)
        }
        files[region, default: []].append(file)
        privateKeys[file.fingerprint] = key
        return file
    }
}
