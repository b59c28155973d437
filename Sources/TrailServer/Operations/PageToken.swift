import Foundation

/// Opaque pagination tokens: base64url of a small JSON document, bound to the operation.
enum PageToken {
    static func encode<T: Encodable>(_ value: T) -> String {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/",
            with: "_"
        )
        .replacingOccurrences(of: "=", with: "")
    }

    static func decode<T: Decodable>(_ type: T.Type, from token: String) -> T? {
        guard token.count <= 4096 else { return nil }
        var text = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { return nil }
        return try? JSONDecoder().decode(T.self, from: data)
    }

    private struct StringToken: Codable {
        var k: String
        var v: String
    }

    static func encodeString(_ value: String, kind: String) -> String { encode(StringToken(k: kind, v: value)) }

    static func decodeString(_ token: String, kind: String) -> String? {
        guard let decoded = decode(StringToken.self, from: token), decoded.k == kind else { return nil }
        return decoded.v
    }
}
