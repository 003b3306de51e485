import Foundation

/// A deterministic 1/N slice of the inputs, by a hash of the relative path, so shards 1…N
/// cover every input exactly once on any machine.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// "2/8" → the second of eight shards.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else {
            return nil
        }
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    public func contains(_ input: InputFile) -> Bool {
        Int(Self.fnv1a(input.relativePath) % UInt64(count)) == index - 1
    }

    /// FNV-1a over the path's UTF-8: stable across runs, machines and Swift versions.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}
