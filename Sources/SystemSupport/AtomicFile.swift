import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that it is either absent or complete: the bytes go to a temporary file in
/// the same directory, are flushed to disk, and are renamed over the destination.
public enum AtomicFile {
    public static let temporaryPrefix = ".speechdoc-tmp-"

    /// `syncDirectory: false` leaves the directory's fsync to the caller, who may write several
    /// files into one directory and sync it once (`syncDirectory(of:)`).
    public static func write(_ bytes: [UInt8], to path: String, syncDirectory: Bool = true) throws {
        let stream = try Stream(path: path)
        try stream.write(bytes)
        try stream.commit(syncDirectory: syncDirectory)
    }

    /// What lstat found at a path (nil: nothing there), taken once where both a check and the
    /// writing need it: a batch's guard looks at each output's path before it is written.
    public struct PathStatus {
        public let path: String
        public let found: Glibc.stat?
        public init(_ path: String) { (self.path, found) = (path, RawPath.lstat(path)) }

        public var isLink: Bool { found.map { ($0.st_mode & S_IFMT) == S_IFLNK } ?? false }

        /// The file itself, a link followed: what lstat saw, unless it saw a link.
        public var followed: Glibc.stat? { isLink ? RawPath.stat(path) : found }
    }

    /// Where bytes for `path` really go. A link is written through: the file it points to is
    /// replaced and the link kept (a link to nothing is refused). A regular file, or none, is
    /// replaced atomically; a character device or FIFO (/dev/stdout, a pipe) is written into as
    /// it is, never replaced by a file; a directory, socket or block device is refused.
    enum Target {
        case file(String)
        case stream(String)
    }

    static func target(_ path: String, seen: PathStatus? = nil) throws -> Target {
        var resolved = path
        // What is not a link is what lstat saw: one call for the usual path, not two.
        let atPath = seen ?? PathStatus(path)
        var found = atPath.found
        if atPath.isLink {
            guard let status = atPath.followed else {
                throw AtomicFileError(message: "\(RawPath.display(path)): a link to nothing; refusing to replace it")
            }
            // /dev/stdout is a link to /proc/self/fd/1, which may be a pipe with no path.
            let kind = status.st_mode & S_IFMT
            if kind == S_IFCHR || kind == S_IFIFO { return .stream(path) }
            guard let real = RawPath.resolved(path) else { throw AtomicFileError(message: "\(RawPath.display(path)): cannot follow the link") }
            resolved = real
            found = RawPath.stat(resolved)
        }
        guard let status = found else { return .file(resolved) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file(resolved)
        case S_IFCHR, S_IFIFO: return .stream(resolved)
        case S_IFDIR: throw AtomicFileError(message: "\(RawPath.display(path)): is a directory")
        default: throw AtomicFileError(message: "\(RawPath.display(path)): not a regular file (a socket or block device); refusing to write it")
        }
    }

    /// A file written in pieces that appears under its name only when `commit` is called: until
    /// then the bytes are in a temporary file beside it, which `abandon` removes.
    public final class Stream {
        private let path: String
        /// The temporary file, or nil when writing straight into a device or FIFO.
        private let temporary: String?
        /// Where the bytes go in the end: the path, or the file a link points to.
        private let final: String
        private var descriptor: Int32

        /// `seen`: what lstat found at the path a moment before, when the caller looked already.
        public init(path: String, seen: PathStatus? = nil) throws {
            self.path = path
            switch try AtomicFile.target(path, seen: seen) {
            case .stream(let device):
                temporary = nil
                final = device
                // O_NONBLOCK: a FIFO nobody reads is an error, not a hang.
                descriptor = RawPath.with(device) { open($0, O_WRONLY | O_NONBLOCK | O_CLOEXEC) }
                guard descriptor >= 0 else {
                    if errno == ENXIO { throw AtomicFileError(message: "cannot write \(RawPath.display(path)): no process reads it") }
                    throw AtomicFile.posixError("cannot write \(RawPath.display(path))")
                }
                _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
            case .file(let file):
                final = file
                let directory = AtomicFile.directory(of: file)
                // Short and free of the final name, so a name of 255 bytes still works; the
                // process id says whose it is, a counter makes it unique in the process, and
                // O_EXCL refuses any clash. (UUID() would read /dev/urandom for every file.)
                let name = AtomicFile.temporaryPrefix + "\(TemporaryCounter.processID)-\(TemporaryCounter.next())"
                let temporaryPath = directory + "/" + name
                temporary = temporaryPath
                // Registered before it exists and confirmed after: a signal between the two
                // cannot leave it behind.
                try TemporaryFiles.register(temporaryPath)
                descriptor = RawPath.with(temporaryPath) { open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
                guard descriptor >= 0 else {
                    let error = AtomicFile.posixError("cannot create a file in \(RawPath.display(directory))")
                    TemporaryFiles.unregister(temporaryPath)
                    throw error
                }
                TemporaryFiles.confirm(temporaryPath)
            }
        }

        public func write(_ bytes: [UInt8]) throws {
            guard descriptor >= 0 else { throw AtomicFileError(message: "\(RawPath.display(path)) is closed") }
            guard AtomicFile.writeAll(bytes, to: descriptor) else { throw AtomicFile.posixError("cannot write \(RawPath.display(path))") }
        }

        /// Closes the file without flushing it, for a group commit that flushes many at once and
        /// then renames them (`AtomicFile.commit(_:)`); nil for a device, which is done.
        public func closeForGroup() throws -> PendingRename? {
            guard descriptor >= 0 else { throw AtomicFileError(message: "\(path) is closed") }
            let closed = close(descriptor) == 0
            let code = errno
            descriptor = -1
            guard let temporary else {
                if !closed { throw AtomicFile.posixError("cannot write \(RawPath.display(path))", code: code) }
                return nil
            }
            guard closed else {
                RawPath.remove(temporary)
                TemporaryFiles.unregister(temporary)
                throw AtomicFile.posixError("cannot write \(RawPath.display(path))", code: code)
            }
            // Still registered: a signal before the group commits removes it.
            return PendingRename(temporary: temporary, final: final, display: path)
        }

        /// Flushes the file to disk and renames it into place; `syncDirectory: false` leaves
        /// the directory's fsync to the caller; `flush: false` renames without flushing.
        public func commit(syncDirectory: Bool = true, flush: Bool = true) throws {
            guard descriptor >= 0 else { throw AtomicFileError(message: "\(path) is closed") }
            if flush, temporary != nil, fsync(descriptor) != 0 {
                let code = errno
                abandon()
                throw AtomicFile.posixError("cannot write \(RawPath.display(path))", code: code)
            }
            // A device or FIFO has nothing to rename: closing it is the end.
            guard let pending = try closeForGroup() else { return }
            defer { TemporaryFiles.unregister(pending.temporary) }
            try AtomicFile.rename(pending)
            if syncDirectory { AtomicFile.syncDirectory(of: pending.final) }
        }

        public func abandon() {
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
            if let temporary {
                RawPath.remove(temporary)
                TemporaryFiles.unregister(temporary)
            }
        }

        deinit { abandon() }
    }

    /// Writes every byte, retrying interrupted and partial writes.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 { if errno == EINTR { continue }; return false }
                written += result
            }
            return true
        }
    }

    /// A closed temporary file waiting for its group's flush and rename.
    public struct PendingRename: Sendable {
        public var temporary: String
        public var final: String
        /// The name the user gave, for messages.
        public var display: String

        /// The temporary file removed: the group it was waiting for will not be committed.
        public func abandon() {
            RawPath.remove(temporary)
            TemporaryFiles.unregister(temporary)
        }
    }

    /// A group commit: one flush of each file system the files are on (syncfs), then every
    /// rename, then one fsync of each directory renamed into. After it returns, every file of
    /// the group that was renamed survives a power cut: syncfs wrote their data and inodes, the
    /// directory fsyncs wrote the new names (on ext4 and xfs a directory's fsync commits the
    /// journal that holds the rename). A file whose flush or rename failed is removed; the
    /// failures come back as (index in `group`, message).
    public static func commit(_ group: [PendingRename]) -> [(Int, String)] {
        // One syncfs per file system: directories on one device share its result.
        var flushedDevices: [UInt64: Bool] = [:]
        var flushed: [String: Bool] = [:]
        // A temporary file is made in its output's folder: one folder a file, found once.
        let folders = group.map { directory(of: $0.temporary) }
        for folder in folders where flushed[folder] == nil {
            guard let device = RawPath.stat(folder).map({ UInt64($0.st_dev) }) else { flushed[folder] = false; continue }
            if flushedDevices[device] == nil { flushedDevices[device] = FileSystemSync.sync(directory: folder) }
            flushed[folder] = flushedDevices[device]
        }
        var failures: [(Int, String)] = []
        var renamedInto = Set<String>()
        for (index, pending) in group.enumerated() {
            defer { TemporaryFiles.unregister(pending.temporary) }
            guard flushed[folders[index]] == true else {
                RawPath.remove(pending.temporary)
                failures.append((index, "cannot write \(RawPath.display(pending.display)): the disk could not be flushed"))
                continue
            }
            do {
                try rename(pending)
                renamedInto.insert(directory(of: pending.final))
            } catch {
                failures.append((index, String(describing: error)))
            }
        }
        for folder in renamedInto { syncDirectory(folder) }
        return failures
    }

    /// Renames a written temporary file into place; on failure it is removed.
    static func rename(_ pending: PendingRename) throws {
        let renamed = RawPath.with(pending.temporary) { from in RawPath.with(pending.final) { to in Glibc.rename(from, to) } }
        guard renamed == 0 else {
            let code = errno
            RawPath.remove(pending.temporary)
            throw posixError("cannot write \(RawPath.display(pending.display))", code: code)
        }
    }

    /// Makes the renames in a file's directory durable: the fsync of the directory holding `path`.
    public static func syncDirectory(of path: String) {
        syncDirectory(directory(of: path))
    }

    /// The directory a file is in, "." for a bare name.
    static func directory(of path: String) -> String {
        let parent = PathText.parent(of: path)
        return parent.isEmpty ? "." : parent
    }

    static func syncDirectory(_ directory: String) {
        let directoryDescriptor = RawPath.with(directory) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    static func posixError(_ what: String, code: Int32 = errno) -> Error {
        AtomicFileError(message: "\(what): \(String(cString: strerror(code)))")
    }
}

public struct AtomicFileError: Error, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// Reads a whole regular file with a single open and as few reads as its size needs. Nothing
/// else is read: a FIFO would block for ever and a link to /dev/zero never end, so they are
/// refused before a byte is read, and so is a file over the size limit, before allocation.
public enum FileBytes {
    /// The largest input read (256 MiB): far beyond any speech or collection.
    public static let maxInputBytes = 256 << 20

    /// All of standard input, held to the same limit (a paste, or a pipe: `xclip -o | speechdoc …`).
    public static func readStandardInput(limit: Int = maxInputBytes) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw AtomicFileError(message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > limit { throw AtomicFileError(message: "more than the \(limit >> 20) MiB limit") }
        }
        return bytes
    }

    public static func read(_ path: String, limit: Int = maxInputBytes) throws -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused.
        let descriptor = RawPath.with(path) { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
        guard descriptor >= 0 else {
            let code = errno
            switch code {
            case ENOENT: throw AtomicFileError(message: "no such file")
            case EACCES: throw AtomicFileError(message: "cannot read the file (permission denied)")
            default: throw AtomicFileError(message: "cannot read the file: \(String(cString: strerror(code)))")
            }
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw AtomicFileError(message: "cannot read the file") }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw AtomicFileError(message: "is a directory, not a file")
        case S_IFIFO: throw AtomicFileError(message: "not a regular file (a FIFO)")
        case S_IFCHR, S_IFBLK: throw AtomicFileError(message: "not a regular file (a device)")
        default: throw AtomicFileError(message: "not a regular file (a socket)")
        }
        guard Int(status.st_size) <= limit else {
            throw AtomicFileError(message: "the file is \(Int(status.st_size) >> 20) MiB, over the \(limit >> 20) MiB limit")
        }
        // Blocking again for the reads: O_NONBLOCK changes nothing for a regular file on a local
        // disk, but a file system of another kind (a FUSE mount) may honour it.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        // The file's size, read into a buffer of that size; the end is found by a read into a
        // small buffer, so a file that is exactly its size (the usual case) is never copied
        // into a larger one: peak memory is the file's size, not twice it.
        let size = max(Int(status.st_size), 0)
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = 0
            while initialized < size {
                let count = Glibc.read(descriptor, buffer.baseAddress! + initialized, size - initialized)
                if count < 0, errno == EINTR { continue }
                if count < 0 { failure = errno; return }
                if count == 0 { return }
                initialized += count
            }
        }
        var probe = [UInt8](repeating: 0, count: 4096)
        while failure == 0 {
            let count = probe.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { failure = errno; break }
            if count == 0 { break }
            bytes.append(contentsOf: probe[..<count])
            // A file that grows while it is read is still held to the limit.
            if bytes.count > limit { throw AtomicFileError(message: "the file grew over the \(limit >> 20) MiB limit while being read") }
        }
        if failure != 0 { throw AtomicFileError(message: "cannot read the file: \(String(cString: strerror(failure)))") }
        return bytes
    }
}

/// The temporary files this process is writing, removed when a signal (INT, TERM, HUP) ends
/// it: the handlers run on a dispatch queue, not in signal context, then the signal is raised
/// again with its default action. A killed (KILL) process leaves its files for a later run,
/// which removes them once no process of that id is running (`removeStale`).
public enum TemporaryFiles {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: Set<String> = []
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let installed: Bool = {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                removeAll()
                // Die of the signal, as the sender expects: sent to the process (this worker
                // thread may block it), and if it is not delivered, an exit that says it.
                signal(signalNumber, SIG_DFL)
                kill(getpid(), signalNumber)
                sleep(1)
                _exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
        return true
    }()

    /// Set by the signal handler: no temporary file is made after it.
    nonisolated(unsafe) private static var terminating = false

    public static func register(_ path: String) throws {
        _ = installed
        try lock.withLock {
            if terminating { throw AtomicFileError(message: "interrupted") }
            _ = paths.insert(path)
        }
    }

    /// Called once the file exists: when a signal came in between, it goes at once.
    static func confirm(_ path: String) {
        lock.withLock { if terminating { RawPath.remove(path) } }
    }

    public static func unregister(_ path: String) {
        lock.withLock { _ = paths.remove(path) }
    }

    /// Child process groups (LibreOffice under `timeout`) stopped with this process: they run in
    /// groups of their own, which a Ctrl-C at the terminal does not reach.
    nonisolated(unsafe) private static var children: Set<Int32> = []

    public static func registerChild(_ pid: Int32) {
        _ = installed
        lock.withLock { _ = children.insert(pid) }
    }

    public static func unregisterChild(_ pid: Int32) {
        lock.withLock { _ = children.remove(pid) }
    }

    static func removeAll() {
        lock.withLock {
            for pid in children { ProcessGroup.kill(leader: pid) }
            terminating = true
            for path in paths {
                RawPath.remove(path)
                // A directory (LibreOffice's scratch space) goes with what it holds.
                try? FileManager.default.removeItem(atPath: path)
            }
            paths.removeAll()
        }
    }
}

extension AtomicFile {
    /// Removes the temporary files a killed run left in `directory` (and below it, when
    /// `recursive`). A temporary file names the process that writes it (.speechdoc-tmp-PID-N):
    /// one whose process is still running on this host belongs to another run writing into the
    /// same directory (parallel shards) and is left alone.
    public static func removeStaleTemporaryFiles(in directory: String, recursive: Bool) {
        let root = directory.isEmpty ? "." : directory
        for name in RawPath.names(in: root) ?? [] {
            let path = (root as NSString).appendingPathComponent(name)
            if name.hasPrefix(temporaryPrefix) {
                if let owner = temporaryFileOwner(name), owner != getpid(), processIsRunning(owner) { continue }
                RawPath.remove(path)
            } else if recursive, let status = RawPath.lstat(path), (status.st_mode & S_IFMT) == S_IFDIR {
                removeStaleTemporaryFiles(in: path, recursive: true)
            }
        }
    }

    /// The PID in a temporary file's name, when it has one.
    public static func temporaryFileOwner(_ name: String) -> pid_t? {
        let rest = name.dropFirst(temporaryPrefix.count)
        guard let dash = rest.firstIndex(of: "-") else { return nil }
        return pid_t(rest[..<dash])
    }

    /// Whether a process with this PID exists on this host (it may belong to another user).
    public static func processIsRunning(_ pid: pid_t) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}

private enum TemporaryCounter {
    /// The process's id, asked once (a system call per output file otherwise; the process never
    /// forks but to run another program).
    static let processID = getpid()
    nonisolated(unsafe) private static var value = 0
    private static let lock = NSLock()

    static func next() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}
