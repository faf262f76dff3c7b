/* Preparing an article for speech: the voices for the languages it is
 * written in, and its script. The front half that `aloud script`, `aloud
 * say` and `aloud build` share, so the three pick the same voices and say
 * the same words. */
#ifndef ALOUD_PREPARE_H
#define ALOUD_PREPARE_H

#include "aloud/article.h"
#include "aloud/script.h"
#include "aloud/voice.h"

struct aloud_prepared {
    struct aloud_voice_set voices; /* owned */
    struct aloud_script *script;   /* owned */
};

/* Picks the article's voices from voices_dir and builds its script. The
 * primary voice: requested (a --voice) when given, else the article's own
 * (front matter), else the profile for its language, else fallback (the
 * show's profile) when the article names neither, else the default. Then
 * one voice for every other language its blocks and stretches are marked
 * in: the profile for that language, else eSpeak NG's own voice for it,
 * else none (the primary voice speaks it). Returns 0, or a negative errno
 * with *err: -EINVAL for a voice that does not exist (a settings error),
 * others for an article with nothing to say. *out is cleared first; free
 * it with aloud_prepared_clear, also on failure. */
int aloud_prepare(const struct aloud_article *a, const char *voices_dir, const char *requested,
                  const char *fallback, struct aloud_prepared *out, char **err);

void aloud_prepared_clear(struct aloud_prepared *p);

#endif
