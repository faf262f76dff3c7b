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
    /* The chapters are a named navigation the script marks while playing. */
    CHECK(count(doc, "//nav[@class='chapters'][@aria-labelledby='chapters-heading']") == 1);
    /* Sentences too short to wrap are set apart so they make a 24 px target;
     * longer ones are not. */
    CHECK(count(doc, "//div[@class='sentences']//a[@class='short']") == 0);
    /* English page, English article: no lang of its own on the parts. */
    CHECK(count(doc, "//main//*[@lang]") == 0);
    /* No talking books, no links to them. */
    CHECK(count(doc, "//p[@class='books']") == 0);
    xmlFreeDoc(doc);
    /* With talking books: a link to each, by its format's name. */
    ep.epub_href = "fish.1234abcd.epub";
    ep.daisy_href = "fish.1234abcd.daisy.zip";
    path = aloud_xasprintf("%s/fish.html", dir);
    CHECK(aloud_pages_write_episode(path, &show, &ep, &err) == 0);
    free(path);
    doc = load("fish.html");
    CHECK(count(doc, "//p[@class='books']/a[@href='fish.1234abcd.epub'][.='EPUB 3']") == 1);
    CHECK(count(doc, "//p[@class='books']/a[@href='fish.1234abcd.daisy.zip'][.='DAISY 2.02']") ==
          1);
    xmlFreeDoc(doc);
    aloud_timeline_free(t);
}

/* The page's own words are English; the show's and the article's text carry
 * their own language, and right-to-left scripts their direction. */
static void test_languages(void)
{
    struct aloud_timeline *t = aloud_timeline_new(22050);
    t->n_samples = 22050 * 10;
    aloud_timeline_add(&t->chapters, &t->n_chapters, 0, 22050 * 5, 0, "عنوان");
    aloud_timeline_add(&t->chapters, &t->n_chapters, 22050 * 5, 22050 * 10, 2, "قسم");
    aloud_timeline_add(&t->sentences, &t->n_sentences, 0, 22050, 0, "عنوان");
    aloud_timeline_add(&t->sentences, &t->n_sentences, 22050, 22050 * 2, 1, "نعم.");
    aloud_timeline_add(&t->sentences, &t->n_sentences, 22050 * 2, 22050 * 4, 1,
                       "هذه جملة أطول من ست كلمات.");
    struct aloud_page_show show = {.title = "Le journal", .language = "fr",
                                   .feed_href = "feed.xml"};
    struct aloud_page_episode ep = {.title = "عنوان", .language = "ar", .page_href = "a.html",
                                    .mp3_href = "a.mp3", .vtt_href = "a.vtt",
                                    .description = "وصف", .duration_s = 10, .timeline = t};
    char *err = NULL;
    char *path = aloud_xasprintf("%s/a.html", dir);
    CHECK(aloud_pages_write_episode(path, &show, &ep, &err) == 0);
    free(path);
    htmlDocPtr doc = load("a.html");
    char *s = text_of(doc, "/html/@lang");
    CHECK_STR(s, "en");
    free(s);
    /* The header names the show in French. */
    CHECK(count(doc, "//header//a/span[@lang='fr'][.='Le journal']") == 1);
    /* The title, the description, the chapters and the transcript in Arabic,
     * right to left. */
    CHECK(count(doc, "//h1/span[@lang='ar'][@dir='rtl'][.='عنوان']") == 1);
    CHECK(count(doc, "//main/p[@lang='ar'][@dir='rtl'][.='وصف']") == 1);
    CHECK(count(doc, "//nav[@class='chapters']/ol[@lang='ar'][@dir='rtl']") == 1);
    CHECK(count(doc, "//div[@class='sentences'][@lang='ar'][@dir='rtl']") == 1);
    CHECK(count(doc, "//audio/track[@srclang='ar']") == 1);
    /* Headings of the transcript stay English. */
    CHECK(count(doc, "//h2[@lang]") == 0);
    /* The short sentence and the short title are set apart; the long one is
     * not. */
    CHECK(count(doc, "//div[@class='sentences']//a[@class='short']") == 2);
    CHECK(count(doc, "//div[@class='sentences']//a[not(@class)]") == 1);
    /* Each sentence finds its own direction (an English date in an Arabic
     * transcript reads left to right). */
    CHECK(count(doc, "//div[@class='sentences']//a[@dir='auto']") == 3);
    xmlFreeDoc(doc);

    /* A script subtag decides the direction: Azerbaijani in Arabic script
     * is right to left, Kurdish in Latin script is not. */
    ep.language = "az-Arab";
    path = aloud_xasprintf("%s/a.html", dir);
    CHECK(aloud_pages_write_episode(path, &show, &ep, &err) == 0);
    free(path);
    doc = load("a.html");
    CHECK(count(doc, "//h1/span[@lang='az-Arab'][@dir='rtl']") == 1);
    xmlFreeDoc(doc);
    ep.language = "ku-Latn";
    path = aloud_xasprintf("%s/a.html", dir);
    CHECK(aloud_pages_write_episode(path, &show, &ep, &err) == 0);
    free(path);
    doc = load("a.html");
    CHECK(count(doc, "//h1/span[@lang='ku-Latn'][not(@dir)]") == 1);
    xmlFreeDoc(doc);

    /* The index of a French show: English page, French show title. */
    CHECK(aloud_pages_write_index(dir, &show, &ep, 1, 0, &err) == 0);
    doc = load("index.html");
    s = text_of(doc, "/html/@lang");
    CHECK_STR(s, "en");
    free(s);
    CHECK(count(doc, "//h1[@lang='fr'][.='Le journal']") == 1);
    CHECK(count(doc, "//main//ol/li//a[@lang='ku-Latn']") == 1);
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
    CHECK(aloud_pages_write_index(dir, &show, eps, 2, 0, &err) == 0);
    htmlDocPtr doc = load("index.html");
    char *s = text_of(doc, "//main//ol/li[1]//a");
    CHECK_STR(s, "Newer");
    free(s);
    s = text_of(doc, "//main//ol/li[2]//a/@href");
    CHECK_STR(s, "older.html");
    free(s);
    /* How to subscribe: the feed's URL, linked. */
    CHECK(count(doc, "//main//a[@href='feed.xml'][.='https://audio.example.org/feed.xml']") == 1);
    /* One page: no pagination, no page/ folder. */
    CHECK(count(doc, "//nav") == 0);
    xmlFreeDoc(doc);
    char *sub = aloud_xasprintf("%s/page", dir);
    CHECK(access(sub, F_OK) != 0);
    free(sub);
}

/* Does out/page/k.html exist? */
static int index_page_exists(size_t k)
{
    char *path = aloud_xasprintf("%s/page/%zu.html", dir, k);
    int ok = access(path, F_OK) == 0;
    free(path);
    return ok;
}

/* Many episodes: the index in pages, each with a named navigation to all of
 * them that marks the current one; links work from page/. */
static void test_pagination(void)
{
    struct aloud_page_show show = {.title = "The Show", .feed_url = "https://a.example/feed.xml",
                                   .feed_href = "feed.xml", .artwork_src = "artwork.png"};
    struct aloud_page_episode eps[7];
    char *hrefs[7];
    for (size_t i = 0; i < 7; i++) {
        hrefs[i] = aloud_xasprintf("e%zu.html", i + 1);
        eps[i] = (struct aloud_page_episode){.title = hrefs[i], .page_href = hrefs[i],
                                             .mp3_href = "x.mp3", .duration_s = 60};
    }
    eps[4].epub_href = "x.epub"; /* on page 2: the link reaches out/ */
    char *err = NULL;
    CHECK(aloud_pages_write_index(dir, &show, eps, 7, 3, &err) == 0);
    CHECK(index_page_exists(2) && index_page_exists(3) && !index_page_exists(4));

    htmlDocPtr doc = load("index.html");
    CHECK(count(doc, "//main//ol[@class='episodes']/li") == 3);
    CHECK(count(doc, "//nav[@aria-label='Pages of episodes']") == 1);
    CHECK(count(doc, "//nav[@aria-label='Pages of episodes']//a") == 4); /* 1 2 3 older */
    char *s = text_of(doc, "//nav//a[@aria-current='page']");
    CHECK_STR(s, "Page 1");
    free(s);
    s = text_of(doc, "//nav//a[@aria-current='page']/@href");
    CHECK_STR(s, "index.html");
    free(s);
    CHECK(count(doc, "//nav//a[@href='page/3.html'][.='Page 3']") == 1);
    CHECK(count(doc, "//nav//a[@rel='next'][@href='page/2.html']") == 1);
    CHECK(count(doc, "//nav//a[@rel='prev']") == 0);
    CHECK(count(doc, "//main/img[@src='artwork.png']") == 1);
    xmlFreeDoc(doc);

    doc = load("page/2.html");
    CHECK(doc != NULL);
    s = text_of(doc, "//title");
    CHECK_STR(s, "Episodes 4 to 6, page 2 of 3 – The Show");
    free(s);
    /* Numbering goes on from the page before; links reach out/. */
    s = text_of(doc, "//main//ol[@class='episodes']/@start");
    CHECK_STR(s, "4");
    free(s);
    s = text_of(doc, "//main//ol[@class='episodes']/li[1]//a/@href");
    CHECK_STR(s, "../e4.html");
    free(s);
    CHECK(count(doc, "//main//ol[@class='episodes']/li") == 3);
    CHECK(count(doc, "//a[@href='../feed.xml']") == 2);
    CHECK(count(doc, "//li//p[@class='books']/a[@href='../x.epub']") == 1);
    s = text_of(doc, "//nav//a[@aria-current='page']");
    CHECK_STR(s, "Page 2");
    free(s);
    CHECK(count(doc, "//nav//a[@aria-current]") == 1);
    CHECK(count(doc, "//nav//a[@rel='prev'][@href='../index.html']") == 1);
    CHECK(count(doc, "//nav//a[@rel='next'][@href='3.html']") == 1);
    CHECK(count(doc, "//nav//a[@href='../index.html'][.='Page 1']") == 1);
    xmlFreeDoc(doc);

    doc = load("page/3.html");
    CHECK(count(doc, "//main//ol[@class='episodes']/li") == 1);
    CHECK(count(doc, "//nav//a[@rel='next']") == 0);
    xmlFreeDoc(doc);

    /* Fewer episodes: the pages left over go, and with one page the folder. */
    CHECK(aloud_pages_write_index(dir, &show, eps, 4, 3, &err) == 0);
    CHECK(index_page_exists(2) && !index_page_exists(3));
    CHECK(aloud_pages_write_index(dir, &show, eps, 3, 3, &err) == 0);
    CHECK(!index_page_exists(2));
    char *sub = aloud_xasprintf("%s/page", dir);
    CHECK(access(sub, F_OK) != 0);
    free(sub);
    for (size_t i = 0; i < 7; i++)
        free(hrefs[i]);
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL);
    test_episode_page();
    test_index();
    test_pagination();
    test_languages();
    char *cmd = aloud_xasprintf("rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    xmlCleanupParser();
    return check_done();
}
