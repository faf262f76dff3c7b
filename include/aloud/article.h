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
    ALOUD_BLOCK_TABLE_ROW, /* one row of a data table: cells, and their text
                              joined with ", " in text */
    ALOUD_BLOCK_PREFORMATTED,
    ALOUD_BLOCK_CODE,      /* a code listing (<pre><code>, a fenced block) */
    ALOUD_BLOCK_NOTE,      /* a footnote or endnote, its label in label */
};

/* A stretch of a block's text in another language than the block's own
 * (<span lang="de">, <i xml:lang="fr">). */
struct aloud_lang_span {
    size_t start; /* byte offset into the block's text */
    size_t len;   /* bytes, > 0 */
    char *lang;   /* BCP 47 tag, owned */
};

/* One cell of a table row. */
struct aloud_cell {
    char *text; /* owned, UTF-8, may be empty */
    int header; /* 1 for a header cell (<th>, a Markdown table's head row) */
};

struct aloud_block {
    enum aloud_block_kind kind;
    int level;  /* heading level 1..6; 0 otherwise */
    int number; /* list item number (ordered lists), 0 for unordered */
    int depth;  /* list or quote nesting, 0 at the top */
    int quote_start; /* 1 on the first block of a quotation */
    int quote_end;   /* 1 on the last block of a quotation */
    char *text; /* owned, UTF-8, non-empty */
    /* Language of the block when the markup gives one (lang, xml:lang) and
     * it differs from the article's; NULL: the article's. Owned. */
    char *lang;
    struct aloud_lang_span *spans; /* n_spans stretches in other languages, in
                                 order, not overlapping; owned */
    size_t n_spans;
    /* TABLE_ROW: the row's cells (owned), the first and last row of its
     * table, and on the first row the table's caption (owned) or NULL. */
    struct aloud_cell *cells;
    size_t n_cells;
    int table_start;
    int table_end;
    char *caption;
    /* NOTE: the note's label as the text marks it ("1", "a", "*"); owned. */
    char *label;
    /* Any block: the labels of the notes it cites, in order (the markers
     * themselves are not in text); owned. */
    char **cites;
    size_t n_cites;
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
    char *url;         /* the article's public URL when known (front matter
                          link or url, the page's canonical link) */
    int not_article;   /* set by extraction: the page is not an article */
    /* Front matter that says how it is published: */
    int draft;         /* 1: a draft, not published */
    int no_audio;      /* 1: audio: false, no episode */
    int episode;       /* itunes:episode, 0 when not given */
    int season;        /* itunes:season, 0 when not given */
    int explicit_content; /* -1 not given (the show's), 0 or 1 */
    struct aloud_block *blocks;
    size_t n_blocks;
    size_t cap_blocks;
};

struct aloud_article *aloud_article_new(void);
/* Frees the article and everything it owns; accepts NULL. */
void aloud_article_free(struct aloud_article *a);

/* Frees what b owns and zeroes it (the block itself belongs to its
 * article's array). */
void aloud_block_clear(struct aloud_block *b);

/* Appends a block with a copy of text (which is squeezed; empty text adds
 * nothing). Returns the new block or NULL when nothing was added. */
struct aloud_block *aloud_article_add_block(struct aloud_article *a, enum aloud_block_kind kind,
                                            const char *text);
/* Marks text[start, start + len) of b as spoken in lang (ignored when
 * empty, out of range or overlapping the previous span). */
void aloud_block_add_span(struct aloud_block *b, size_t start, size_t len, const char *lang);
/* Appends a cell (text squeezed; may be empty) to a table row. */
void aloud_block_add_cell(struct aloud_block *b, const char *text, int header);
/* Records that b cites the note labelled label. */
void aloud_block_add_cite(struct aloud_block *b, const char *label);

/* Adds an author unless an equal name is already there. */
void aloud_article_add_author(struct aloud_article *a, const char *name);
/* The authors joined as a byline names them: "A", "A and B", "A, B and
 * C", with and_word (NULL: "and") before the last. NULL when there are
 * none. The one way authors are joined: spoken, tagged and published.
 * Caller frees. */
char *aloud_article_authors(const struct aloud_article *a, const char *and_word);
/* Replaces a string field (*field) with a squeezed copy of value; an empty
 * value leaves the field NULL. */
void aloud_article_set(char **field, const char *value);

/* Name of a block kind for JSON and diagnostics ("heading", "paragraph"...). */
const char *aloud_block_kind_name(enum aloud_block_kind kind);

/* The article as JSON (metadata and blocks); caller frees. */
char *aloud_article_to_json(const struct aloud_article *a);
/* The body as plain text, one block per line (a table's caption on a line
 * of its own before its first row); caller frees. */
char *aloud_article_to_text(const struct aloud_article *a);

#endif
