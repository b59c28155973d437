/// A string enumeration of the wire that decodes any value, known or not, so that an unknown value
/// reaches validation (and its AWS exception) instead of failing as a decoding error.
public protocol OpenWireValue: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible
where RawValue == String {
    /// Wraps a wire value, known or not.
    init(rawValue: String)
}

extension OpenWireValue {
    /// Decodes any string.
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the wire value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The wire value.
    public var description: String { rawValue }
}
