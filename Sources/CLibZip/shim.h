#include <zip.h>
// zlib, which libzip deflates with: ZipSupport deflates a part once ahead of time with the same
// parameters (ZipPreparedPart) and hands libzip the compressed bytes.
#include <zlib.h>
