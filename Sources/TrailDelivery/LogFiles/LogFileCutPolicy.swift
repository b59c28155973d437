/// When to close the log file being built and start the next one.
///
/// A file is cut when its time window has passed since its first record was added (CloudTrail delivers about
/// every 5 minutes), or before a record that could take it past the size cap (CloudTrail: at most 50 MB
/// compressed). The compressed size is known exactly only once the file is finished, so the policy weighs the
/// builder's ``LogFileSize/compressedBytesUpperBound``, which never underestimates.
///
/// The policy is pure: the caller passes the instant the file was opened and the current instant from the clock
/// it owns (inject a test clock, or build instants by hand), and the builder's ``LogFileBuilder/size``.
package struct LogFileCutPolicy: Sendable, Hashable {
    /// Why a file is cut.
    package enum Reason: Sendable, Hashable {
        /// The window has passed since the file's first record.
        case windowElapsed
        /// The next record could take the file past a size cap.
        case sizeLimit
    }

    /// The shortest window allowed.
    package static let minimumWindow: Duration = .seconds(1)
    /// CloudTrail's window: 5 minutes.
    package static let defaultWindow: Duration = .seconds(300)
    /// CloudTrail's cap on a log file: 50 MB compressed.
    package static let defaultMaximumCompressedBytes = 50_000_000

    /// How long a file stays open after its first record; at least ``minimumWindow``.
    package var window: Duration {
        didSet { window = max(window, Self.minimumWindow) }
    }
    /// The largest gzip file to write. A single record larger than this still gets a file of its own.
    package var maximumCompressedBytes: Int
    /// An optional cap on the uncompressed JSON (to bound the work of readers); `nil` for none.
    package var maximumUncompressedBytes: Int?

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - window: how long a file stays open after its first record; raised to ``minimumWindow`` if shorter.
    ///   - maximumCompressedBytes: the cap on the gzip file.
    ///   - maximumUncompressedBytes: an optional cap on the uncompressed JSON.
    package init(
        window: Duration = defaultWindow,
        maximumCompressedBytes: Int = defaultMaximumCompressedBytes,
        maximumUncompressedBytes: Int? = nil
    ) {
        self.window = max(window, Self.minimumWindow)
        self.maximumCompressedBytes = maximumCompressedBytes
        self.maximumUncompressedBytes = maximumUncompressedBytes
    }

    /// When a file opened at `openedAt` must be cut.
    package func deadline<Instant: InstantProtocol<Duration>>(openedAt: Instant) -> Instant {
        openedAt.advanced(by: window)
    }

    /// Whether the window of a file opened at `openedAt` has passed at `now`.
    package func isWindowElapsed<Instant: InstantProtocol<Duration>>(openedAt: Instant, now: Instant) -> Bool {
        openedAt.duration(to: now) >= window
    }

    /// Whether adding a record of `recordBytes` bytes could take a file of `size` past a cap. An empty file never
    /// needs cutting: a record always goes in, alone if need be.
    package func mustCut(before recordBytes: Int, size: LogFileSize) -> Bool {
        guard size.recordCount > 0 else { return false }
        // The record and its comma, in the worst case stored uncompressed.
        let added = recordBytes + 1
        if size.compressedBytesUpperBound + LogFileSize.worstCaseCompressedBytes(forInput: added)
            > maximumCompressedBytes
        {
            return true
        }
        if let maximumUncompressedBytes, size.uncompressedBytes + added + 2 > maximumUncompressedBytes {
            return true
        }
        return false
    }

    /// Whether, and why, the file being built must be cut now.
    ///
    /// - Parameters:
    ///   - openedAt: when the file's first record was added; `nil` while the file is empty.
    ///   - now: the current instant of the same clock.
    ///   - size: the builder's ``LogFileBuilder/size``.
    ///   - nextRecordBytes: the size of the record about to be added, if any.
    /// - Returns: the reason to cut, or `nil` to keep the file open (always `nil` for an empty file).
    package func cutReason<Instant: InstantProtocol<Duration>>(
        openedAt: Instant?,
        now: Instant,
        size: LogFileSize,
        nextRecordBytes: Int? = nil
    ) -> Reason? {
        guard size.recordCount > 0, let openedAt else { return nil }
        if isWindowElapsed(openedAt: openedAt, now: now) { return .windowElapsed }
        if let nextRecordBytes, mustCut(before: nextRecordBytes, size: size) { return .sizeLimit }
        return nil
    }
}
