/* Fuzz target: text normalisation. The first byte picks the language
 * (British and American English, German, French, Spanish: every rule file
 * shipped), the rest is the text, as raw bytes: the normaliser must cope
 * with any of them, valid UTF-8 or not. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/normalise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {"en-GB", "en-US", "de", "fr", "es"};
    enum { N_LANGS = sizeof langs / sizeof langs[0] };
    static struct aloud_normaliser *n[N_LANGS];
    static int opened;
    if (!opened) {
        for (int k = 0; k < N_LANGS; k++) {
            char *err = NULL;
            if (aloud_normaliser_open(ALOUD_SOURCE_VOICES_DIR, langs[k], &n[k], &err) != 0)
                abort(); /* the shipped rules must load */
            free(err);
        }
        opened = 1;
    }
    if (size == 0)
        return 0;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    free(aloud_normalise_text(n[data[0] % N_LANGS], text));
    free(text);
    return 0;
}
