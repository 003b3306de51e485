// ICU's word break iterator (dictionary-based for Chinese). ICU renames its C functions by
// version (ubrk_open_72): these inline wrappers let Swift call them by one name on any version.
#include <unicode/utypes.h>
#include <unicode/ubrk.h>

static inline UBreakIterator *speechdoc_word_breaks_open(const UChar *text, int32_t length, UErrorCode *status) {
    return ubrk_open(UBRK_WORD, "zh", text, length, status);
}

static inline int32_t speechdoc_word_breaks_next(UBreakIterator *iterator) {
    return ubrk_next(iterator);
}

static inline void speechdoc_word_breaks_close(UBreakIterator *iterator) {
    ubrk_close(iterator);
}

static inline int speechdoc_icu_failed(UErrorCode status) {
    return U_FAILURE(status);
}
