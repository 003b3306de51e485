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
        scalar.value >= 0x3400 && traditionalSet.contains(scalar)
    }

    /// Whether the text holds any character t2s would change.
    public static func mayHoldTraditional(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value >= 0x3400 && traditionalSet.contains($0) }
    }

    private static let traditionalSet: Set<Unicode.Scalar> = Set(TraditionalCharacters.chunks.joined().unicodeScalars)

    private static func lastError() -> String {
        guard let message = opencc_error() else { return "unknown error" }
        return String(cString: message)
    }
}
