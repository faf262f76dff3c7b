/* Tests of the listening pages: what a listener finds on an episode page
 * and on the index, read back through libxml2's HTML parser. */
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aloud/pages.h"
#include "aloud/util.h"
#include "check.h"

static char dir[] = "/tmp/aloud-pages-XXXXXX";

static htmlDocPtr load(const char *name)
{
    char *path = aloud_xasprintf("%s/%s", dir, name);
    htmlDocPtr doc = htmlReadFile(path, "UTF-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    free(path);
    return doc;
}

/* The text of the first node matching expr, or "" (caller frees). */
static char *text_of(htmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr res = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    char *out = aloud_xstrdup("");
    if (res && res->nodesetval && res->nodesetval->nodeNr > 0) {
        xmlChar *s = xmlNodeGetContent(res->nodesetval->nodeTab[0]);
        free(out);
        out = aloud_xstrdup((const char *)s);
        xmlFree(s);
    }
    xmlXPathFreeObject(res);
    xmlXPathFreeContext(ctx);
    return out;
}

static int count(htmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr res = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    int n = res && res->nodesetval ? res->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(res);
    xmlXPathFreeContext(ctx);
    return n;
}

static struct aloud_timeline *sample_timeline(void)
{
    struct aloud_timeline *t = aloud_timeline_new(22050);
    t->n_samples = 22050 * 30;
    aloud_timeline_add(&t->chapters, &t->n_chapters, 0, 22050 * 10, 0, "Fish & <Chips>");
    aloud_timeline_add(&t->chapters, &t->n_chapters, 22050 * 10, 22050 * 30, 3, "Second part");
    aloud_timeline_add(&t->sentences, &t->n_sentences, 0, 22050, 0, "Fish & <Chips>");
    aloud_timeline_add(&t->sentences, &t->n_sentences, 22050 * 2, 22050 * 4, 1, "First one.");
    aloud_timeline_add(&t->sentences, &t->n_sentences, 22050 * 4, 22050 * 6, 1, "Second one.");
    aloud_timeline_add(&t->sentences, &t->n_sentences, 22050 * 10, 22050 * 11, 3, "Second part");
    aloud_timeline_add(&t->sentences, &t->n_sentences, 22050 * 12, 22050 * 14, 4,
                       "Ελληνικά ]]> text.");
    return t;
}

static void test_episode_page(void)
{
    struct aloud_timeline *t = sample_timeline();
    struct aloud_page_show show = {.title = "The Show", .language = "en-GB",
                                   .feed_url = "https://audio.example.org/feed.xml",
                                   .feed_href = "feed.xml"};
    struct aloud_page_episode ep = {.title = "Fish & <Chips>", .author = "Ann Other",
                                    .date = "2026-02-27", .page_href = "fish.html",
                                    .mp3_href = "fish.1234abcd.mp3", .vtt_href = "fish.vtt",
                                    .duration_s = 30, .timeline = t};
    char *err = NULL;
    char *path = aloud_xasprintf("%s/fish.html", dir);
    CHECK(aloud_pages_write_episode(path, &show, &ep, &err) == 0);
    free(path);
    htmlDocPtr doc = load("fish.html");
    CHECK(doc != NULL);
    char *s = text_of(doc, "//h1");
    CHECK_STR(s, "Audio version of: Fish & <Chips>");
    free(s);
    s = text_of(doc, "/html/@lang");
    CHECK_STR(s, "en-GB");
    free(s);
    /* One landmark each, the player with its source and captions. */
    CHECK(count(doc, "//main") == 1);
    CHECK(count(doc, "//audio[@controls]/source[@src='fish.1234abcd.mp3']") == 1);
    CHECK(count(doc, "//audio/track[@kind='captions'][@src='fish.vtt']") == 1);
    /* Six speed buttons from 0.75x to 2x, in a named group. */
    CHECK(count(doc, "//*[@role='group'][@aria-label]/button[@data-rate]") == 6);
    CHECK(count(doc, "//button[@data-rate='0.75']") == 1);
    CHECK(count(doc, "//button[@data-rate='2']") == 1);
    /* Chapters seek to their start. */
    CHECK(count(doc, "//nav//ol/li/a[@data-seek]") == 2);
    s = text_of(doc, "//nav//ol/li[2]/a/@data-seek");
    CHECK_STR(s, "10.00");
    free(s);
    /* The transcript: every sentence, in order, clickable, with its time;
     * the heading's sentence as a heading. */
    CHECK(count(doc, "//section[@class='transcript']//a[@data-start]") == 5);
    s = text_of(doc, "//section[@class='transcript']//h3/a");
    CHECK_STR(s, "Second part");
    free(s);
    s = text_of(doc, "(//section[@class='transcript']//a[@data-start])[5]");
    CHECK_STR(s, "Ελληνικά ]]> text.");
    free(s);
    /* Self-contained: no external scripts, styles or fonts. */
    CHECK(count(doc, "//script[@src] | //link[@rel='stylesheet']") == 0);
    CHECK(count(doc, "//script") == 1);
    xmlFreeDoc(doc);
    aloud_timeline_free(t);
}

static void test_index(void)
{
    struct aloud_page_show show = {.title = "The Show", .description = "Articles, read aloud.",
                                   .feed_url = "https://audio.example.org/feed.xml",
                                   .feed_href = "feed.xml"};
    struct aloud_page_episode eps[2] = {
        {.title = "Newer", .date = "2026-03-01", .page_href = "newer.html", .mp3_href = "n.mp3",
         .duration_s = 125},
        {.title = "Older", .date = "2026-01-01", .page_href = "older.html", .mp3_href = "o.mp3",
         .duration_s = 40},
    };
    char *err = NULL;
    char *path = aloud_xasprintf("%s/index.html", dir);
    CHECK(aloud_pages_write_index(path, &show, eps, 2, &err) == 0);
    free(path);
    htmlDocPtr doc = load("index.html");
    char *s = text_of(doc, "//main//ol/li[1]//a");
    CHECK_STR(s, "Newer");
    free(s);
    s = text_of(doc, "//main//ol/li[2]//a/@href");
    CHECK_STR(s, "older.html");
    free(s);
    /* How to subscribe: the feed's URL, linked. */
    CHECK(count(doc, "//main//a[@href='feed.xml'][.='https://audio.example.org/feed.xml']") == 1);
    xmlFreeDoc(doc);
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL);
    test_episode_page();
    test_index();
    char *cmd = aloud_xasprintf("rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    xmlCleanupParser();
    return check_done();
}
