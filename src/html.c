#define _GNU_SOURCE
/* HTML stage: a web page in, its article out. This file parses the page
 * and finds the article; the other html-*.c files do one step each
 * (html-internal.h). In order:
 *   1. Character set: libxml2's HTML parser (the parser lxml, and so
 *      trafilatura, stand on) follows a BOM and the page's own declaration
 *      (<meta charset>, http-equiv); a page that declares nothing and is not
 *      UTF-8 is read again as windows-1252, and a declared ISO-8859-1 is
 *      read as windows-1252, as browsers do.
 *   2. Metadata (html-meta.c) from the whole page.
 *   3. What a listener must never hear is cut from the tree (html-filter.c).
 *   4. The main content is the element whose paragraphs score highest:
 *      each paragraph scores by its length and commas, passes its score to
 *      its parent and half to its grandparent; containers are weighted by
 *      their class and id vocabulary (several languages) and by their share
 *      of link text. schema.org articleBody and <article> are strong hints;
 *      a parent that scores nearly as well as the winner wins instead.
 *   5. The chosen subtree is read in document order into blocks
 *      (html-blocks.c); the headline, byline and date line are left for the
 *      script's introduction, boilerplate lines are dropped (html-filter.c).
 *   6. A page that declares no language gets its text's (language.c). */
#include "aloud/html.h"

#include <ctype.h>
#include <errno.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aloud/language.h"
#include "aloud/util.h"
#include "blocktext.h"
#include "html-internal.h"

/* --- Parsing with the right character set ---------------------------------- */

static const int parse_options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NONET | HTML_PARSE_COMPACT;

static int declared_latin1(const char *enc)
{
    return enc && (!strcasecmp(enc, "ISO-8859-1") || !strcasecmp(enc, "latin1") ||
                   !strcasecmp(enc, "iso8859-1") || !strcasecmp(enc, "US-ASCII") ||
                   !strcasecmp(enc, "ascii"));
}

/* libxml2 reports what it recovers from (bad bytes for the declared
 * encoding, broken markup) on stderr; web pages are full of both, and the
 * listener's view of it is the text we extract. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* --- Text a browser never shows -------------------------------------------- */

/* libxml2 2.9's HTML parser (Debian 12's) reads some markup as text where
 * every browser's HTML5 tokenizer makes a comment of it, or nothing: a
 * listener would hear "<![CDATA[ignored cdata". Its HTML5 tokenizer came in
 * libxml2 2.14, and no parser option changes this, so before parsing, a
 * pass over the bytes with the tokenizer's rules removes:
 *   - bogus comments: "<!" not followed by "--" or DOCTYPE, so "<![CDATA["
 *     too (outside <svg> and <math>, where CDATA is text: its content is
 *     kept as text), "</" followed by other than a letter ("</ 3>"), and
 *     "<?" followed by other than a name; each ends at the first ">";
 *   - "</>", which HTML5 ignores;
 *   - NUL bytes, which end libxml2's reading early.
 * "<!-->" and "<!--->" become empty comments (libxml2 would run them to the
 * next "-->"). Processing instructions with a name ("<?xml-stylesheet
 * ...?>") are left to libxml2, which makes PI nodes of them, and the
 * pruning drops them. The content of raw text elements (script, style,
 * textarea, title...) is copied untouched, as HTML5 does not look for
 * markup there. The markup of the page otherwise passes through as is. */

struct scan {
    const char *p, *end;
    struct aloud_buf out;
    int foreign; /* depth of <svg> and <math> */
};

/* Copies bytes up to (not including) stop, without NULs. */
static void copy_to(struct scan *s, const char *stop)
{
    while (s->p < stop) {
        const char *nul = memchr(s->p, '\0', (size_t)(stop - s->p));
        const char *upto = nul ? nul : stop;
        aloud_buf_append(&s->out, s->p, (size_t)(upto - s->p));
        s->p = nul ? nul + 1 : stop;
    }
}

/* The first ">" at or after p, or the end. */
static const char *gt_from(const struct scan *s, const char *p)
{
    const char *gt = memchr(p, '>', (size_t)(s->end - p));
    return gt ? gt + 1 : s->end;
}

/* Where a tag whose name starts at p ends: after its ">" (quoted
 * attribute values may hold ">"), or the end. */
static const char *tag_end(const struct scan *s, const char *p)
{
    char quote = 0;
    int after_equals = 0;
    for (; p < s->end; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
        } else if (*p == '>') {
            return p + 1;
        } else if ((*p == '"' || *p == '\'') && after_equals) {
            quote = *p;
        } else if (*p == '=') {
            after_equals = 1;
            continue;
        }
        if (!isspace((unsigned char)*p))
            after_equals = 0;
    }
    return s->end;
}

static size_t name_len(const struct scan *s, const char *p)
{
    size_t n = 0;
    while (p + n < s->end && (isalnum((unsigned char)p[n]) || p[n] == '-' || p[n] == ':'))
        n++;
    return n;
}

static int name_is(const char *p, size_t n, const char *name)
{
    return n == strlen(name) && strncasecmp(p, name, n) == 0;
}

/* After a raw text element's start tag: the content goes through untouched,
 * up to its end tag. */
static void skip_raw_text(struct scan *s, const char *name, size_t n)
{
    const char *q = s->p;
    while ((q = memchr(q, '<', (size_t)(s->end - q))) != NULL) {
        if (q + 2 + n <= s->end && q[1] == '/' && strncasecmp(q + 2, name, n) == 0 &&
            (q + 2 + n == s->end || strchr(" \t\r\n\f/>", q[2 + n])))
            break;
        q++;
    }
    copy_to(s, q ? q : s->end);
}

/* "<![CDATA[...]]>" in <svg> or <math>: its content, as text. */
static void cdata_as_text(struct scan *s)
{
    const char *start = s->p + 9;
    const char *close = memmem(start, (size_t)(s->end - start), "]]>", 3);
    const char *stop = close ? close : s->end;
    for (const char *c = start; c < stop; c++) {
        if (*c == '<')
            aloud_buf_puts(&s->out, "&lt;");
        else if (*c == '&')
            aloud_buf_puts(&s->out, "&amp;");
        else if (*c)
            aloud_buf_putc(&s->out, *c);
    }
    s->p = close ? close + 3 : s->end;
}

/* At "<": copies or drops one piece of markup and moves past it. */
static void scan_markup(struct scan *s)
{
    static const char *const raw_text[] = {"script", "style", "textarea", "title", "xmp",
                                           "iframe", "noembed", "noframes", "noscript", NULL};
    const char *p = s->p;
    size_t left = (size_t)(s->end - p);
    if (left >= 4 && !memcmp(p, "<!--", 4)) {
        if (left >= 5 && p[4] == '>') {
            aloud_buf_puts(&s->out, "<!---->"); /* "<!-->" */
            s->p += 5;
        } else if (left >= 6 && p[4] == '-' && p[5] == '>') {
            aloud_buf_puts(&s->out, "<!---->"); /* "<!--->" */
            s->p += 6;
        } else {
            const char *close = memmem(p + 4, left - 4, "-->", 3);
            copy_to(s, close ? close + 3 : s->end);
        }
    } else if (left >= 2 && p[1] == '!') {
        if (left >= 9 && !memcmp(p + 2, "[CDATA[", 7) && s->foreign) {
            cdata_as_text(s);
        } else if (left >= 9 && !strncasecmp(p + 2, "DOCTYPE", 7)) {
            copy_to(s, gt_from(s, p));
        } else {
            s->p = gt_from(s, p); /* a bogus comment */
        }
    } else if (left >= 2 && p[1] == '?') {
        if (left >= 3 && (isalpha((unsigned char)p[2]) || p[2] == '_'))
            copy_to(s, gt_from(s, p)); /* a processing instruction: libxml2's */
        else
            s->p = gt_from(s, p);
    } else if (left >= 2 && p[1] == '/') {
        if (left >= 3 && p[2] == '>') {
            s->p += 3;
        } else if (left >= 3 && isalpha((unsigned char)p[2])) {
            size_t n = name_len(s, p + 2);
            if (s->foreign && (name_is(p + 2, n, "svg") || name_is(p + 2, n, "math")))
                s->foreign--;
            copy_to(s, tag_end(s, p + 2));
        } else {
            s->p = gt_from(s, p);
        }
    } else if (left >= 2 && isalpha((unsigned char)p[1])) {
        size_t n = name_len(s, p + 1);
        const char *end = tag_end(s, p + 1);
        int self_closing = end - p >= 2 && end[-1] == '>' && end[-2] == '/';
        copy_to(s, end);
        if ((name_is(p + 1, n, "svg") || name_is(p + 1, n, "math")) && !self_closing)
            s->foreign++;
        for (const char *const *r = raw_text; *r; r++)
            if (name_is(p + 1, n, *r) && !self_closing)
                skip_raw_text(s, *r, n);
        if (name_is(p + 1, n, "plaintext"))
            copy_to(s, s->end);
    } else {
        copy_to(s, p + 1); /* a "<" that is text */
    }
}

/* The page without the markup a browser never shows (see above); caller
 * frees, *out_len its length. */
static char *drop_hidden_markup(const char *data, size_t len, size_t *out_len)
{
    struct scan s = {.p = data, .end = data + len};
    aloud_buf_append(&s.out, "", 0);
    while (s.p < s.end) {
        const char *lt = memchr(s.p, '<', (size_t)(s.end - s.p));
        copy_to(&s, lt ? lt : s.end);
        if (lt)
            scan_markup(&s);
    }
    *out_len = s.out.len;
    return aloud_buf_steal(&s.out);
}

static htmlDocPtr parse(const char *data, size_t len)
{
    xmlSetGenericErrorFunc(NULL, quiet);
    const unsigned char *u = (const unsigned char *)data;
    const char *bom = NULL;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        bom = "UTF-8";
    else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        bom = "UTF-16LE";
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        bom = "UTF-16BE";
    if (len > INT32_MAX)
        return NULL;
    if (bom && strncmp(bom, "UTF-16", 6) == 0)
        return htmlReadMemory(data + 2, (int)len - 2, NULL, bom, parse_options);
    char *clean = drop_hidden_markup(data, len, &len);
    data = clean;
    htmlDocPtr doc = htmlReadMemory(data, (int)len, NULL, bom, parse_options);
    const char *declared = doc && doc->encoding ? (const char *)doc->encoding : NULL;
    int reread = !bom && ((!declared && !aloud_utf8_valid(data, len)) || declared_latin1(declared));
    if (doc && reread) {
        xmlFreeDoc(doc);
        /* Five bytes have no character in windows-1252, and iconv stops
         * the whole page at the first of them: they become spaces. */
        char *cp = aloud_xmalloc(len ? len : 1);
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)data[i];
            cp[i] = c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D ? ' ' : data[i];
        }
        doc = htmlReadMemory(cp, (int)len, NULL, "windows-1252", parse_options);
        free(cp);
    }
    free(clean);
    return doc;
}

/* --- The stage ------------------------------------------------------------- */

static xmlNode *find_el(xmlNode *root, const char *name)
{
    for (xmlNode *n = root; n; n = next_node(n, root, 0)) {
        if (is_el(n, name))
            return n;
    }
    return NULL;
}

/* Languages once the article's own is known (declared, or guessed from the
 * text): a block in that language needs no language of its own. */
static void settle_languages(struct aloud_article *a)
{
    if (!a->language || !*a->language)
        aloud_language_guess_article(a);
    blocktext_settle_languages(a);
}

/* An index page or a login wall: mostly links, little prose. A short page
 * is still an article when it has one real paragraph (80 characters) and
 * 200 characters of prose, and few links: a news item, an about page, a
 * product's description. */
static int not_an_article(const struct aloud_article *a, size_t body_text, size_t body_links)
{
    size_t prose = 0, paragraphs = 0;
    for (size_t i = 0; i < a->n_blocks; i++) {
        if (a->blocks[i].kind == ALOUD_BLOCK_PARAGRAPH || a->blocks[i].kind == ALOUD_BLOCK_QUOTE) {
            size_t l = u8len(a->blocks[i].text);
            prose += l;
            paragraphs += l >= 80;
        }
    }
    double link_share = body_text ? (double)body_links / (double)body_text : 1;
    if (prose >= 500 && paragraphs >= 2)
        return link_share > 0.6;
    return prose < 200 || paragraphs < 1 || link_share > 0.3;
}

int aloud_html_extract(const char *data, size_t len, const char *name,
                       struct aloud_article **out, char **err)
{
    *out = NULL;
    htmlDocPtr doc = parse(data, len);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        aloud_error_set(err, "%s: not an HTML page (nothing to parse)", name);
        xmlFreeDoc(doc);
        return -EINVAL;
    }
    struct aloud_article *a = aloud_article_new();
    struct html_meta m = {0};
    html_meta_read(root, &m);
    html_meta_apply(&m, a);

    xmlNode *body = find_el(root, "body");
    if (!body)
        body = root;
    /* Notes leave the page before it is pruned: their lists look like
     * boilerplate (small print, many links), and a listener needs them. */
    if (memmem(data, len, "googleoff", 9))
        html_cut_unindexed(body);
    struct html_notes notes;
    html_notes_take(body, &notes);
    html_prune(body);
    html_find_lists(body);
    size_t body_text, body_links;
    html_measure(body, &body_text, &body_links);
    xmlNode *best = html_find_article(body);
    xmlNode *lead = html_take_lead(body, best, m.description);
    html_drop_headers(best);
    if (lead) {
        html_read_blocks(lead, a, &notes);
        xmlFreeNode(lead);
    }
    html_read_blocks(best, a, &notes);
    html_drop_intro(a, &m);
    html_drop_boilerplate(a);
    html_notes_append(&notes, a, a->language);
    html_notes_free(&notes);
    settle_languages(a);
    a->not_article = not_an_article(a, body_text, body_links);
    html_meta_free(&m);
    xmlFreeDoc(doc);
    if (a->n_blocks == 0) {
        aloud_article_free(a);
        if (body_text && body_links * 2 > body_text)
            aloud_error_set(err, "%s: not an article: the page is mostly links (an index page?)",
                            name);
        else
            aloud_error_set(err, "%s: no article text found", name);
        return -ENODATA;
    }
    *out = a;
    return 0;
}
