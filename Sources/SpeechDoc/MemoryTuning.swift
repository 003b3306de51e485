/// Allocator settings for converting many files in one process.
///
/// glibc's malloc serves large blocks (zlib's deflate state is about 270 KB, a document part
/// tens of KB) with mmap and gives freed memory at the top of the heap back to the kernel. Every
/// conversion then maps, faults in, zeroes and unmaps the same few hundred kilobytes, and
/// unmapping on one worker thread interrupts the others to flush their TLBs: a quarter of a
/// batch's time went to the kernel. Keeping blocks up to 32 MB on the heap and freed memory
/// in the process (up to 128 MB) lets each worker reuse its memory; the peak stays that of the
/// largest file being converted.
public enum MemoryTuning {
    public static func forBulkConversion() {
        #if os(Linux)
        _ = c_mallopt(mTrimThreshold, 128 << 20)
        _ = c_mallopt(mMmapThreshold, 32 << 20)
        #endif
    }

    // <malloc.h>, which the Glibc module does not export.
    private static let mTrimThreshold: Int32 = -1
    private static let mMmapThreshold: Int32 = -3
}

#if os(Linux)
@_silgen_name("mallopt")
private func c_mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
