/* The DAISY 2.02 talking book (book.h), for hardware players: ncc.html
 * (the navigation control centre: the headings, each linked to its
 * sentence in the SMIL, and the book's metadata), one SMIL 1.0 file per
 * heading's section whose clips point into the episode's MP3, the text in
 * content.html, and the MP3; zipped, all at the zip's top level. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/util.h"
#include "book-internal.h"

#define XHTML_PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
#define XHTML_SYSTEM "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"

struct daisy {
    const struct aloud_book *book;
    struct book_outline o;
    size_t *section_of; /* sentence -> its SMIL file (0-based) */
    size_t n_sections;
};

static void smil_name(char out[32], size_t section)
{
    snprintf(out, 32, "s%03zu.smil", section + 1);
}

/* Sections: a new one at each heading with a clip in its block. */
static void make_sections(struct daisy *d)
{
    const struct book_outline *o = &d->o;
    d->section_of = aloud_xcalloc(o->n_sentences + 1, sizeof *d->section_of);
    size_t section = 0, any = 0;
    for (size_t k = 0; k < o->n_blocks; k++) {
        const struct book_block *bl = &o->blocks[k];
        int clipped = 0;
        for (size_t i = bl->first; i < bl->first + bl->n; i++)
            clipped |= book_has_clip(o, i);
        if (bl->level && clipped && any)
            section++;
        any |= clipped;
        for (size_t i = bl->first; i < bl->first + bl->n; i++)
            d->section_of[i] = section;
    }
    d->n_sections = any ? section + 1 : 0;
}

/* The first sentence at or after i with a clip (n_sentences if none). */
static size_t clipped_from(const struct book_outline *o, size_t i)
{
    while (i < o->n_sentences && !book_has_clip(o, i))
        i++;
    return i;
}

static void hhmmss(char out[32], uint64_t ms)
{
    uint64_t s = (ms + 500) / 1000;
    snprintf(out, 32, "%02llu:%02llu:%02llu", (unsigned long long)(s / 3600),
             (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
}

static void meta(xmlTextWriterPtr w, const char *name, const char *content)
{
    book_xml_start(w, "meta", "name", name, "content", content, NULL);
    book_xml_end(w);
}

/* --- ncc.html ------------------------------------------------------------------- */

static void ncc_meta(xmlTextWriterPtr w, const struct daisy *d)
{
    const struct aloud_book *b = d->book;
    char total[32], num[32];
    hhmmss(total, d->o.total_ms);
    meta(w, "dc:title", b->title);
    meta(w, "dc:creator", b->author ? b->author : "Unknown");
    char day[11]; /* YYYY-MM-DD: the article's date, else the day of the change */
    memcpy(day, d->o.date ? d->o.date : d->o.modified, 10);
    day[10] = '\0';
    meta(w, "dc:date", day);
    meta(w, "dc:format", "Daisy 2.02");
    meta(w, "dc:identifier", d->o.identifier);
    meta(w, "dc:language", d->o.language);
    meta(w, "dc:publisher", b->publisher ? b->publisher : "aloud");
    meta(w, "ncc:charset", "utf-8");
    meta(w, "ncc:generator", "aloud " ALOUD_VERSION);
    meta(w, "ncc:multimediaType", "audioFullText");
    meta(w, "ncc:narrator", "eSpeak NG");
    meta(w, "ncc:totalTime", total);
    snprintf(num, sizeof num, "%d", d->o.depth > 0 ? d->o.depth : 1);
    meta(w, "ncc:depth", num);
    snprintf(num, sizeof num, "%zu", d->o.headings + (d->o.blocks[0].level != 1));
    meta(w, "ncc:tocItems", num);
    snprintf(num, sizeof num, "%zu", d->n_sections + 3);
    meta(w, "ncc:files", num);
    static const char *const zeros[] = {"ncc:pageFront",     "ncc:pageNormal", "ncc:pageSpecial",
                                        "ncc:maxPageNormal", "ncc:footnotes",  "ncc:prodNotes",
                                        "ncc:sidebars"};
    for (size_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++)
        meta(w, zeros[i], "0");
    meta(w, "ncc:setInfo", "1 of 1");
}

static void html_head(xmlTextWriterPtr w, const struct daisy *d)
{
    xmlTextWriterWriteDTD(w, BAD_CAST "html", BAD_CAST XHTML_PUBLIC, BAD_CAST XHTML_SYSTEM, NULL);
    book_xml_start(w, "html", "xmlns", "http://www.w3.org/1999/xhtml", "lang", d->o.language,
                   "xml:lang", d->o.language, NULL);
    book_xml_start(w, "head", NULL);
    book_xml_start(w, "meta", "http-equiv", "Content-type", "content", "text/html; charset=utf-8",
                   NULL);
    book_xml_end(w);
    book_xml_text_element(w, "title", d->book->title, NULL);
}

/* A heading of ncc.html linking to sentence i's par. */
static void ncc_heading(xmlTextWriterPtr w, const struct daisy *d, int level, size_t k,
                        const char *text, size_t i)
{
    char tag[4], id[32], href[64], file[32];
    snprintf(tag, sizeof tag, "h%d", level);
    snprintf(id, sizeof id, "ncc-%zu", k);
    smil_name(file, d->section_of[i]);
    snprintf(href, sizeof href, "%s#par-%zu", file, i + 1);
    book_xml_start(w, tag, "class", level == 1 ? "title" : NULL, "id", id, NULL);
    book_xml_text_element(w, "a", text, "href", href, NULL);
    book_xml_end(w);
}

static char *ncc(const struct daisy *d, size_t *len)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = book_xml_new(&buf);
    if (!w)
        return book_xml_finish(w, buf, len);
    html_head(w, d);
    ncc_meta(w, d);
    book_xml_end(w); /* head */
    book_xml_start(w, "body", NULL);
    const struct book_outline *o = &d->o;
    if (o->blocks[0].level != 1)
        ncc_heading(w, d, 1, o->n_blocks, d->book->title, clipped_from(o, 0));
    for (size_t k = 0; k < o->n_blocks; k++) {
        const struct book_block *bl = &o->blocks[k];
        size_t i = clipped_from(o, bl->first);
        if (!bl->level || i >= o->n_sentences)
            continue;
        ncc_heading(w, d, bl->level, k, d->book->timeline->sentences[bl->first].text, i);
    }
    book_xml_end(w);
    book_xml_end(w);
    return book_xml_finish(w, buf, len);
}

/* --- content.html ---------------------------------------------------------------- */

static char *content(const struct daisy *d, size_t *len)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = book_xml_new(&buf);
    if (!w)
        return book_xml_finish(w, buf, len);
    html_head(w, d);
    book_xml_end(w); /* head */
    book_write_body(w, &d->o, d->book);
    book_xml_end(w);
    return book_xml_finish(w, buf, len);
}

/* --- The SMIL files ------------------------------------------------------------------ */

static void smil_par(xmlTextWriterPtr w, const struct book_outline *o, size_t i)
{
    char id[32], tid[32], aid[32], src[48], begin[40], end[40];
    snprintf(id, sizeof id, "par-%zu", i + 1);
    snprintf(tid, sizeof tid, "txt-%zu", i + 1);
    snprintf(aid, sizeof aid, "aud-%zu", i + 1);
    snprintf(src, sizeof src, "content.html#s%zu", i + 1);
    snprintf(begin, sizeof begin, "npt=%llu.%03llus", (unsigned long long)(o->bound[i] / 1000),
             (unsigned long long)(o->bound[i] % 1000));
    snprintf(end, sizeof end, "npt=%llu.%03llus", (unsigned long long)(o->bound[i + 1] / 1000),
             (unsigned long long)(o->bound[i + 1] % 1000));
    book_xml_start(w, "par", "endsync", "last", "id", id, NULL);
    book_xml_start(w, "text", "src", src, "id", tid, NULL);
    book_xml_end(w);
    book_xml_start(w, "audio", "src", "audio.mp3", "clip-begin", begin, "clip-end", end, "id", aid,
                   NULL);
    book_xml_end(w);
    book_xml_end(w);
}

struct section {
    const struct daisy *d;
    size_t index, first, end; /* its sentences [first, end) */
};

static char *smil(const struct section *s, size_t *len)
{
    const struct book_outline *o = &s->d->o;
    xmlBufferPtr buf;
    xmlTextWriterPtr w = book_xml_new(&buf);
    if (!w)
        return book_xml_finish(w, buf, len);
    xmlTextWriterWriteDTD(w, BAD_CAST "smil", BAD_CAST "-//W3C//DTD SMIL 1.0//EN",
                          BAD_CAST "http://www.w3.org/TR/REC-smil/SMIL10.dtd", NULL);
    char elapsed[32], here[32], dur[40];
    uint64_t from = o->bound[s->first], to = o->bound[s->end];
    book_clock(elapsed, from);
    book_clock(here, to - from);
    snprintf(dur, sizeof dur, "%llu.%03llus", (unsigned long long)((to - from) / 1000),
             (unsigned long long)((to - from) % 1000));
    book_xml_start(w, "smil", NULL);
    book_xml_start(w, "head", NULL);
    meta(w, "dc:format", "Daisy 2.02");
    meta(w, "dc:title", s->d->book->title);
    meta(w, "dc:identifier", o->identifier);
    meta(w, "ncc:generator", "aloud " ALOUD_VERSION);
    meta(w, "ncc:totalElapsedTime", elapsed);
    meta(w, "ncc:timeInThisSmil", here);
    book_xml_start(w, "layout", NULL);
    book_xml_start(w, "region", "id", "txtView", NULL);
    book_xml_end(w);
    book_xml_end(w);
    book_xml_end(w); /* head */
    book_xml_start(w, "body", NULL);
    book_xml_start(w, "seq", "dur", dur, NULL);
    for (size_t i = s->first; i < s->end; i++)
        if (book_has_clip(o, i))
            smil_par(w, o, i);
    book_xml_end(w);
    book_xml_end(w);
    book_xml_end(w);
    return book_xml_finish(w, buf, len);
}

/* --- The zip ------------------------------------------------------------------------- */

static int add_smil_files(struct book_zip *z, const struct daisy *d)
{
    size_t first = 0;
    for (size_t sec = 0; sec < d->n_sections; sec++) {
        size_t end = first;
        while (end < d->o.n_sentences && d->section_of[end] == sec)
            end++;
        struct section s = {.d = d, .index = sec, .first = first, .end = end};
        size_t len = 0;
        char *doc = smil(&s, &len), name[32];
        smil_name(name, sec);
        int rc = doc ? book_zip_add(z, name, doc, len, 0) : -ENOMEM;
        if (rc)
            return rc;
        first = end;
    }
    return 0;
}

static int add_page(struct book_zip *z, const char *name,
                    char *(*make)(const struct daisy *, size_t *), const struct daisy *d)
{
    size_t len = 0;
    char *doc = make(d, &len);
    return doc ? book_zip_add(z, name, doc, len, 0) : -ENOMEM;
}

int aloud_book_write_daisy(const char *path, const struct aloud_book *book, char **err)
{
    struct daisy d = {.book = book};
    book_outline_make(book, &d.o);
    make_sections(&d);
    int rc = 0;
    if (d.n_sections == 0) {
        aloud_error_set(err, "%s: the episode says nothing to make a book of", path);
        rc = -EINVAL;
        goto out;
    }
    struct book_zip *z = book_zip_new(book->modified);
    rc = add_page(z, "ncc.html", ncc, &d);
    if (!rc)
        rc = add_page(z, "content.html", content, &d);
    if (!rc)
        rc = add_smil_files(z, &d);
    if (!rc)
        rc = book_zip_add_file(z, "audio.mp3", book->mp3_path, err);
    if (!rc) {
        rc = book_zip_write(z, path, err);
    } else {
        if (err && !*err)
            aloud_error_set(err, "%s: cannot make the DAISY book (libzip or libxml2 failed)", path);
        book_zip_free(z);
    }
out:
    free(d.section_of);
    book_outline_clear(&d.o);
    return rc;
}
