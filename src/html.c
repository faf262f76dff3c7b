/* HTML stage (placeholder until the extractor lands). */
#include "aloud/html.h"

#include <errno.h>

#include "aloud/util.h"

int aloud_html_extract(const char *data, size_t len, const char *name,
                       struct aloud_article **out, char **err)
{
    (void)data;
    (void)len;
    *out = NULL;
    aloud_error_set(err, "%s: HTML extraction is not built yet", name);
    return -ENOSYS;
}
