/* Finding the articles in content/, laid out as static site generators
 * lay it out (docs/sources.md):
 *   - folders at any depth;
 *   - a page bundle, a folder with index.md (or index.html, index.htm),
 *     is one article, named by its folder; its other files are its
 *     resources, not articles;
 *   - files and folders whose names start with "_" or "." are not articles
 *     (_index.md is a section's list page; _drafts, _includes, _data are a
 *     generator's), apart from Jekyll's _posts folders, whose files are
 *     named YYYY-MM-DD-SLUG.md and give the article its date and name.
 * Each article's slug comes from its place: the folders and the name
 * joined with '-' ("posts/harbour-walls/index.md" -> "posts-harbour-walls",
 * "news/a.md" -> "news-a", "a.md" -> "a", "blog/_posts/2024-05-01-walls.md"
 * -> "blog-walls"), so two files called a.md in different folders never
 * share one, and a slug does not change when other files come and go. */
#ifndef ALOUD_CONTENT_H
#define ALOUD_CONTENT_H

#include <stddef.h>

struct aloud_content_item {
    char *file; /* relative to content/, e.g. "posts/harbour-walls/index.md" */
    char *slug; /* from its place (above); front matter may name another */
    char *date; /* YYYY-MM-DD from a _posts file name, or NULL */
};

/* Finds the articles under content_dir, sorted by file. Symbolic links to
 * folders are not followed (a link to a file is, and checked by the build).
 * Returns 0 and *items (*n of them; free with aloud_content_free), or a
 * negative errno with *err when content_dir cannot be read. */
int aloud_content_find(const char *content_dir, struct aloud_content_item **items, size_t *n,
                       char **err);
void aloud_content_free(struct aloud_content_item *items, size_t n);

#endif
