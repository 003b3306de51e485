import Glibc

/// iconv, strictly: the one place bytes go from one encoding to another (decoding inputs,
/// encoding text to test mojibake, and the tests' legacy-encoded inputs).
public enum Iconv {
    /// `bytes` in `source` as `target`; nil on any invalid, incomplete or unmappable sequence.
    public static func convert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
        let descriptor = iconv_open(target, source)
        if descriptor == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(descriptor) }
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
