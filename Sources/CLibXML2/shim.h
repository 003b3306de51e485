#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>

/* xmlFree is a global function pointer, which Swift 6 cannot call safely: call it from C. */
static inline void speechdoc_xml_free(void *pointer) { xmlFree(pointer); }
#include <libxml/HTMLparser.h>
