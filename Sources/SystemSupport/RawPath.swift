import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// File names are bytes; a Swift String is Unicode. A name that is not UTF-8 (a GBK name from
/// a Windows zip) is carried in a String with each byte that is not part of valid UTF-8 held
/// as one private-use scalar, U+10FE00 + the byte, and turned back into that byte whenever the
/// file system is asked, so such files are read, walked and written like any other. Messages
/// and reports show those bytes as \xNN.
public enum RawPath {
    static let escapeBase: UInt32 = 0x10FE00

    /// A name from the file system or the command line, bytes as they are.
    public static func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let array = Array(bytes)
        if let text = String(validating: array, as: UTF8.self) { return text }
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < array.count {
            let lead = array[index]
            let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xF0 && lead < 0xF5 ? 4 : 0
            if length > 0, index + length <= array.count,
               let piece = String(validating: array[index..<(index + length)], as: UTF8.self) {
                scalars.append(contentsOf: piece.unicodeScalars)
                index += length
            } else {
                scalars.append(Unicode.Scalar(escapeBase + UInt32(lead))!)
                index += 1
            }
        }
        return String(scalars)
    }

    public static func decode(cString: UnsafePointer<CChar>) -> String {
        decode(UnsafeBufferPointer(start: UnsafeRawPointer(cString).assumingMemoryBound(to: UInt8.self), count: strlen(cString)))
    }

    /// The bytes the file system knows the path by.
    public static func bytes(_ path: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(path.utf8.count)
        for scalar in path.unicodeScalars {
            if scalar.value >= escapeBase && scalar.value <= escapeBase + 0xFF {
                result.append(UInt8(scalar.value - escapeBase))
            } else {
                result.append(contentsOf: String(scalar).utf8)
            }
        }
        return result
    }

    /// Whether the path holds bytes that are not UTF-8.
    public static func isRaw(_ path: String) -> Bool {
        path.unicodeScalars.contains { $0.value >= escapeBase && $0.value <= escapeBase + 0xFF }
    }

    /// Calls `body` with the path as the C string the file system expects.
    public static func with<T>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        guard isRaw(path) else { return try path.withCString(body) }
        var bytes = Self.bytes(path)
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { buffer in
            try buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { try body($0) }
        }
    }

    /// The path for people: bytes that are not UTF-8 as \xNN.
    public static func display(_ path: String) -> String {
        guard isRaw(path) else { return path }
        var result = ""
        for scalar in path.unicodeScalars {
            if scalar.value >= escapeBase && scalar.value <= escapeBase + 0xFF {
                result += "\\x" + String(format: "%02X", scalar.value - escapeBase)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    // MARK: The file system, by raw path

    public static func stat(_ path: String) -> Glibc.stat? {
        var status = Glibc.stat()
        let result: Int32 = with(path) { pointer in systemStat(pointer, &status) }
        return result == 0 ? status : nil
    }

    public static func lstat(_ path: String) -> Glibc.stat? {
        var status = Glibc.stat()
        let result: Int32 = with(path) { pointer in systemLstat(pointer, &status) }
        return result == 0 ? status : nil
    }

    /// What a path names, without a caller reading `st_mode`: a link is `.link` only when not
    /// followed (`followingLinks: false`); nil when nothing is there.
    public enum FileType: Sendable, Equatable {
        case regular, directory, link, fifo, device, socket
    }

    public static func type(_ path: String, followingLinks: Bool = true) -> FileType? {
        guard let status = followingLinks ? stat(path) : lstat(path) else { return nil }
        return fileType(status.st_mode)
    }

    public static func fileType(_ mode: mode_t) -> FileType {
        switch mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFLNK: return .link
        case S_IFIFO: return .fifo
        case S_IFCHR, S_IFBLK: return .device
        default: return .socket
        }
    }

    public static func isDirectory(_ path: String) -> Bool {
        stat(path).map { ($0.st_mode & S_IFMT) == S_IFDIR } ?? false
    }

    public static func exists(_ path: String) -> Bool { stat(path) != nil }

    /// The names in a directory (not . and ..), in byte order; nil when it cannot be read.
    public static func names(in directory: String) -> [String]? {
        guard let stream = with(directory.isEmpty ? "." : directory, { opendir($0) }) else { return nil }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [UInt8] in
                let bytes = raw.bindMemory(to: UInt8.self)
                return Array(bytes.prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }.map { decode($0) }
    }

    /// `mkdir -p`.
    public static func createDirectory(_ path: String) throws {
        guard !path.isEmpty, !isDirectory(path) else { return }
        let parent = PathText.parent(of: path)
        if !parent.isEmpty, parent != path { try createDirectory(parent) }
        if with(path, { mkdir($0, 0o755) }) != 0, errno != EEXIST {
            throw AtomicFileError(message: "\(display(path)): cannot create the directory: \(String(cString: strerror(errno)))")
        }
    }

    public static func remove(_ path: String) {
        _ = with(path) { unlink($0) }
    }

    /// `realpath`, or nil.
    public static func resolved(_ path: String) -> String? {
        with(path) { pointer -> String? in
            guard let real = realpath(pointer, nil) else { return nil }
            defer { free(real) }
            return decode(cString: real)
        }
    }

    /// The arguments as given, each byte kept (CommandLine.arguments replaces bytes that are
    /// not UTF-8 with U+FFFD, which names no file).
    public static var arguments: [String] {
        (0..<Int(CommandLine.argc)).compactMap { index in CommandLine.unsafeArgv[index].map { decode(cString: $0) } }
    }
}

// The stat functions, out of the reach of RawPath's own `stat`/`lstat`.
private func systemStat(_ path: UnsafePointer<CChar>, _ status: inout stat) -> Int32 { stat(path, &status) }
private func systemLstat(_ path: UnsafePointer<CChar>, _ status: inout stat) -> Int32 { lstat(path, &status) }

/// Path arithmetic on strings.
public enum PathText {
    /// The directory part of a path, as `NSString.deletingLastPathComponent` gives it: that
    /// traps on a one-character path in swift-corelibs-foundation (a batch input named 1.txt
    /// brought the whole batch down), so such paths are answered here.
    public static func parent(of path: String) -> String {
        // By hand, as NSString would: trailing slashes go, then the last component; "" for a
        // bare name, "/" for a name at the root.
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        var parent = trimmed[..<slash]
        while parent.count > 1, parent.hasSuffix("/") { parent = parent.dropLast() }
        return parent.isEmpty ? "/" : String(parent)
    }

    /// The last component of a path, trailing slashes ignored ("" for "/" or "").
    public static func lastComponent(of path: String) -> Substring {
        var trimmed = Substring(path)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return trimmed[trimmed.index(after: slash)...]
    }
}

/// A file's identity, however its path is spelled (./a.md, an absolute path, a link, a linked
/// folder): the device and inode of an existing file; for a name not yet there, its directory's
/// device and inode and the name; for a name in a directory not yet there, the path made
/// absolute and standardised.
public enum FileKey: Hashable, Sendable {
    case file(device: UInt64, inode: UInt64)
    case entry(device: UInt64, inode: UInt64, name: String)
    case path(String)

    public init(_ path: String) {
        if let status = RawPath.stat(path) {
            self = .file(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
            return
        }
        let absolute = ((path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path) as NSString).standardizingPath
        let parent = PathText.parent(of: absolute)
        if let status = RawPath.stat(parent.isEmpty ? "/" : parent) {
            self = .entry(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), name: (absolute as NSString).lastPathComponent)
        } else {
            self = .path(absolute)
        }
    }
}
