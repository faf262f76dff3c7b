/* Fuzz target: HTML extraction (charset sniffing, parsing, main content,
 * metadata and JSON-LD) on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "aloud/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct aloud_article *a = NULL;
    char *err = NULL;
    if (aloud_html_extract((const char *)data, size, "fuzz.html", &a, &err) == 0) {
        char *json = aloud_article_to_json(a);
        free(json);
    }
    aloud_article_free(a);
    free(err);
    return 0;
}
