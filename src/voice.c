/* Voice profiles (placeholder until they land). */
#include "aloud/voice.h"

#include <errno.h>
#include <stdlib.h>

#include "aloud/util.h"

struct aloud_voice *aloud_voice_default(void)
{
    return aloud_xcalloc(1, sizeof(struct aloud_voice));
}

int aloud_voice_find(const char *voices_dir, const char *name, struct aloud_voice **out,
                     char **err)
{
    (void)voices_dir;
    *out = NULL;
    aloud_error_set(err, "unknown voice %s", name);
    return -ENOENT;
}

void aloud_voice_free(struct aloud_voice *v)
{
    free(v);
}

int aloud_voice_select(const char *voices_dir, const char *requested, const char *article_voice,
                       const char *language, struct aloud_voice **out, char **err)
{
    (void)voices_dir;
    (void)requested;
    (void)article_voice;
    (void)language;
    (void)err;
    *out = aloud_voice_default();
    return 0;
}
