import CICU

/// Word boundaries in Chinese text from ICU's dictionary-based word break iterator: the one
/// module that calls ICU.
public enum WordBreaks {
    /// The offsets, in Unicode scalars, at which a line may break between words (the start and
    /// end of the text excluded). Empty when ICU cannot open an iterator.
    public static func boundaries(in text: String) -> [Int] {
        let utf16 = Array(text.utf16)
        guard !utf16.isEmpty else { return [] }
        var status = U_ZERO_ERROR
        let found: [Int32] = utf16.withUnsafeBufferPointer { buffer in
            guard let iterator = speechdoc_word_breaks_open(buffer.baseAddress, Int32(buffer.count), &status),
                  speechdoc_icu_failed(status) == 0 else { return [] }
            defer { speechdoc_word_breaks_close(iterator) }
            var offsets: [Int32] = []
            while true {
                let next = speechdoc_word_breaks_next(iterator)
                if next == UBRK_DONE || next >= Int32(buffer.count) { break }
                offsets.append(next)
            }
            return offsets
        }
        // UTF-16 offsets to scalar offsets.
        var scalarAt: [Int: Int] = [:]
        var unit = 0
        for (index, scalar) in text.unicodeScalars.enumerated() {
            scalarAt[unit] = index
            unit += scalar.utf16.count
        }
        return found.compactMap { scalarAt[Int($0)] }
    }
}
