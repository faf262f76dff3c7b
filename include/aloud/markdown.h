/* Markdown stage: a CommonMark (GitHub flavoured) file with optional YAML
 * front matter in, its article out. Parsed with cmark-gfm, front matter with
 * libyaml. Link text is kept and URLs dropped, images give their alt text,
 * code blocks are CODE blocks, tables give rows with their cells, footnotes
 * are NOTE blocks at the end (their markers become the citing block's
 * cites), <span lang="..."> marks a span, and text between
 * <!-- aloud:skip --> and <!-- aloud:end --> is skipped. Without lang or
 * language in the front matter, the article gets its text's language. */
#ifndef ALOUD_MARKDOWN_H
#define ALOUD_MARKDOWN_H

#include <stddef.h>

#include "aloud/article.h"

/* Same contract as aloud_html_extract. Bad front matter is an error naming
 * name and the line. */
int aloud_markdown_extract(const char *data, size_t len, const char *name,
                           struct aloud_article **out, char **err);

#endif
