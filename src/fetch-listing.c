/* Feeds and sitemaps read with libxml2: RSS 2.0 (and RSS 1.0 items), Atom
 * 1.0, sitemaps and sitemap indexes (gzipped or not), into a list of
 * entries; and the small HTML document aloud keeps for a feed entry that
 * holds its whole article.
 *
 * Elements are found by their local names under the root the format
 * defines, with the namespaces that matter checked (content:encoded, Atom
 * within RSS); sitemaps are read whatever namespace they declare, as many
 * declare a wrong one. Entity references other than XML's own are never
 * expanded (no network, no entity tricks): only text and CDATA are read. */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <errno.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zlib.h>

#include "aloud/date.h"
#include "aloud/feed.h"
#include "aloud/fetch.h"
#include "aloud/util.h"

#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_ATOM "http://www.w3.org/2005/Atom"
#define LISTING_MAX_BYTES (50u * 1024 * 1024) /* the sitemap protocol's limit */

static int named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const char *ns_of(const xmlNode *n)
{
    return n->ns && n->ns->href ? (const char *)n->ns->href : "";
}

/* A child element by local name, in namespace ns ("" none, NULL any). */
static xmlNode *child(const xmlNode *parent, const char *name, const char *ns)
{
    for (xmlNode *c = parent->children; c; c = c->next) {
        if (named(c, name) && (!ns || strcmp(ns_of(c), ns) == 0))
            return c;
    }
    return NULL;
}

static void collect_text(const xmlNode *n, struct aloud_buf *b, int depth)
{
    if (depth > 64)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            aloud_buf_puts(b, (const char *)c->content);
        else if (c->type == XML_ELEMENT_NODE)
            collect_text(c, b, depth + 1);
    }
}

/* The element's text, trimmed; NULL when n is NULL or the text empty. */
static char *text_of(const xmlNode *n)
{
    if (!n)
        return NULL;
    struct aloud_buf b = {0};
    collect_text(n, &b, 0);
    char *s = aloud_buf_steal(&b);
    size_t start = strspn(s, " \t\r\n");
    size_t end = strlen(s);
    while (end > start && strchr(" \t\r\n", s[end - 1]))
        end--;
    if (end == start) {
        free(s);
        return NULL;
    }
    char *t = aloud_xstrndup(s + start, end - start);
    free(s);
    return t;
}

/* s with its white space runs made one space; NULL stays NULL. */
static char *squeezed(char *s)
{
    return s ? aloud_text_squeeze(s) : NULL;
}

static char *attr_of(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    char *s = aloud_xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

/* link resolved against the element's base (xml:base, else the listing's
 * URL); NULL unless it makes an http(s) URL. */
static char *resolve(const xmlNode *n, const char *link)
{
    if (!link || !*link)
        return NULL;
    xmlChar *base = xmlNodeGetBase(n->doc, n);
    xmlChar *full = xmlBuildURI(BAD_CAST link, base);
    xmlFree(base);
    char *url =
        full && aloud_fetch_url_valid((const char *)full) ? aloud_xstrdup((char *)full) : NULL;
    xmlFree(full);
    return url;
}

/* libxml2 reports what it recovers from (bad bytes for the declared
 * encoding, broken markup) on stderr; a source that cannot be read gets
 * our one line instead. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* The text of an HTML fragment, white space squeezed; caller frees. */
static char *html_text(const char *html)
{
    if (!html || !*html)
        return aloud_xstrdup("");
    size_t len = strlen(html);
    if (len > INT32_MAX)
        return aloud_xstrdup("");
    xmlSetGenericErrorFunc(NULL, quiet);
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET);
    struct aloud_buf b = {0};
    if (doc && xmlDocGetRootElement(doc)) {
        xmlNode *root = xmlDocGetRootElement(doc);
        if (root->type == XML_TEXT_NODE && root->content)
            aloud_buf_puts(&b, (const char *)root->content);
        collect_text(root, &b, 0);
        aloud_buf_putc(&b, ' ');
    }
    xmlFreeDoc(doc);
    char *s = aloud_buf_steal(&b);
    aloud_text_squeeze(s);
    return s;
}

static void escape_html(struct aloud_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            aloud_buf_puts(b, "&amp;");
            break;
        case '<':
            aloud_buf_puts(b, "&lt;");
            break;
        case '>':
            aloud_buf_puts(b, "&gt;");
            break;
        case '"':
            aloud_buf_puts(b, "&quot;");
            break;
        default:
            aloud_buf_putc(b, *s);
        }
    }
}

/* Plain text as HTML paragraphs, one per blank-line-separated block. */
static char *text_to_html(const char *text)
{
    struct aloud_buf b = {0};
    const char *p = text;
    while (*p) {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *para = aloud_xstrndup(p, n);
        aloud_text_squeeze(para);
        if (*para) {
            aloud_buf_puts(&b, "<p>");
            escape_html(&b, para);
            aloud_buf_puts(&b, "</p>\n");
        }
        free(para);
        p += n;
        while (*p == '\n')
            p++;
    }
    return aloud_buf_steal(&b);
}

/* Atom text constructs (title, summary, content): type text, html or
 * xhtml, as HTML; a content with src= has none. */
static char *atom_html(const xmlNode *n)
{
    if (!n)
        return NULL;
    char *type = attr_of(n, "type");
    char *src = attr_of(n, "src");
    char *html = NULL;
    if (src) {
        /* out of line: the page has it */
    } else if (type && strcasecmp(type, "xhtml") == 0) {
        const xmlNode *div = child(n, "div", NULL);
        xmlBufferPtr buf = xmlBufferCreate();
        for (xmlNode *c = div ? div->children : NULL; c; c = c->next)
            xmlNodeDump(buf, n->doc, c, 0, 0);
        if (xmlBufferLength(buf) > 0)
            html = aloud_xstrdup((const char *)xmlBufferContent(buf));
        xmlBufferFree(buf);
    } else if (type && strcasecmp(type, "html") == 0) {
        html = text_of(n);
    } else {
        char *t = text_of(n);
        if (t)
            html = text_to_html(t);
        free(t);
    }
    free(type);
    free(src);
    return html;
}

/* A title as plain text: Atom titles of type html are read as HTML. */
static char *atom_title(const xmlNode *n)
{
    char *html = atom_html(n);
    if (!html)
        return NULL;
    char *t = html_text(html);
    free(html);
    if (!*t) {
        free(t);
        return NULL;
    }
    return t;
}

static int64_t iso_time(const char *s)
{
    int64_t t = 0;
    if (s && aloud_date_time(s, &t) == 0)
        return t;
    return 0;
}

/* RFC 822 dates as RSS has them ("Fri, 27 Feb 2026 09:00:00 GMT"), by
 * libcurl's date parser, which reads every form HTTP meets. */
static int64_t rfc822_time(const char *s)
{
    if (!s)
        return 0;
    time_t t = curl_getdate(s, NULL);
    return t > 0 ? (int64_t)t : 0;
}

static void add_author(struct aloud_buf *b, const char *name)
{
    if (!name || !*name)
        return;
    if (b->len)
        aloud_buf_puts(b, ", ");
    aloud_buf_puts(b, name);
}

/* RSS <author> is "mail@example.org (Name)": the name when there is one. */
static char *rss_author_name(const char *s)
{
    if (!s)
        return NULL;
    const char *open = strchr(s, '(');
    const char *close = open ? strrchr(open, ')') : NULL;
    if (open && close && close > open + 1)
        return aloud_xstrndup(open + 1, (size_t)(close - open - 1));
    if (strchr(s, '@') && !strchr(s, ' '))
        return NULL; /* an address alone names nobody */
    return aloud_xstrdup(s);
}

static struct aloud_listing_entry *new_entry(struct aloud_listing *l)
{
    l->entries = aloud_xrealloc(l->entries, (l->n_entries + 1) * sizeof *l->entries);
    struct aloud_listing_entry *e = &l->entries[l->n_entries++];
    memset(e, 0, sizeof *e);
    return e;
}

static void drop_last(struct aloud_listing *l)
{
    struct aloud_listing_entry *e = &l->entries[--l->n_entries];
    free(e->url);
    free(e->title);
    free(e->author);
    free(e->summary);
    free(e->content);
    free(e->language);
}

static void read_rss_item(struct aloud_listing *l, const xmlNode *item, const char *language)
{
    struct aloud_listing_entry *e = new_entry(l);
    char *link = text_of(child(item, "link", ""));
    if (!link)
        link = text_of(child(item, "link", NULL)); /* RSS 1.0's namespace */
    if (!link) {
        const xmlNode *guid = child(item, "guid", NULL);
        char *permalink = guid ? attr_of(guid, "isPermaLink") : NULL;
        if (guid && (!permalink || strcasecmp(permalink, "false") != 0))
            link = text_of(guid);
        free(permalink);
    }
    e->url = resolve(item, link);
    free(link);
    if (!e->url) {
        drop_last(l);
        return;
    }
    e->title = squeezed(text_of(child(item, "title", NULL)));
    e->summary = text_of(child(item, "description", NULL));
    e->content = text_of(child(item, "encoded", NS_CONTENT));
    struct aloud_buf authors = {0};
    for (const xmlNode *c = item->children; c; c = c->next) {
        if (named(c, "creator") && strcmp(ns_of(c), NS_DC) == 0) {
            char *name = squeezed(text_of(c));
            add_author(&authors, name);
            free(name);
        }
    }
    if (!authors.len) {
        char *raw = text_of(child(item, "author", ""));
        char *name = rss_author_name(raw);
        add_author(&authors, name);
        free(raw);
        free(name);
    }
    e->author = authors.len ? aloud_buf_steal(&authors) : NULL;
    aloud_buf_free(&authors);
    char *date = text_of(child(item, "pubDate", NULL));
    e->date = rfc822_time(date);
    free(date);
    if (!e->date) {
        date = text_of(child(item, "date", NS_DC));
        e->date = iso_time(date);
        free(date);
    }
    e->language = aloud_xstrdup(language);
}

static void read_atom_entry(struct aloud_listing *l, const xmlNode *entry, const char *feed_author)
{
    struct aloud_listing_entry *e = new_entry(l);
    /* The alternate link, an HTML one first. */
    char *best = NULL;
    int best_rank = 0;
    for (const xmlNode *c = entry->children; c; c = c->next) {
        if (!named(c, "link") || strcmp(ns_of(c), NS_ATOM) != 0)
            continue;
        char *rel = attr_of(c, "rel");
        char *type = attr_of(c, "type");
        char *href = attr_of(c, "href");
        int rank = 0;
        if (href && (!rel || strcmp(rel, "alternate") == 0))
            rank = !type || strncasecmp(type, "text/html", 9) == 0 ||
                           strncasecmp(type, "application/xhtml", 17) == 0
                       ? 2
                       : 1;
        if (rank > best_rank) {
            free(best);
            best = resolve(c, href);
            if (best)
                best_rank = rank;
        }
        free(rel);
        free(type);
        free(href);
    }
    if (!best) {
        char *id = text_of(child(entry, "id", NS_ATOM));
        best = resolve(entry, id);
        free(id);
    }
    e->url = best;
    if (!e->url) {
        drop_last(l);
        return;
    }
    e->title = atom_title(child(entry, "title", NS_ATOM));
    e->summary = atom_html(child(entry, "summary", NS_ATOM));
    e->content = atom_html(child(entry, "content", NS_ATOM));
    struct aloud_buf authors = {0};
    for (const xmlNode *c = entry->children; c; c = c->next) {
        if (named(c, "author") && strcmp(ns_of(c), NS_ATOM) == 0) {
            char *name = squeezed(text_of(child(c, "name", NS_ATOM)));
            add_author(&authors, name);
            free(name);
        }
    }
    if (!authors.len)
        add_author(&authors, feed_author);
    e->author = authors.len ? aloud_buf_steal(&authors) : NULL;
    aloud_buf_free(&authors);
    char *published = text_of(child(entry, "published", NS_ATOM));
    char *updated = text_of(child(entry, "updated", NS_ATOM));
    e->lastmod = iso_time(updated);
    e->date = iso_time(published);
    if (!e->date)
        e->date = e->lastmod;
    free(published);
    free(updated);
    xmlChar *lang = xmlNodeGetLang(entry);
    e->language = aloud_xstrdup((const char *)lang);
    xmlFree(lang);
}

static void read_sitemap_entry(struct aloud_listing *l, const xmlNode *n)
{
    struct aloud_listing_entry *e = new_entry(l);
    char *loc = text_of(child(n, "loc", NULL));
    e->url = resolve(n, loc);
    free(loc);
    if (!e->url) {
        drop_last(l);
        return;
    }
    char *lastmod = text_of(child(n, "lastmod", NULL));
    e->lastmod = iso_time(lastmod);
    free(lastmod);
}

/* A gzipped sitemap (sitemap.xml.gz served as a file), inflated; NULL
 * when the data is not gzip or too large. */
static char *gunzip(const char *data, size_t len, size_t *out_len)
{
    if (len < 2 || (unsigned char)data[0] != 0x1f || (unsigned char)data[1] != 0x8b)
        return NULL;
    z_stream z = {0};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return NULL;
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
    struct aloud_buf b = {0};
    char chunk[65536];
    int rc;
    do {
        z.next_out = (Bytef *)chunk;
        z.avail_out = sizeof chunk;
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END)
            break;
        aloud_buf_append(&b, chunk, sizeof chunk - z.avail_out);
    } while (rc != Z_STREAM_END && b.len <= LISTING_MAX_BYTES && z.avail_in + z.avail_out > 0);
    inflateEnd(&z);
    if (rc != Z_STREAM_END || b.len > LISTING_MAX_BYTES) {
        aloud_buf_free(&b);
        return NULL;
    }
    *out_len = b.len;
    return aloud_buf_steal(&b);
}

int aloud_listing_read(const char *data, size_t len, const char *base_url,
                       struct aloud_listing **out, char **err)
{
    *out = NULL;
    xmlSetGenericErrorFunc(NULL, quiet);
    size_t plain_len = 0;
    char *plain = gunzip(data, len, &plain_len);
    if (plain) {
        data = plain;
        len = plain_len;
    }
    if (len > INT32_MAX) {
        free(plain);
        aloud_error_set(err, "larger than %u bytes", LISTING_MAX_BYTES);
        return -EFBIG;
    }
    xmlDocPtr doc = xmlReadMemory(data, (int)len, base_url, NULL,
                                  XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    free(plain);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        xmlFreeDoc(doc);
        aloud_error_set(err, "not XML: neither an RSS or Atom feed nor a sitemap");
        return -EINVAL;
    }
    struct aloud_listing *l = aloud_xcalloc(1, sizeof *l);
    if (named(root, "rss") || named(root, "RDF")) {
        l->kind = ALOUD_LISTING_RSS;
        const xmlNode *channel = child(root, "channel", NULL);
        char *language = channel ? text_of(child(channel, "language", NULL)) : NULL;
        if (!language && channel)
            language = text_of(child(channel, "language", NS_DC));
        /* RSS 2.0 has its items in the channel, RSS 1.0 beside it. */
        const xmlNode *parents[2] = {channel, root};
        for (int i = 0; i < 2; i++) {
            for (const xmlNode *c = parents[i] ? parents[i]->children : NULL; c; c = c->next) {
                if (named(c, "item"))
                    read_rss_item(l, c, language);
            }
        }
        free(language);
    } else if (named(root, "feed") && strcmp(ns_of(root), NS_ATOM) == 0) {
        l->kind = ALOUD_LISTING_ATOM;
        const xmlNode *author = child(root, "author", NS_ATOM);
        char *feed_author = author ? text_of(child(author, "name", NS_ATOM)) : NULL;
        for (const xmlNode *c = root->children; c; c = c->next) {
            if (named(c, "entry") && strcmp(ns_of(c), NS_ATOM) == 0)
                read_atom_entry(l, c, feed_author);
        }
        free(feed_author);
    } else if (named(root, "urlset") || named(root, "sitemapindex")) {
        int index = named(root, "sitemapindex");
        l->kind = index ? ALOUD_LISTING_SITEMAP_INDEX : ALOUD_LISTING_SITEMAP;
        for (const xmlNode *c = root->children; c; c = c->next) {
            if (named(c, index ? "sitemap" : "url"))
                read_sitemap_entry(l, c);
        }
    } else {
        aloud_error_set(err, "<%s> is neither an RSS or Atom feed nor a sitemap",
                        (const char *)root->name);
        xmlFreeDoc(doc);
        free(l);
        return -EINVAL;
    }
    xmlFreeDoc(doc);
    *out = l;
    return 0;
}

void aloud_listing_free(struct aloud_listing *l)
{
    if (!l)
        return;
    while (l->n_entries)
        drop_last(l);
    free(l->entries);
    free(l);
}

static size_t count_words(const char *s)
{
    size_t n = 0;
    int in_word = 0;
    for (; *s; s++) {
        if (*s == ' ') {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            n++;
        }
    }
    return n;
}

/* An excerpt's ending: an ellipsis, or a "read more" link's words near the
 * end. */
static int ends_cut(const char *text)
{
    size_t n = strlen(text);
    while (n > 0 && strchr(" ])>", text[n - 1]))
        n--;
    if (n >= 3 &&
        (memcmp(text + n - 3, "\xe2\x80\xa6", 3) == 0 || memcmp(text + n - 3, "...", 3) == 0))
        return 1;
    static const char *const more[] = {"read more",     "continue reading", "read the full",
                                       "weiterlesen",   "lire la suite",    "leer m\xc3\xa1s",
                                       "seguir leyendo"};
    size_t tail = n > 120 ? n - 120 : 0;
    char *end = aloud_xstrndup(text + tail, n - tail);
    int cut = 0;
    for (size_t i = 0; i < sizeof more / sizeof more[0] && !cut; i++)
        cut = strcasestr(end, more[i]) != NULL;
    free(end);
    return cut;
}

int aloud_listing_entry_whole(const struct aloud_listing_entry *e)
{
    if (!e->content)
        return 0;
    char *text = html_text(e->content);
    char *summary = html_text(e->summary);
    int whole = count_words(text) >= ALOUD_FETCH_WHOLE_WORDS && strcmp(text, summary) != 0 &&
                !ends_cut(text);
    free(text);
    free(summary);
    return whole;
}

char *aloud_listing_entry_html(const struct aloud_listing_entry *e, size_t *len)
{
    struct aloud_buf b = {0};
    aloud_buf_puts(&b, "<!DOCTYPE html>\n<html");
    if (e->language) {
        aloud_buf_puts(&b, " lang=\"");
        escape_html(&b, e->language);
        aloud_buf_putc(&b, '"');
    }
    aloud_buf_puts(&b, ">\n<head>\n<meta charset=\"utf-8\">\n");
    if (e->title) {
        aloud_buf_puts(&b, "<title>");
        escape_html(&b, e->title);
        aloud_buf_puts(&b, "</title>\n");
    }
    if (e->author) {
        aloud_buf_puts(&b, "<meta name=\"author\" content=\"");
        escape_html(&b, e->author);
        aloud_buf_puts(&b, "\">\n");
    }
    char iso[32] = "";
    int64_t when = e->date ? e->date : e->lastmod;
    if (when) {
        time_t t = (time_t)when;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
        aloud_buf_printf(&b, "<meta property=\"article:published_time\" content=\"%s\">\n", iso);
    }
    aloud_buf_puts(&b, "<link rel=\"canonical\" href=\"");
    escape_html(&b, e->url);
    aloud_buf_puts(&b, "\">\n</head>\n<body>\n<article>\n");
    if (e->title) {
        aloud_buf_puts(&b, "<h1>");
        escape_html(&b, e->title);
        aloud_buf_puts(&b, "</h1>\n");
    }
    aloud_buf_puts(&b, e->content ? e->content : "");
    aloud_buf_puts(&b, "\n</article>\n</body>\n</html>\n");
    *len = b.len;
    return aloud_buf_steal(&b);
}
