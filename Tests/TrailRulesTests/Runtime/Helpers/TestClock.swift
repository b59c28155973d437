import Foundation
import Synchronization
import TrailModel

/// A clock the test moves by hand: engines and dispatchers read it through ``now``.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) {
        current = Mutex(start)
    }

    /// The current time.
    var date: Date { current.withLock { $0 } }

    /// The current time in epoch milliseconds.
    var milliseconds: Int64 { EventTime.milliseconds(date) }

    /// What engines and dispatchers take as their clock.
    var now: @Sendable () -> Date {
        { [self] in self.date }
    }

    /// Moves the clock forward.
    func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }

    /// Sets the clock to a CloudTrail time (`2026-11-20T10:15:30Z`).
    func set(_ time: String) {
        let milliseconds = EventTime.parseMilliseconds(time)!
        current.withLock { $0 = EventTime.date(milliseconds: milliseconds) }
    }
}
