extension AlarmHistoryItem {
    /// The kind of a history entry (the model's `HistoryItemType`).
    package enum ItemType: String, Sendable, Hashable, Codable, CaseIterable {
        /// The alarm was created or its configuration changed.
        case configurationUpdate = "ConfigurationUpdate"
        /// The alarm's state changed.
        case stateUpdate = "StateUpdate"
        /// An action ran.
        case action = "Action"
    }
}
