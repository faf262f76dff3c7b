/* HTML stage: a web page in, its article out. Parses with libxml2's HTML
 * parser, decodes the page's character set, finds the main content and
 * drops the site's clutter, and reads the metadata (title, authors, date,
 * description, language) from meta tags, JSON-LD and the visible byline.
 * Blocks carry their language and spans in other languages, data tables
 * give rows with cells, code listings are CODE blocks, and footnotes and
 * endnotes come at the end as NOTE blocks that the citing blocks name
 * (docs/extraction.md). */
#ifndef ALOUD_HTML_H
#define ALOUD_HTML_H

#include <stddef.h>

#include "aloud/article.h"

/* Extracts the article from len bytes of HTML at data (not necessarily
 * NUL-terminated; any encoding). name is used in messages only. On success
 * *out is a new article the caller frees with aloud_article_free and 0 is
 * returned; otherwise a negative errno with *err set (caller frees). */
int aloud_html_extract(const char *data, size_t len, const char *name,
                       struct aloud_article **out, char **err);

#endif
