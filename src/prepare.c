/* Preparing an article for speech (prepare.h): its voices, then its
 * script. */
#include "aloud/prepare.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/synth.h"
#include "aloud/util.h"

/* Adds a voice for lang unless the set already speaks it. */
static void add_language(struct aloud_voice_set *set, const char *voices_dir, const char *lang)
{
    if (!lang || !*lang || aloud_voice_set_for(set, lang) != set->primary ||
        aloud_lang_same(lang, set->primary->language))
        return;
    struct aloud_voice *v = NULL;
    char *msg = NULL;
    if (aloud_voice_find(voices_dir, lang, &v, &msg) == 0 && aloud_lang_same(v->language, lang)) {
        aloud_voice_set_add(set, lang, v);
    } else {
        aloud_voice_free(v);
        /* No profile: eSpeak NG's own voice, if it has one; else the
         * primary voice reads it as best it can. */
        if (aloud_synth_has_language(lang, NULL) == 1)
            aloud_voice_set_add(set, lang, aloud_voice_for_language(set->primary, lang));
    }
    free(msg);
}

int aloud_prepare(const struct aloud_article *a, const char *voices_dir, const char *requested,
                  const char *fallback, struct aloud_prepared *out, char **err)
{
    memset(out, 0, sizeof *out);
    if (!requested && !a->voice && !a->language)
        requested = fallback;
    int rc = aloud_voice_select(voices_dir, requested, a->voice, a->language,
                                &out->voices.primary, err);
    if (rc)
        return -EINVAL;
    /* An article in a language no profile covers is read by eSpeak NG's own
     * voice for it, not letter by letter by the default profile's. */
    struct aloud_voice *primary = out->voices.primary;
    if (!requested && !a->voice && a->language && !aloud_lang_same(primary->language, a->language) &&
        aloud_synth_has_language(a->language, NULL) == 1) {
        out->voices.primary = aloud_voice_for_language(primary, a->language);
        aloud_voice_free(primary);
    }
    for (size_t i = 0; i < a->n_blocks; i++) {
        const struct aloud_block *b = &a->blocks[i];
        add_language(&out->voices, voices_dir, b->lang);
        for (size_t k = 0; k < b->n_spans; k++)
            add_language(&out->voices, voices_dir, b->spans[k].lang);
    }
    return aloud_script_build(a, &out->voices, &out->script, err);
}

void aloud_prepared_clear(struct aloud_prepared *p)
{
    aloud_voice_set_clear(&p->voices);
    aloud_script_free(p->script);
    memset(p, 0, sizeof *p);
}
