/* What the talking-book writers (book-epub.c, book-daisy.c) share: the
 * book's outline (its blocks and each sentence's clip of the audio), the
 * zip they are packed in (libzip) and libxml2 text writers. */
#ifndef ALOUD_BOOK_INTERNAL_H
#define ALOUD_BOOK_INTERNAL_H

#include <libxml/xmlwriter.h>
#include <stddef.h>
#include <stdint.h>

#include "aloud/book.h"

/* A heading or a paragraph: the sentences of one script segment. */
struct book_block {
    size_t first, n;  /* sentences [first, first + n) of the timeline */
    int level;        /* 1..6 for a heading (the title is the one at 1, levels
                         never skip one going down), 0 for a paragraph */
    int kind;         /* its segment's enum aloud_segment_kind (paragraph
                         when the timeline does not say) */
    const char *lang; /* its language when not the book's, else NULL
                         (borrowed from the timeline) */
};

struct book_outline {
    struct book_block *blocks;
    size_t n_blocks;
    /* Sentence i's clip is [bound[i], bound[i + 1]) in milliseconds: from
     * its start to the next one's, so the clips tile the audio from 0 to
     * its end, pauses included. A sentence with an empty clip has none. */
    uint64_t *bound;
    size_t n_sentences;
    uint64_t total_ms;
    int depth;         /* deepest heading level */
    size_t headings;   /* blocks that are headings */
    char *language;    /* the book's language */
    char *date;        /* YYYY-MM-DD, or NULL */
    char *identifier;  /* "urn:uuid:..." or the identifier as given */
    char modified[32]; /* CCYY-MM-DDThh:mm:ssZ */
};

/* Fills o from b (all of o owned; clear with book_outline_clear). */
void book_outline_make(const struct aloud_book *b, struct book_outline *o);
void book_outline_clear(struct book_outline *o);
/* The book's text into w's body (EPUB's text.xhtml, DAISY's
 * content.html): the title as h1, headings h2-h6 with id "toc-K" (K the
 * block), list items in ul, quotations in blockquote, code in pre, the
 * rest paragraphs; each sentence a span with id "sN" (N from 1). */
void book_write_body(xmlTextWriterPtr w, const struct book_outline *o, const struct aloud_book *b);
/* Does sentence i have a clip? */
int book_has_clip(const struct book_outline *o, size_t i);
/* ms as a clock value "H:MM:SS.mmm" into out. */
void book_clock(char out[32], uint64_t ms);

/* A zip being made in memory, its entries in the order added. */
struct book_zip;
struct book_zip *book_zip_new(int64_t mtime);
/* Adds name with len bytes of data (taken: freed by the zip), stored
 * when store, else deflated. Returns 0 or -EIO. */
int book_zip_add(struct book_zip *z, const char *name, char *data, size_t len, int store);
/* Adds name with the bytes of the file at path (stored). */
int book_zip_add_file(struct book_zip *z, const char *name, const char *path, char **err);
/* Writes the zip to path (atomically, when changed) and frees z. */
int book_zip_write(struct book_zip *z, const char *path, char **err);
void book_zip_free(struct book_zip *z);

/* A text writer into a buffer, indenting, with the XML declaration
 * written. */
xmlTextWriterPtr book_xml_new(xmlBufferPtr *buf);
/* Ends the document and frees w; returns the bytes (caller frees) and
 * their length, or NULL when libxml2 failed. */
char *book_xml_finish(xmlTextWriterPtr w, xmlBufferPtr buf, size_t *len);
/* <name> with attributes given as name, value pairs ending in NULL (a
 * NULL value skips its attribute). */
void book_xml_start(xmlTextWriterPtr w, const char *name, ...) __attribute__((sentinel));
/* <name attrs...>text</name>. */
void book_xml_text_element(xmlTextWriterPtr w, const char *name, const char *text, ...)
    __attribute__((sentinel));
void book_xml_end(xmlTextWriterPtr w);
/* <meta property="property">value</meta> (EPUB) */
void book_xml_meta(xmlTextWriterPtr w, const char *property, const char *refines,
                   const char *value);

#endif
