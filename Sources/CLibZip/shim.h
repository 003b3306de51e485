#include <zip.h>
// zlib, which libzip deflates with: ZipSupport deflates a part once ahead of time with the same
// parameters (ZipPreparedPart) and hands libzip the compressed bytes.
#include <zlib.h>

// CRC-32 of a part (the zip entry's checksum), by carry-less multiplication where the
// processor has it: the same value as zlib's crc32_z, several times faster (zlib's table
// method was about one percent of a bulk conversion). The folding constants are those of the
// CRC-32 polynomial 0x04C11DB7, bit-reflected (x^(4·128+32) … mod P, and P and its Barrett
// quotient), as Intel's white paper "Fast CRC Computation for Generic Polynomials Using
// PCLMULQDQ" derives them. Blocks of 64 bytes are folded four lanes at a time; what is left
// (under 16 bytes, or the whole of a short part) goes to zlib.
#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("pclmul,sse4.1")))
static inline uint32_t speechdoc_crc32_folded(uint32_t crc, const unsigned char *buffer, size_t length) {
    const __m128i k1k2 = _mm_set_epi64x(0x01c6e41596LL, 0x0154442bd4LL);
    const __m128i k3k4 = _mm_set_epi64x(0x00ccaa009eLL, 0x01751997d0LL);
    const __m128i k5k0 = _mm_set_epi64x(0, 0x0163cd6124LL);
    const __m128i poly = _mm_set_epi64x(0x01f7011641LL, 0x01db710641LL);
    const __m128i mask32 = _mm_setr_epi32(~0, 0, ~0, 0);
    __m128i x1 = _mm_loadu_si128((const __m128i *)(buffer + 0x00));
    __m128i x2 = _mm_loadu_si128((const __m128i *)(buffer + 0x10));
    __m128i x3 = _mm_loadu_si128((const __m128i *)(buffer + 0x20));
    __m128i x4 = _mm_loadu_si128((const __m128i *)(buffer + 0x30));
    x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)crc));
    buffer += 64;
    length -= 64;
    while (length >= 64) {
        __m128i x5 = _mm_clmulepi64_si128(x1, k1k2, 0x00);
        __m128i x6 = _mm_clmulepi64_si128(x2, k1k2, 0x00);
        __m128i x7 = _mm_clmulepi64_si128(x3, k1k2, 0x00);
        __m128i x8 = _mm_clmulepi64_si128(x4, k1k2, 0x00);
        x1 = _mm_clmulepi64_si128(x1, k1k2, 0x11);
        x2 = _mm_clmulepi64_si128(x2, k1k2, 0x11);
        x3 = _mm_clmulepi64_si128(x3, k1k2, 0x11);
        x4 = _mm_clmulepi64_si128(x4, k1k2, 0x11);
        x1 = _mm_xor_si128(_mm_xor_si128(x1, x5), _mm_loadu_si128((const __m128i *)(buffer + 0x00)));
        x2 = _mm_xor_si128(_mm_xor_si128(x2, x6), _mm_loadu_si128((const __m128i *)(buffer + 0x10)));
        x3 = _mm_xor_si128(_mm_xor_si128(x3, x7), _mm_loadu_si128((const __m128i *)(buffer + 0x20)));
        x4 = _mm_xor_si128(_mm_xor_si128(x4, x8), _mm_loadu_si128((const __m128i *)(buffer + 0x30)));
        buffer += 64;
        length -= 64;
    }
    // Four lanes into one.
    __m128i x5 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
    x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k3k4, 0x11), x2), x5);
    x5 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
    x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k3k4, 0x11), x3), x5);
    x5 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
    x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k3k4, 0x11), x4), x5);
    // Blocks of 16 that are left.
    while (length >= 16) {
        x5 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
        x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k3k4, 0x11), _mm_loadu_si128((const __m128i *)buffer)), x5);
        buffer += 16;
        length -= 16;
    }
    // 128 bits to 64, then Barrett's reduction to 32.
    x2 = _mm_clmulepi64_si128(x1, k3k4, 0x10);
    x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), x2);
    x2 = _mm_srli_si128(x1, 4);
    x1 = _mm_and_si128(x1, mask32);
    x1 = _mm_xor_si128(_mm_clmulepi64_si128(x1, k5k0, 0x00), x2);
    x2 = _mm_and_si128(x1, mask32);
    x2 = _mm_clmulepi64_si128(x2, poly, 0x10);
    x2 = _mm_and_si128(x2, mask32);
    x2 = _mm_clmulepi64_si128(x2, poly, 0x00);
    x1 = _mm_xor_si128(x1, x2);
    return (uint32_t)_mm_extract_epi32(x1, 1);
}
#endif

/// crc32_z's value for `length` bytes after `crc` (0 to start).
static inline uint32_t speechdoc_crc32(uint32_t crc, const unsigned char *buffer, size_t length) {
#if defined(__x86_64__)
    static int usable = -1;
    if (usable < 0) { __builtin_cpu_init(); usable = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1"); }
    if (usable && length >= 64) {
        size_t folded = length & ~(size_t)15;
        crc = ~speechdoc_crc32_folded(~crc, buffer, folded);
        buffer += folded;
        length -= folded;
        if (length == 0) return crc;
    }
#endif
    return (uint32_t)crc32_z(crc, buffer, length);
}
