/* The article: what the markup stages (html.h, markdown.h) produce and the
 * script stage reads. Metadata plus the ordered body blocks, each with its
 * kind, all text in UTF-8 with white space already collapsed. */
#ifndef ALOUD_ARTICLE_H
#define ALOUD_ARTICLE_H

#include <stddef.h>

enum aloud_block_kind {
    ALOUD_BLOCK_HEADING,   /* level 1..6 */
    ALOUD_BLOCK_PARAGRAPH,
    ALOUD_BLOCK_LIST_ITEM, /* number > 0 when ordered; depth for nesting */
    ALOUD_BLOCK_QUOTE,     /* one paragraph of a block quotation */
    ALOUD_BLOCK_CAPTION,   /* figure caption */
    ALOUD_BLOCK_IMAGE,     /* alt text of an image that stands on its own */
    ALOUD_BLOCK_TABLE_ROW, /* cells joined with ", " */
    ALOUD_BLOCK_PREFORMATTED,
};

struct aloud_block {
    enum aloud_block_kind kind;
    int level;  /* heading level 1..6; 0 otherwise */
    int number; /* list item number (ordered lists), 0 for unordered */
    int depth;  /* list or quote nesting, 0 at the top */
    int quote_start; /* 1 on the first block of a quotation */
    int quote_end;   /* 1 on the last block of a quotation */
    char *text; /* owned, UTF-8, non-empty */
};

struct aloud_article {
    /* All strings owned by the article, NULL when unknown. */
    char *title;
    char **authors; /* n_authors names, owned */
    size_t n_authors;
    char *date;        /* ISO 8601: YYYY-MM-DD or full timestamp */
    char *description;
    char *language;    /* BCP 47 tag, e.g. "en-GB" */
    char *slug;        /* from front matter */
    char *voice;       /* voice profile named by the article */
    char *url;         /* canonical URL when known */
    int not_article;   /* set by extraction: the page is not an article */
    struct aloud_block *blocks;
    size_t n_blocks;
    size_t cap_blocks;
};

struct aloud_article *aloud_article_new(void);
/* Frees the article and everything it owns; accepts NULL. */
void aloud_article_free(struct aloud_article *a);

/* Appends a block with a copy of text (which is squeezed; empty text adds
 * nothing). Returns the new block or NULL when nothing was added. */
struct aloud_block *aloud_article_add_block(struct aloud_article *a, enum aloud_block_kind kind,
                                            const char *text);
/* Adds an author unless an equal name is already there. */
void aloud_article_add_author(struct aloud_article *a, const char *name);
/* Replaces a string field (*field) with a squeezed copy of value; an empty
 * value leaves the field NULL. */
void aloud_article_set(char **field, const char *value);

/* Name of a block kind for JSON and diagnostics ("heading", "paragraph"...). */
const char *aloud_block_kind_name(enum aloud_block_kind kind);

/* The article as JSON (metadata and blocks); caller frees. */
char *aloud_article_to_json(const struct aloud_article *a);
/* The body as plain text, one block per line; caller frees. */
char *aloud_article_to_text(const struct aloud_article *a);

#endif
