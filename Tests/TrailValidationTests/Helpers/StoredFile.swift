/// An object of a fixture: bytes and user metadata.
struct StoredFile: Sendable, Hashable {
    var body: [UInt8]
    var metadata: [String: String] = [:]
}
