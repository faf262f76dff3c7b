/* The podcast feed through libxml2's xmlTextWriter: every string goes
 * through the writer, which escapes it, so titles with '&', '<' or ']]>'
 * come out intact. */
#define _GNU_SOURCE
#include "aloud/feed.h"

#include <errno.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aloud/util.h"

#define NS_ITUNES "http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_PODCAST "https://podcastindex.org/namespace/1.0"
#define NS_ATOM "http://www.w3.org/2005/Atom"

void aloud_rfc2822(int64_t t, char out[40])
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* XML 1.0 has no place for control characters other than tab and line
 * breaks, escaped or not: they become spaces. Caller frees. */
static xmlChar *xml_text(const char *text)
{
    char *copy = aloud_xstrdup(text);
    for (char *p = copy; *p; p++) {
        if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            *p = ' ';
    }
    return BAD_CAST copy;
}

static void element(xmlTextWriterPtr w, const char *name, const char *text)
{
    if (!text)
        return;
    xmlChar *clean = xml_text(text);
    xmlTextWriterWriteElement(w, BAD_CAST name, clean);
    free(clean);
}

/* RSS descriptions are HTML; ours are plain text, so '&', '<' and '>' are
 * escaped for HTML before the writer escapes the result for XML. Apps then
 * show the text as written rather than reading "<b>" as markup. */
static void html_text_element(xmlTextWriterPtr w, const char *name, const char *text)
{
    if (!text)
        return;
    struct aloud_buf b = {0};
    for (const char *p = text; *p; p++) {
        if (*p == '&')
            aloud_buf_puts(&b, "&amp;");
        else if (*p == '<')
            aloud_buf_puts(&b, "&lt;");
        else if (*p == '>')
            aloud_buf_puts(&b, "&gt;");
        else
            aloud_buf_putc(&b, *p);
    }
    char *html = aloud_buf_steal(&b);
    element(w, name, html);
    free(html);
}

static void ns_element(xmlTextWriterPtr w, const char *prefix, const char *name, const char *text)
{
    if (!text)
        return;
    xmlChar *clean = xml_text(text);
    xmlTextWriterWriteElementNS(w, BAD_CAST prefix, BAD_CAST name, NULL, clean);
    free(clean);
}

static void attribute(xmlTextWriterPtr w, const char *name, const char *value)
{
    xmlChar *clean = xml_text(value);
    xmlTextWriterWriteAttribute(w, BAD_CAST name, clean);
    free(clean);
}

/* The talking books (book.h) as Podcasting 2.0 alternate enclosures:
 * the same episode in another form, for apps that offer a choice. */
static void write_books(xmlTextWriterPtr w, const struct aloud_podcast *p,
                        const struct aloud_episode *e)
{
    const char *names[] = {e->epub, e->daisy};
    const char *types[] = {"application/epub+zip", "application/zip"};
    const char *titles[] = {"Talking book (EPUB 3 with Media Overlays)",
                            "Talking book (DAISY 2.02)"};
    for (size_t i = 0; i < 2; i++) {
        if (!names[i])
            continue;
        char *url = aloud_xasprintf("%s%s", p->base_url, names[i]);
        xmlTextWriterStartElementNS(w, BAD_CAST "podcast", BAD_CAST "alternateEnclosure", NULL);
        attribute(w, "type", types[i]);
        attribute(w, "title", titles[i]);
        if (e->language)
            attribute(w, "lang", e->language);
        xmlTextWriterStartElementNS(w, BAD_CAST "podcast", BAD_CAST "source", NULL);
        attribute(w, "uri", url);
        xmlTextWriterEndElement(w);
        xmlTextWriterEndElement(w);
        free(url);
    }
}

static void write_item(xmlTextWriterPtr w, const struct aloud_podcast *p,
                       const struct aloud_episode *e)
{
    char date[40], buf[64];
    xmlTextWriterStartElement(w, BAD_CAST "item");
    element(w, "title", e->title);
    html_text_element(w, "description", e->description ? e->description : e->title);
    if (e->link)
        element(w, "link", e->link);
    aloud_rfc2822(e->pub_time, date);
    element(w, "pubDate", date);
    xmlTextWriterStartElement(w, BAD_CAST "guid");
    attribute(w, "isPermaLink", "false");
    xmlChar *guid = xml_text(e->guid);
    xmlTextWriterWriteString(w, guid);
    free(guid);
    xmlTextWriterEndElement(w);

    char *url = aloud_xasprintf("%s%s", p->base_url, e->mp3);
    xmlTextWriterStartElement(w, BAD_CAST "enclosure");
    attribute(w, "url", url);
    snprintf(buf, sizeof buf, "%lld", (long long)e->mp3_bytes);
    attribute(w, "length", buf);
    attribute(w, "type", "audio/mpeg");
    xmlTextWriterEndElement(w);
    free(url);

    ns_element(w, "itunes", "title", e->title);
    ns_element(w, "itunes", "summary", e->description ? e->description : e->title);
    ns_element(w, "itunes", "author", e->author ? e->author : p->author);
    snprintf(buf, sizeof buf, "%lld", (long long)(e->duration_s + 0.5));
    ns_element(w, "itunes", "duration", buf);
    if (e->season > 0) {
        snprintf(buf, sizeof buf, "%d", e->season);
        ns_element(w, "itunes", "season", buf);
    }
    if (e->episode > 0) {
        snprintf(buf, sizeof buf, "%d", e->episode);
        ns_element(w, "itunes", "episode", buf);
    }
    ns_element(w, "itunes", "episodeType", "full");
    /* The article's own front matter, else the show's. */
    int explicit_content = e->explicit_content >= 0 ? e->explicit_content : p->explicit_content;
    ns_element(w, "itunes", "explicit", explicit_content ? "true" : "false");
    if (e->vtt) {
        char *vtt = aloud_xasprintf("%s%s", p->base_url, e->vtt);
        xmlTextWriterStartElementNS(w, BAD_CAST "podcast", BAD_CAST "transcript", NULL);
        attribute(w, "url", vtt);
        attribute(w, "type", "text/vtt");
        if (e->language)
            attribute(w, "language", e->language);
        attribute(w, "rel", "captions");
        xmlTextWriterEndElement(w);
        free(vtt);
    }
    if (e->chapters) {
        char *ch = aloud_xasprintf("%s%s", p->base_url, e->chapters);
        xmlTextWriterStartElementNS(w, BAD_CAST "podcast", BAD_CAST "chapters", NULL);
        attribute(w, "url", ch);
        attribute(w, "type", "application/json+chapters");
        xmlTextWriterEndElement(w);
        free(ch);
    }
    write_books(w, p, e);
    xmlTextWriterEndElement(w);
}

char *aloud_feed_xml(const struct aloud_podcast *p, const struct aloud_episode *episodes, size_t n,
                     int64_t last_build, size_t *len)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    if (!w) {
        xmlBufferFree(buf);
        return NULL;
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST "rss");
    attribute(w, "version", "2.0");
    attribute(w, "xmlns:itunes", NS_ITUNES);
    attribute(w, "xmlns:podcast", NS_PODCAST);
    attribute(w, "xmlns:atom", NS_ATOM);
    xmlTextWriterStartElement(w, BAD_CAST "channel");

    char *feed_url = aloud_podcast_feed_url(p);
    element(w, "title", p->title);
    element(w, "link", p->link ? p->link : p->base_url);
    html_text_element(w, "description", p->description);
    element(w, "language", p->language);
    if (p->copyright)
        element(w, "copyright", p->copyright);
    element(w, "generator", "aloud " ALOUD_VERSION);
    char date[40];
    if (last_build > 0) { /* a feed with no episodes has no date to give */
        aloud_rfc2822(last_build, date);
        element(w, "lastBuildDate", date);
    }
    xmlTextWriterStartElementNS(w, BAD_CAST "atom", BAD_CAST "link", NULL);
    attribute(w, "href", feed_url);
    attribute(w, "rel", "self");
    attribute(w, "type", "application/rss+xml");
    xmlTextWriterEndElement(w);

    if (p->artwork) {
        int absolute = strstr(p->artwork, "://") != NULL;
        const char *slash = strrchr(p->artwork, '/');
        char *image = absolute
                          ? aloud_xstrdup(p->artwork)
                          : aloud_xasprintf("%s%s", p->base_url, slash ? slash + 1 : p->artwork);
        xmlTextWriterStartElementNS(w, BAD_CAST "itunes", BAD_CAST "image", NULL);
        attribute(w, "href", image);
        xmlTextWriterEndElement(w);
        xmlTextWriterStartElement(w, BAD_CAST "image");
        element(w, "url", image);
        element(w, "title", p->title);
        element(w, "link", p->link ? p->link : p->base_url);
        xmlTextWriterEndElement(w);
        free(image);
    }
    xmlTextWriterStartElementNS(w, BAD_CAST "itunes", BAD_CAST "category", NULL);
    attribute(w, "text", p->category);
    if (p->subcategory) {
        xmlTextWriterStartElementNS(w, BAD_CAST "itunes", BAD_CAST "category", NULL);
        attribute(w, "text", p->subcategory);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    ns_element(w, "itunes", "explicit", p->explicit_content ? "true" : "false");
    ns_element(w, "itunes", "author", p->author);
    ns_element(w, "itunes", "summary", p->description);
    ns_element(w, "itunes", "type", "episodic");
    if (p->owner_email || p->owner_name) {
        xmlTextWriterStartElementNS(w, BAD_CAST "itunes", BAD_CAST "owner", NULL);
        ns_element(w, "itunes", "name", p->owner_name ? p->owner_name : p->author);
        ns_element(w, "itunes", "email", p->owner_email);
        xmlTextWriterEndElement(w);
    }
    ns_element(w, "podcast", "guid", p->guid);
    ns_element(w, "podcast", "locked", "no");
    for (size_t i = 0; i < n; i++)
        write_item(w, p, &episodes[i]);
    xmlTextWriterEndElement(w); /* channel */
    xmlTextWriterEndElement(w); /* rss */
    int rc = xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    free(feed_url);
    char *out = NULL;
    if (rc >= 0) {
        *len = (size_t)xmlBufferLength(buf);
        out = aloud_xstrndup((const char *)xmlBufferContent(buf), *len);
    }
    xmlBufferFree(buf);
    return out;
}
