/* Talking books from an episode: an EPUB 3 with Media Overlays and a
 * DAISY 2.02 fileset, both zipped, whose text is the episode's sentences
 * and whose audio is the episode's own MP3, each sentence paired with its
 * clip of it by the timeline. Headings (the timeline's chapters) make the
 * table of contents. Pure writers of a borrowed view, like pages.h: they
 * read the MP3 and the cover and write one file, atomically and only when
 * its bytes change. */
#ifndef ALOUD_BOOK_H
#define ALOUD_BOOK_H

#include <stdint.h>

#include "aloud/timeline.h"

/* What a book is made of. All borrowed; strings may be NULL unless said. */
struct aloud_book {
    const char *title;                     /* not NULL */
    const char *author;                    /* authors joined */
    const char *publisher;                 /* the show's title */
    const char *date;                      /* ISO 8601; its YYYY-MM-DD is used */
    const char *language;                  /* BCP 47; NULL: "en" */
    const char *identifier;                /* unique and stable: a UUID ("urn:uuid:" is
                                              added) or a URI; not NULL */
    const char *mp3_path;                  /* the episode's MP3, read; not NULL */
    const char *cover_path;                /* JPEG or PNG, read, or NULL for no cover */
    int64_t modified;                      /* Unix time: dcterms:modified and the zip's
                                              file times, so a rebuild gives the same bytes */
    const struct aloud_timeline *timeline; /* not NULL */
};

/* Writes the EPUB 3 (an OCF zip: mimetype first and stored, the package
 * document, navigation, one XHTML content document, its Media Overlay,
 * the MP3, the cover) to path. Returns 0 or -errno with *err (caller
 * frees) naming the file. */
int aloud_book_write_epub(const char *path, const struct aloud_book *book, char **err);

/* Writes the DAISY 2.02 fileset as a zip (ncc.html, one SMIL 1.0 file per
 * heading's section, content.html, the MP3) to path. Returns as above. */
int aloud_book_write_daisy(const char *path, const struct aloud_book *book, char **err);

/* The formats, as flags. */
enum aloud_book_format {
    ALOUD_BOOK_EPUB3 = 1,
    ALOUD_BOOK_DAISY202 = 2,
};

/* A format's writer: the one place that knows its names. */
struct aloud_book_writer {
    enum aloud_book_format format;
    const char *name; /* as podcast.ini's [talking_books] formats names it */
    const char *ext;  /* its files' ending: ".epub", ".daisy.zip" */
    int (*write)(const char *path, const struct aloud_book *book, char **err);
};

/* Every writer, then one whose name is NULL. */
extern const struct aloud_book_writer aloud_book_writers[];

/* The writer of a format's name ("epub3", "daisy202"), or of a file whose
 * name ends in its extension; NULL for neither. */
const struct aloud_book_writer *aloud_book_writer_named(const char *name);
const struct aloud_book_writer *aloud_book_writer_for_path(const char *path);

#endif
