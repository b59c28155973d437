/// How an alarm treats periods without data ("Configuring how CloudWatch alarms treat missing data").
package enum TreatMissingData: String, Sendable, Hashable, Codable, CaseIterable {
    /// Missing periods are neither breaching nor not breaching; with no data at all the alarm goes to
    /// `INSUFFICIENT_DATA`. The default.
    case missing
    /// The current state is kept when data is too scarce to decide.
    case ignore
    /// Missing periods count as breaching.
    case breaching
    /// Missing periods count as not breaching.
    case notBreaching

    /// Parses the wire value, e.g. `notBreaching`.
    ///
    /// - Throws: ``CloudWatchError`` (`InvalidParameterValue`) naming the valid values.
    package init(parsing text: String) throws(CloudWatchError) {
        guard let value = TreatMissingData(rawValue: text) else {
            throw CloudWatchError(
                .invalidParameterValue,
                "The value '\(text)' for parameter TreatMissingData is invalid. "
                    + "Valid values are breaching, notBreaching, ignore and missing."
            )
        }
        self = value
    }

    /// How the state reason names the treatment of filled periods: `Breaching` or `NonBreaching`;
    /// `nil` for the treatments that do not fill.
    var filledLabel: String? {
        switch self {
        case .breaching: return "Breaching"
        case .notBreaching: return "NonBreaching"
        case .missing, .ignore: return nil
        }
    }
}
