/* Tests of the HTML stage through its library call: what a listener would
 * get from small pages (blocks and kinds, metadata, clutter, charsets). */
#include <stdlib.h>
#include <string.h>

#include "aloud/html.h"
#include "check.h"

static struct aloud_article *extract(const char *html)
{
    struct aloud_article *a = NULL;
    char *err = NULL;
    if (aloud_html_extract(html, strlen(html), "test.html", &a, &err) != 0) {
        fprintf(stderr, "extract failed: %s\n", err);
        free(err);
        return NULL;
    }
    return a;
}

static const char *text_of_kind(const struct aloud_article *a, enum aloud_block_kind kind, int n)
{
    for (size_t i = 0; i < a->n_blocks; i++) {
        if (a->blocks[i].kind == kind && n-- == 0)
            return a->blocks[i].text;
    }
    return NULL;
}

static int body_has(const struct aloud_article *a, const char *needle)
{
    for (size_t i = 0; i < a->n_blocks; i++) {
        if (strstr(a->blocks[i].text, needle))
            return 1;
    }
    return 0;
}

static void test_blocks_and_metadata(void)
{
    struct aloud_article *a = extract(
        "<html lang='en-US'><head><title>Rivers rise after storm | The Daily Example</title>"
        "<meta name='author' content='Dana Reyes'>"
        "<meta property='article:published_time' content='2026-04-02T07:00:00Z'>"
        "<meta property='article:modified_time' content='2026-04-03T07:00:00Z'></head>"
        "<body><nav><a href='/'>Home</a><a href='/news'>News</a></nav>"
        "<article><h1>Rivers rise after storm</h1><p class='byline'>By Dana Reyes</p>"
        "<p>Rivers across the region rose by two metres overnight, flooding roads, fields and "
        "the lower floors of several homes.</p>"
        "<h2>What to do</h2><ol><li>Stay away from the water.</li><li>Call the helpline.</li></ol>"
        "<blockquote><p>We have never seen it this high.</p></blockquote>"
        "<p>Officials said the water would fall slowly over the coming days &amp; warned "
        "drivers to stay at home.</p>"
        "<div class='share-buttons'><a href='#'>Share on Facebook</a></div>"
        "</article><footer class='site-footer'>Copyright The Daily Example</footer>"
        "</body></html>");
    CHECK(a != NULL);
    if (!a)
        return;
    CHECK_STR(a->title, "Rivers rise after storm");
    CHECK(a->n_authors == 1);
    CHECK_STR(a->n_authors ? a->authors[0] : NULL, "Dana Reyes");
    CHECK_STR(a->date, "2026-04-02T07:00:00Z");
    CHECK_STR(a->language, "en-US");
    CHECK_STR(text_of_kind(a, ALOUD_BLOCK_HEADING, 0), "What to do");
    CHECK_STR(text_of_kind(a, ALOUD_BLOCK_LIST_ITEM, 1), "Call the helpline.");
    CHECK_STR(text_of_kind(a, ALOUD_BLOCK_QUOTE, 0), "We have never seen it this high.");
    CHECK(body_has(a, "days & warned"));
    CHECK(!body_has(a, "Share on"));
    CHECK(!body_has(a, "Copyright"));
    CHECK(!body_has(a, "Home"));
    CHECK(!body_has(a, "By Dana Reyes"));
    CHECK(!body_has(a, "Rivers rise after storm")); /* the headline is the intro's */
    for (size_t i = 0; i < a->n_blocks; i++) {
        if (a->blocks[i].kind == ALOUD_BLOCK_LIST_ITEM)
            CHECK(a->blocks[i].number >= 1 && a->blocks[i].number <= 2);
    }
    aloud_article_free(a);
}

static void test_windows_1252_undeclared(void)
{
    struct aloud_article *a = extract(
        "<html><body><article><p>\x93Quoted\x94 text with an \x96 en dash, in a page that "
        "never says its character set, long enough to be read.</p></article></body></html>");
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "\xE2\x80\x9CQuoted\xE2\x80\x9D text with an \xE2\x80\x93 en dash"));
        aloud_article_free(a);
    }
}

static void test_nothing_to_read(void)
{
    struct aloud_article *a = NULL;
    char *err = NULL;
    const char *page = "<html><body><script>var x = 1;</script></body></html>";
    CHECK(aloud_html_extract(page, strlen(page), "empty.html", &a, &err) < 0);
    CHECK(a == NULL);
    CHECK(err && strstr(err, "empty.html"));
    free(err);
}

int main(void)
{
    test_blocks_and_metadata();
    test_windows_1252_undeclared();
    test_nothing_to_read();
    return check_done();
}
