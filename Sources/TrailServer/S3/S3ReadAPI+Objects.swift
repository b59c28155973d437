import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TrailDelivery

/// `GetObject` and `HeadObject`.
extension S3ReadAPI {
    /// The `response-*` query parameters of `GetObject` and the headers they override.
    static let responseOverrides: [(parameter: String, header: HTTPField.Name)] = [
        ("response-content-type", .contentType),
        ("response-content-language", .contentLanguage),
        ("response-expires", .expires),
        ("response-cache-control", .cacheControl),
        ("response-content-disposition", .contentDisposition),
        ("response-content-encoding", .contentEncoding),
    ]

    /// `GET /{bucket}/{key}`: the object's bytes (decrypted), headers and user metadata; one byte range
    /// on request.
    func getObject(
        bucket: String,
        key: String,
        target: S3Target,
        request: Request,
        principal: Principal,
        store: LocalDirectoryStore
    ) async throws -> Response {
        // Refuse an encrypted object before decrypting it (a principal that may decrypt skips the extra look).
        if !mayDecrypt(principal) {
            try ensureReadable(try await objectInfo(bucket: bucket, key: key, store: store), by: principal)
        }
        let object: StoredObject
        do {
            object = try await store.getObject(bucket: bucket, key: key)
        } catch let error as ObjectStoreError where error.code == .noSuchKey || error.code == .invalidArgument {
            throw try await missing(bucket: bucket, key: key, store: store)
        }
        // It may have been replaced since.
        try ensureReadable(object.info, by: principal)
        return try answer(object.info, body: object.body, target: target, request: request)
    }

    /// `HEAD /{bucket}/{key}`: the headers `GetObject` would answer with, without the bytes.
    func headObject(
        bucket: String,
        key: String,
        target: S3Target,
        request: Request,
        principal: Principal,
        store: LocalDirectoryStore
    ) async throws -> Response {
        let info = try await objectInfo(bucket: bucket, key: key, store: store)
        try ensureReadable(info, by: principal)
        return try answer(info, body: nil, target: target, request: request)
    }

    /// Whether `principal` may read an object encrypted with a KMS key: root always, users whose
    /// configuration says `decryptsObjects: true`.
    func mayDecrypt(_ principal: Principal) -> Bool {
        if case .root = principal.kind { return true }
        return decryptingAccessKeyIds.contains(principal.accessKey.accessKeyId)
    }

    /// Refuses an encrypted object to a principal that may not decrypt it.
    ///
    /// - Throws: ``S3APIError`` `AccessDenied`.
    func ensureReadable(_ info: ObjectInfo, by principal: Principal) throws(S3APIError) {
        guard case .kms(let keyId) = info.encryption, !mayDecrypt(principal) else { return }
        let who: String
        switch principal.kind {
        case .root: who = "root"
        case .user(let name): who = "user \(name)"
        }
        throw S3APIError(
            .accessDenied,
            "Access Denied: the object is encrypted with KMS key \(keyId), and \(who) may not decrypt objects "
                + "(a user may when its configuration says decryptsObjects: true)."
        )
    }

    /// The object's information.
    ///
    /// - Throws: ``S3APIError`` `NoSuchKey` or `NoSuchBucket`, or the store's error.
    private func objectInfo(bucket: String, key: String, store: LocalDirectoryStore) async throws -> ObjectInfo {
        do {
            if let info = try await store.headObject(bucket: bucket, key: key) { return info }
        } catch let error as ObjectStoreError where error.code == .invalidArgument {
            // A key the local store cannot hold (`a//b`, `../x`, `a/`) does not exist.
        }
        throw try await missing(bucket: bucket, key: key, store: store)
    }

    /// `NoSuchBucket` when the bucket is missing, `NoSuchKey` otherwise.
    private func missing(bucket: String, key: String, store: LocalDirectoryStore) async throws -> S3APIError {
        try await store.bucketExists(bucket) ? .noSuchKey(key) : .noSuchBucket(bucket)
    }

    /// The answer for an object: conditions first, then the range, then headers and (for `GET`) the bytes.
    ///
    /// - Parameters:
    ///   - info: The object's information.
    ///   - body: The object's bytes, or `nil` for `HEAD`.
    private func answer(_ info: ObjectInfo, body: [UInt8]?, target: S3Target, request: Request) throws -> Response {
        var headers = Self.objectHeaders(info)
        switch S3Preconditions(headers: request.headers).evaluate(eTag: info.eTag, lastModified: info.lastModified) {
        case .proceed:
            break
        case .notModified:
            var notModified = HTTPFields()
            for name in [HTTPField.Name.eTag, .lastModified] { notModified[name] = headers[name] }
            return Response(status: .notModified, headers: notModified)
        case .failed(let condition):
            throw S3APIError(
                .preconditionFailed,
                "At least one of the pre-conditions you specified did not hold",
                details: [("Condition", condition)]
            )
        }
        for override in Self.responseOverrides {
            if let value = target.value(override.parameter) { headers[override.header] = value }
        }
        let size = body?.count ?? info.size
        let range = try S3ByteRange.resolve(request.headers[.range], size: size)
        if let range { headers[.contentRange] = S3ByteRange.contentRange(range, size: size) }
        let status: HTTPResponse.Status = range == nil ? .ok : .partialContent
        guard let body else {
            headers[.contentLength] = String(range?.count ?? size)
            return Response(status: status, headers: headers)
        }
        let bytes = range.map { body[$0] } ?? body[...]
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The headers of an object, as S3 sends them.
    static func objectHeaders(_ info: ObjectInfo) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = info.contentType ?? "binary/octet-stream"
        if let contentEncoding = info.contentEncoding { headers[.contentEncoding] = contentEncoding }
        if let eTag = info.eTag { headers[.eTag] = eTag }
        headers[.lastModified] = S3DateFormat.httpDate(info.lastModified)
        headers[.acceptRanges] = "bytes"
        for (name, value) in info.metadata.sorted(by: { $0.key < $1.key }) {
            guard let field = HTTPField.Name("x-amz-meta-" + name) else { continue }
            headers[field] = value
        }
        if case .kms(let keyId) = info.encryption {
            headers[serverSideEncryptionHeader] = ObjectEncryption.kmsAlgorithm
            headers[kmsKeyIdHeader] = keyId
        }
        return headers
    }

    /// The server-side encryption of an object (`aws:kms`).
    static let serverSideEncryptionHeader = HTTPField.Name("x-amz-server-side-encryption")!
    /// The KMS key an object is encrypted with.
    static let kmsKeyIdHeader = HTTPField.Name("x-amz-server-side-encryption-aws-kms-key-id")!
}
