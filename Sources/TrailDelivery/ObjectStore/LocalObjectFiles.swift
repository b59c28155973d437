import Dispatch
import Foundation

/// The POSIX file operations ``LocalDirectoryStore`` is built from: exact-byte paths, durable
/// atomic replacement (write a temporary file, `fsync`, `rename`, `fsync` the directory), and
/// directory listings with `lstat` information.
///
/// Every function blocks; ``run(_:)`` moves a batch of them off the cooperative thread pool.
enum LocalObjectFiles {
    /// Names that start with this are temporary files of an unfinished write; listings skip them
    /// and keys may not use it.
    static let temporaryPrefix = ".opentrail-tmp-"

    /// What `lstat` says about a directory entry.
    struct Status: Sendable {
        var isDirectory: Bool
        var isRegularFile: Bool
        var size: Int
        var lastModified: Date
    }

    /// One entry of a directory.
    struct Entry: Sendable {
        var name: String
        var status: Status
    }

    /// A failed system call: the operation, the path and `errno`.
    struct Failure: Error, CustomStringConvertible {
        var operation: String
        var path: String
        var errorNumber: Int32

        var description: String {
            "cannot \(operation) \(path): \(String(cString: strerror(errorNumber)))"
        }
    }

    /// Runs blocking file work on a Dispatch queue so that it does not hold a cooperative thread.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    /// The status of `path` without following a final symbolic link, or `nil` when nothing is there
    /// (or a parent is not a directory).
    static func status(_ path: String) throws -> Status? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw Failure(operation: "inspect", path: path, errorNumber: errno)
        }
        return Status(info)
    }

    /// Reads a whole regular file without following a final symbolic link.
    ///
    /// - Returns: The bytes and the file's status, or `nil` when there is no regular file at `path`.
    static func read(_ path: String) throws -> (bytes: [UInt8], status: Status)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            if [ENOENT, ENOTDIR, ELOOP, EISDIR].contains(errno) { return nil }
            throw Failure(operation: "open", path: path, errorNumber: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(operation: "inspect", path: path, errorNumber: errno) }
        let status = Status(info)
        guard status.isRegularFile else { return nil }
        var bytes = [UInt8](repeating: 0, count: status.size)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Failure(operation: "read", path: path, errorNumber: errno) }
            if count == 0 { break }
            filled += count
        }
        return (Array(bytes[..<filled]), status)
    }

    /// Reads at most `count` bytes from the start of a regular file; `nil` when there is none.
    static func readPrefix(_ path: String, count: Int) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            if [ENOENT, ENOTDIR, ELOOP, EISDIR].contains(errno) { return nil }
            throw Failure(operation: "open", path: path, errorNumber: errno)
        }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read = bytes.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress! + filled, buffer.count - filled, off_t(filled))
            }
            if read < 0 && errno == EINTR { continue }
            guard read >= 0 else { throw Failure(operation: "read", path: path, errorNumber: errno) }
            if read == 0 { break }
            filled += read
        }
        return Array(bytes[..<filled])
    }

    /// The entries of a directory (not `.` and `..`, not names that are not valid UTF-8), or `nil`
    /// when `path` is not a directory.
    static func entries(_ path: String) throws -> [Entry]? {
        guard let directory = opendir(path) else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw Failure(operation: "list", path: path, errorNumber: errno)
        }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                guard errno == 0 else { throw Failure(operation: "list", path: path, errorNumber: errno) }
                break
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: pointer.pointee)) {
                    String(validatingCString: $0)
                }
            }
            guard let name, name != ".", name != ".." else { continue }
            guard let status = try status(path + "/" + name) else { continue }
            entries.append(Entry(name: name, status: status))
        }
        return entries
    }

    /// Creates `relative` (slash-separated components) under the existing directory `base`,
    /// making each missing component durable by syncing its parent.
    ///
    /// - Throws: ``Failure`` with `ENOTDIR` when a component exists and is not a directory.
    static func makeDirectories(_ relative: [Substring], under base: String, mode: mode_t) throws {
        var path = base
        for component in relative {
            let parent = path
            path += "/" + component
            if mkdir(path, mode) == 0 {
                try syncDirectory(parent)
                continue
            }
            let failure = errno
            guard failure == EEXIST else {
                throw Failure(operation: "create directory", path: path, errorNumber: failure)
            }
            guard let existing = try status(path), existing.isDirectory else {
                throw Failure(operation: "create directory", path: path, errorNumber: ENOTDIR)
            }
        }
    }

    /// Creates `path` and any missing parents, like `mkdir -p`.
    static func makeDirectoryTree(_ path: String, mode: mode_t) throws {
        let absolute = path.hasPrefix("/")
        let components = path.split(separator: "/")
        try makeDirectories(components, under: absolute ? "" : ".", mode: mode)
    }

    /// Writes `bytes` to a new temporary file in `directory` and syncs it to disk.
    ///
    /// - Returns: The temporary file's path, to be ``commit(_:to:directory:)``ted or removed.
    static func writeTemporary(_ bytes: [UInt8], in directory: String, mode: mode_t) throws -> String {
        let path = directory + "/" + temporaryPrefix + String(UInt64.random(in: .min ... .max), radix: 16)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure(operation: "create", path: path, errorNumber: errno) }
        do {
            defer { close(fd) }
            try writeAll(bytes, to: fd, path: path)
            guard fsync(fd) == 0 else { throw Failure(operation: "sync", path: path, errorNumber: errno) }
        } catch {
            unlink(path)
            throw error
        }
        return path
    }

    /// Renames a synced temporary file over `destination` (in `directory`) and syncs the directory,
    /// so the replacement is atomic for readers and durable after a crash.
    static func commit(_ temporary: String, to destination: String, directory: String) throws {
        guard rename(temporary, destination) == 0 else {
            let failure = errno
            unlink(temporary)
            throw Failure(operation: "rename into", path: destination, errorNumber: failure)
        }
        try syncDirectory(directory)
    }

    /// Writes `bytes` to `path` atomically and durably (temporary file, `fsync`, `rename`,
    /// directory `fsync`).
    static func writeAtomically(_ bytes: [UInt8], to path: String, directory: String, mode: mode_t) throws {
        let temporary = try writeTemporary(bytes, in: directory, mode: mode)
        try commit(temporary, to: path, directory: directory)
    }

    /// Creates `path` with `bytes` only if nothing is there yet, with `mode` from the first moment,
    /// durably; the content appears all at once (a temporary file hard-linked into place).
    ///
    /// - Returns: `false` when `path` already existed (it is left untouched).
    static func createExclusively(_ bytes: [UInt8], at path: String, directory: String, mode: mode_t) throws -> Bool {
        let temporary = try writeTemporary(bytes, in: directory, mode: mode)
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw Failure(operation: "create", path: path, errorNumber: errno)
        }
        try syncDirectory(directory)
        return true
    }

    /// Syncs a directory so that entries created or renamed in it survive a crash.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path.isEmpty ? "/" : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(operation: "open directory", path: path, errorNumber: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Failure(operation: "sync directory", path: path, errorNumber: errno) }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Failure(operation: "write", path: path, errorNumber: errno) }
            written += count
        }
    }
}

extension LocalObjectFiles.Status {
    fileprivate init(_ info: stat) {
        let kind = info.st_mode & S_IFMT
        #if os(Linux)
        let seconds = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1_000_000_000
        #else
        let seconds = Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1_000_000_000
        #endif
        self.init(
            isDirectory: kind == S_IFDIR,
            isRegularFile: kind == S_IFREG,
            size: Int(info.st_size),
            lastModified: Date(timeIntervalSince1970: seconds)
        )
    }
}
