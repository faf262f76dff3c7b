/* Reading an article from a file: picks the markup stage by the file's
 * extension (or an explicit type) and hands back the article. */
#ifndef ALOUD_SOURCE_H
#define ALOUD_SOURCE_H

#include "aloud/article.h"

enum aloud_source_type {
    ALOUD_SOURCE_AUTO, /* by extension: .html .htm -> HTML, .md .markdown -> Markdown */
    ALOUD_SOURCE_HTML,
    ALOUD_SOURCE_MARKDOWN,
};

/* Largest article file aloud reads (bytes). */
#define ALOUD_SOURCE_MAX_BYTES (64u * 1024 * 1024)

/* Parses "html"/"md"/"markdown" into *type; returns 0 or -EINVAL. */
int aloud_source_type_parse(const char *name, enum aloud_source_type *type);

/* The type a path's extension implies, or ALOUD_SOURCE_AUTO if none. */
enum aloud_source_type aloud_source_type_of(const char *path);

/* Reads path ("-" for standard input, which needs an explicit type) and
 * extracts its article into *out (caller frees). Returns 0, or -errno with
 * *err naming the file and the problem. */
int aloud_source_load(const char *path, enum aloud_source_type type, struct aloud_article **out,
                      char **err);

#endif
