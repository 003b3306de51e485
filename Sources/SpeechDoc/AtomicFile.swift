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

    /// A file written in pieces that appears under its name only when `commit` is called: until
    /// then the bytes are in a temporary file beside it, which `abandon` removes.
    public final class Stream {
        private let path: String
        private let temporary: String
        private var descriptor: Int32

        public init(path: String) throws {
            self.path = path
            let url = URL(fileURLWithPath: path)
            let directory = url.deletingLastPathComponent().path
            temporary = directory + "/" + AtomicFile.temporaryPrefix + "\(getpid())-\(TemporaryCounter.next())-" + url.lastPathComponent
            // Process id and a counter: unique in this process, and O_EXCL refuses any clash.
            // (UUID() would read /dev/urandom for every file.)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw AtomicFile.posixError("cannot create a file in \(directory)") }
        }

        public func write(_ bytes: [UInt8]) throws {
            guard descriptor >= 0 else { throw AtomicFileError(message: "\(path) is closed") }
            guard AtomicFile.writeAll(bytes, to: descriptor) else { throw AtomicFile.posixError("cannot write \(path)") }
        }

        /// Flushes the file to disk and renames it into place; `syncDirectory: false` leaves
        /// the directory's fsync to the caller.
        public func commit(syncDirectory: Bool = true) throws {
            guard descriptor >= 0 else { throw AtomicFileError(message: "\(path) is closed") }
            let synced = fsync(descriptor) == 0
            let error = errno
            close(descriptor)
            descriptor = -1
            guard synced else {
                unlink(temporary)
                throw AtomicFile.posixError("cannot write \(path)", code: error)
            }
            guard rename(temporary, path) == 0 else {
                let code = errno
                unlink(temporary)
                throw AtomicFile.posixError("cannot write \(path)", code: code)
            }
            if syncDirectory { AtomicFile.syncDirectory(of: path) }
        }

        public func abandon() {
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
            unlink(temporary)
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

    /// Makes the renames in a file's directory durable.
    public static func syncDirectory(of path: String) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
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
    public var description: String { message }
}

/// Reads a whole file with a single open and as few reads as its size needs.
public enum FileBytes {
    public static func read(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw AtomicFileError(message: code == EACCES ? "cannot read the file (permission denied)" : "cannot read the file: \(String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw AtomicFileError(message: "cannot read the file") }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw AtomicFileError(message: "is a directory, not a file") }
        var bytes = [UInt8](repeating: 0, count: max(Int(status.st_size), 0))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: max(4096, bytes.count))) }
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw AtomicFileError(message: "cannot read the file: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}

private enum TemporaryCounter {
    nonisolated(unsafe) private static var value = 0
    private static let lock = NSLock()

    static func next() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}
