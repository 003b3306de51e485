import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that it is either absent or complete: the bytes go to a temporary file in
/// the same directory, are flushed to disk, and are renamed over the destination.
public enum AtomicFile {
    public static let temporaryPrefix = ".speechdoc-tmp-"

    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/" + temporaryPrefix + UUID().uuidString + "-" + url.lastPathComponent
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw posixError("cannot create a file in \(directory)") }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 { if errno == EINTR { continue }; return false }
                written += result
            }
            return fsync(descriptor) == 0
        }
        let error = errno
        close(descriptor)
        guard ok else {
            unlink(temporary)
            throw posixError("cannot write \(path)", code: error)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw posixError("cannot write \(path)", code: code)
        }
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private static func posixError(_ what: String, code: Int32 = errno) -> Error {
        AtomicFileError(message: "\(what): \(String(cString: strerror(code)))")
    }
}

public struct AtomicFileError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
