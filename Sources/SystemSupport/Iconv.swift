import Glibc

/// iconv, strictly: the one place bytes go from one encoding to another (decoding inputs,
/// encoding text to test mojibake, and the tests' legacy-encoded inputs).
public enum Iconv {
    /// `bytes` in `source` as `target`; nil on any invalid, incomplete or unmappable sequence.
    public static func convert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
        guard let descriptor = IconvDescriptors.shared.take(from: source, to: target) else { return nil }
        defer { IconvDescriptors.shared.give(descriptor, from: source, to: target) }
        var input = bytes
        // Twice the input is enough between UTF-8, UTF-16, GB18030 and Big5.
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outPointer = UnsafeMutableRawPointer(outBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count, outLeft = outBuffer.count
                if iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) == -1 || inLeft != 0 { return nil }
                return outBuffer.count - outLeft
            }
        }
        return produced.map { Array(output[0..<$0]) }
    }
}

/// Open iconv descriptors kept for the next conversion between the same encodings. Opening one
/// loads glibc's converter module (dlopen) and closing the last one unloads it (munmap, which
/// stops every core to flush its address cache): the mojibake pass tests a suspect character
/// against GB2312 and Big5, and in a batch of the seed pages 24 % of perf's samples were in the
/// kernel, mostly mapping, unmapping and the page faults after (13,769 mmap calls for 1,000
/// pages). A descriptor is reset to its initial state before each use,
/// so a conversion is the same as with a new one; there are never more than ran at once.
final class IconvDescriptors: @unchecked Sendable {
    static let shared = IconvDescriptors()
    /// A pair of encodings, as given: no string is joined to key it on every conversion.
    private struct Pair: Hashable {
        let source: String
        let target: String
    }

    private let idle = Locked<[Pair: [UInt]]>([:])
    private let openedCount = Locked(0)
    /// Descriptors opened so far (for tests).
    var opened: Int { openedCount.get() }

    func take(from source: String, to target: String) -> iconv_t? {
        if let kept = idle.withLock({ $0[Pair(source: source, target: target)]?.popLast() }), let descriptor = iconv_t(bitPattern: kept) {
            // Back to the initial shift state, whatever the last conversion left.
            _ = iconv(descriptor, nil, nil, nil, nil)
            return descriptor
        }
        let descriptor = iconv_open(target, source)
        if descriptor == iconv_t(bitPattern: -1) { return nil }
        openedCount.withLock { $0 += 1 }
        return descriptor
    }

    func give(_ descriptor: iconv_t?, from source: String, to target: String) {
        guard let descriptor else { return }
        idle.withLock { $0[Pair(source: source, target: target), default: []].append(UInt(bitPattern: descriptor)) }
    }
}
