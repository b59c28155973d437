/// The rules for bucket names, keys and user metadata that both stores check before doing anything.
enum ObjectNaming {
    /// The longest key S3 accepts, in UTF-8 bytes.
    static let maximumKeyLength = 1024
    /// The most user metadata S3 accepts, names and values together, in UTF-8 bytes.
    static let maximumMetadataSize = 2048

    /// Checks S3's bucket naming rules: 3 to 63 characters of lowercase letters, digits, dots and
    /// hyphens, beginning and ending with a letter or digit, no `..`, and not shaped like an IPv4
    /// address.
    ///
    /// - Throws: ``ObjectStoreError/Code/invalidArgument``.
    static func validateBucketName(_ name: String) throws {
        let bytes = Array(name.utf8)
        func refuse(_ why: String) -> ObjectStoreError {
            .invalidArgument("Invalid bucket name \"\(printable(name))\": \(why)")
        }
        guard (3...63).contains(bytes.count) else { throw refuse("it must be 3 to 63 characters long") }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."),
                UInt8(ascii: "-"):
                continue
            default:
                throw refuse("only lowercase letters, digits, dots and hyphens are allowed")
            }
        }
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else {
            throw refuse("it must begin and end with a letter or digit")
        }
        let dot = UInt8(ascii: ".")
        guard !zip(bytes, bytes.dropFirst()).contains(where: { $0 == dot && $1 == dot }) else {
            throw refuse("it must not contain two adjacent dots")
        }
        let parts = bytes.split(separator: dot, omittingEmptySubsequences: false)
        if parts.count == 4, parts.allSatisfy({ part in !part.isEmpty && part.allSatisfy(isDigit) }) {
            throw refuse("it must not be formatted as an IP address")
        }
    }

    /// Checks what every store needs of a key: not empty, at most 1024 UTF-8 bytes, and no NUL.
    ///
    /// - Throws: ``ObjectStoreError/Code/invalidArgument``.
    static func validateKey(_ key: String) throws {
        guard !key.isEmpty else { throw ObjectStoreError.invalidArgument("The object key must not be empty") }
        guard key.utf8.count <= maximumKeyLength else {
            throw ObjectStoreError.invalidArgument("The object key is longer than \(maximumKeyLength) bytes")
        }
        guard !key.utf8.contains(0) else {
            throw ObjectStoreError.invalidArgument("The object key must not contain a NUL character")
        }
    }

    /// Validates user metadata and returns it with lowercase names, as S3 stores it.
    ///
    /// Names must be HTTP token characters, values printable ASCII (space and tab allowed); the
    /// total of names and values is at most 2 KB.
    ///
    /// - Throws: ``ObjectStoreError/Code/invalidArgument``.
    static func normalizedMetadata(_ metadata: [String: String]) throws -> [String: String] {
        var normalized: [String: String] = [:]
        var size = 0
        for (name, value) in metadata {
            let lower = name.lowercased()
            guard !lower.isEmpty, lower.utf8.allSatisfy(isTokenByte) else {
                throw ObjectStoreError.invalidArgument("Invalid metadata name \"\(printable(name))\"")
            }
            guard value.utf8.allSatisfy({ $0 == 9 || (32...126).contains($0) }) else {
                throw ObjectStoreError.invalidArgument(
                    "The value of metadata \"\(lower)\" must be printable ASCII"
                )
            }
            guard normalized.updateValue(value, forKey: lower) == nil else {
                throw ObjectStoreError.invalidArgument("Metadata name \"\(lower)\" is given twice")
            }
            size += lower.utf8.count + value.utf8.count
        }
        guard size <= maximumMetadataSize else {
            throw ObjectStoreError.invalidArgument("User metadata exceeds \(maximumMetadataSize) bytes")
        }
        return normalized
    }

    /// Whether `byte` may appear in an HTTP header field name (RFC 9110 `tchar`).
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// `text` with control characters replaced, safe to put in a message.
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || isDigit(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
