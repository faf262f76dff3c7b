/* Tests of the HTML stage through its library call: what a listener would
 * get from small pages (blocks and kinds, metadata, clutter, charsets). */
#include <stdlib.h>
#include <string.h>

#include "aloud/html.h"
#include "aloud/util.h"
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

/* A short post followed by a box of other posts, each an <article> with a
 * longer excerpt: the listener hears the post, not the others. */
static void test_list_of_posts(void)
{
    struct aloud_buf page = {0};
    aloud_buf_puts(&page, "<html><body><div class='columns'><article class='post'><h1>Self-love</h1>"
                          "<p>Loving yourself, the text says, is where every other love begins, "
                          "and it takes practice, patience and a little humour to learn it well "
                          "enough to share it with others, day after day, year after year.</p>"
                          "<p>Nobody else can do it for you: the needs you leave unmet are yours "
                          "to meet, and only someone who loves themselves can find a love that "
                          "is true.</p>"
                          "</article><article class='post'><h3>You may also like</h3>");
    for (int i = 0; i < 5; i++)
        aloud_buf_puts(&page, "<article class='post'><p>Another post, with its own long excerpt, "
                              "full of commas, clauses, asides, and more commas, runs on and on, "
                              "longer than the post itself, about hope, faith, family, gratitude, "
                              "courage, work, rest, and everything else one could want to read "
                              "about <a href='/other'>on another page</a>.</p></article>");
    aloud_buf_puts(&page, "</article></div></body></html>");
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "Loving yourself"));
        CHECK(!body_has(a, "Another post"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A ticker of other headlines, each a link and the start of its text cut
 * with an ellipsis, beside the article: only the article is read. */
static void test_teaser_list(void)
{
    struct aloud_buf page = {0};
    aloud_buf_puts(&page, "<html><body><div class='main'><div class='ticker'><b>Breaking</b><ul>");
    for (int i = 0; i < 6; i++)
        aloud_buf_puts(&page, "<li><a href='/elsewhere'>Other headline of the day</a> "
                              "<span>CITY: Something else happened somewhere else today, and "
                              "officials said that more would follow soon, as it...</span></li>");
    aloud_buf_puts(&page, "</ul></div><div class='story'><p>The council voted on Tuesday to keep "
                          "the library open, after a campaign by readers, teachers and parents "
                          "that lasted most of the year.</p><p>The vote was close, and the "
                          "library's hours will be shorter, but its doors stay open to "
                          "everyone.</p></div></div></body></html>");
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The council voted"));
        CHECK(!body_has(a, "Something else happened"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A short article in a box the publisher marked as the article's body
 * (schema.org articleBody) inside a page whose footer has more prose: the
 * marked body is what is read. */
static void test_marked_article_body(void)
{
    const char *page =
        "<html><body><div class='row'><h1>Short news</h1><div itemprop='articleBody'>A man "
        "was arrested on Wednesday after a stabbing at a hospital in Berlin, the police said, "
        "and another man who tried to stop the attacker was badly hurt.</div></div>"
        "<div class='bottom-text'>Our customer service centre can be contacted with any "
        "questions or requests by telephone or e-mail. The centre answers on weekdays between "
        "seven and two, and handles distribution requests on Fridays. For international "
        "customers the centre is open longer, with a toll-free number.</div></body></html>";
    struct aloud_article *a = extract(page);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "A man was arrested"));
        CHECK(!body_has(a, "customer service"));
        aloud_article_free(a);
    }
}

int main(void)
{
    test_list_of_posts();
    test_teaser_list();
    test_marked_article_body();
    test_blocks_and_metadata();
    test_windows_1252_undeclared();
    test_nothing_to_read();
    return check_done();
}
