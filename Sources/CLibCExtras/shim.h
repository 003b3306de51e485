// glibc functions Swift's Glibc module does not export (they need _GNU_SOURCE or <malloc.h>),
// declared as glibc declares them, for SystemSupport alone.
#include <stddef.h>

void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
int mallopt(int param, int value);
int malloc_trim(size_t pad);
int syncfs(int fd);

#define SPEECHDOC_M_TRIM_THRESHOLD (-1)
#define SPEECHDOC_M_MMAP_THRESHOLD (-3)
