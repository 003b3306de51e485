import COpenCC
import Foundation
import SystemSupport

/// Traditional → simplified conversion through OpenCC. The only code that touches OpenCC.
public final class ScriptConverter: @unchecked Sendable {
    public enum ConversionError: Error, CustomStringConvertible {
        case cannotOpen(config: String, reason: String)
        case conversionFailed(reason: String)

        public var description: String {
            switch self {
            case .cannotOpen(let config, let reason):
                return "cannot load OpenCC configuration \(config): \(reason)"
            case .conversionFailed(let reason):
                return "OpenCC conversion failed: \(reason)"
            }
        }
    }

    /// OpenCC's t2s: traditional characters and phrases to simplified. `lazily`: OpenCC's
    /// dictionaries are read at the first conversion, not now (reading them was an eighth of a
    /// small convert's instructions, and most pages hold no traditional character); an OpenCC
    /// that cannot load is then that conversion's error.
    public static func traditionalToSimplified(lazily: Bool = false) throws -> ScriptConverter {
        try ScriptConverter(config: "t2s.json", lazily: lazily)
    }

    /// An OpenCC handle is not documented as safe for concurrent use, so each call takes a handle
    /// of its own: an idle one, or a new one when every handle is busy. A batch's workers
    /// converting traditional pages at once waited for one shared handle (on a page in
    /// traditional characters a batch of two workers kept 1.3 cores busy). There are never more
    /// handles than calls that ran at the same time; they are kept until the converter goes.
    private let config: String
    private var idle: [opencc_t]
    private let lock = NSLock()

    /// Opens a first handle now, so a configuration that cannot load is an error here; or, when
    /// `lazily`, at the first conversion.
    public init(config: String, lazily: Bool = false) throws {
        self.config = config
        idle = lazily ? [] : [try Self.open(config)]
    }

    deinit { idle.forEach { opencc_close($0) } }

    private static func open(_ config: String) throws -> opencc_t {
        guard let handle = opencc_open(config), Int(bitPattern: handle) != -1 else {
            throw ConversionError.cannotOpen(config: config, reason: lastError())
        }
        return handle
    }

    /// How many handles the converter holds now (idle ones; tests call it between conversions).
    var handleCount: Int { lock.withLock { idle.count } }

    public func convert(_ text: String) throws -> String {
        if text.isEmpty { return text }
        let handle = try lock.withLock { idle.popLast() } ?? Self.open(config)
        defer { lock.withLock { idle.append(handle) } }
        // A Swift string's own bytes end in a NUL: no copy of them for OpenCC.
        let length = text.utf8.count
        let converted: String? = text.withCString { input -> String? in
            guard let output = opencc_convert_utf8(handle, input, length) else { return nil }
            defer { opencc_convert_utf8_free(output) }
            return String(cString: output)
        }
        guard let converted else { throw ConversionError.conversionFailed(reason: Self.lastError()) }
        return converted
    }

    /// Whether t2s changes this character on its own (a generated table, no OpenCC call).
    public static func isTraditional(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        guard value >= 0x3400 else { return false }
        if value < 0x10000 { return basicPlane[Int(value >> 6)] & (1 << (value & 63)) != 0 }
        return otherPlanes.contains(value)
    }

    /// Whether the text holds any character t2s would change.
    public static func mayHoldTraditional(_ text: String) -> Bool {
        // On the UTF-8 bytes: every character of the table is U+3400 or above, three bytes led
        // by E3–EF or four led by F0–F4; everything below is skipped a byte at a time.
        return text.withBytes { bytes in
            basicPlane.withUnsafeBufferPointer { bits in
                var index = 0
                let count = bytes.count
                while index < count {
                    let lead = bytes[index]
                    if lead < 0xE3 { index += 1; continue }
                    if lead < 0xF0 {
                        guard index + 2 < count else { return false }
                        let value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                        if bits[Int(value >> 6)] & (1 << (value & 63)) != 0 { return true }
                        index += 3
                    } else {
                        guard index + 3 < count else { return false }
                        let value = UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                            | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                        if otherPlanes.contains(value) { return true }
                        index += 4
                    }
                }
                return false
            }
        }
    }

    /// The table as bits, one per Basic Multilingual Plane code point (8 KB): a lookup per
    /// character of every line costs a shift and a load, not a hash.
    private static let basicPlane: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        for scalar in TraditionalCharacters.chunks.joined().unicodeScalars where scalar.value < 0x10000 {
            bits[Int(scalar.value >> 6)] |= 1 << (scalar.value & 63)
        }
        return bits
    }()

    private static let otherPlanes: Set<UInt32> = Set(TraditionalCharacters.chunks.joined().unicodeScalars.map(\.value).filter { $0 >= 0x10000 })

    private static func lastError() -> String {
        guard let message = opencc_error() else { return "unknown error" }
        return String(cString: message)
    }
}
