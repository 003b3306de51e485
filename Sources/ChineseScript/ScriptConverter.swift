import COpenCC
import Foundation

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

    /// OpenCC's t2s: traditional characters and phrases to simplified.
    public static func traditionalToSimplified() throws -> ScriptConverter {
        try ScriptConverter(config: "t2s.json")
    }

    private let handle: opencc_t
    // An OpenCC handle is not documented as safe for concurrent use.
    private let lock = NSLock()

    public init(config: String) throws {
        guard let handle = opencc_open(config), Int(bitPattern: handle) != -1 else {
            throw ConversionError.cannotOpen(config: config, reason: Self.lastError())
        }
        self.handle = handle
    }

    deinit { opencc_close(handle) }

    public func convert(_ text: String) throws -> String {
        if text.isEmpty { return text }
        var utf8 = Array(text.utf8)
        utf8.append(0)
        let converted: String? = lock.withLock {
            utf8.withUnsafeBufferPointer { buffer -> String? in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { input in
                    guard let output = opencc_convert_utf8(handle, input, buffer.count - 1) else {
                        return nil
                    }
                    defer { opencc_convert_utf8_free(output) }
                    return String(cString: output)
                }
            }
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
        text.unicodeScalars.contains(where: isTraditional)
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
