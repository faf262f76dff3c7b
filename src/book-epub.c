/* The EPUB 3 talking book (book.h): one XHTML content document with an id
 * on every sentence, its Media Overlay pairing each sentence with its clip
 * of the episode's MP3, a navigation document of the headings, the
 * package document with accessibility metadata, and the OCF zip around
 * them (mimetype first and stored). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/util.h"
#include "book-internal.h"

#define NS_XHTML "http://www.w3.org/1999/xhtml"
#define NS_OPS "http://www.idpf.org/2007/ops"
#define ACTIVE_CLASS "-epub-media-overlay-active"

static const char container_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "  <rootfiles>\n"
    "    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
    "  </rootfiles>\n"
    "</container>\n";

/* The sentence being spoken, as reading systems mark it. */
static const char book_css[] = "body { font-family: serif; line-height: 1.5; margin: 1em; }\n"
                               "." ACTIVE_CLASS " { background-color: #ffeb3b; color: #000; }\n";

struct epub {
    const struct aloud_book *book;
    struct book_outline o;
    const char *cover_name; /* "cover.jpg", "cover.png" or NULL */
    const char *cover_type;
};

/* --- The content document ------------------------------------------------------ */

static void head(xmlTextWriterPtr w, const struct epub *e, const char *title)
{
    book_xml_start(w, "html", "xmlns", NS_XHTML, "xmlns:epub", NS_OPS, "lang", e->o.language,
                   "xml:lang", e->o.language, NULL);
    book_xml_start(w, "head", NULL);
    book_xml_text_element(w, "title", title, NULL);
    book_xml_start(w, "link", "rel", "stylesheet", "type", "text/css", "href", "book.css", NULL);
    book_xml_end(w);
    book_xml_end(w);
}

static char *content_doc(const struct epub *e, size_t *len)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = book_xml_new(&buf);
    if (!w)
        return book_xml_finish(w, buf, len);
    xmlTextWriterWriteDTD(w, BAD_CAST "html", NULL, NULL, NULL);
    head(w, e, e->book->title);
    book_write_body(w, &e->o, e->book);
    book_xml_end(w);
    return book_xml_finish(w, buf, len);
}

/* --- Navigation ------------------------------------------------------------------- */

/* The headings as nested lists: a deeper heading opens a list inside the
 * item before it. */
static void toc_items(xmlTextWriterPtr w, const struct epub *e)
{
    int open = 0;
    for (size_t k = 0; k < e->o.n_blocks; k++) {
        const struct book_block *bl = &e->o.blocks[k];
        if (!bl->level)
            continue;
        if (open == 0 || bl->level > open) {
            book_xml_start(w, "ol", NULL);
            open++;
        } else {
            book_xml_end(w); /* li */
            for (; open > bl->level; open--) {
                book_xml_end(w); /* ol */
                book_xml_end(w); /* li */
            }
        }
        char href[48];
        snprintf(href, sizeof href, "text.xhtml#toc-%zu", k);
        book_xml_start(w, "li", NULL);
        book_xml_text_element(w, "a", e->book->timeline->sentences[bl->first].text, "href", href,
                              NULL);
    }
    for (; open > 0; open--) {
        book_xml_end(w); /* li */
        book_xml_end(w); /* ol */
    }
}

static char *nav_doc(const struct epub *e, size_t *len)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = book_xml_new(&buf);
    if (!w)
        return book_xml_finish(w, buf, len);
    xmlTextWriterWriteDTD(w, BAD_CAST "html", NULL, NULL, NULL);
    head(w, e, e->book->title);
    book_xml_start(w, "body", NULL);
    book_xml_start(w, "nav", "epub:type", "toc", "id", "toc", NULL);
    book_xml_text_element(w, "h1", e->book->title, NULL);
    if (e->o.headings)
        toc_items(w, e);
    else {
        book_xml_start(w, "ol", NULL);
        book_xml_start(w, "li", NULL);
        book_xml_text_element(w, "a", e->book->title, "href", "text.xhtml", NULL);
        book_xml_end(w);
        book_xml_end(w);
    }
    book_xml_end(w);
    book_xml_end(w);
    book_xml_end(w);
    return book_xml_finish(w, buf, len);
}

/* --- The Media Overlay -------------------------------------------------------------- */

static void par(xmlTextWriterPtr w, const struct book_outline *o, size_t i)
{
    char id[32], src[48], begin[32], end[32];
    snprintf(id, sizeof id, "par-%zu", i + 1);
    snprintf(src, sizeof src, "text.xhtml#s%zu", i + 1);
    book_clock(begin, o->bound[i]);
    book_clock(end, o->bound[i + 1]);
    book_xml_start(w, "par", "id", id, NULL);
    book_xml_start(w, "text", "src", src, NULL);
    book_xml_end(w);
    book_xml_start(w, "audio", "src", "audio.mp3", "clipBegin", begin, "clipEnd", end, NULL);
    book_xml_end(w);
    book_xml_end(w);
}

static char *overlay(const struct epub *e, size_t *len)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = book_xml_new(&buf);
    if (!w)
        return book_xml_finish(w, buf, len);
    book_xml_start(w, "smil", "xmlns", "http://www.w3.org/ns/SMIL", "xmlns:epub", NS_OPS, "version",
                   "3.0", NULL);
    book_xml_start(w, "body", NULL);
    for (size_t i = 0; i < e->o.n_sentences; i++)
        if (book_has_clip(&e->o, i))
            par(w, &e->o, i);
    book_xml_end(w);
    book_xml_end(w);
    return book_xml_finish(w, buf, len);
}

/* --- The package document ------------------------------------------------------------ */

static void a11y_metadata(xmlTextWriterPtr w)
{
    static const char *const features[] = {"synchronizedAudioText", "structuralNavigation",
                                           "tableOfContents", "readingOrder",
                                           "displayTransformability"};
    book_xml_meta(w, "schema:accessMode", NULL, "textual");
    book_xml_meta(w, "schema:accessMode", NULL, "auditory");
    book_xml_meta(w, "schema:accessModeSufficient", NULL, "textual");
    book_xml_meta(w, "schema:accessModeSufficient", NULL, "auditory");
    book_xml_meta(w, "schema:accessModeSufficient", NULL, "textual,auditory");
    for (size_t i = 0; i < sizeof features / sizeof features[0]; i++)
        book_xml_meta(w, "schema:accessibilityFeature", NULL, features[i]);
    book_xml_meta(w, "schema:accessibilityHazard", NULL, "none");
    book_xml_meta(w, "schema:accessibilitySummary", NULL,
                  "The full text of the article, every sentence synchronised with its "
                  "narration by synthetic speech. Headings give the table of contents; "
                  "readers can move by heading, paragraph or sentence.");
}

static void metadata(xmlTextWriterPtr w, const struct epub *e)
{
    const struct aloud_book *b = e->book;
    char total[32];
    book_clock(total, e->o.total_ms);
    book_xml_start(w, "metadata", "xmlns:dc", "http://purl.org/dc/elements/1.1/", NULL);
    book_xml_text_element(w, "dc:identifier", e->o.identifier, "id", "uid", NULL);
    book_xml_text_element(w, "dc:title", b->title, NULL);
    book_xml_text_element(w, "dc:language", e->o.language, NULL);
    if (b->author)
        book_xml_text_element(w, "dc:creator", b->author, NULL);
    if (b->publisher)
        book_xml_text_element(w, "dc:publisher", b->publisher, NULL);
    if (e->o.date)
        book_xml_text_element(w, "dc:date", e->o.date, NULL);
    book_xml_meta(w, "dcterms:modified", NULL, e->o.modified);
    book_xml_meta(w, "media:duration", NULL, total);
    book_xml_meta(w, "media:duration", "#overlay", total);
    book_xml_meta(w, "media:active-class", NULL, ACTIVE_CLASS);
    a11y_metadata(w);
    book_xml_end(w);
}

static void item(xmlTextWriterPtr w, const char *id, const char *href, const char *type,
                 const char *properties, const char *overlay_id)
{
    book_xml_start(w, "item", "id", id, "href", href, "media-type", type, "properties", properties,
                   "media-overlay", overlay_id, NULL);
    book_xml_end(w);
}

static char *package_doc(const struct epub *e, size_t *len)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = book_xml_new(&buf);
    if (!w)
        return book_xml_finish(w, buf, len);
    book_xml_start(w, "package", "xmlns", "http://www.idpf.org/2007/opf", "version", "3.0",
                   "unique-identifier", "uid", "xml:lang", e->o.language, NULL);
    metadata(w, e);
    book_xml_start(w, "manifest", NULL);
    item(w, "nav", "nav.xhtml", "application/xhtml+xml", "nav", NULL);
    item(w, "text", "text.xhtml", "application/xhtml+xml", NULL, "overlay");
    item(w, "overlay", "text.smil", "application/smil+xml", NULL, NULL);
    item(w, "audio", "audio.mp3", "audio/mpeg", NULL, NULL);
    item(w, "css", "book.css", "text/css", NULL, NULL);
    if (e->cover_name)
        item(w, "cover", e->cover_name, e->cover_type, "cover-image", NULL);
    book_xml_end(w);
    book_xml_start(w, "spine", NULL);
    book_xml_start(w, "itemref", "idref", "text", NULL);
    book_xml_end(w);
    book_xml_end(w);
    book_xml_end(w);
    return book_xml_finish(w, buf, len);
}

/* --- The zip ------------------------------------------------------------------------- */

/* The cover's name and type from its first bytes; 0 when it is neither a
 * JPEG nor a PNG (no cover then). */
static int cover_kind(struct epub *e, const char *path)
{
    unsigned char magic[4] = {0};
    FILE *fp = path ? fopen(path, "rb") : NULL;
    if (!fp)
        return 0;
    size_t n = fread(magic, 1, sizeof magic, fp);
    fclose(fp);
    if (n >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF) {
        e->cover_name = "cover.jpg";
        e->cover_type = "image/jpeg";
    } else if (n == 4 && memcmp(magic, "\x89PNG", 4) == 0) {
        e->cover_name = "cover.png";
        e->cover_type = "image/png";
    }
    return e->cover_name != NULL;
}

typedef char *(*doc_fn)(const struct epub *e, size_t *len);

static int add_doc(struct book_zip *z, const char *name, doc_fn make, const struct epub *e)
{
    size_t len = 0;
    char *doc = make(e, &len);
    return doc ? book_zip_add(z, name, doc, len, 0) : -ENOMEM;
}

static int add_text(struct book_zip *z, const char *name, const char *text, int store)
{
    return book_zip_add(z, name, aloud_xstrdup(text), strlen(text), store);
}

int aloud_book_write_epub(const char *path, const struct aloud_book *book, char **err)
{
    struct epub e = {.book = book};
    book_outline_make(book, &e.o);
    if (e.o.total_ms == 0 || e.o.n_sentences == 0) {
        aloud_error_set(err, "%s: the episode says nothing to make a book of", path);
        book_outline_clear(&e.o);
        return -EINVAL;
    }
    cover_kind(&e, book->cover_path);
    struct book_zip *z = book_zip_new(book->modified);
    int rc = add_text(z, "mimetype", "application/epub+zip", 1);
    if (!rc)
        rc = add_text(z, "META-INF/container.xml", container_xml, 0);
    if (!rc)
        rc = add_doc(z, "EPUB/package.opf", package_doc, &e);
    if (!rc)
        rc = add_doc(z, "EPUB/nav.xhtml", nav_doc, &e);
    if (!rc)
        rc = add_doc(z, "EPUB/text.xhtml", content_doc, &e);
    if (!rc)
        rc = add_doc(z, "EPUB/text.smil", overlay, &e);
    if (!rc)
        rc = add_text(z, "EPUB/book.css", book_css, 0);
    if (!rc)
        rc = book_zip_add_file(z, "EPUB/audio.mp3", book->mp3_path, err);
    if (!rc && e.cover_name) {
        char *name = aloud_xasprintf("EPUB/%s", e.cover_name);
        rc = book_zip_add_file(z, name, book->cover_path, err);
        free(name);
    }
    if (!rc)
        rc = book_zip_write(z, path, err);
    else {
        if (err && !*err)
            aloud_error_set(err, "%s: cannot make the EPUB (libzip or libxml2 failed)", path);
        book_zip_free(z);
    }
    book_outline_clear(&e.o);
    return rc;
}
