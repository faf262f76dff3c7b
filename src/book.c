/* Talking books (book.h): what the EPUB and DAISY writers share. The
 * outline of a book from its timeline (headings and paragraphs, each
 * sentence's clip), the zip through libzip, kept in memory and written in
 * one piece, and small helpers over libxml2's xmlTextWriter. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zip.h>

#include "aloud/script.h"
#include "aloud/util.h"
#include "book-internal.h"

/* The MP3 and the cover are read whole into the zip. */
#define BOOK_FILE_MAX_BYTES (1024u * 1024 * 1024)

const struct aloud_book_writer aloud_book_writers[] = {
    {ALOUD_BOOK_EPUB3, "epub3", ".epub", aloud_book_write_epub},
    {ALOUD_BOOK_DAISY202, "daisy202", ".daisy.zip", aloud_book_write_daisy},
    {0, NULL, NULL, NULL},
};

const struct aloud_book_writer *aloud_book_writer_named(const char *name)
{
    for (const struct aloud_book_writer *w = aloud_book_writers; w->name; w++)
        if (strcmp(name, w->name) == 0)
            return w;
    return NULL;
}

const struct aloud_book_writer *aloud_book_writer_for_path(const char *path)
{
    size_t n = strlen(path);
    for (const struct aloud_book_writer *w = aloud_book_writers; w->name; w++) {
        size_t m = strlen(w->ext);
        if (n > m && strcasecmp(path + n - m, w->ext) == 0)
            return w;
    }
    return NULL;
}

/* --- The outline ------------------------------------------------------------- */

static uint64_t floor_ms(const struct aloud_timeline *t, uint64_t sample)
{
    return t->sample_rate ? sample * 1000 / t->sample_rate : 0;
}

/* The chapter that starts at segment seg (index into t->chapters), or -1. */
static long chapter_of(const struct aloud_timeline *t, size_t seg)
{
    for (size_t c = 0; c < t->n_chapters; c++)
        if (t->chapters[c].segment == seg)
            return (long)c;
    return -1;
}

/* The headings' levels in the book: the title 1, then each heading one
 * deeper than the nearest heading before it that the article puts higher
 * (2 when there is none), so that no level is skipped and an article that
 * starts at h3, or jumps from h2 to h4, still makes a well-formed outline.
 * raw and book are the stack of open headings' levels, article's and
 * book's. */
struct outline_stack {
    int raw[8], book[8];
    int n;
};

static int book_level(const struct aloud_timeline *t, long c, struct outline_stack *st)
{
    if (c == 0)
        return 1;
    int raw = t->chapters[c].level > 0 ? t->chapters[c].level : 2;
    while (st->n > 0 && st->raw[st->n - 1] >= raw)
        st->n--;
    int level = st->n > 0 ? st->book[st->n - 1] + 1 : 2;
    if (level > 6)
        level = 6;
    if (st->n < 8) {
        st->raw[st->n] = raw;
        st->book[st->n++] = level;
    }
    return level;
}

static void add_block(struct book_outline *o, size_t first, int level, int kind)
{
    o->blocks = aloud_xrealloc(o->blocks, (o->n_blocks + 1) * sizeof *o->blocks);
    o->blocks[o->n_blocks++] =
        (struct book_block){.first = first, .n = 0, .level = level, .kind = kind};
    if (level) {
        o->headings++;
        if (level > o->depth)
            o->depth = level;
    }
}

/* Do two BCP 47 tags name the same language (their first subtags)? */
static int same_language(const char *a, const char *b)
{
    size_t n = strcspn(a, "-_"), m = strcspn(b, "-_");
    return n == m && strncasecmp(a, b, n) == 0;
}

/* Segment seg's language when the timeline knows it and it is another
 * language than the book's (lang), else NULL: "en-US" in an "en-GB" book
 * is not marked. */
static const char *other_language(const struct aloud_timeline *t, size_t seg, const char *lang)
{
    const char *l = t->segment_langs && seg < t->n_segments ? t->segment_langs[seg] : NULL;
    return l && *l && !same_language(l, lang) ? l : NULL;
}

static void make_blocks(const struct aloud_timeline *t, struct book_outline *o)
{
    struct outline_stack st = {.n = 0};
    size_t seg = 0;
    for (size_t i = 0; i < t->n_sentences; i++) {
        if (i == 0 || t->sentences[i].segment != seg) {
            seg = t->sentences[i].segment;
            long c = chapter_of(t, seg);
            int kind = t->segment_kinds && seg < t->n_segments ? t->segment_kinds[seg]
                                                               : ALOUD_SEG_PARAGRAPH;
            add_block(o, i, c >= 0 ? book_level(t, c, &st) : 0, kind);
            o->blocks[o->n_blocks - 1].lang = other_language(t, seg, o->language);
        }
        o->blocks[o->n_blocks - 1].n++;
    }
}

static void make_bounds(const struct aloud_timeline *t, struct book_outline *o)
{
    size_t n = t->n_sentences;
    o->n_sentences = n;
    o->bound = aloud_xcalloc(n + 1, sizeof *o->bound);
    for (size_t i = 1; i <= n; i++) {
        uint64_t at = floor_ms(t, i < n ? t->sentences[i].start : t->n_samples);
        o->bound[i] = at > o->bound[i - 1] ? at : o->bound[i - 1];
    }
    o->total_ms = o->bound[n];
}

/* A UUID (8-4-4-4-12 hex digits)? */
static int is_uuid(const char *s)
{
    static const int dash[] = {8, 13, 18, 23};
    if (strlen(s) != 36)
        return 0;
    for (int i = 0, d = 0; i < 36; i++) {
        if (d < 4 && i == dash[d]) {
            if (s[i] != '-')
                return 0;
            d++;
        } else if (!strchr("0123456789abcdefABCDEF", s[i])) {
            return 0;
        }
    }
    return 1;
}

/* YYYY-MM-DD at the start of date, or NULL. */
static char *day_of(const char *date)
{
    if (!date || strlen(date) < 10)
        return NULL;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? date[i] != '-' : (date[i] < '0' || date[i] > '9'))
            return NULL;
    return aloud_xstrndup(date, 10);
}

void book_outline_make(const struct aloud_book *b, struct book_outline *o)
{
    memset(o, 0, sizeof *o);
    o->language = aloud_xstrdup(b->language && *b->language ? b->language : "en");
    make_blocks(b->timeline, o);
    make_bounds(b->timeline, o);
    o->date = day_of(b->date);
    o->identifier = is_uuid(b->identifier) ? aloud_xasprintf("urn:uuid:%s", b->identifier)
                                           : aloud_xstrdup(b->identifier);
    time_t when = (time_t)b->modified;
    struct tm tm;
    gmtime_r(&when, &tm);
    strftime(o->modified, sizeof o->modified, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void book_outline_clear(struct book_outline *o)
{
    free(o->blocks);
    free(o->bound);
    free(o->language);
    free(o->date);
    free(o->identifier);
    memset(o, 0, sizeof *o);
}

int book_has_clip(const struct book_outline *o, size_t i)
{
    return o->bound[i + 1] > o->bound[i];
}

void book_clock(char out[32], uint64_t ms)
{
    snprintf(out, 32, "%llu:%02llu:%02llu.%03llu", (unsigned long long)(ms / 3600000),
             (unsigned long long)(ms / 60000 % 60), (unsigned long long)(ms / 1000 % 60),
             (unsigned long long)(ms % 1000));
}

/* --- The text ---------------------------------------------------------------- */

/* The element a block's sentences go in, and the one around a run of such
 * blocks (NULL: none). */
static const char *block_tag(const struct book_block *bl, char tag[4], const char **around)
{
    *around = NULL;
    if (bl->level) {
        snprintf(tag, 4, "h%d", bl->level);
        return tag;
    }
    switch (bl->kind) {
    case ALOUD_SEG_LIST_ITEM:
        *around = "ul";
        return "li";
    case ALOUD_SEG_QUOTE:
        *around = "blockquote";
        return "p";
    case ALOUD_SEG_CODE:
        return "pre";
    default:
        return "p";
    }
}

static void write_block(xmlTextWriterPtr w, const struct book_outline *o,
                        const struct aloud_timeline *t, size_t k)
{
    const struct book_block *bl = &o->blocks[k];
    char tag_buf[4], id[32];
    const char *around;
    const char *tag = block_tag(bl, tag_buf, &around);
    snprintf(id, sizeof id, "toc-%zu", k);
    book_xml_start(w, tag, "id", bl->level ? id : NULL, "lang", bl->lang, "xml:lang", bl->lang,
                   NULL);
    for (size_t i = bl->first; i < bl->first + bl->n; i++) {
        char sid[32];
        snprintf(sid, sizeof sid, "s%zu", i + 1);
        if (i > bl->first)
            xmlTextWriterWriteString(w, BAD_CAST " ");
        book_xml_text_element(w, "span", t->sentences[i].text, "id", sid, NULL);
    }
    book_xml_end(w);
}

void book_write_body(xmlTextWriterPtr w, const struct book_outline *o, const struct aloud_book *b)
{
    book_xml_start(w, "body", NULL);
    if (o->n_blocks == 0 || o->blocks[0].level != 1)
        book_xml_text_element(w, "h1", b->title, NULL);
    const char *open = NULL; /* the ul or blockquote open */
    for (size_t k = 0; k < o->n_blocks; k++) {
        char tag[4];
        const char *around;
        block_tag(&o->blocks[k], tag, &around);
        if (open && (!around || strcmp(open, around) != 0)) {
            book_xml_end(w);
            open = NULL;
        }
        if (around && !open) {
            book_xml_start(w, around, NULL);
            open = around;
        }
        write_block(w, o, b->timeline, k);
    }
    if (open)
        book_xml_end(w);
    book_xml_end(w);
}

/* --- The zip ----------------------------------------------------------------- */

struct book_zip {
    zip_source_t *src; /* the archive's bytes, in memory */
    zip_t *zip;
    time_t mtime;
    int failed;
};

struct book_zip *book_zip_new(int64_t mtime)
{
    struct book_zip *z = aloud_xcalloc(1, sizeof *z);
    zip_error_t ze;
    zip_error_init(&ze);
    z->src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (z->src)
        z->zip = zip_open_from_source(z->src, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!z->zip)
        z->failed = 1;
    else
        zip_source_keep(z->src); /* kept after zip_close, to read back */
    z->mtime = (time_t)mtime;
    zip_error_fini(&ze);
    return z;
}

int book_zip_add(struct book_zip *z, const char *name, char *data, size_t len, int store)
{
    if (z->failed) {
        free(data);
        return -EIO;
    }
    zip_source_t *s = zip_source_buffer(z->zip, data, len, 1);
    zip_int64_t i = s ? zip_file_add(z->zip, name, s, ZIP_FL_ENC_UTF_8) : -1;
    if (i < 0) {
        if (s)
            zip_source_free(s);
        else
            free(data);
        z->failed = 1;
        return -EIO;
    }
    if (zip_set_file_compression(z->zip, (zip_uint64_t)i, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 9) != 0 ||
        zip_file_set_mtime(z->zip, (zip_uint64_t)i, z->mtime, 0) != 0)
        z->failed = 1;
    return z->failed ? -EIO : 0;
}

int book_zip_add_file(struct book_zip *z, const char *name, const char *path, char **err)
{
    char *data = NULL;
    size_t len = 0;
    int rc = aloud_file_read(path, BOOK_FILE_MAX_BYTES, &data, &len, err);
    if (rc)
        return rc;
    return book_zip_add(z, name, data, len, 1);
}

/* The archive's bytes, once closed; caller frees. */
static char *zip_bytes(zip_source_t *src, size_t *len)
{
    zip_stat_t st;
    if (zip_source_open(src) != 0)
        return NULL;
    char *data = NULL;
    if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
        data = aloud_xmalloc(st.size ? st.size : 1);
        if (zip_source_read(src, data, st.size) != (zip_int64_t)st.size) {
            free(data);
            data = NULL;
        }
        *len = st.size;
    }
    zip_source_close(src);
    return data;
}

int book_zip_write(struct book_zip *z, const char *path, char **err)
{
    int rc = -EIO;
    if (!z->failed && zip_close(z->zip) == 0) {
        z->zip = NULL;
        size_t len = 0;
        char *data = zip_bytes(z->src, &len);
        if (data)
            rc = aloud_file_write_if_changed(path, data, len, NULL, err);
        free(data);
        if (rc == 0 || (err && *err)) {
            book_zip_free(z);
            return rc;
        }
    }
    aloud_error_set(err, "%s: cannot make the zip (libzip: %s)", path,
                    z->zip ? zip_strerror(z->zip) : "out of memory");
    book_zip_free(z);
    return rc;
}

void book_zip_free(struct book_zip *z)
{
    if (!z)
        return;
    if (z->zip)
        zip_discard(z->zip);
    if (z->src)
        zip_source_free(z->src);
    free(z);
}

/* --- XML --------------------------------------------------------------------- */

xmlTextWriterPtr book_xml_new(xmlBufferPtr *buf)
{
    *buf = xmlBufferCreate();
    xmlTextWriterPtr w = *buf ? xmlNewTextWriterMemory(*buf, 0) : NULL;
    if (!w)
        return NULL;
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    return w;
}

char *book_xml_finish(xmlTextWriterPtr w, xmlBufferPtr buf, size_t *len)
{
    char *out = NULL;
    if (w && xmlTextWriterEndDocument(w) >= 0) {
        xmlFreeTextWriter(w); /* flushes into buf */
        w = NULL;
        *len = (size_t)xmlBufferLength(buf);
        out = aloud_xstrndup((const char *)xmlBufferContent(buf), *len);
    }
    if (w)
        xmlFreeTextWriter(w);
    if (buf)
        xmlBufferFree(buf);
    return out;
}

static void attrs(xmlTextWriterPtr w, va_list ap)
{
    const char *name;
    while ((name = va_arg(ap, const char *))) {
        const char *value = va_arg(ap, const char *);
        if (value)
            xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST value);
    }
}

void book_xml_start(xmlTextWriterPtr w, const char *name, ...)
{
    va_list ap;
    xmlTextWriterStartElement(w, BAD_CAST name);
    va_start(ap, name);
    attrs(w, ap);
    va_end(ap);
}

void book_xml_text_element(xmlTextWriterPtr w, const char *name, const char *text, ...)
{
    va_list ap;
    xmlTextWriterStartElement(w, BAD_CAST name);
    va_start(ap, text);
    attrs(w, ap);
    va_end(ap);
    xmlTextWriterWriteString(w, BAD_CAST(text ? text : ""));
    xmlTextWriterEndElement(w);
}

void book_xml_end(xmlTextWriterPtr w)
{
    xmlTextWriterEndElement(w);
}

void book_xml_meta(xmlTextWriterPtr w, const char *property, const char *refines, const char *value)
{
    book_xml_text_element(w, "meta", value, "property", property, "refines", refines, NULL);
}
