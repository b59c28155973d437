/// A number written in a pattern, as text and as value.
struct NumberLiteral: Sendable, Hashable {
    /// The number as written (`400`, `+1000`, `10e-3`).
    let text: [UInt8]
    /// Its value.
    let value: Double
}
