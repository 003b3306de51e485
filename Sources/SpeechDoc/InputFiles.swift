import Foundation

/// One file a command was given or found in a folder, with the path its outputs mirror.
public struct InputFile: Sendable, Equatable {
    /// The directory argument the file was found under (one string shared by all its files),
    /// or the file's path when it was given as a file: a batch of many thousand files keeps
    /// one short string per file, not two.
    private let origin: String
    private let foundInDirectory: Bool
    /// Its place in the output tree: relative to the directory it was found under, or its
    /// name when it was given as a file.
    public let relativePath: String

    /// Where the file is.
    public var path: String {
        foundInDirectory ? (origin as NSString).appendingPathComponent(relativePath) : origin
    }

    init(file: String) {
        origin = file
        foundInDirectory = false
        relativePath = (file as NSString).lastPathComponent
    }

    init(directory: String, relativePath: String) {
        origin = directory
        foundInDirectory = true
        self.relativePath = relativePath
    }

    public var isConvertible: Bool { InputKind.isAccepted(relativePath) }

    /// The folder argument it was found in; nil when it was named itself.
    public var directory: String? { foundInDirectory ? origin : nil }
}

/// The one expansion of input arguments, for every command and front end: files as given,
/// folders walked (recursively for a batch, one level for `convert`), links, FIFOs and
/// duplicates judged the same way everywhere.
public enum InputFiles {
    /// A file given by name: its identity and the name its outputs take.
    private struct Seen: Hashable {
        var key: FileKey
        var relativePath: String
    }

    /// Walks the arguments: files as given, directories in name order (into subfolders when
    /// `recursive`). Hidden files
    /// and SpeechDoc's own temporary files are left out. A link to a file is taken (under the
    /// link's name); a link to a directory is not followed. Paths that cannot be taken come
    /// back with the reason.
    /// `excluding` is the output directory: when it lies inside an input directory, it is not
    /// walked, so earlier outputs are never taken as inputs. Arguments that do not exist are
    /// `missing`; the same file given twice (a folder named twice, ./a.md and a.md) is taken
    /// once. `keys` are the inputs' identities, for the check that no output replaces one.
    public static func collect(_ arguments: [String], recursive: Bool = true, excluding outputDirectory: String? = nil)
        -> (inputs: [InputFile], unusable: [(path: String, reason: String)], missing: [String], keys: Set<FileKey>) {
        var inputs: [InputFile] = []
        var unusable: [(path: String, reason: String)] = []
        var missing: [String] = []
        var keys = Set<FileKey>()
        var seen = Set<Seen>()
        var walkedRoots = Set<FileKey>()
        let excluded = outputDirectory.map(FileKey.init)
        // A file's identity goes to `keys`; whether this name of it (the same file named twice,
        // a.md and ./a.md, is taken once; two names of one file, hard links, write two outputs
        // and are both taken) is new.
        func isNew(_ path: String, relativePath: String, key: FileKey? = nil) -> Bool {
            let key = key ?? FileKey(path)
            keys.insert(key)
            return seen.insert(Seen(key: key, relativePath: relativePath)).inserted
        }
        for argument in arguments {
            guard let type = RawPath.type(argument) else {
                missing.append(argument)
                continue
            }
            if type != .directory {
                let input = InputFile(file: argument)
                if isNew(argument, relativePath: input.relativePath) { inputs.append(input) }
                continue
            }
            let root = FileKey(argument)
            if root == excluded { continue }
            // A folder named twice (in, ./in/) is walked once.
            guard walkedRoots.insert(root).inserted else { continue }
            var found: [InputFile] = []
            // Walked by raw names (RawPath), so a name that is not UTF-8 is found like any other.
            func walk(_ relative: String) {
                let directory = relative.isEmpty ? argument : (argument as NSString).appendingPathComponent(relative)
                for name in RawPath.names(in: directory) ?? [] where !name.hasPrefix(".") {
                    let childRelative = relative.isEmpty ? name : relative + "/" + name
                    let path = (directory as NSString).appendingPathComponent(name)
                    let input = InputFile(directory: argument, relativePath: childRelative)
                    guard let status = RawPath.lstat(path) else { continue }
                    switch RawPath.fileType(status.st_mode) {
                    case .directory:
                        guard recursive else { continue }
                        if let excluded, FileKey(path) == excluded { continue }
                        walk(childRelative)
                    case .regular:
                        // Not a link: what lstat saw is the file's identity.
                        let key = FileKey.file(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
                        if isNew(path, relativePath: childRelative, key: key) { found.append(input) }
                    case .link:
                        guard let target = RawPath.type(path) else {
                            unusable.append((input.path, "a link to nothing"))
                            continue
                        }
                        switch target {
                        case .directory: unusable.append((input.path, "a link to a directory (not followed)"))
                        case .regular:
                            if isNew(path, relativePath: childRelative) { found.append(input) }
                        default: unusable.append((input.path, "a link to something other than a regular file (a FIFO, device or socket)"))
                        }
                    default:
                        // FIFOs, devices and sockets are never read (one would hang the batch).
                        unusable.append((input.path, "not a regular file (a FIFO, device or socket)"))
                    }
                }
            }
            walk("")
            // In byte order of the relative paths (each converted once, not per comparison).
            inputs += found.map { (RawPath.bytes($0.relativePath), $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1)
        }
        return (inputs, unusable, missing, keys)
    }
}
