/* Loads an article from a file, choosing the HTML or Markdown stage. */
#include "aloud/source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aloud/html.h"
#include "aloud/markdown.h"
#include "aloud/util.h"

int aloud_source_type_parse(const char *name, enum aloud_source_type *type)
{
    if (strcmp(name, "html") == 0 || strcmp(name, "htm") == 0)
        *type = ALOUD_SOURCE_HTML;
    else if (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0)
        *type = ALOUD_SOURCE_MARKDOWN;
    else
        return -EINVAL;
    return 0;
}

enum aloud_source_type aloud_source_type_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (!dot)
        return ALOUD_SOURCE_AUTO;
    if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm") || !strcasecmp(dot, ".xhtml"))
        return ALOUD_SOURCE_HTML;
    if (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown"))
        return ALOUD_SOURCE_MARKDOWN;
    return ALOUD_SOURCE_AUTO;
}

int aloud_source_load(const char *path, enum aloud_source_type type, struct aloud_article **out,
                      char **err)
{
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    if (type == ALOUD_SOURCE_AUTO)
        type = aloud_source_type_of(path);
    if (type == ALOUD_SOURCE_AUTO) {
        aloud_error_set(err, "%s: unknown file type (expected .html, .htm or .md%s)", name,
                        strcmp(path, "-") == 0 ? "; use --type with -" : "");
        return -EINVAL;
    }
    char *data = NULL;
    size_t len = 0;
    int rc = aloud_file_read(path, ALOUD_SOURCE_MAX_BYTES, &data, &len, err);
    if (rc)
        return rc;
    if (len == 0) {
        aloud_error_set(err, "%s: the file is empty", name);
        free(data);
        return -ENODATA;
    }
    if (type == ALOUD_SOURCE_HTML)
        rc = aloud_html_extract(data, len, name, out, err);
    else
        rc = aloud_markdown_extract(data, len, name, out, err);
    free(data);
    return rc;
}
