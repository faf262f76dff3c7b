/* Markdown stage (placeholder until it lands). */
#include "aloud/markdown.h"

#include <errno.h>

#include "aloud/util.h"

int aloud_markdown_extract(const char *data, size_t len, const char *name,
                           struct aloud_article **out, char **err)
{
    (void)data;
    (void)len;
    *out = NULL;
    aloud_error_set(err, "%s: Markdown is not built yet", name);
    return -ENOSYS;
}
