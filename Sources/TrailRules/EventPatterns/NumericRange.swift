/// The numbers a `numeric` expression accepts: `[">", 0, "<=", 5]`, `["=", 3.018e2]`, `["<", 10]`.
///
/// Bounds are compared as IEEE 754 doubles over their whole range, as event-ruler does since it moved to
/// float64 comparable numbers (its README: "the same precision and range as Java's `double`").
package struct NumericRange: Sendable, Hashable {
    /// The lower bound (`-infinity` when there is none).
    package var lower: Double
    /// Whether the lower bound itself is excluded (`>`).
    package var isLowerOpen: Bool
    /// The upper bound (`+infinity` when there is none).
    package var upper: Double
    /// Whether the upper bound itself is excluded (`<`).
    package var isUpperOpen: Bool

    package init(
        lower: Double = -.infinity,
        isLowerOpen: Bool = false,
        upper: Double = .infinity,
        isUpperOpen: Bool = false
    ) {
        self.lower = lower
        self.isLowerOpen = isLowerOpen
        self.upper = upper
        self.isUpperOpen = isUpperOpen
    }

    /// The range holding only `value` (`["=", value]`).
    package static func equal(to value: Double) -> Self { Self(lower: value, upper: value) }

    /// Whether `value` is in the range.
    @inlinable
    package func contains(_ value: Double) -> Bool {
        (isLowerOpen ? value > lower : value >= lower) && (isUpperOpen ? value < upper : value <= upper)
    }
}
