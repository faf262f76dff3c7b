/* Fuzz target: the script builder, fed articles made from Markdown (the
 * shortest way from bytes to every kind of block), with the default voice:
 * text normalisation, URL shortening, the lexicon and dates in words. */
#include <stdint.h>
#include <stdlib.h>

#include "aloud/markdown.h"
#include "aloud/script.h"
#include "aloud/voice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct aloud_voice *voice;
    if (!voice)
        voice = aloud_voice_default();
    struct aloud_article *a = NULL;
    struct aloud_script *s = NULL;
    char *err = NULL;
    if (aloud_markdown_extract((const char *)data, size, "fuzz.md", &a, &err) == 0 &&
        aloud_script_build(a, &(struct aloud_voice_set){.primary = voice}, &s, &err) == 0) {
        free(aloud_script_to_text(s));
        free(aloud_script_to_json(s));
    }
    aloud_script_free(s);
    aloud_article_free(a);
    free(err);
    return 0;
}
