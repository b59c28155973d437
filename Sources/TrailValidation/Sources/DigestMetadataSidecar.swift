import TrailModel

/// The signature sidecar of a downloaded digest, `<digest>.json.gz.metadata.json`, as ``DirectorySource``
/// reads it: either the metadata itself, `{"signature": "…", "signature-algorithm": "…"}`, or the output of
/// `aws s3api head-object` / `get-object`, `{"Metadata": {"signature": "…", …}, …}`. Names are compared
/// case-insensitively and an `x-amz-meta-` prefix is dropped.
package enum DigestMetadataSidecar {
    /// What follows a digest's file name to name its sidecar.
    package static let suffix = ".metadata.json"

    /// The metadata of a sidecar document; empty when it is not one.
    ///
    /// - Parameter bytes: The sidecar's JSON.
    package static func metadata(parsing bytes: [UInt8]) -> [String: String] {
        guard let document = try? JSONValue(parsing: bytes) else { return [:] }
        let source: JSONValue
        if case .object(let members) = document,
            let nested = members.last(where: { $0.key.lowercased() == "metadata" })?.value,
            case .object = nested
        {
            source = nested
        } else {
            source = document
        }
        guard case .object(let members) = source else { return [:] }
        var metadata: [String: String] = [:]
        for member in members {
            guard let value = member.value.stringValue else { continue }
            var name = member.key.lowercased()
            if name.hasPrefix("x-amz-meta-") { name.removeFirst("x-amz-meta-".count) }
            metadata[name] = value
        }
        return metadata
    }
}
