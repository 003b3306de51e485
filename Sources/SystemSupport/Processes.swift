import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process's standard streams, by descriptor.
public enum StandardStream: Int32, Sendable {
    case input = 0, output = 1, error = 2

    /// Whether the stream is a terminal (progress lines, no binary to a screen).
    public var isTerminal: Bool { isatty(rawValue) == 1 }

    /// Writes all of `bytes`, retrying interrupted and short writes; throws with the system's
    /// reason (a full disk, a closed pipe).
    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(rawValue, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw AtomicFileError(message: String(cString: strerror(errno)))
            }
            offset += written
        }
    }
}

/// A child process run to completion, with what it printed, how long it took and its peak
/// memory (wait4's rusage): the benchmark's measurement of one stage.
public enum ChildProcess {
    public struct Result: Sendable {
        public var output: String
        public var status: Int32
        public var seconds: Double
        /// Peak resident set size in MB.
        public var peakMB: Double
    }

    public static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let pipe = Pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe.fileHandleForWriting.fileDescriptor, 1)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = Date()
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
            throw AtomicFileError(message: "\(executable): cannot run it")
        }
        try pipe.fileHandleForWriting.close()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return Result(output: output, status: status, seconds: Date().timeIntervalSince(started),
                      peakMB: Double(usage.ru_maxrss) / 1024)
    }
}

/// Stopping a child that leads a process group of its own (coreutils' `timeout` makes one) with
/// everything it started: SIGKILL, which no inherited mask or disposition can block.
public enum ProcessGroup {
    public static func kill(leader pid: Int32) {
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
    }
}

/// A value behind a lock, shared between threads.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    public func get() -> Value { withLock { $0 } }
    public func set(_ new: Value) { withLock { $0 = new } }
}

/// Becoming another program in this same process (execv): its id, its standard streams and
/// whoever waits for it stay the same.
public enum ProcessImage {
    /// Returns only when the program could not be started, with the reason.
    public static func replace(with path: String, arguments: [String]) -> String {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        argv.forEach { free($0) }
        return reason
    }
}
