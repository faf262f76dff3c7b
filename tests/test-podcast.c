/* Tests of content/podcast.ini: a good file read key by key, and each kind
 * of mistake an editor makes reported with the file, the line and the key;
 * the UUIDs the feed's guids are made of, against published values. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aloud/book.h"
#include "aloud/podcast.h"
#include "aloud/util.h"
#include "check.h"

static char dir[] = "/tmp/aloud-podcast-XXXXXX";

static const char good[] =
    "; the show\n"
    "[podcast]\n"
    "title = Fish & <Chips> \xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1\n"
    "description = A show.\n"
    "author = Ann Writer\n"
    "owner_name = Editors\n"
    "owner_email = editors@example.org\n"
    "language = en-GB\n"
    "base_url = https://audio.example.org/show\n"
    "link = https://example.org/\n"
    "artwork = art.png\n"
    "category = Health & Fitness/Mental Health\n"
    "explicit = true\n"
    "copyright = 2026 the authors\n"
    "[audio]\n"
    "target_lufs = -19\n"
    "max_true_peak = -1.5\n"
    "mp3_bitrate = 96\n"
    "mp3_sample_rate = 22050\n"
    "mp3_quality = 5\n"
    "[voice]\n"
    "profile = en-us\n";

/* Loads text as a podcast.ini; returns the error (caller frees) or NULL,
 * with the settings in *out when out is not NULL. */
static char *load(const char *text, struct aloud_podcast **out)
{
    char *path = aloud_xasprintf("%s/podcast.ini", dir);
    char *err = NULL;
    CHECK(aloud_file_write_atomic(path, text, strlen(text), &err) == 0);
    struct aloud_podcast *p = NULL;
    int rc = aloud_podcast_load(path, &p, &err);
    CHECK((rc == 0) == (p != NULL));
    CHECK((rc == 0) == (err == NULL));
    if (out)
        *out = p;
    else
        aloud_podcast_free(p);
    unlink(path);
    free(path);
    return err;
}

/* text with the line starting with key replaced by line (or removed when
 * line is NULL). Caller frees. */
static char *with_line(const char *key, const char *line)
{
    struct aloud_buf b = {0};
    const char *p = good;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = (size_t)(nl - p) + 1;
        if (strncmp(p, key, strlen(key)) == 0 && p[strlen(key)] == ' ') {
            if (line) {
                aloud_buf_puts(&b, line);
                aloud_buf_putc(&b, '\n');
            }
        } else {
            aloud_buf_append(&b, p, n);
        }
        p += n;
    }
    return aloud_buf_steal(&b);
}

/* Expects the error for text to be "DIR/podcast.ini" + tail. */
static void expect_error(const char *text, const char *tail)
{
    char *err = load(text, NULL);
    char *want = aloud_xasprintf("%s/podcast.ini%s", dir, tail);
    CHECK(err != NULL);
    if (err && strncmp(err, want, strlen(want)) != 0) {
        fprintf(stderr, "error \"%s\" does not start with \"%s\"\n", err, want);
        CHECK(0);
    }
    free(want);
    free(err);
}

static void expect_line_error(const char *key, const char *line, const char *tail)
{
    char *text = with_line(key, line);
    expect_error(text, tail);
    free(text);
}

static void test_good(void)
{
    struct aloud_podcast *p = NULL;
    char *err = load(good, &p);
    CHECK(err == NULL);
    free(err);
    if (!p)
        return;
    CHECK_STR(p->title, "Fish & <Chips> \xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1");
    CHECK_STR(p->base_url, "https://audio.example.org/show/"); /* the slash is added */
    CHECK_STR(p->category, "Health & Fitness");
    CHECK_STR(p->subcategory, "Mental Health");
    CHECK_STR(p->owner_email, "editors@example.org");
    CHECK_STR(p->voice, "en-us");
    CHECK(p->explicit_content == 1);
    CHECK(p->audio.target_lufs == -19);
    CHECK(p->audio.max_true_peak == -1.5);
    CHECK(p->audio.mp3_bitrate_kbps == 96);
    CHECK(p->audio.mp3_sample_rate == 22050);
    CHECK(p->audio.mp3_quality == 5);
    char *feed = aloud_podcast_feed_url(p);
    CHECK_STR(feed, "https://audio.example.org/show/feed.xml");
    free(feed);
    /* podcast:guid: UUIDv5 of "audio.example.org/show/feed.xml" (Python's
     * uuid.uuid5 gives the same). */
    CHECK_STR(p->guid, "e92fa0c4-8f89-5d68-9b89-c1690addd0b0");
    aloud_podcast_free(p);

    /* Artwork in a folder of content/, or anywhere on the web. */
    const char *art_ok[] = {"artwork = img/Cover.JPG", "artwork = https://cdn.example.org/a"};
    for (size_t i = 0; i < sizeof art_ok / sizeof art_ok[0]; i++) {
        char *text = with_line("artwork", art_ok[i]);
        char *e = load(text, NULL);
        CHECK(e == NULL);
        free(e);
        free(text);
    }

    /* Optional keys may be left out; [audio] takes the defaults. */
    struct aloud_podcast *minimal = NULL;
    const char *min_text = "[podcast]\ntitle = T\ndescription = D\nauthor = A\nlanguage = de\n"
                           "base_url = http://localhost:8000/\ncategory = News\nexplicit = no\n";
    err = load(min_text, &minimal);
    CHECK(err == NULL);
    free(err);
    if (minimal) {
        CHECK(minimal->subcategory == NULL);
        CHECK(minimal->explicit_content == 0);
        CHECK(minimal->audio.target_lufs == -16);
        CHECK(minimal->audio.mp3_bitrate_kbps == 64);
        CHECK(minimal->voice == NULL);
    }
    aloud_podcast_free(minimal);
}

static void test_errors(void)
{
    /* Each required key, missing: the file and the key. */
    const char *required[] = {"title",    "description", "author",  "language",
                              "base_url", "category",    "explicit"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        char *tail = aloud_xasprintf(": [podcast] %s is required", required[i]);
        expect_line_error(required[i], NULL, tail);
        free(tail);
    }
    /* Bad values: the file, the line and the key. base_url is line 9. */
    expect_line_error("base_url", "base_url = ftp://audio.example.org/",
                      ":9: base_url: must be an absolute http(s) URL");
    expect_line_error("base_url", "base_url = /srv/out", ":9: base_url:");
    expect_line_error("base_url", "base_url = https://", ":9: base_url:");
    expect_line_error("base_url", "base_url = https://a.org/x y", ":9: base_url:");
    expect_line_error("base_url", "base_url =", ":9: base_url:");
    expect_line_error("link", "link = example.org", ":10: link:");
    expect_line_error("artwork", "artwork = ../outside.png", ":11: artwork:");
    expect_line_error("artwork", "artwork = img/../../outside.png", ":11: artwork:");
    expect_line_error("artwork", "artwork = /etc/cover.png", ":11: artwork:");
    expect_line_error("artwork", "artwork = cover.gif", ":11: artwork:");
    expect_line_error("artwork", "artwork = ftp://x.org/a.png", ":11: artwork:");
    expect_line_error("owner_email", "owner_email = nobody", ":7: owner_email:");
    expect_line_error("language", "language = english!", ":8: language:");
    expect_line_error("category", "category = Nonsense", ":12: category:");
    expect_line_error("category", "category = News/Mental Health", ":12: category:");
    expect_line_error("category", "category = health & fitness", ":12: category:");
    expect_line_error("explicit", "explicit = maybe", ":13: explicit");
    expect_line_error("title", "colour = blue", ":3: unknown key 'colour'");
    expect_line_error("target_lufs", "target_lufs = loud", ":16: target_lufs");
    expect_line_error("target_lufs", "target_lufs = 3", ":16: target_lufs");
    expect_line_error("mp3_bitrate", "mp3_bitrate = 65", ":18: mp3_bitrate");
    expect_line_error("mp3_sample_rate", "mp3_sample_rate = 12345", ":19: mp3_sample_rate");
    expect_line_error("mp3_quality", "mp3_quality = 10", ":20: mp3_quality");
    expect_line_error("profile", "voice = en", ":22: unknown key 'voice' in [voice]");
    char *text = aloud_xasprintf("%s[video]\nwidth = 3\n", good);
    expect_error(text, ":24: unknown section [video]");
    free(text);
    /* Not UTF-8: the file is refused as a whole. */
    expect_line_error("title", "title = bad \xff byte", ": not UTF-8");

    /* A file that is not there names the file. */
    char *missing = aloud_xasprintf("%s/none.ini", dir);
    struct aloud_podcast *p = NULL;
    char *err = NULL;
    CHECK(aloud_podcast_load(missing, &p, &err) < 0);
    CHECK(p == NULL);
    CHECK(err && strncmp(err, missing, strlen(missing)) == 0);
    free(err);
    free(missing);
}

static void test_categories(void)
{
    CHECK(aloud_podcast_category_valid("News", NULL));
    CHECK(aloud_podcast_category_valid("Health & Fitness", "Mental Health"));
    CHECK(aloud_podcast_category_valid("Society & Culture", "Documentary"));
    CHECK(aloud_podcast_category_valid("Technology", NULL));
    CHECK(!aloud_podcast_category_valid("Technology", "Gadgets"));
    CHECK(!aloud_podcast_category_valid("Mental Health", NULL)); /* a subcategory alone */
    CHECK(!aloud_podcast_category_valid("", NULL));
}

static void test_uuid(void)
{
    char out[37];
    /* RFC 4122's DNS namespace; Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"). */
    CHECK(aloud_uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org", out) == 0);
    CHECK_STR(out, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
    CHECK(aloud_uuid5("not-a-uuid", "x", out) == -EINVAL);
    CHECK(aloud_uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c", "x", out) == -EINVAL);
    /* The Podcasting 2.0 spec's own example of podcast:guid. */
    aloud_podcast_guid_for_url("https://mp3s.nashownotes.com/pc20rss.xml", out);
    CHECK_STR(out, "917393e3-1b1e-5cef-ace4-edaa54e1f810");
    aloud_podcast_guid_for_url("http://mp3s.nashownotes.com/pc20rss.xml/", out);
    CHECK_STR(out, "917393e3-1b1e-5cef-ace4-edaa54e1f810");
}

/* [talking_books] formats: a list of names, none by default. */
static void test_talking_books(void)
{
    struct aloud_podcast *p = NULL;
    char *err = load(good, &p);
    CHECK(!err && p && p->book_formats == 0);
    aloud_podcast_free(p);
    char *text = aloud_xasprintf("%s[talking_books]\nformats = epub3,daisy202\n", good);
    err = load(text, &p);
    CHECK(!err && p && p->book_formats == (ALOUD_BOOK_EPUB3 | ALOUD_BOOK_DAISY202));
    aloud_podcast_free(p);
    free(text);
    text = aloud_xasprintf("%s[talking_books]\nformats = none\n", good);
    err = load(text, &p);
    CHECK(!err && p && p->book_formats == 0);
    aloud_podcast_free(p);
    free(text);
    text = aloud_xasprintf("%s[talking_books]\nformats = epub3, mobi\n", good);
    err = load(text, NULL);
    CHECK(err && strstr(err, "podcast.ini:24: formats: 'mobi' is not a talking-book format"));
    free(err);
    free(text);
    text = aloud_xasprintf("%s[talking_books]\nformat = epub3\n", good);
    err = load(text, NULL);
    CHECK(err && strstr(err, "unknown key 'format' in [talking_books]"));
    free(err);
    free(text);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    test_good();
    test_errors();
    test_categories();
    test_uuid();
    test_talking_books();
    rmdir(dir);
    return check_done();
}
