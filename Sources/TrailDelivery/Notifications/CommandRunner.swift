import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program with bytes on its standard input and a time limit, keeping the start of its standard error.
///
/// - The input is written to an unlinked temporary file (mode 0600) that becomes the program's standard input,
///   so a program that never reads it cannot block OpenTrail, nor can one that exits early raise `SIGPIPE`.
/// - Standard output goes to `/dev/null`; standard error is drained while the program runs (so it never blocks
///   on a full pipe) and its first bytes are kept.
/// - Foundation starts the program as the leader of its own process group; past the timeout the whole group
///   gets `SIGTERM`, then `SIGKILL` after a grace period. Cancelling the calling task does the same at once.
/// - On Linux, Foundation reports the exit only once every process holding its status socket has exited, and
///   background children inherit it: a program that leaves a child running counts as running until that child
///   ends (or the timeout kills the group).
struct CommandRunner: Sendable {
    /// How a run ended.
    struct Outcome: Sendable {
        /// The exit status, or the signal number when ``wasSignalled``.
        var status: Int32
        /// Whether the program ended by a signal.
        var wasSignalled: Bool
        /// Whether the program was killed for running past its timeout.
        var timedOut: Bool
        /// The first bytes of standard error.
        var errorOutput: [UInt8]
    }

    /// Why a program could not be started.
    struct LaunchError: Error {
        let reason: String
    }

    var path: String
    var arguments: [String]
    var environment: [String: String]
    var timeout: Duration
    var terminationGrace: Duration
    var maximumErrorOutputBytes: Int
    var clock: any Clock<Duration>

    /// Runs the program to its end (or its killing).
    ///
    /// - Throws: ``LaunchError`` when the program cannot be started.
    func run(input: [UInt8]) async throws(LaunchError) -> Outcome {
        let inputFile = try Self.inputFile(input)
        let errorPipe = Pipe()
        let errorOutput = ErrorOutput(limit: maximumErrorOutputBytes)
        errorPipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                errorOutput.finish()
            } else {
                errorOutput.append(data)
            }
        }
        let exit = ProcessExit()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = inputFile
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorPipe
        process.terminationHandler = { process in
            exit.signal(status: process.terminationStatus, wasSignalled: process.terminationReason == .uncaughtSignal)
        }
        do {
            try process.run()
        } catch {
            errorPipe.fileHandleForReading.readabilityHandler = nil
            try? inputFile.close()
            throw LaunchError(reason: (error as NSError).localizedDescription)
        }
        try? inputFile.close()
        let pid = process.processIdentifier

        let timedOut = await waitForExit(pid: pid, exit: exit)
        // Let the handler read what the program wrote last (EOF comes when the group has closed the pipe).
        for _ in 0..<20 where !errorOutput.isFinished {
            try? await Task.sleep(for: .milliseconds(10))
        }
        errorPipe.fileHandleForReading.readabilityHandler = nil
        let ended = exit.state
        return Outcome(
            status: ended?.status ?? -1,
            wasSignalled: ended?.wasSignalled ?? true,
            timedOut: timedOut,
            errorOutput: errorOutput.bytes
        )
    }

    private enum Event: Sendable {
        case exited
        case deadline
        case graceOver
    }

    /// Waits for the program to exit; past the timeout (or on cancellation) terminates then kills its process
    /// group. Returns whether the timeout passed.
    private func waitForExit(pid: Int32, exit: ProcessExit) async -> Bool {
        let clock = self.clock
        let timeout = self.timeout
        let grace = self.terminationGrace
        return await withTaskGroup(of: Event.self) { group in
            group.addTask {
                await exit.wait()
                return .exited
            }
            group.addTask {
                try? await clock.sleep(for: timeout)
                return .deadline
            }
            guard await group.next() == .deadline else {
                group.cancelAll()
                return false
            }
            let timedOut = !Task.isCancelled
            Self.signal(pid: pid, SIGTERM, unless: exit)
            group.addTask {
                try? await clock.sleep(for: grace)
                return .graceOver
            }
            if await group.next() == .graceOver {
                Self.signal(pid: pid, SIGKILL, unless: exit)
                // The exit of a killed process always comes.
                _ = await group.next()
            } else {
                group.cancelAll()
            }
            return timedOut
        }
    }

    /// Sends `signal` to the program's process group (Foundation makes the program its leader), or to the
    /// program alone if that fails; nothing once it has exited.
    private static func signal(pid: Int32, _ signal: Int32, unless exit: ProcessExit) {
        guard pid > 0, exit.state == nil else { return }
        if kill(-pid, signal) != 0 {
            _ = kill(pid, signal)
        }
    }

    /// An unlinked temporary file holding `bytes`, open for reading at its start.
    private static func inputFile(_ bytes: [UInt8]) throws(LaunchError) -> FileHandle {
        let directory = NSTemporaryDirectory()
        let separator = directory.hasSuffix("/") ? "" : "/"
        var template = Array((directory + separator + "opentrail-notification-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            let fd = mkstemp(base)
            if fd >= 0 { unlink(base) }
            return fd
        }
        guard fd >= 0 else {
            throw LaunchError(reason: "cannot create a temporary file for the message (errno \(errno))")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw LaunchError(reason: "cannot write the message to a temporary file (errno \(errno))")
            }
            written += count
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            throw LaunchError(reason: "cannot rewind the message file (errno \(errno))")
        }
        return handle
    }
}

/// The exit of a process, awaited by any number of tasks.
private final class ProcessExit: @unchecked Sendable {
    private let lock = NSLock()
    private var ended: (status: Int32, wasSignalled: Bool)?
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// The exit status, once the process has exited.
    var state: (status: Int32, wasSignalled: Bool)? {
        lock.withLock { ended }
    }

    func signal(status: Int32, wasSignalled: Bool) {
        let resumed = lock.withLock {
            ended = (status, wasSignalled)
            defer { waiters = [] }
            return waiters
        }
        for waiter in resumed {
            waiter.resume()
        }
    }

    /// Returns once the process has exited (not on cancellation: a process always exits once killed).
    func wait() async {
        await withCheckedContinuation { continuation in
            let hasEnded = lock.withLock {
                if ended == nil {
                    waiters.append(continuation)
                    return false
                }
                return true
            }
            if hasEnded {
                continuation.resume()
            }
        }
    }
}

/// The first bytes a process writes to standard error; the rest is read and dropped.
private final class ErrorOutput: @unchecked Sendable {
    private let lock = NSLock()
    private let limit: Int
    private var kept: [UInt8] = []
    private var finished = false

    init(limit: Int) {
        self.limit = limit
    }

    var bytes: [UInt8] { lock.withLock { kept } }
    var isFinished: Bool { lock.withLock { finished } }

    func append(_ data: Data) {
        lock.withLock {
            let room = limit - kept.count
            if room > 0 {
                kept.append(contentsOf: data.prefix(room))
            }
        }
    }

    func finish() {
        lock.withLock { finished = true }
    }
}
