/* Unit tests for the fetch stage's pure parts: robots.txt (RFC 9309's
 * rules and examples), URL patterns and file names, feeds and sitemaps
 * read from strings, the whole-article rule, and [sources] settings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "aloud/fetch.h"
#include "aloud/podcast.h"
#include "aloud/util.h"
#include "check.h"

/* --- robots.txt ----------------------------------------------------------- */

static int allowed(const char *robots, const char *path)
{
    struct aloud_robots *r = aloud_robots_parse(robots, strlen(robots), "aloud");
    int ok = aloud_robots_allowed(r, path);
    aloud_robots_free(r);
    return ok;
}

static void test_robots_groups(void)
{
    const char *star = "User-agent: *\nDisallow: /private/\n";
    CHECK(!allowed(star, "/private/x"));
    CHECK(allowed(star, "/public"));
    CHECK(allowed(star, "/privatex"));

    /* Our group wins over '*', whatever the order. */
    const char *both = "User-agent: *\nDisallow: /\n\nUser-agent: aloud\nDisallow: /nope\n";
    CHECK(allowed(both, "/x"));
    CHECK(!allowed(both, "/nope"));
    const char *both2 = "User-agent: aloud\nDisallow: /nope\n\nUser-agent: *\nDisallow: /\n";
    CHECK(allowed(both2, "/x"));
    /* A group that names us with no rules allows everything. */
    CHECK(allowed("User-agent: *\nDisallow: /\nUser-agent: aloud\n", "/x"));

    /* Case-insensitive, on the product token: "ALOUD/2.0" names aloud,
     * "aloudbot" does not. */
    CHECK(!allowed("User-Agent: ALOUD/2.0\nDisallow: /a\n", "/a"));
    CHECK(allowed("user-agent: aloudbot\ndisallow: /a\n", "/a"));

    /* Groups naming us are merged; a group may name several agents. */
    const char *merged = "User-agent: aloud\nDisallow: /a\n\nUser-agent: other\nDisallow: /b\n"
                         "\nUser-agent: aloud\nDisallow: /c\n";
    CHECK(!allowed(merged, "/a"));
    CHECK(allowed(merged, "/b"));
    CHECK(!allowed(merged, "/c"));
    CHECK(!allowed("User-agent: foo\nUser-agent: aloud\nDisallow: /x\n", "/x"));
    /* Blank lines and other records do not end a group's agents or rules. */
    CHECK(!allowed("User-agent: foo\n\nUser-agent: aloud\nDisallow: /x\n", "/x"));
    CHECK(!allowed("User-agent: aloud\nSitemap: https://x/s.xml\nDisallow: /x\n", "/x"));
    CHECK(!allowed("User-agent: aloud\nCrawl-delay: 5\n\nDisallow: /x\n", "/x"));
    /* Rules before any group, and groups for others: nothing for us. */
    CHECK(allowed("Disallow: /\nUser-agent: other\nDisallow: /\n", "/x"));
    CHECK(allowed("", "/x"));
    CHECK(allowed("\x01\x02garbage\n:::\n", "/x"));
}

static void test_robots_rules(void)
{
    /* The longest match wins. */
    const char *a = "User-agent: *\nAllow: /p\nDisallow: /\n";
    CHECK(allowed(a, "/page"));
    CHECK(!allowed(a, "/other"));
    const char *b = "User-agent: *\nDisallow: /folder/\nAllow: /folder/page\n";
    CHECK(allowed(b, "/folder/page"));
    CHECK(!allowed(b, "/folder/other"));
    /* A tie: allow. */
    CHECK(allowed("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page"));
    CHECK(allowed("User-agent: *\nAllow: /page\nDisallow: /page\n", "/page"));
    /* '*' and '$'. */
    const char *pdf = "User-agent: *\nDisallow: /*.pdf$\n";
    CHECK(!allowed(pdf, "/a/b.pdf"));
    CHECK(allowed(pdf, "/a/b.pdf?x=1"));
    CHECK(allowed(pdf, "/a.pdfx"));
    CHECK(!allowed("User-agent: *\nDisallow: /fish*\n", "/fish.html"));
    CHECK(!allowed("User-agent: *\nDisallow: /*/tag/\n", "/2026/tag/x"));
    CHECK(allowed("User-agent: *\nDisallow: /*/tag/\n", "/tag/x"));
    const char *root = "User-agent: *\nDisallow: /$\n";
    CHECK(!allowed(root, "/"));
    CHECK(allowed(root, "/a"));
    /* A '$' inside a pattern is a character. */
    CHECK(!allowed("User-agent: *\nDisallow: /a$b\n", "/a$b"));
    /* The query is part of what is matched. */
    CHECK(!allowed("User-agent: *\nDisallow: /*?sort=\n", "/list?sort=date"));
    /* An empty disallow is no rule. */
    CHECK(allowed("User-agent: *\nDisallow:\n", "/x"));
    /* A path without its leading '/'. */
    CHECK(!allowed("User-agent: *\nDisallow: private\n", "/private"));
    /* Comments, spaces, CRLF, a BOM. */
    CHECK(!allowed("\xEF\xBB\xBFUser-agent : * # all\r\n  Disallow :  /x  # not x\r\n", "/x"));
    /* /robots.txt itself is always allowed. */
    CHECK(allowed("User-agent: *\nDisallow: /\n", "/robots.txt"));
    /* Many stars against a long path: still a match, and quickly. */
    char path[4096];
    memset(path, 'a', sizeof path - 2);
    path[0] = '/';
    path[sizeof path - 2] = 'b';
    path[sizeof path - 1] = '\0';
    CHECK(!allowed("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b$\n", path));
    CHECK(allowed("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c\n", path));
}

static void test_robots_encoding(void)
{
    /* RFC 9309 2.2.2: non-ASCII is compared percent-encoded, escaped
     * unreserved characters unescaped, "%2F" is not "/". */
    const char *u = "User-agent: *\nDisallow: /foo/bar/\xE3\x83\x84\n";
    CHECK(!allowed(u, "/foo/bar/%E3%83%84"));
    CHECK(!allowed(u, "/foo/bar/%e3%83%84"));
    CHECK(!allowed("User-agent: *\nDisallow: /foo/bar/%E3%83%84\n", "/foo/bar/\xE3\x83\x84"));
    const char *baz = "User-agent: *\nDisallow: /foo/%62%61%7A\n";
    CHECK(!allowed(baz, "/foo/baz"));
    CHECK(!allowed("User-agent: *\nDisallow: /foo/baz\n", "/foo/%62az"));
    CHECK(allowed("User-agent: *\nDisallow: /a%2Fb\n", "/a/b"));
    CHECK(!allowed("User-agent: *\nDisallow: /a%2fb\n", "/a%2Fb"));
}

static void test_robots_unreachable(void)
{
    struct aloud_robots *none = aloud_robots_new(0);
    CHECK(!aloud_robots_allowed(none, "/"));
    CHECK(!aloud_robots_allowed(none, "/a"));
    CHECK(aloud_robots_allowed(none, "/robots.txt"));
    aloud_robots_free(none);
    struct aloud_robots *all = aloud_robots_new(1);
    CHECK(aloud_robots_allowed(all, "/a"));
    aloud_robots_free(all);
    aloud_robots_free(NULL);
}

/* --- URLs ----------------------------------------------------------------- */

static void check_name(const char *url, const char *want)
{
    char *name = aloud_fetch_file_name(url, 0);
    CHECK_STR(name, want);
    free(name);
}

static void test_file_names(void)
{
    check_name("https://example.org/news/2026/the-story/", "news-2026-the-story.html");
    check_name("https://example.org/news/story.html", "news-story.html");
    check_name("https://example.org/news/story.PHP", "news-story.html");
    check_name("https://example.org/a.php?id=42", "a-id-42.html");
    check_name("https://example.org/", "example-org.html");
    check_name("https://example.org", "example-org.html");
    check_name("https://example.org/caf%C3%A9/cr%C3%A8me", "cafe-creme.html");
    check_name("https://example.org/%E2%9C%93", "example-org.html");
    check_name("https://example.org/x/y#fragment", "x-y.html");
    check_name("https://example.org/v1.2/notes.txt", "v1-2-notes-txt.html");
    /* Unique: the hash of the whole URL, the same every time. */
    char *a = aloud_fetch_file_name("https://example.org/a-b", 1);
    char *b = aloud_fetch_file_name("https://example.org/a/b", 1);
    char *b2 = aloud_fetch_file_name("https://example.org/a/b", 1);
    CHECK(strncmp(a, "a-b-", 4) == 0 && strlen(a) == strlen("a-b-12345678.html"));
    CHECK(strcmp(a, b) != 0);
    CHECK_STR(b, b2);
    free(a);
    free(b);
    free(b2);
    /* Long paths stay short. */
    char url[2100] = "https://example.org/";
    for (int i = 0; i < 200; i++)
        strcat(url, "longword/");
    char *n = aloud_fetch_file_name(url, 1);
    CHECK(strlen(n) <= 80 + 9 + 5);
    free(n);
}

static void test_url_patterns(void)
{
    CHECK(aloud_fetch_url_valid("https://example.org/a"));
    CHECK(aloud_fetch_url_valid("http://127.0.0.1:8080/"));
    CHECK(!aloud_fetch_url_valid("ftp://example.org/a"));
    CHECK(!aloud_fetch_url_valid("https:///a"));
    CHECK(!aloud_fetch_url_valid("https://exa mple.org/"));
    CHECK(!aloud_fetch_url_valid("/relative"));
    CHECK(!aloud_fetch_url_valid("javascript:alert(1)"));
    CHECK(!aloud_fetch_url_valid(NULL));

    CHECK(aloud_fetch_url_match("https://example.org/news/*", "https://example.org/news/a/b"));
    CHECK(!aloud_fetch_url_match("https://example.org/news/*", "https://example.org/sport/a"));
    CHECK(aloud_fetch_url_match("*/tag/*", "https://example.org/tag/x"));
    CHECK(!aloud_fetch_url_match("*/tag/*", "https://example.org/tags"));
    CHECK(aloud_fetch_url_match("*.html", "https://example.org/a/b.html"));
    CHECK(
        aloud_fetch_url_match("https://example.org/20[0-9][0-9]/*", "https://example.org/2026/x"));

    struct aloud_fetch_settings s;
    aloud_fetch_settings_init(&s);
    CHECK(aloud_fetch_url_wanted(&s, "https://example.org/x"));
    char *msg = NULL;
    CHECK(aloud_fetch_settings_set(&s, "include", "https://example.org/news/*", &msg) == 0);
    CHECK(aloud_fetch_settings_set(&s, "include", "https://example.org/features/*", &msg) == 0);
    CHECK(aloud_fetch_settings_set(&s, "exclude", "*/tag/*", &msg) == 0);
    CHECK(aloud_fetch_url_wanted(&s, "https://example.org/news/a"));
    CHECK(aloud_fetch_url_wanted(&s, "https://example.org/features/b"));
    CHECK(!aloud_fetch_url_wanted(&s, "https://example.org/sport/a"));
    CHECK(!aloud_fetch_url_wanted(&s, "https://example.org/news/tag/a"));
    aloud_fetch_settings_clear(&s);
}

/* --- Feeds and sitemaps --------------------------------------------------- */

static struct aloud_listing *read_listing(const char *xml, const char *base)
{
    struct aloud_listing *l = NULL;
    char *err = NULL;
    int rc = aloud_listing_read(xml, strlen(xml), base, &l, &err);
    if (rc)
        fprintf(stderr, "listing: %s\n", err);
    free(err);
    return l;
}

static char *words(int n)
{
    char *s = aloud_xmalloc((size_t)n * 8 + 1);
    s[0] = '\0';
    for (int i = 0; i < n; i++)
        strcat(s, i % 12 == 11 ? "words. " : "word ");
    return s;
}

static void test_rss(void)
{
    char *many = words(200);
    char xml[8192];
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?>\n"
             "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
             "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>T</title>"
             "<language>en-gb</language>"
             "<item><title>One &amp; two</title><link> /news/one </link>"
             "<description>Short.</description>"
             "<content:encoded><![CDATA[<p>%s</p>]]></content:encoded>"
             "<pubDate>Fri, 27 Feb 2026 09:00:00 +0100</pubDate>"
             "<dc:creator>Ann Writer</dc:creator><dc:creator>Bob Writer</dc:creator></item>"
             "<item><title>No link</title><guid isPermaLink=\"false\">abc</guid></item>"
             "<item><guid>https://example.org/by-guid</guid><author>x@example.org (Cy Young)"
             "</author><description>&lt;p&gt;Only a summary.&lt;/p&gt;</description></item>"
             "<item><link>ftp://example.org/nope</link></item>"
             "</channel></rss>",
             many);
    struct aloud_listing *l = read_listing(xml, "https://example.org/feed.xml");
    CHECK(l && l->kind == ALOUD_LISTING_RSS);
    CHECK(l && l->n_entries == 2);
    if (l && l->n_entries == 2) {
        const struct aloud_listing_entry *e = &l->entries[0];
        CHECK_STR(e->url, "https://example.org/news/one");
        CHECK_STR(e->title, "One & two");
        CHECK_STR(e->author, "Ann Writer, Bob Writer");
        CHECK_STR(e->language, "en-gb");
        CHECK(e->date == 1772179200); /* 2026-02-27T08:00:00Z */
        CHECK(aloud_listing_entry_whole(e));
        size_t len = 0;
        char *html = aloud_listing_entry_html(e, &len);
        CHECK(len == strlen(html));
        CHECK(strstr(html, "<title>One &amp; two</title>") != NULL);
        CHECK(strstr(html, "<meta name=\"author\" content=\"Ann Writer, Bob Writer\">") != NULL);
        CHECK(strstr(html, "content=\"2026-02-27T08:00:00Z\"") != NULL);
        CHECK(strstr(html, "<link rel=\"canonical\" href=\"https://example.org/news/one\">"));
        CHECK(strstr(html, "<html lang=\"en-gb\">") != NULL);
        free(html);
        const struct aloud_listing_entry *g = &l->entries[1];
        CHECK_STR(g->url, "https://example.org/by-guid");
        CHECK_STR(g->author, "Cy Young");
        CHECK_STR(g->summary, "<p>Only a summary.</p>");
        CHECK(!aloud_listing_entry_whole(g));
    }
    aloud_listing_free(l);
    free(many);
}

static void test_whole_rule(void)
{
    char *many = words(200);
    char *few = words(40);
    struct aloud_listing_entry e = {.url = (char *)"https://example.org/a"};
    CHECK(!aloud_listing_entry_whole(&e)); /* no content */
    static char content[8192];
    snprintf(content, sizeof content, "<p>%s</p>", many);
    e.content = content;
    CHECK(aloud_listing_entry_whole(&e));
    /* The summary again, even a long one: not the article. */
    e.summary = content;
    CHECK(!aloud_listing_entry_whole(&e));
    e.summary = NULL;
    /* Short: an excerpt. */
    snprintf(content, sizeof content, "<p>%s</p>", few);
    CHECK(!aloud_listing_entry_whole(&e));
    /* Cut with an ellipsis or a "read more" link. */
    snprintf(content, sizeof content, "<p>%s [\xE2\x80\xA6]</p>", many);
    CHECK(!aloud_listing_entry_whole(&e));
    snprintf(content, sizeof content, "<p>%s</p><p><a href=\"/a\">Continue reading &rarr;</a></p>",
             many);
    CHECK(!aloud_listing_entry_whole(&e));
    snprintf(content, sizeof content, "<p>%s ...</p>", many);
    CHECK(!aloud_listing_entry_whole(&e));
    free(many);
    free(few);
}

static void test_atom(void)
{
    const char *xml =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://example.org/blog/\" "
        "xml:lang=\"de\"><title>B</title><author><name>Feed Author</name></author>"
        "<entry><title type=\"html\">&lt;b&gt;Bold&lt;/b&gt; title</title>"
        "<link rel=\"edit\" href=\"/edit/1\"/>"
        "<link rel=\"alternate\" type=\"application/pdf\" href=\"one.pdf\"/>"
        "<link rel=\"alternate\" type=\"text/html\" href=\"one\"/>"
        "<published>2026-02-01T10:00:00Z</published><updated>2026-02-03T10:00:00Z</updated>"
        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Hi "
        "<em>there</em></p></div></content></entry>"
        "<entry xml:base=\"https://other.example/\"><title>Two</title><link href=\"two\"/>"
        "<author><name>Own Author</name></author><updated>2026-01-01</updated>"
        "<content type=\"text\">Plain &lt;text&gt;\n\nSecond para</content></entry>"
        "<entry><title>Out of line</title><id>https://example.org/three</id>"
        "<content src=\"https://example.org/three.html\"/></entry>"
        "</feed>";
    struct aloud_listing *l = read_listing(xml, "https://example.org/atom.xml");
    CHECK(l && l->kind == ALOUD_LISTING_ATOM && l->n_entries == 3);
    if (l && l->n_entries == 3) {
        const struct aloud_listing_entry *a = &l->entries[0];
        CHECK_STR(a->url, "https://example.org/blog/one");
        CHECK_STR(a->title, "Bold title");
        CHECK_STR(a->author, "Feed Author");
        CHECK_STR(a->language, "de");
        CHECK(a->date == 1769940000);
        CHECK(a->lastmod == 1770112800);
        CHECK(a->content && strstr(a->content, "<p>Hi <em>there</em></p>"));
        const struct aloud_listing_entry *b = &l->entries[1];
        CHECK_STR(b->url, "https://other.example/two");
        CHECK_STR(b->author, "Own Author");
        CHECK_STR(b->content, "<p>Plain &lt;text&gt;</p>\n<p>Second para</p>\n");
        CHECK(b->date == b->lastmod && b->date == 1767225600);
        const struct aloud_listing_entry *c = &l->entries[2];
        CHECK_STR(c->url, "https://example.org/three");
        CHECK(c->content == NULL);
    }
    aloud_listing_free(l);
}

static void test_sitemaps(void)
{
    const char *urlset =
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        "<url><loc>https://example.org/a</loc><lastmod>2026-02-01</lastmod></url>"
        "<url><loc>\n  https://example.org/b?x=1&amp;y=2\n</loc>"
        "<lastmod>2026-02-01T10:00:00+01:00</lastmod></url>"
        "<url><loc>not a url</loc></url><url><lastmod>2026-01-01</lastmod></url>"
        "</urlset>";
    struct aloud_listing *l = read_listing(urlset, "https://example.org/sitemap.xml");
    CHECK(l && l->kind == ALOUD_LISTING_SITEMAP && l->n_entries == 2);
    if (l && l->n_entries == 2) {
        CHECK_STR(l->entries[0].url, "https://example.org/a");
        CHECK(l->entries[0].lastmod == 1769904000);
        CHECK_STR(l->entries[1].url, "https://example.org/b?x=1&y=2");
        CHECK(l->entries[1].lastmod == 1769936400);
    }
    aloud_listing_free(l);
    /* No namespace, or a wrong one: still a sitemap. */
    l = read_listing("<urlset><url><loc>https://example.org/c</loc></url></urlset>",
                     "https://example.org/s.xml");
    CHECK(l && l->n_entries == 1);
    aloud_listing_free(l);

    const char *index = "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                        "<sitemap><loc>https://example.org/s1.xml</loc></sitemap>"
                        "<sitemap><loc>/s2.xml.gz</loc></sitemap></sitemapindex>";
    l = read_listing(index, "https://example.org/index.xml");
    CHECK(l && l->kind == ALOUD_LISTING_SITEMAP_INDEX && l->n_entries == 2);
    if (l && l->n_entries == 2)
        CHECK_STR(l->entries[1].url, "https://example.org/s2.xml.gz");
    aloud_listing_free(l);

    /* Gzipped. */
    const char *plain = "<urlset><url><loc>https://example.org/z</loc></url></urlset>";
    unsigned char gz[512];
    z_stream z = {0};
    CHECK(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    z.next_in = (Bytef *)plain;
    z.avail_in = (uInt)strlen(plain);
    z.next_out = gz;
    z.avail_out = sizeof gz;
    CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
    size_t gz_len = sizeof gz - z.avail_out;
    deflateEnd(&z);
    l = NULL;
    char *err = NULL;
    CHECK(aloud_listing_read((const char *)gz, gz_len, "https://example.org/s.xml.gz", &l, &err) ==
          0);
    CHECK(l && l->n_entries == 1 && strcmp(l->entries[0].url, "https://example.org/z") == 0);
    aloud_listing_free(l);
    free(err);
}

static void test_not_listings(void)
{
    const char *bad[] = {"", "not xml at all", "<html><body>a page</body></html>",
                         "<feed><entry/></feed>" /* no Atom namespace */};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct aloud_listing *l = NULL;
        char *err = NULL;
        CHECK(aloud_listing_read(bad[i], strlen(bad[i]), "https://example.org/", &l, &err) ==
              -EINVAL);
        CHECK(l == NULL && err && strstr(err, "neither an RSS or Atom feed nor a sitemap"));
        free(err);
    }
    /* Entities are not expanded: a billion laughs ends the reading (as
     * libxml2 sees a loop) and no file is read. */
    const char *laughs =
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c "
        "\"&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
        "<rss><channel><item><title>&c;</title><link>https://example.org/x</link></item>"
        "</channel></rss>";
    struct aloud_listing *l = read_listing(laughs, "https://example.org/");
    for (size_t i = 0; l && i < l->n_entries; i++)
        CHECK(!l->entries[i].title || strlen(l->entries[i].title) < 100);
    aloud_listing_free(l);
    const char *file = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY f SYSTEM "
                       "\"file:///etc/passwd\"><!ENTITY g \"inner\">]><rss><channel><item>"
                       "<title>A &f;&g; B</title><link>https://example.org/x</link></item>"
                       "</channel></rss>";
    l = read_listing(file, "https://example.org/");
    CHECK(l && l->n_entries == 1);
    if (l && l->n_entries == 1)
        CHECK_STR(l->entries[0].title, "A B");
    aloud_listing_free(l);
    /* Broken XML is read as far as it goes. */
    l = read_listing("<rss><channel><item><link>https://example.org/y</link></item><item>",
                     "https://example.org/");
    CHECK(l && l->n_entries >= 1);
    aloud_listing_free(l);
}

/* --- Settings ------------------------------------------------------------- */

static void test_settings(void)
{
    struct aloud_fetch_settings s;
    aloud_fetch_settings_init(&s);
    CHECK(s.max_bytes == 10u * 1024 * 1024 && s.timeout_s == 30 && s.host_delay_ms == 500);
    char *msg = NULL;
    CHECK(aloud_fetch_settings_set(&s, "feed", "https://example.org/feed.xml", &msg) == 0);
    CHECK(aloud_fetch_settings_set(&s, "feed", "https://example.org/atom.xml", &msg) == 0);
    CHECK(s.n_feeds == 2);
    CHECK(aloud_fetch_settings_set(&s, "sitemap", "https://example.org/s.xml", &msg) == 0);
    CHECK(aloud_fetch_settings_set(&s, "urls", "lists/urls.txt", &msg) == 0);
    CHECK_STR(s.urls_file, "lists/urls.txt");
    CHECK(aloud_fetch_settings_set(&s, "limit", "50", &msg) == 0 && s.limit == 50);
    CHECK(aloud_fetch_settings_set(&s, "prune", "true", &msg) == 0 && s.prune == 1);
    CHECK(aloud_fetch_settings_set(&s, "prune", "off", &msg) == 0 && s.prune == 0);
    CHECK(aloud_fetch_settings_set(&s, "max_bytes", "2M", &msg) == 0 &&
          s.max_bytes == 2u * 1024 * 1024);
    CHECK(aloud_fetch_settings_set(&s, "max_bytes", "65536", &msg) == 0 && s.max_bytes == 65536);
    CHECK(aloud_fetch_settings_set(&s, "timeout", "5", &msg) == 0 && s.timeout_s == 5);
    CHECK(aloud_fetch_settings_set(&s, "host_delay", "0.25", &msg) == 0 && s.host_delay_ms == 250);
    static const char *const bad[][3] = {
        {"feed", "example.org/feed", "feed: must be an absolute http(s) URL"},
        {"sitemap", "file:///etc/passwd", "sitemap: must be"},
        {"urls", "../urls.txt", "urls: '../urls.txt' is not a file in content/"},
        {"urls", "/etc/urls.txt", "is not a file in content/"},
        {"include", "", "include: the pattern is empty"},
        {"limit", "0", "limit: expected a number"},
        {"limit", "5k", "limit: expected a number"},
        {"prune", "maybe", "prune: expected true or false"},
        {"max_bytes", "10", "max_bytes: expected a size"},
        {"max_bytes", "2G", "max_bytes: expected a size"},
        {"timeout", "-1", "timeout: expected seconds"},
        {"host_delay", "fast", "host_delay: expected seconds"},
        {"colour", "blue", "unknown key 'colour' in [sources]"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(aloud_fetch_settings_set(&s, bad[i][0], bad[i][1], &msg) == -EINVAL);
        CHECK(msg && strstr(msg, bad[i][2]));
        if (!msg || !strstr(msg, bad[i][2]))
            fprintf(stderr, "  %s = %s: %s\n", bad[i][0], bad[i][1], msg ? msg : "(none)");
    }
    free(msg);
    aloud_fetch_settings_clear(&s);
}

/* [sources] through podcast.ini: keys reach the settings, errors name the
 * line. */
static void test_podcast_sources(void)
{
    char path[] = "/tmp/aloud-test-fetch-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    const char *ini = "[podcast]\ntitle = T\ndescription = D\nauthor = A\nlanguage = en\n"
                      "base_url = https://example.org/\ncategory = News\nexplicit = false\n"
                      "[sources]\nfeed = https://example.org/feed.xml ; the news\n"
                      "urls = urls.txt\nexclude = */tag/*\nlimit = 5\n";
    CHECK(write(fd, ini, strlen(ini)) == (ssize_t)strlen(ini));
    close(fd);
    struct aloud_podcast *p = NULL;
    char *err = NULL;
    CHECK(aloud_podcast_load(path, &p, &err) == 0);
    if (p) {
        CHECK(p->sources.n_feeds == 1);
        CHECK_STR(p->sources.feeds[0], "https://example.org/feed.xml");
        CHECK_STR(p->sources.urls_file, "urls.txt");
        CHECK(p->sources.urls_line == 11);
        CHECK(p->sources.n_exclude == 1 && p->sources.limit == 5);
    }
    aloud_podcast_free(p);
    FILE *fp = fopen(path, "a");
    fputs("max_bytes = lots\n", fp);
    fclose(fp);
    p = NULL;
    CHECK(aloud_podcast_load(path, &p, &err) == -EINVAL);
    CHECK(err && strstr(err, ":14: max_bytes: expected a size"));
    free(err);
    unlink(path);
}

int main(void)
{
    test_robots_groups();
    test_robots_rules();
    test_robots_encoding();
    test_robots_unreachable();
    test_file_names();
    test_url_patterns();
    test_rss();
    test_whole_rule();
    test_atom();
    test_sitemaps();
    test_not_listings();
    test_settings();
    test_podcast_sources();
    return check_done();
}
