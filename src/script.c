/* Script stage (placeholder until it lands). */
#include "aloud/script.h"

#include <errno.h>
#include <stdlib.h>

#include "aloud/util.h"

int aloud_script_build(const struct aloud_article *article, const struct aloud_voice *voice,
                       struct aloud_script **out, char **err)
{
    (void)article;
    (void)voice;
    *out = NULL;
    aloud_error_set(err, "the script stage is not built yet");
    return -ENOSYS;
}

char *aloud_script_to_text(const struct aloud_script *s)
{
    (void)s;
    return aloud_xstrdup("");
}

char *aloud_script_to_json(const struct aloud_script *s)
{
    (void)s;
    return aloud_xstrdup("[]");
}

void aloud_script_free(struct aloud_script *s)
{
    free(s);
}
