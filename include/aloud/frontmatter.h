/* Front matter: the metadata block at the top of a Markdown file, as
 * static site generators write it. YAML between "---" lines (Jekyll, Hugo,
 * Eleventy), TOML between "+++" lines (Hugo, Zola), or a JSON object that
 * opens the file (Hugo). Each is read with its own library (libyaml,
 * toml++, json-c) into one shape, then its keys into the article. */
#ifndef ALOUD_FRONTMATTER_H
#define ALOUD_FRONTMATTER_H

#include <stddef.h>

#include "aloud/article.h"

enum aloud_front_matter_kind {
    ALOUD_FRONT_MATTER_NONE,
    ALOUD_FRONT_MATTER_YAML,
    ALOUD_FRONT_MATTER_TOML,
    ALOUD_FRONT_MATTER_JSON,
};

/* Reads the front matter at the start of text (len bytes, a byte order
 * mark already skipped) into a: title, author or authors, date, description
 * or summary, lang or language, slug, voice, link or url, draft, audio,
 * episode, season, explicit; other keys belong to other tools and are
 * left alone. *body gets where the Markdown after it starts (text itself
 * when there is none). Returns 0, or -EINVAL with *err "NAME:LINE: ..." for
 * front matter that does not parse, is not closed, or has a value of the
 * wrong kind (a list for a title, "maybe" for draft). */
int aloud_front_matter_read(const char *text, size_t len, const char *name,
                            struct aloud_article *a, const char **body, char **err);

#endif
