/* Tests of the feed writer: the XML read back with libxml2's parser and
 * XPath, as a podcast app would read it. Text with '&', '<', ']]>', quotes,
 * Greek and Japanese comes back as written; the channel and item fields
 * are where the RSS, iTunes and Podcasting 2.0 namespaces put them; the
 * same input gives the same bytes; dates convert both ways. */
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/feed.h"
#include "aloud/util.h"
#include "check.h"

#define TRICKY                                                                                     \
    "Fish & <Chips> ]]> \"q\" 'a' \xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1 "               \
    "\xe6\x97\xa5\xe6\x9c\xac"

static struct aloud_podcast show = {
    .title = (char *)"The " TRICKY " Show",
    .description = (char *)"About <b>bold</b> & more ]]>",
    .author = (char *)"Ann & Bob",
    .owner_name = (char *)"Editors",
    .owner_email = (char *)"editors@example.org",
    .language = (char *)"en-GB",
    .base_url = (char *)"https://audio.example.org/show/",
    .link = (char *)"https://example.org/",
    .artwork = (char *)"art.png",
    .category = (char *)"Health & Fitness",
    .subcategory = (char *)"Mental Health",
    .copyright = (char *)"\xc2\xa9 2026",
    .guid = (char *)"e92fa0c4-8f89-5d68-9b89-c1690addd0b0",
    .explicit_content = 0,
};

static struct aloud_episode episodes[] = {
    {.slug = (char *)"fish",
     .guid = (char *)"11111111-2222-5333-8444-555555555555",
     .title = (char *)TRICKY,
     .description = (char *)"Desc " TRICKY,
     .author = (char *)"Ann Writer",
     .link = (char *)"https://example.org/fish?a=1&b=2",
     .language = (char *)"en-GB",
     .mp3 = (char *)"fish.0123abcd.mp3",
     .vtt = (char *)"fish.0123abcd.vtt",
     .chapters = (char *)"fish.0123abcd.chapters.json",
     .mp3_bytes = 123456789012LL,
     .duration_s = 61.6,
     .pub_time = 1772182800},
    {.slug = (char *)"older",
     .guid = (char *)"aloud:older",
     .title = (char *)"Older",
     .mp3 = (char *)"older.ffffffff.mp3",
     .mp3_bytes = 1000,
     .duration_s = 2.4,
     .pub_time = 1700000000},
};

static xmlDocPtr doc;
static xmlXPathContextPtr ctx;

/* The string value of expr ("" when nothing matches); caller frees. */
static char *value(const char *expr)
{
    xmlXPathObjectPtr res = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    char *out = aloud_xstrdup("");
    if (res) {
        xmlChar *s = xmlXPathCastToString(res);
        free(out);
        out = aloud_xstrdup((const char *)s);
        xmlFree(s);
    }
    xmlXPathFreeObject(res);
    return out;
}

static void check_value(const char *expr, const char *want, int line)
{
    char *got = value(expr);
    check_count++;
    if (strcmp(got, want) != 0) {
        check_failures++;
        fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, line, expr, got, want);
    }
    free(got);
}
#define CHECK_VALUE(expr, want) check_value(expr, want, __LINE__)

static void test_feed(void)
{
    size_t len = 0;
    char *xml = aloud_feed_xml(&show, episodes, 2, 1772182800, &len);
    CHECK(xml != NULL);
    if (!xml)
        return;
    CHECK(len == strlen(xml));
    CHECK(aloud_utf8_valid(xml, len));
    /* Well-formed: libxml2 parses it without recovery. */
    doc = xmlReadMemory(xml, (int)len, "feed.xml", NULL, XML_PARSE_NONET);
    CHECK(doc != NULL);
    if (!doc) {
        free(xml);
        return;
    }
    ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "itunes",
                       BAD_CAST "http://www.itunes.com/dtds/podcast-1.0.dtd");
    xmlXPathRegisterNs(ctx, BAD_CAST "podcast", BAD_CAST "https://podcastindex.org/namespace/1.0");
    xmlXPathRegisterNs(ctx, BAD_CAST "atom", BAD_CAST "http://www.w3.org/2005/Atom");

    CHECK_VALUE("/rss/@version", "2.0");
    CHECK_VALUE("/rss/channel/title", "The " TRICKY " Show");
    CHECK_VALUE("/rss/channel/link", "https://example.org/");
    /* Descriptions are HTML by convention: plain text escaped for HTML. */
    CHECK_VALUE("/rss/channel/description", "About &lt;b&gt;bold&lt;/b&gt; &amp; more ]]&gt;");
    CHECK_VALUE("/rss/channel/language", "en-GB");
    CHECK_VALUE("/rss/channel/copyright", "\xc2\xa9 2026");
    CHECK_VALUE("/rss/channel/lastBuildDate", "Fri, 27 Feb 2026 09:00:00 +0000");
    CHECK_VALUE("/rss/channel/atom:link[@rel='self']/@href",
                "https://audio.example.org/show/feed.xml");
    CHECK_VALUE("/rss/channel/itunes:image/@href", "https://audio.example.org/show/art.png");
    CHECK_VALUE("/rss/channel/itunes:category/@text", "Health & Fitness");
    CHECK_VALUE("/rss/channel/itunes:category/itunes:category/@text", "Mental Health");
    CHECK_VALUE("/rss/channel/itunes:explicit", "false");
    CHECK_VALUE("/rss/channel/itunes:author", "Ann & Bob");
    CHECK_VALUE("/rss/channel/itunes:owner/itunes:name", "Editors");
    CHECK_VALUE("/rss/channel/itunes:owner/itunes:email", "editors@example.org");
    CHECK_VALUE("/rss/channel/podcast:guid", "e92fa0c4-8f89-5d68-9b89-c1690addd0b0");
    CHECK_VALUE("count(/rss/channel/generator)", "1");

    /* Items in the order given (newest first), every field in place. */
    CHECK_VALUE("count(/rss/channel/item)", "2");
    CHECK_VALUE("/rss/channel/item[1]/title", TRICKY);
    CHECK_VALUE("/rss/channel/item[1]/itunes:title", TRICKY);
    CHECK_VALUE("/rss/channel/item[1]/itunes:summary", "Desc " TRICKY);
    CHECK_VALUE("/rss/channel/item[1]/link", "https://example.org/fish?a=1&b=2");
    CHECK_VALUE("/rss/channel/item[1]/pubDate", "Fri, 27 Feb 2026 09:00:00 +0000");
    CHECK_VALUE("/rss/channel/item[1]/guid", "11111111-2222-5333-8444-555555555555");
    CHECK_VALUE("/rss/channel/item[1]/guid/@isPermaLink", "false");
    CHECK_VALUE("/rss/channel/item[1]/enclosure/@url",
                "https://audio.example.org/show/fish.0123abcd.mp3");
    CHECK_VALUE("/rss/channel/item[1]/enclosure/@length", "123456789012");
    CHECK_VALUE("/rss/channel/item[1]/enclosure/@type", "audio/mpeg");
    CHECK_VALUE("/rss/channel/item[1]/itunes:duration", "62");
    CHECK_VALUE("/rss/channel/item[1]/itunes:author", "Ann Writer");
    CHECK_VALUE("/rss/channel/item[1]/podcast:transcript/@url",
                "https://audio.example.org/show/fish.0123abcd.vtt");
    CHECK_VALUE("/rss/channel/item[1]/podcast:transcript/@type", "text/vtt");
    CHECK_VALUE("/rss/channel/item[1]/podcast:chapters/@url",
                "https://audio.example.org/show/fish.0123abcd.chapters.json");
    CHECK_VALUE("/rss/channel/item[1]/podcast:chapters/@type", "application/json+chapters");
    /* The second has no description, link, author or transcript: the title
     * stands in for the description, the show's author for the author, and
     * nothing is made up for the rest. */
    CHECK_VALUE("/rss/channel/item[2]/title", "Older");
    CHECK_VALUE("/rss/channel/item[2]/description", "Older");
    CHECK_VALUE("/rss/channel/item[2]/itunes:author", "Ann & Bob");
    CHECK_VALUE("count(/rss/channel/item[2]/link)", "0");
    CHECK_VALUE("count(/rss/channel/item[2]/podcast:transcript)", "0");
    CHECK_VALUE("/rss/channel/item[2]/itunes:duration", "2");
    CHECK_VALUE("/rss/channel/item[2]/pubDate", "Tue, 14 Nov 2023 22:13:20 +0000");

    /* No CDATA sections: every string went through the writer's escaping. */
    CHECK(strstr(xml, "<![CDATA[") == NULL);

    /* The same input, the same bytes. */
    size_t len2 = 0;
    char *again = aloud_feed_xml(&show, episodes, 2, 1772182800, &len2);
    CHECK(again && len2 == len && memcmp(again, xml, len) == 0);
    free(again);

    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    free(xml);
}

/* Control characters have no place in XML 1.0, escaped or not: a title
 * that carries one still gives a well-formed feed. */
static void test_control_characters(void)
{
    struct aloud_episode e = episodes[1];
    e.title = (char *)"Bell\x07 and \x1b escape";
    size_t len = 0;
    char *xml = aloud_feed_xml(&show, &e, 1, 0, &len);
    CHECK(xml != NULL);
    xmlDocPtr d = xml ? xmlReadMemory(xml, (int)len, "feed.xml", NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
                      : NULL;
    CHECK(d != NULL);
    xmlFreeDoc(d);
    free(xml);

    /* An empty feed is still a feed. */
    xml = aloud_feed_xml(&show, NULL, 0, 0, &len);
    CHECK(xml && strstr(xml, "<channel>") && !strstr(xml, "<item>"));
    CHECK(xml && !strstr(xml, "lastBuildDate")); /* not 1 January 1970 */
    free(xml);
}

static void test_dates(void)
{
    char out[40];
    aloud_rfc2822(0, out);
    CHECK_STR(out, "Thu, 01 Jan 1970 00:00:00 +0000");
    aloud_rfc2822(1772182800, out);
    CHECK_STR(out, "Fri, 27 Feb 2026 09:00:00 +0000");
}

int main(void)
{
    test_feed();
    test_control_characters();
    test_dates();
    xmlCleanupParser();
    return check_done();
}
