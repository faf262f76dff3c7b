/* Fuzz target: Markdown with YAML front matter and skip markers. */
#include <stdint.h>
#include <stdlib.h>

#include "aloud/markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct aloud_article *a = NULL;
    char *err = NULL;
    if (aloud_markdown_extract((const char *)data, size, "fuzz.md", &a, &err) == 0) {
        char *json = aloud_article_to_json(a);
        free(json);
    }
    aloud_article_free(a);
    free(err);
    return 0;
}
