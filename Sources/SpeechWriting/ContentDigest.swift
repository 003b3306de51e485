import Crypto
import SystemSupport

/// SHA-256, for identities derived from content: an EPUB's dc:identifier, the batch report's
/// input hashes. The hashing is swift-crypto's (BoringSSL's assembly, which uses the CPU's SHA
/// extensions where it has them); this type only gives the project one spelling of it.
public struct ContentDigest {
    private var hasher = SHA256()
    /// Small pieces gathered before they go to the hasher: the EPUB identifier feeds hundreds of
    /// short texts per speech, and each call into the hasher costs more than copying them.
    private var pending: [UInt8] = []
    private static let gather = 4_096

    public init() {}

    private mutating func flush() {
        guard !pending.isEmpty else { return }
        pending.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        pending.removeAll(keepingCapacity: true)
    }

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in update(buffer) }
        if handled == nil { update(Array(bytes)) }
    }

    public mutating func update(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard buffer.count > 0 else { return }
        if pending.count + buffer.count <= Self.gather {
            if pending.capacity == 0 { pending.reserveCapacity(Self.gather) }
            pending.append(contentsOf: buffer)
            return
        }
        flush()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
    }

    public mutating func update(_ text: String) {
        text.withBytes { update($0) }
    }

    public mutating func finish() -> [UInt8] {
        flush()
        return Array(hasher.finalize())
    }

    public static func sha256<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var digest = ContentDigest()
        digest.update(bytes)
        return digest.finish()
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            for (index, byte) in bytes.enumerated() {
                text[2 * index] = digits[Int(byte >> 4)]
                text[2 * index + 1] = digits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }

    /// A name-based UUID (version 5 layout) from the first 16 bytes of a SHA-256 digest.
    public static func uuid(_ bytes: [UInt8]) -> String {
        var digest = Array(sha256(bytes).prefix(16))
        return uuidString(&digest)
    }

    /// Formats 16 digest bytes as a version-5-layout UUID.
    public static func uuidString(_ digest: inout [UInt8]) -> String {
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        let hex = Self.hex(digest)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}

/// Dates as speeches print them (2023年8月16日, 2023-08-16) in ISO form for metadata.
public enum SpeechDate {
    /// "2023-08-16", or nil when the text is not a whole date.
    public static func iso(_ text: String?) -> String? {
        guard let text else { return nil }
        let digits = text.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).compactMap { Int($0) }
        guard digits.count == 3, (1000...9999).contains(digits[0]), (1...12).contains(digits[1]), (1...31).contains(digits[2]) else { return nil }
        let pad = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return "\(digits[0])-\(pad(digits[1]))-\(pad(digits[2]))"
    }
}
