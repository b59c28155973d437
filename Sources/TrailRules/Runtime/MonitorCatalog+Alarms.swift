import TrailStore

extension MonitorCatalog {
    package func alarm(named name: String) async throws -> StoredAlarm? {
        try await control.read { tx in
            try tx.document(kind: Self.alarmKind, id: name).map { try Self.decode(StoredAlarm.self, $0) }
        }
    }

    /// Creates or updates an alarm (PutMetricAlarm): a new one starts in INSUFFICIENT_DATA, an updated one
    /// keeps its state; either way a configuration history item is written.
    package func put(_ definition: AlarmDefinition, now: Int64) async throws {
        try definition.validate()
        try await change { tx in
            if let bytes = try tx.document(kind: Self.alarmKind, id: definition.name) {
                let existing = try Self.decode(StoredAlarm.self, bytes)
                guard !existing.isConfigured else {
                    throw MonitorError(
                        .conflict,
                        "Alarm \(definition.name) is defined in the config file; change it there."
                    )
                }
                let updated = existing.updatingDefinition(
                    from: StoredAlarm(definition: definition, state: existing.state, configurationUpdatedAt: now)
                )
                try tx.put(kind: Self.alarmKind, id: definition.name, value: try Self.encode(updated))
                try AlarmHistoryStore.append(
                    .updated(from: existing.definition, to: definition, state: existing.state, at: now),
                    in: tx
                )
            } else {
                let alarm = StoredAlarm(definition: definition, createdAt: now)
                try tx.put(kind: Self.alarmKind, id: definition.name, value: try Self.encode(alarm))
                try AlarmHistoryStore.append(.created(definition, state: alarm.state, at: now), in: tx)
            }
        }
    }

    /// Deletes alarms (DeleteAlarms): all or none; a name that does not exist is an error.
    package func deleteAlarms(named names: [String]) async throws {
        try await change { tx in
            for name in names {
                guard let bytes = try tx.document(kind: Self.alarmKind, id: name) else {
                    throw MonitorError(.resourceNotFound, "Alarm \(name) does not exist.")
                }
                if try Self.decode(StoredAlarm.self, bytes).isConfigured {
                    throw MonitorError(.conflict, "Alarm \(name) is defined in the config file; remove it there.")
                }
                try tx.delete(kind: Self.alarmKind, id: name)
            }
        }
    }
}
