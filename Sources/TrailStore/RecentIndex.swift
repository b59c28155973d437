import Foundation

/// The newest part of the log's two unordered indexes — eventID and resource name — held in memory
/// until ``SQLiteStore`` merges it into the database indexes in large, sorted batches.
///
/// An eventID or a resource name has no order related to time, so every insert into their B-trees
/// lands on its own page; with commits of a few thousand events, each event rewrote two 4 KiB pages
/// in the WAL and again at the checkpoint. Kept here, the newest events cost nothing on disk beyond
/// their row, and a merge of many thousands of sorted keys rewrites each index page once.
///
/// Nothing here is the only copy: the rows themselves hold eventID and resources, and the store
/// rebuilds this tail from the rows after its merge cursor when it opens. Entries are added only when
/// their transaction has committed and removed only after the merge that copied them has committed,
/// so a reader that looks here first and then in the database sees every committed event.
final class RecentIndex: @unchecked Sendable {
    /// Where an event sits in the resource-name index.
    struct Entry: Sendable, Hashable {
        var insight: Bool
        var eventTime: Int64
        var sequence: Int64
    }

    /// One committed event's keys.
    struct Item: Sendable {
        var eventID: String
        var resourceNames: [String]
        var entry: Entry
    }

    private let lock = NSLock()
    private var ids: [String: Int64] = [:]
    private var names: [String: [Entry]] = [:]

    /// Events whose keys are held here.
    var count: Int { lock.withLock { ids.count } }

    func add(_ items: [Item]) {
        lock.withLock {
            for item in items {
                ids[item.eventID] = item.entry.sequence
                for name in item.resourceNames { names[name, default: []].append(item.entry) }
            }
        }
    }

    /// The sequence number of the event with this eventID, if it is held here.
    func sequence(ofEventID eventID: String) -> Int64? {
        lock.withLock { ids[eventID] }
    }

    /// The events held here that have a resource with this name.
    func entries(named name: String) -> [Entry] {
        lock.withLock { names[name] ?? [] }
    }

    /// The keys of every event up to `sequence`, each list sorted, for a merge.
    func keys(through sequence: Int64) -> (eventIDs: [String], names: [String]) {
        lock.withLock {
            let eventIDs = ids.compactMap { $0.value <= sequence ? $0.key : nil }.sorted()
            let resourceNames = names.compactMap { name, entries in
                entries.contains { $0.sequence <= sequence } ? name : nil
            }.sorted()
            return (eventIDs, resourceNames)
        }
    }

    /// The eventIDs among `eventIDs` still held, with their sequence, if it is at most `sequence`.
    func sequences(of eventIDs: [String], through sequence: Int64) -> [(String, Int64)] {
        lock.withLock {
            eventIDs.compactMap { id in ids[id].flatMap { $0 <= sequence ? (id, $0) : nil } }
        }
    }

    /// The entries of `names` up to `sequence`.
    func entries(of resourceNames: [String], through sequence: Int64) -> [(String, Entry)] {
        lock.withLock {
            resourceNames.flatMap { name in
                (names[name] ?? []).compactMap { $0.sequence <= sequence ? (name, $0) : nil }
            }
        }
    }

    /// Forgets eventIDs (merged into the database) whose sequence is at most `sequence`.
    func removeEventIDs(_ eventIDs: [String], through sequence: Int64) {
        lock.withLock {
            for id in eventIDs where (ids[id] ?? .max) <= sequence { ids[id] = nil }
        }
    }

    /// Forgets the entries of `names` (merged into the database) up to `sequence`.
    func removeNames(_ resourceNames: [String], through sequence: Int64) {
        lock.withLock {
            for name in resourceNames {
                guard let entries = names[name] else { continue }
                let kept = entries.filter { $0.sequence > sequence }
                names[name] = kept.isEmpty ? nil : kept
            }
        }
    }

    /// Forgets purged events.
    func remove(eventIDs: [String], resourceNames: [String], sequences: Set<Int64>) {
        lock.withLock {
            for id in eventIDs where ids[id].map(sequences.contains) ?? false { ids[id] = nil }
            for name in resourceNames {
                guard let entries = names[name] else { continue }
                let kept = entries.filter { !sequences.contains($0.sequence) }
                names[name] = kept.isEmpty ? nil : kept
            }
        }
    }
}
