import Foundation

extension LocalDirectoryStore {
    package func listObjects(
        bucket: String,
        prefix: String,
        delimiter: String?,
        startAfter: String?,
        continuationToken: String?,
        maxKeys: Int
    ) async throws -> ObjectListing {
        try ObjectNaming.validateBucketName(bucket)
        guard maxKeys >= 0 else { throw ObjectStoreError.invalidArgument("max-keys must not be negative") }
        var walker = ListingWalker(
            prefix: Array(prefix.utf8),
            delimiter: delimiter.flatMap { $0.isEmpty ? nil : Array($0.utf8) },
            limit: min(maxKeys, 1000)
        )
        walker.sidecarDirectory = metadataRoot + "/" + bucket
        if let continuationToken {
            let marker = try ListingMarker(token: continuationToken)
            walker.lowerBound = marker.value
            if marker.isCommonPrefix { walker.skippedPrefix = marker.value }
        } else if let startAfter, !startAfter.isEmpty {
            walker.lowerBound = Array(startAfter.utf8)
        }
        let bucketDirectory = bucketPath(bucket)
        let immutableWalker = walker
        return try await run(bucket: bucket, key: nil) {
            guard try LocalObjectFiles.status(bucketDirectory)?.isDirectory == true else {
                throw ObjectStoreError.noSuchBucket(bucket)
            }
            var walker = immutableWalker
            guard walker.limit > 0 else { return ObjectListing(objects: []) }
            _ = try walker.visit(directory: bucketDirectory, keyPrefix: [])
            return walker.listing
        }
    }

    /// Lists keys as S3 `ListObjects` (version 1) does with a `marker`: only keys after it, and, when
    /// the marker is a common prefix of this listing (the `NextMarker` of a page that ended with one),
    /// nothing under that prefix either, so paging with `NextMarker` never repeats a common prefix.
    ///
    /// - Parameters:
    ///   - bucket: The bucket name.
    ///   - prefix: Only keys that begin with this; empty for all.
    ///   - delimiter: When set, keys that contain it after `prefix` are rolled up.
    ///   - marker: Only keys after this one; `nil` or empty for the first page.
    ///   - maxKeys: At most this many keys and common prefixes together, 0 to 1000.
    /// - Throws: ``ObjectStoreError`` (``ObjectStoreError/Code/noSuchBucket`` when absent).
    package func listObjects(
        bucket: String,
        prefix: String,
        delimiter: String?,
        marker: String?,
        maxKeys: Int
    ) async throws -> ObjectListing {
        guard let marker, !marker.isEmpty else {
            return try await listObjects(
                bucket: bucket,
                prefix: prefix,
                delimiter: delimiter,
                startAfter: nil,
                continuationToken: nil,
                maxKeys: maxKeys
            )
        }
        let markerBytes = Array(marker.utf8)
        var isCommonPrefix = false
        if let delimiter, !delimiter.isEmpty, markerBytes.starts(with: prefix.utf8) {
            let rest = markerBytes[prefix.utf8.count...]
            isCommonPrefix = rest.firstRange(of: Array(delimiter.utf8))?.upperBound == markerBytes.endIndex
        }
        return try await listObjects(
            bucket: bucket,
            prefix: prefix,
            delimiter: delimiter,
            startAfter: isCommonPrefix ? nil : marker,
            continuationToken: isCommonPrefix ? ListingMarker(value: markerBytes, isCommonPrefix: true).token : nil,
            maxKeys: maxKeys
        )
    }
}

/// Where a listing page ended: the last key, or the last common prefix, it returned. A token is
/// this marker in base64 (`K` or `P`, then the bytes).
struct ListingMarker: Hashable, Sendable {
    var value: [UInt8]
    var isCommonPrefix: Bool

    init(value: [UInt8], isCommonPrefix: Bool) {
        self.value = value
        self.isCommonPrefix = isCommonPrefix
    }

    /// Decodes a continuation token.
    ///
    /// - Throws: ``ObjectStoreError/Code/invalidArgument`` when the token is not one of ours.
    init(token: String) throws {
        guard let data = Data(base64Encoded: token), let kind = data.first,
            kind == UInt8(ascii: "K") || kind == UInt8(ascii: "P")
        else {
            throw ObjectStoreError.invalidArgument("The continuation token provided is incorrect")
        }
        self.init(value: Array(data.dropFirst()), isCommonPrefix: kind == UInt8(ascii: "P"))
    }

    /// The continuation token for this marker.
    var token: String {
        Data([isCommonPrefix ? UInt8(ascii: "P") : UInt8(ascii: "K")] + value).base64EncodedString()
    }
}

/// A depth-first walk of a bucket directory that visits keys in ascending byte order, skipping
/// whole directories outside the prefix or before the lower bound, and stopping one key after the
/// page is full.
///
/// Visiting a directory's entries sorted by name, with `/` appended to directory names, yields keys
/// in byte order: every key under directory `d` begins with `d/`, and no sibling name contains `/`.
struct ListingWalker: Sendable {
    let prefix: [UInt8]
    let delimiter: [UInt8]?
    let limit: Int
    /// The directory of the bucket's sidecars (`<root>/.metadata/<bucket>`), to report each object's
    /// entity tag and plaintext size; without it they come from the object file alone.
    var sidecarDirectory: String?
    /// Only keys greater than this (start-after or the previous page's last key).
    var lowerBound: [UInt8]?
    /// Keys beginning with this are skipped (the common prefix the previous page ended with, then
    /// each common prefix already returned).
    var skippedPrefix: [UInt8]?

    private(set) var objects: [ObjectSummary] = []
    private(set) var commonPrefixes: [String] = []
    private(set) var isTruncated = false
    private var marker: ListingMarker?

    init(prefix: [UInt8], delimiter: [UInt8]?, limit: Int) {
        self.prefix = prefix
        self.delimiter = delimiter
        self.limit = limit
    }

    /// The page collected so far.
    var listing: ObjectListing {
        ObjectListing(
            objects: objects,
            commonPrefixes: commonPrefixes,
            isTruncated: isTruncated,
            nextContinuationToken: isTruncated ? marker?.token : nil
        )
    }

    /// Visits the directory at `directory`, whose keys begin with `keyPrefix`.
    ///
    /// - Returns: `false` once the page is complete.
    mutating func visit(directory: String, keyPrefix: [UInt8]) throws -> Bool {
        guard let entries = try LocalObjectFiles.entries(directory) else { return true }
        let candidates =
            entries
            .filter { !$0.name.utf8.starts(with: LocalObjectFiles.temporaryPrefix.utf8) }
            .filter { $0.status.isDirectory || $0.status.isRegularFile }
            .map { entry in
                (entry: entry, key: keyPrefix + Array(entry.name.utf8) + (entry.status.isDirectory ? [0x2F] : []))
            }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
        for candidate in candidates {
            let key = candidate.key
            if let skippedPrefix, key.starts(with: skippedPrefix) { continue }
            if candidate.entry.status.isDirectory {
                // Every key below begins with `key`.
                guard key.starts(with: prefix) || prefix.starts(with: key) else { continue }
                if let lowerBound, key.lexicographicallyPrecedes(lowerBound), !lowerBound.starts(with: key) {
                    continue
                }
                guard try visit(directory: directory + "/" + candidate.entry.name, keyPrefix: key) else {
                    return false
                }
            } else {
                guard key.starts(with: prefix) else { continue }
                if let lowerBound, !lowerBound.lexicographicallyPrecedes(key) { continue }
                guard try emit(key, path: directory + "/" + candidate.entry.name, status: candidate.entry.status)
                else { return false }
            }
        }
        return true
    }

    /// Adds a key (or its common prefix) to the page.
    ///
    /// - Returns: `false` when the page was already full, so this key only proves truncation.
    private mutating func emit(_ key: [UInt8], path: String, status: LocalObjectFiles.Status) throws -> Bool {
        if let delimiter, let range = key[prefix.count...].firstRange(of: delimiter) {
            let commonPrefix = Array(key[..<range.upperBound])
            guard objects.count + commonPrefixes.count < limit else {
                isTruncated = true
                return false
            }
            commonPrefixes.append(String(decoding: commonPrefix, as: UTF8.self))
            marker = ListingMarker(value: commonPrefix, isCommonPrefix: true)
            skippedPrefix = commonPrefix
            return true
        }
        guard objects.count + commonPrefixes.count < limit else {
            isTruncated = true
            return false
        }
        let keyText = String(decoding: key, as: UTF8.self)
        var size = status.size
        var eTag: String?
        if let sidecarDirectory,
            let sidecar = try LocalDirectoryStore.freshSidecar(
                at: sidecarDirectory + "/" + keyText,
                fileSize: status.size
            )
        {
            size = sidecar.size
            eTag = sidecar.eTag
        } else if let header = try LocalDirectoryStore.sealedHeader(at: path) {
            size = ObjectEnvelope.plaintextSize(fileSize: status.size, header: header)
        }
        objects.append(ObjectSummary(key: keyText, size: size, lastModified: status.lastModified, eTag: eTag))
        marker = ListingMarker(value: key, isCommonPrefix: false)
        return true
    }
}
