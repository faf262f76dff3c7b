/* Tests of the embeddable player (embed.h): the player page, its iframe
 * code and its oEmbed answer, read back through libxml2's HTML parser and
 * json-c, and the episode page's copy of the code and discovery link. */
#include <json-c/json.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aloud/embed.h"
#include "aloud/pages.h"
#include "aloud/util.h"
#include "check.h"

static char dir[] = "/tmp/aloud-embed-XXXXXX";

static htmlDocPtr load(const char *name)
{
    char *path = aloud_xasprintf("%s/%s", dir, name);
    htmlDocPtr doc = htmlReadFile(path, "UTF-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    free(path);
    return doc;
}

static htmlDocPtr parse(const char *html)
{
    return htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
                          HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
}

static xmlXPathObjectPtr find(htmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr res = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    xmlXPathFreeContext(ctx);
    return res;
}

/* The text (or attribute value) of the first node matching expr, or ""
 * (caller frees). */
static char *text_of(htmlDocPtr doc, const char *expr)
{
    xmlXPathObjectPtr res = find(doc, expr);
    char *out = NULL;
    if (res && res->nodesetval && res->nodesetval->nodeNr > 0) {
        xmlChar *s = xmlNodeGetContent(res->nodesetval->nodeTab[0]);
        out = aloud_xstrdup((const char *)s);
        xmlFree(s);
    }
    xmlXPathFreeObject(res);
    return out ? out : aloud_xstrdup("");
}

static int count(htmlDocPtr doc, const char *expr)
{
    xmlXPathObjectPtr res = find(doc, expr);
    int n = res && res->nodesetval ? res->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(res);
    return n;
}

#define RATE 22050

static struct aloud_timeline *timeline(size_t chapters)
{
    struct aloud_timeline *t = aloud_timeline_new(RATE);
    t->n_samples = (uint64_t)RATE * 60 * (chapters + 1);
    aloud_timeline_add(&t->chapters, &t->n_chapters, 0, RATE * 60, 0, "Fish & <Chips>");
    for (size_t i = 1; i < chapters; i++) {
        char title[200];
        snprintf(title, sizeof title,
                 "Chapter %zu, whose heading is as long as a long heading "
                 "in a long article is, and then some more words",
                 i);
        aloud_timeline_add(&t->chapters, &t->n_chapters, (uint64_t)RATE * 60 * i,
                           (uint64_t)RATE * 60 * (i + 1), i, title);
    }
    return t;
}

static struct aloud_embed sample(const struct aloud_timeline *t)
{
    return (struct aloud_embed){.title = "Fish & <Chips> \"at\" 'sea'",
                                .author = "Ann Other",
                                .language = "en-GB",
                                .show_title = "The Show",
                                .base_url = "https://audio.example.org:8443/show/",
                                .slug = "fish",
                                .mp3 = "fish.1234abcd.mp3",
                                .page = "fish.html",
                                .duration_s = 125,
                                .timeline = t};
}

/* Every src and href of the page is relative to where it is (under
 * base_url), and it links no style sheet, script or font of its own. */
static void check_self_contained(htmlDocPtr doc)
{
    xmlXPathObjectPtr res = find(doc, "//@src | //@href");
    int n = res && res->nodesetval ? res->nodesetval->nodeNr : 0;
    CHECK(n >= 3); /* the audio, its fallback link, the episode page */
    for (int i = 0; i < n; i++) {
        xmlChar *v = xmlNodeGetContent(res->nodesetval->nodeTab[i]);
        CHECK(strncmp((const char *)v, "../", 3) == 0 && !strstr((const char *)v, "//"));
        xmlFree(v);
    }
    xmlXPathFreeObject(res);
    CHECK(count(doc, "//link | //script[@src] | //img | //iframe | //object | //embed") == 0);
    char *css = text_of(doc, "//style");
    CHECK(!strstr(css, "url(") && !strstr(css, "@import") && !strstr(css, "@font-face"));
    free(css);
    char *js = text_of(doc, "//script");
    CHECK(!strstr(js, "://") && !strstr(js, "fetch(") && !strstr(js, "XMLHttpRequest"));
    free(js);
}

static void test_player_page(void)
{
    struct aloud_timeline *t = timeline(3);
    struct aloud_embed e = sample(t);
    char *err = NULL;
    char *path = aloud_xasprintf("%s/fish-embed.html", dir);
    CHECK(aloud_embed_write_page(path, &e, &err) == 0);
    free(path);
    htmlDocPtr doc = load("fish-embed.html");
    CHECK(doc != NULL);
    char *s = text_of(doc, "//title");
    CHECK_STR(s, "Listen to: Fish & <Chips> \"at\" 'sea'");
    free(s);
    s = text_of(doc, "//h1");
    CHECK_STR(s, "Listen to: Fish & <Chips> \"at\" 'sea'");
    free(s);
    CHECK(count(doc, "//html[@lang='en']") == 1);
    /* Without scripts: the browser's player; the script's controls hidden. */
    CHECK(count(doc, "//audio[@controls][@src='../fish.1234abcd.mp3']") == 1);
    CHECK(count(doc, "//*[@id='controls'][@hidden]") == 1);
    CHECK(count(doc, "//a[@href='../fish.html']") == 2);
    /* The controls, each named. */
    CHECK(count(doc, "//button[@id='play'][@type='button']") == 1);
    CHECK(count(doc, "//button[@aria-label='Back 15 seconds']") == 1);
    CHECK(count(doc, "//button[@aria-label='Ahead 15 seconds']") == 1);
    CHECK(count(doc, "//input[@type='range'][@aria-label='Position'][@max='125.00']") == 1);
    CHECK(count(doc, "//label[@for='speed']/select[@id='speed']/option") == 6);
    CHECK(count(doc, "//select[@id='speed']/option[@selected][@value='1']") == 1);
    s = text_of(doc, "//*[@id='time']");
    CHECK_STR(s, "0:00 / 2:05");
    free(s);
    /* Chapters: a disclosure of buttons that seek. */
    CHECK(count(doc, "//details/summary") == 1);
    CHECK(count(doc, "//details//button[@data-seek]") == 3);
    s = text_of(doc, "//details//button[@data-seek='60.00']");
    CHECK(strncmp(s, "1:00 Chapter 1,", 15) == 0);
    free(s);
    s = text_of(doc, "//details//button[1]/span/@lang");
    CHECK_STR(s, "en-GB");
    free(s);
    check_self_contained(doc);
    xmlFreeDoc(doc);
    aloud_timeline_free(t);

    /* One chapter (the title) is no menu. */
    t = timeline(1);
    e = sample(t);
    path = aloud_xasprintf("%s/one.html", dir);
    CHECK(aloud_embed_write_page(path, &e, &err) == 0);
    free(path);
    doc = load("one.html");
    CHECK(count(doc, "//details") == 0);
    xmlFreeDoc(doc);
    aloud_timeline_free(t);
    free(err);
}

/* A long article's player stays under 30 KB (the budget). */
static void test_player_size(void)
{
    struct aloud_timeline *t = timeline(100);
    struct aloud_embed e = sample(t);
    char *err = NULL;
    char *path = aloud_xasprintf("%s/long.html", dir);
    CHECK(aloud_embed_write_page(path, &e, &err) == 0);
    struct stat st;
    CHECK(stat(path, &st) == 0 && st.st_size < 30 * 1024);
    free(path);
    aloud_timeline_free(t);
    free(err);
}

static void test_iframe(void)
{
    struct aloud_embed e = sample(NULL);
    char *html = aloud_embed_iframe(&e);
    htmlDocPtr doc = parse(html);
    char *s = text_of(doc, "//iframe/@src");
    CHECK_STR(s, "https://audio.example.org:8443/show/embed/fish.html");
    free(s);
    s = text_of(doc, "//iframe/@title");
    CHECK_STR(s, "Listen to: Fish & <Chips> \"at\" 'sea'");
    free(s);
    CHECK(count(doc, "//iframe[@width='600'][@height]") == 1);
    xmlFreeDoc(doc);
    free(html);

    char *script = aloud_embed_resize_script(&e);
    CHECK(strstr(script,
                 "f.src.indexOf(\"https:\\/\\/audio.example.org:8443\\/show\\/embed\\/\") === 0") !=
          NULL);
    CHECK(strstr(script, "aloud:height") != NULL);
    free(script);
    char *url = aloud_embed_oembed_url(&e);
    CHECK_STR(url, "https://audio.example.org:8443/show/oembed/fish.json");
    free(url);
}

static const char *get_string(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : NULL;
}

static int get_int(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_int)
               ? json_object_get_int(v)
               : -1;
}

static void test_oembed(void)
{
    struct aloud_embed e = sample(NULL);
    char *err = NULL;
    char *path = aloud_xasprintf("%s/fish.json", dir);
    CHECK(aloud_embed_write_oembed(path, &e, &err) == 0);
    json_object *o = json_object_from_file(path);
    free(path);
    CHECK(o != NULL);
    CHECK_STR(get_string(o, "version"), "1.0");
    CHECK_STR(get_string(o, "type"), "rich");
    CHECK_STR(get_string(o, "title"), e.title);
    CHECK_STR(get_string(o, "author_name"), "Ann Other");
    CHECK_STR(get_string(o, "provider_name"), "The Show");
    CHECK_STR(get_string(o, "provider_url"), e.base_url);
    CHECK(get_int(o, "width") == ALOUD_EMBED_WIDTH);
    CHECK(get_int(o, "height") == ALOUD_EMBED_HEIGHT);
    char *iframe = aloud_embed_iframe(&e);
    CHECK_STR(get_string(o, "html"), iframe);
    free(iframe);
    json_object_put(o);

    /* No author: no author_name (oEmbed's fields are optional, not empty). */
    e.author = NULL;
    path = aloud_xasprintf("%s/anon.json", dir);
    CHECK(aloud_embed_write_oembed(path, &e, &err) == 0);
    o = json_object_from_file(path);
    free(path);
    CHECK(o && !get_string(o, "author_name"));
    json_object_put(o);
    free(err);
}

/* The episode page offers the code to copy and the discovery link. */
static void test_episode_page(void)
{
    struct aloud_embed e = sample(NULL);
    char *code = aloud_embed_iframe(&e), *script = aloud_embed_resize_script(&e);
    char *oembed = aloud_embed_oembed_url(&e);
    struct aloud_page_show show = {
        .title = "The Show", .language = "en-GB", .feed_href = "feed.xml"};
    struct aloud_page_episode ep = {.title = e.title,
                                    .page_href = "fish.html",
                                    .mp3_href = "fish.1234abcd.mp3",
                                    .duration_s = 125,
                                    .embed_code = code,
                                    .embed_script = script,
                                    .oembed_url = oembed};
    char *err = NULL;
    char *path = aloud_xasprintf("%s/fish.html", dir);
    CHECK(aloud_pages_write_episode(path, &show, &ep, &err) == 0);
    free(path);
    htmlDocPtr doc = load("fish.html");
    CHECK(count(doc, "/html/head/link[@rel='alternate'][@type='application/json+oembed']"
                     "[@href='https://audio.example.org:8443/show/oembed/fish.json']") == 1);
    char *s = text_of(doc, "//pre/code[@id='embed-code']");
    CHECK_STR(s, code);
    free(s);
    s = text_of(doc, "//pre/code[@id='embed-script']");
    CHECK_STR(s, script);
    free(s);
    CHECK(count(doc, "//button[@data-copy='embed-code']") == 1);
    CHECK(count(doc, "//*[@role='status'][@id='copied']") == 1);
    xmlFreeDoc(doc);

    /* Without embedding (no base_url known), neither. */
    ep.embed_code = ep.embed_script = ep.oembed_url = NULL;
    path = aloud_xasprintf("%s/plain.html", dir);
    CHECK(aloud_pages_write_episode(path, &show, &ep, &err) == 0);
    free(path);
    doc = load("plain.html");
    CHECK(count(doc, "//link[@rel='alternate'] | //*[@id='embed-code']") == 0);
    xmlFreeDoc(doc);
    free(oembed);
    free(script);
    free(code);
    free(err);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    test_player_page();
    test_player_size();
    test_iframe();
    test_oembed();
    test_episode_page();
    char *cmd = aloud_xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    return check_done();
}
