extension CompiledEventSelectors {
    /// A selector value (a condition value or a data resource ARN), kept as UTF-8 bytes.
    ///
    /// Values compare with record fields code unit by code unit: case-sensitively and without Unicode
    /// normalisation, as CloudTrail compares them (two strings that differ only in normalisation are different
    /// values, and `e` is a prefix of `e` followed by a combining accent). A UTF-8 prefix is a code point prefix,
    /// so this is also what comparing UTF-16 code units, as AWS's Java services do, gives.
    struct Value: Sendable, Hashable {
        /// The value's UTF-8 encoding.
        let bytes: [UInt8]

        /// Encodes `text`.
        init(_ text: String) {
            bytes = Array(text.utf8)
        }

        /// Whether `text` is exactly this value.
        func isEqual(to text: UnsafeBufferPointer<UInt8>) -> Bool {
            text.count == bytes.count && occurs(in: text, at: 0)
        }

        /// Whether `text` starts with this value.
        func isPrefix(of text: UnsafeBufferPointer<UInt8>) -> Bool {
            text.count >= bytes.count && occurs(in: text, at: 0)
        }

        /// Whether `text` ends with this value.
        func isSuffix(of text: UnsafeBufferPointer<UInt8>) -> Bool {
            text.count >= bytes.count && occurs(in: text, at: text.count - bytes.count)
        }

        /// Whether the value's bytes appear in `text` from `offset`; `text` must hold them.
        private func occurs(in text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
            bytes.withUnsafeBufferPointer { own in
                var index = 0
                while index < own.count {
                    if own[index] != text[offset + index] { return false }
                    index += 1
                }
                return true
            }
        }

        /// Calls `body` with the UTF-8 bytes of `text`, without copying them when the string stores UTF-8
        /// contiguously (native Swift strings always do).
        static func withUTF8<Result>(
            _ text: String,
            _ body: (UnsafeBufferPointer<UInt8>) -> Result
        ) -> Result {
            if let result = text.utf8.withContiguousStorageIfAvailable(body) {
                return result
            }
            return Array(text.utf8).withUnsafeBufferPointer(body)
        }
    }
}
