/* The text of a block being read by a markup stage (html-blocks.c,
 * markdown.c), with what rides on it: stretches in other languages, a
 * table row's cells, the notes it cites. Text goes in raw, as the markup
 * gives it; when the block ends, the text is squeezed (aloud_text_squeeze)
 * and every place in it (a span's ends, a cell's ends) is moved to where it
 * lands in the squeezed text, so that spans and cells point at exactly
 * their words. Internal to the markup stages. */
#ifndef ALOUD_BLOCKTEXT_H
#define ALOUD_BLOCKTEXT_H

#include <stddef.h>

#include "aloud/article.h"
#include "aloud/util.h"

struct blocktext_span {
    size_t start, end;
    char *lang; /* owned */
};

struct blocktext_cell {
    size_t start, end;
    int header, empty;
    size_t cut; /* where the text went back to if it stays empty */
};

struct blocktext {
    struct aloud_buf text; /* raw */
    /* The language the block is in (NULL: the article's); owned. Text in
     * another language makes a span. */
    char *lang;
    char *run_lang; /* the language of the text since run_start; owned */
    size_t run_start;
    struct blocktext_span *spans;
    size_t n_spans, cap_spans;
    struct blocktext_cell *cells;
    size_t n_cells, cap_cells;
    int in_cell;
    char **cites;
    size_t n_cites, cap_cites;
};

/* Appends text written in lang (NULL: the block's own language). */
void blocktext_add(struct blocktext *b, const char *text, const char *lang);
/* Appends a space (a line break, white space between inline elements),
 * unless the block has no text yet. */
void blocktext_space(struct blocktext *b);
/* Sets the block's language (NULL: the article's); only before its text. */
void blocktext_set_lang(struct blocktext *b, const char *lang);
/* Records that the block cites the note labelled label. */
void blocktext_cite(struct blocktext *b, const char *label);
/* A table cell begins (header: a header cell) or ends. Cells with text
 * are joined with ", "; an empty cell adds nothing to the text. */
void blocktext_begin_cell(struct blocktext *b, int header);
void blocktext_end_cell(struct blocktext *b);
/* Does the row read so far have a cell with text? */
int blocktext_has_values(const struct blocktext *b);
/* Is there no text yet? */
int blocktext_empty(const struct blocktext *b);

/* Squeezes the text (moving the places in it); returns its length. The
 * caller may then look at b->text.data and emit the block or drop it. */
size_t blocktext_squeeze(struct blocktext *b);
/* Adds the (squeezed) text to a as a block of kind, with its language
 * when it differs from base_lang (the article's), its spans, cells and
 * cites, and starts a new block in the same language. A block with no text
 * adds nothing: its cites go to a's last block. Returns the new block or
 * NULL. */
struct aloud_block *blocktext_emit(struct blocktext *b, struct aloud_article *a,
                                   enum aloud_block_kind kind, const char *base_lang);
/* Forgets the text and what rides on it (not the language). */
void blocktext_reset(struct blocktext *b);
void blocktext_free(struct blocktext *b);

/* Drops the languages of a's blocks and spans that are the article's own
 * (once it is known, declared or guessed). */
void blocktext_settle_languages(struct aloud_article *a);

#endif
