/// An alarm as kept in the control store: its definition, its state, and where it was defined.
package struct StoredAlarm: Codable, Sendable, Hashable {
    package var definition: AlarmDefinition
    package var state: AlarmState
    /// Epoch milliseconds of the last change of the definition.
    package var configurationUpdatedAt: Int64
    package var isConfigured: Bool

    package init(
        definition: AlarmDefinition,
        state: AlarmState,
        configurationUpdatedAt: Int64,
        isConfigured: Bool = false
    ) {
        self.definition = definition
        self.state = state
        self.configurationUpdatedAt = configurationUpdatedAt
        self.isConfigured = isConfigured
    }

    /// A new alarm, in INSUFFICIENT_DATA.
    package init(definition: AlarmDefinition, createdAt: Int64, isConfigured: Bool = false) {
        self.init(
            definition: definition,
            state: AlarmState(createdAt: createdAt),
            configurationUpdatedAt: createdAt,
            isConfigured: isConfigured
        )
    }

    package var name: String { definition.name }

    package func validate() throws(CloudWatchError) { try definition.validate() }

    /// This alarm with another definition (its state kept): a configuration update.
    package func updatingDefinition(from other: StoredAlarm) -> StoredAlarm {
        guard other.definition != definition || other.isConfigured != isConfigured else { return self }
        var updated = self
        updated.definition = other.definition
        updated.isConfigured = other.isConfigured
        updated.configurationUpdatedAt = other.configurationUpdatedAt
        return updated
    }

    /// `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`.
    package func arn(region: String, accountID: String) -> String {
        "arn:aws:cloudwatch:\(region):\(accountID):alarm:\(name)"
    }
}
