/* Fuzz target: voice profiles and, through the profile's [lexicon] file
 * name, the lexicon. The input is written to a file, as profiles are read
 * from files. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "aloud/voice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/aloud-fuzz-voice-%ld.ini", (long)getpid());
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return 0;
    fwrite(data, 1, size, fp);
    fclose(fp);
    struct aloud_voice *v = NULL;
    char *err = NULL;
    if (aloud_voice_load(path, &v, &err) == 0) {
        char *said = aloud_lexicon_apply(&v->lexicon, "The NHS and the GP, e.g. here.");
        free(said);
    }
    aloud_voice_free(v);
    free(err);
    unlink(path);
    return 0;
}
