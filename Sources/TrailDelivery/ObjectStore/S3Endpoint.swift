import Foundation

/// A parsed S3 endpoint URL and the addresses of buckets and objects on it.
struct S3Endpoint: Sendable, Hashable {
    /// `http` or `https`.
    var scheme: String
    /// The host name or address, IPv6 addresses without brackets.
    var host: String
    /// The port when the URL names one.
    var port: Int?
    /// A path prefix in front of every request path (usually empty), without a trailing `/`.
    var basePath: String

    /// Where one request goes.
    struct Address: Sendable, Hashable {
        /// The `Host` header value.
        var authority: String
        /// The percent-encoded path.
        var path: String
    }

    /// Parses an endpoint such as `http://127.0.0.1:5000` or `https://s3.us-east-1.amazonaws.com`.
    ///
    /// - Throws: ``ObjectStoreError/Code/invalidArgument`` when it is not an http(s) URL with a host.
    init(_ url: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.query == nil
        else {
            throw ObjectStoreError.invalidArgument("The S3 endpoint \"\(url)\" is not an http(s) URL with a host")
        }
        self.scheme = scheme
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port
        var basePath = components.percentEncodedPath
        while basePath.hasSuffix("/") { basePath.removeLast() }
        self.basePath = basePath
    }

    /// The `host[:port]` of `host`, with brackets around an IPv6 address and no default port.
    func authority(host: String) -> String {
        let name = host.contains(":") ? "[\(host)]" : host
        guard let port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) else { return name }
        return "\(name):\(port)"
    }

    /// The address of a bucket (`key == nil`) or an object.
    ///
    /// Virtual-hosted style puts the bucket in the host name, except for buckets with dots over
    /// HTTPS, whose names a wildcard certificate does not cover; those use path style as AWS SDKs do.
    func address(bucket: String, key: String?, style: S3ObjectStore.AddressingStyle) -> Address {
        let encodedKey = key.map(S3ObjectStore.encodeKey) ?? ""
        if style == .virtualHosted && !(scheme == "https" && bucket.contains(".")) {
            return Address(authority: authority(host: "\(bucket).\(host)"), path: basePath + "/" + encodedKey)
        }
        return Address(
            authority: authority(host: host),
            path: basePath + "/" + bucket + (key == nil ? "" : "/" + encodedKey)
        )
    }

    /// The absolute URL for an address and a raw query.
    func url(_ address: Address, query: String) -> String {
        "\(scheme)://\(address.authority)\(address.path)" + (query.isEmpty ? "" : "?\(query)")
    }
}
