import Foundation

/// The master key that seals digest signing keys, given at start: base64 in `OPENTRAIL_SIGNING_MASTER_KEY`, or
/// a file named by `signingKeyMasterKeyFile` holding 32 raw bytes or their base64. Neither: keys are not sealed.
enum SigningMasterKey {
    static let environmentVariable = "OPENTRAIL_SIGNING_MASTER_KEY"

    /// The 32 key bytes, or `nil` when none is configured.
    /// - Throws: ``ConfigurationError`` when one is configured but unreadable or not 32 bytes (never showing it).
    static func load(configuration: ServerConfiguration, environment: [String: String]) throws -> [UInt8]? {
        if let text = environment[environmentVariable], !text.isEmpty {
            guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                bytes.count == 32
            else {
                throw ConfigurationError("\(environmentVariable) must be the base64 of 32 bytes")
            }
            return Array(bytes)
        }
        guard let path = configuration.signingKeyMasterKeyFile else { return nil }
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read the signing master key file \(path)")
        }
        if contents.count == 32 { return Array(contents) }
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: text), bytes.count == 32 else {
            throw ConfigurationError("the signing master key file \(path) must hold 32 bytes, raw or base64")
        }
        return Array(bytes)
    }
}
