/* Tests of the site builder through its library call, on a copy of the
 * fixture site in tests/data/site/basic: slugs that are safe whatever an
 * editor writes, what out/ holds after a build, an unchanged rebuild that
 * touches nothing, an edit that moves one episode to new files and removes
 * the old ones, failures (a duplicate slug, a symbolic link out of content/,
 * bad settings) that name the files, and a removed article leaving. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aloud/segcache.h"
#include "aloud/site.h"
#include "aloud/slug.h"
#include "aloud/util.h"
#include "check.h"

static char root[] = "/tmp/aloud-site-XXXXXX";

static void test_slugs(void)
{
    struct {
        const char *in, *out;
    } cases[] = {
        {"Hello World", "hello-world"},
        {"  --Trim me--  ", "trim-me"},
        {"Café Crème Brûlée", "cafe-creme-brulee"},
        {"Straße über Ærø Łódź Čeština Þing", "strasse-uber-aero-lodz-cestina-thing"},
        {"../../etc/passwd", "etc-passwd"},
        {"/tmp/evil", "tmp-evil"},
        {"a\\b", "a-b"},
        {"ctl\x01\x1f"
         "name\n",
         "ctl-name"},
        {"2026-02-27 News!", "2026-02-27-news"},
        {"Ελληνικά and 日本語 text", "and-text"},
        {"a.b.c", "a-b-c"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = aloud_slugify(cases[i].in);
        CHECK_STR(s, cases[i].out);
        free(s);
    }
    /* Nothing usable: NULL (the builder falls back to "episode-" + hash). */
    const char *empty[] = {"", "...", "/", "日本語", "--", "\x01"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        char *s = aloud_slugify(empty[i]);
        CHECK(s == NULL);
        free(s);
    }
    /* At most 80 characters, no dash at the end after the cut. */
    char long_name[301];
    for (int i = 0; i < 300; i++)
        long_name[i] = i % 10 == 9 ? ' ' : 'a';
    long_name[300] = '\0';
    char *s = aloud_slugify(long_name);
    CHECK(s && strlen(s) <= 80 && s[strlen(s) - 1] != '-');
    free(s);
}

/* --- Files --------------------------------------------------------------- */

static char *path_in(const char *dir, const char *name)
{
    return aloud_xasprintf("%s/%s", dir, name);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char *p = path_in(dir, name);
    char *err = NULL;
    CHECK(aloud_file_write_atomic(p, text, strlen(text), &err) == 0);
    free(err);
    free(p);
}

/* The file's bytes (NUL-terminated; caller frees) and their count in
 * *len when len is not NULL, or NULL. */
static char *read_bytes(const char *dir, const char *name, size_t *len)
{
    char *p = path_in(dir, name);
    char *data = NULL;
    size_t n = 0;
    if (aloud_file_read(p, 64u << 20, &data, &n, NULL) != 0)
        data = NULL;
    if (len)
        *len = n;
    free(p);
    return data;
}

static char *read_file(const char *dir, const char *name)
{
    return read_bytes(dir, name, NULL);
}

static int exists(const char *dir, const char *name)
{
    char *p = path_in(dir, name);
    struct stat st;
    int ok = lstat(p, &st) == 0;
    free(p);
    return ok;
}

/* The name in dir that starts with prefix and ends with suffix, or NULL
 * (caller frees); *count gets how many there are. */
static char *find(const char *dir, const char *prefix, const char *suffix, int *count)
{
    DIR *d = opendir(dir);
    char *found = NULL;
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d))) {
        size_t l = strlen(de->d_name), ls = strlen(suffix);
        if (strncmp(de->d_name, prefix, strlen(prefix)) == 0 && l >= ls &&
            strcmp(de->d_name + l - ls, suffix) == 0) {
            n++;
            free(found);
            found = aloud_xstrdup(de->d_name);
        }
    }
    if (d)
        closedir(d);
    if (count)
        *count = n;
    return found;
}

static void copy_fixture(const char *site)
{
    char *content = path_in(site, "content");
    CHECK(mkdir(site, 0755) == 0);
    CHECK(mkdir(content, 0755) == 0);
    const char *names[] = {"podcast.ini", "first.md", "second.html"};
    char *src = aloud_xstrdup(TEST_DATA "/site/basic/content");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *text = read_file(src, names[i]);
        CHECK(text != NULL);
        if (text)
            write_file(content, names[i], text);
        free(text);
    }
    free(src);
    free(content);
}

/* Builds site with stderr captured into *messages (caller frees). */
static int build(const char *site, struct aloud_site_result *r, char **err, char **messages)
{
    struct aloud_site_options o = {.dir = site, .voices_dir = ALOUD_SOURCE_VOICES_DIR};
    char *log = path_in(root, "stderr.txt");
    fflush(stderr);
    int saved = dup(2);
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 2);
    close(fd);
    int rc = aloud_site_build(&o, r, err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    *messages = read_file(root, "stderr.txt");
    if (!*messages)
        *messages = aloud_xstrdup("");
    unlink(log);
    free(log);
    return rc;
}

static int contains(const char *haystack, const char *needle)
{
    int ok = haystack && needle && strstr(haystack, needle) != NULL;
    if (!ok)
        fprintf(stderr, "\"%s\" not found in \"%s\"\n", needle ? needle : "(null)",
                haystack ? haystack : "(null)");
    return ok;
}

/* --- Builds -------------------------------------------------------------- */

static void test_build(void)
{
    char *site = path_in(root, "basic");
    copy_fixture(site);
    char *out = path_in(site, "out");
    char *content = path_in(site, "content");
    struct aloud_site_result r;
    char *err = NULL, *msg = NULL;

    int rc = build(site, &r, &err, &msg);
    CHECK(rc == 0);
    CHECK(err == NULL);
    CHECK_STR(msg, "");
    CHECK(r.articles == 2 && r.rendered == 2 && r.unchanged == 0 && r.failed == 0);
    free(msg);
    free(err);
    err = NULL;

    /* out/: the feed, and each episode's files under one hashed name. */
    CHECK(exists(out, "feed.xml"));
    CHECK(exists(out, "index.html"));
    CHECK(exists(out, ".aloud/manifest.json"));
    const char *exts[] = {".mp3", ".vtt", ".chapters.json"};
    char *first_mp3 = find(out, "first.", ".mp3", NULL);
    char *second_mp3 = find(out, "second.", ".mp3", NULL);
    CHECK(first_mp3 && strlen(first_mp3) == strlen("first.12345678.mp3"));
    CHECK(second_mp3 != NULL);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        int n = 0;
        char *f = find(out, "first.", exts[i], &n);
        CHECK(n == 1);
        /* Every file of an episode carries the same hash. */
        CHECK(f && first_mp3 && strncmp(f, first_mp3, strlen("first.12345678")) == 0);
        free(f);
    }
    /* The WAV master is kept apart from what is published. */
    char *masters = path_in(site, "masters");
    char *master = find(masters, "first.", ".wav", NULL);
    CHECK(master && first_mp3 && strncmp(master, first_mp3, strlen("first.12345678")) == 0);
    CHECK(find(out, "", ".wav", NULL) == NULL);
    free(master);
    free(masters);
    char *feed = read_file(out, "feed.xml");
    CHECK(feed && contains(feed, first_mp3) && contains(feed, second_mp3));
    /* An article without a description is described by its first
     * paragraph, not by its title again. */
    CHECK(contains(feed, "<itunes:summary>The second article is a little older than the first "
                         "one. It has a single paragraph of text.</itunes:summary>"));
    /* The second article's canonical URL is its item's link. */
    CHECK(contains(feed, "<link>https://example.org/second</link>"));
    /* Newest first: March before February. */
    CHECK(feed && strstr(feed, first_mp3) < strstr(feed, second_mp3));
    size_t second_len = 0;
    char *second_bytes = read_bytes(out, second_mp3, &second_len);

    /* Nothing changed: nothing rendered, the feed is the same bytes and
     * not even rewritten. */
    struct stat before, after;
    char *feed_path = path_in(out, "feed.xml");
    CHECK(stat(feed_path, &before) == 0);
    rc = build(site, &r, &err, &msg);
    CHECK(rc == 0 && r.rendered == 0 && r.unchanged == 2);
    CHECK(stat(feed_path, &after) == 0);
    CHECK(before.st_mtim.tv_sec == after.st_mtim.tv_sec &&
          before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
    char *feed2 = read_file(out, "feed.xml");
    CHECK(feed && feed2 && strcmp(feed, feed2) == 0);
    free(feed2);
    free(msg);

    /* A lost manifest (or a build killed before writing it): audio the
     * manifest does not vouch for is rendered again, under the same names
     * (eSpeak NG's samples depend on what the process spoke before, so
     * sizes may differ), with the same guids. */
    char *manifest = path_in(out, ".aloud/manifest.json");
    CHECK(unlink(manifest) == 0);
    free(manifest);
    rc = build(site, &r, &err, &msg);
    CHECK(rc == 0 && r.rendered == 2 && r.unchanged == 0);
    feed2 = read_file(out, "feed.xml");
    CHECK(feed2 && contains(feed2, first_mp3) && contains(feed2, second_mp3));
    for (const char *g = feed; g && (g = strstr(g, "<guid")); g++) {
        char *guid = aloud_xstrndup(g, (size_t)(strstr(g, "</guid>") - g));
        CHECK(contains(feed2, guid));
        free(guid);
    }
    free(feed);
    feed = feed2;
    free(second_bytes);
    second_bytes = read_bytes(out, second_mp3, &second_len);
    free(msg);

    /* An edit: the edited episode moves to new files, the old ones go, and
     * the other episode's file and feed entry are untouched. */
    char *text = read_file(content, "first.md");
    char *edited = text ? aloud_xstrdup(text) : NULL;
    if (edited) {
        char *p = strstr(edited, "two short");
        if (p)
            memcpy(p, "two brief", 9);
        write_file(content, "first.md", edited);
    }
    rc = build(site, &r, &err, &msg);
    CHECK(rc == 0 && r.rendered == 1 && r.unchanged == 1);
    free(msg);
    int n = 0;
    char *new_mp3 = find(out, "first.", ".mp3", &n);
    CHECK(n == 1);
    CHECK(new_mp3 && first_mp3 && strcmp(new_mp3, first_mp3) != 0);
    CHECK(first_mp3 && !exists(out, first_mp3));
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        free(find(out, "first.", exts[i], &n));
        CHECK(n == 1);
    }
    size_t again_len = 0;
    char *second_again = read_bytes(out, second_mp3, &again_len);
    CHECK(second_bytes && second_again && second_len > 1000 && again_len == second_len &&
          memcmp(second_bytes, second_again, second_len) == 0);
    free(second_again);
    feed2 = read_file(out, "feed.xml");
    CHECK(feed2 && contains(feed2, new_mp3) && !strstr(feed2, first_mp3) &&
          contains(feed2, second_mp3));
    /* The second item is byte for byte what it was. */
    const char *item1 = feed ? strstr(feed, "<item>") : NULL;
    const char *item1b = feed2 ? strstr(feed2, "<item>") : NULL;
    const char *old2 = item1 ? strstr(item1 + 1, "<item>") : NULL;
    const char *new2 = item1b ? strstr(item1b + 1, "<item>") : NULL;
    CHECK(old2 && new2 && strcmp(old2, new2) == 0);
    free(feed2);

    /* A duplicate slug: an error for the second file naming both; the
     * others are built. */
    write_file(content, "zz-copy.md", "---\ntitle: Copy\nslug: First\n---\n\nA copy of it.\n");
    rc = build(site, &r, &err, &msg);
    CHECK(rc == 1 && r.failed == 1 && r.unchanged == 2);
    CHECK(contains(msg, "zz-copy.md") && contains(msg, "first.md") && contains(msg, "'first'"));
    free(msg);
    char *dup_path = path_in(content, "zz-copy.md");
    unlink(dup_path);
    free(dup_path);

    /* A symbolic link to a file outside content/ is refused and not read. */
    write_file(root, "secret.md", "---\ntitle: Secret\n---\n\nNot for the feed.\n");
    char *secret = path_in(root, "secret.md");
    char *link = path_in(content, "link.md");
    CHECK(symlink(secret, link) == 0);
    rc = build(site, &r, &err, &msg);
    CHECK(rc == 1 && r.failed == 1);
    CHECK(contains(msg, "link.md") && contains(msg, "outside content/"));
    free(msg);
    feed2 = read_file(out, "feed.xml");
    CHECK(feed2 && !strstr(feed2, "Secret"));
    free(feed2);
    CHECK(find(out, "link.", ".mp3", &n) == NULL && n == 0);
    unlink(link);
    free(link);
    free(secret);

    /* A published article that breaks keeps its episode as it was. */
    write_file(content, "second.html", "");
    rc = build(site, &r, &err, &msg);
    CHECK(rc == 1 && r.failed == 1);
    CHECK(contains(msg, "second.html"));
    free(msg);
    feed2 = read_file(out, "feed.xml");
    CHECK(feed2 && contains(feed2, second_mp3));
    free(feed2);
    CHECK(exists(out, second_mp3));

    /* Removed from content/: its episode leaves the feed and out/. */
    char *second_src = path_in(content, "second.html");
    unlink(second_src);
    free(second_src);
    rc = build(site, &r, &err, &msg);
    CHECK(rc == 0 && r.articles == 1);
    free(msg);
    feed2 = read_file(out, "feed.xml");
    CHECK(feed2 && !strstr(feed2, second_mp3) && !strstr(feed2, "Second article"));
    free(feed2);
    CHECK(!exists(out, second_mp3));
    CHECK(!exists(out, "second.html"));
    CHECK(find(out, "second.", ".vtt", &n) == NULL);

    free(new_mp3);
    free(text);
    free(edited);
    free(feed_path);
    free(second_bytes);
    free(feed);
    free(first_mp3);
    free(second_mp3);
    free(content);
    free(out);
    free(site);
}

/* Slugs and file names that try to leave out/ land inside it. */
static void test_escapes(void)
{
    char *site = path_in(root, "escape");
    char *content = path_in(site, "content");
    char *out = path_in(site, "out");
    CHECK(mkdir(site, 0755) == 0 && mkdir(content, 0755) == 0);
    char *ini = read_file(TEST_DATA "/site/basic/content", "podcast.ini");
    write_file(content, "podcast.ini", ini ? ini : "");
    free(ini);
    write_file(content, "a.md", "---\ntitle: A\nslug: ../../../escaped\n---\n\nText.\n");
    write_file(content, "b.md", "---\ntitle: B\nslug: /tmp/absolute\n---\n\nText.\n");
    write_file(content, "c\x01\x1b[31m.md", "---\ntitle: C\n---\n\nText.\n");
    write_file(content, "\xe6\x97\xa5.md", "---\ntitle: D\n---\n\nText.\n");
    struct aloud_site_result r;
    char *err = NULL, *msg = NULL;
    int rc = build(site, &r, &err, &msg);
    CHECK(rc == 0 && r.rendered == 4);
    free(msg);
    CHECK(!exists(root, "escaped") && !exists(site, "escaped"));
    char *f = find(out, "escaped.", ".mp3", NULL);
    CHECK(f != NULL);
    free(f);
    CHECK((f = find(out, "tmp-absolute.", ".mp3", NULL)) != NULL);
    free(f);
    CHECK((f = find(out, "c-31m.", ".mp3", NULL)) != NULL);
    free(f);
    CHECK((f = find(out, "episode-", ".mp3", NULL)) != NULL);
    free(f);
    /* Only out/, masters/ and content/ in the site; only safe names in
     * out/. */
    DIR *d = opendir(site);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        const char *n = de->d_name;
        CHECK(!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, "content") || !strcmp(n, "out") ||
              !strcmp(n, "masters"));
    }
    closedir(d);
    d = opendir(out);
    while (d && (de = readdir(d))) {
        const char *n = de->d_name;
        CHECK(n[0] == '.' ? !strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, ".aloud")
                          : strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789.-") == strlen(n));
    }
    closedir(d);
    free(out);
    free(content);
    free(site);
}

/* Settings errors stop the build before out/ is made. */
static void test_settings_error(void)
{
    char *site = path_in(root, "badini");
    char *content = path_in(site, "content");
    CHECK(mkdir(site, 0755) == 0 && mkdir(content, 0755) == 0);
    char *ini = read_file(TEST_DATA "/site/basic/content", "podcast.ini");
    char *bad = ini ? aloud_xstrdup(ini) : aloud_xstrdup("");
    char *p = strstr(bad, "https://audio.example.org/fixture/");
    if (p)
        memcpy(p, "ftp", 3);
    write_file(content, "podcast.ini", bad);
    write_file(content, "a.md", "---\ntitle: A\n---\n\nText.\n");
    struct aloud_site_result r;
    char *err = NULL, *msg = NULL;
    int rc = build(site, &r, &err, &msg);
    CHECK(rc == -EINVAL);
    char *want = aloud_xasprintf("%s/podcast.ini:9: base_url:", content);
    CHECK(err && strncmp(err, want, strlen(want)) == 0);
    if (err && strncmp(err, want, strlen(want)) != 0)
        fprintf(stderr, "got \"%s\"\n", err);
    CHECK(!exists(site, "out"));
    free(want);
    free(err);
    err = NULL;
    free(msg);

    /* A voice profile that does not exist, named in podcast.ini. */
    char *with_voice = aloud_xasprintf("%s[voice]\nprofile = klingon\n", ini ? ini : "");
    write_file(content, "podcast.ini", with_voice);
    rc = build(site, &r, &err, &msg);
    CHECK(rc == -EINVAL);
    char *want_voice =
        aloud_xasprintf("%s/podcast.ini:18: profile: unknown voice 'klingon'", content);
    CHECK(err && contains(err, want_voice));
    CHECK(!exists(site, "out"));
    free(want_voice);
    free(with_voice);
    free(err);
    err = NULL;
    free(msg);

    /* Artwork that is not there, or a link out of content/: the feed would
     * name an image nobody can fetch. */
    char *with_art = aloud_xasprintf("[podcast]\nartwork = cover.png\n%s", ini ? ini : "");
    write_file(content, "podcast.ini", with_art);
    rc = build(site, &r, &err, &msg);
    CHECK(rc == -EINVAL);
    CHECK(err && contains(err, "podcast.ini: artwork:") && contains(err, "cover.png"));
    CHECK(!exists(site, "out"));
    free(err);
    err = NULL;
    free(msg);
    char *secret = path_in(root, "secret.png");
    char *link = path_in(content, "cover.png");
    write_file(root, "secret.png", "\x89PNG\r\n\x1a\n");
    CHECK(symlink(secret, link) == 0);
    rc = build(site, &r, &err, &msg);
    CHECK(rc == -EINVAL);
    CHECK(err && contains(err, "outside content/"));
    free(with_art);
    free(secret);
    free(link);
    free(err);
    free(msg);
    free(bad);
    free(ini);
    free(content);
    free(site);
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *de;
        while (d && (de = readdir(d))) {
            if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
                char *child = path_in(path, de->d_name);
                remove_tree(child);
                free(child);
            }
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Replaces the [audio] section of site's podcast.ini with the fixture's
 * own settings and text. */
static void set_audio(const char *site, const char *text)
{
    char *content = path_in(site, "content");
    char *ini = read_file(content, "podcast.ini");
    char *cut = ini ? strstr(ini, "[audio]") : NULL;
    if (cut)
        *cut = '\0';
    char *next = aloud_xasprintf("%s[audio]\nmp3_bitrate = 32\nmp3_sample_rate = 22050\n%s",
                                 ini ? ini : "", text);
    write_file(content, "podcast.ini", next);
    free(next);
    free(ini);
    free(content);
}

/* Masters: apart by default; an older site's masters in out/ move there
 * on the next build, nothing rendered again; "out" keeps them in out/,
 * "none" writes none and out/ holds none. */
static void test_masters(void)
{
    char *site = path_in(root, "masters-site");
    copy_fixture(site);
    char *out = path_in(site, "out");
    char *masters = path_in(site, "masters");
    struct aloud_site_result r;
    char *err = NULL, *msg = NULL;
    set_audio(site, "masters = out\n");
    CHECK(build(site, &r, &err, &msg) == 0 && r.rendered == 2);
    free(msg);
    char *in_out = find(out, "first.", ".wav", NULL);
    CHECK(in_out != NULL);
    CHECK(!exists(site, "masters"));
    /* As an older aloud left it: the default now moves the masters. */
    set_audio(site, "");
    CHECK(build(site, &r, &err, &msg) == 0 && r.rendered == 0 && r.unchanged == 2);
    free(msg);
    char *moved = find(masters, "first.", ".wav", NULL);
    CHECK(in_out && moved && strcmp(in_out, moved) == 0);
    CHECK(find(out, "", ".wav", NULL) == NULL);
    set_audio(site, "masters = none\n");
    CHECK(build(site, &r, &err, &msg) == 0 && r.rendered == 0 && r.unchanged == 2);
    free(msg);
    CHECK(find(out, "", ".wav", NULL) == NULL);
    CHECK(find(masters, "", ".wav", NULL) == NULL);
    set_audio(site, "masters = somewhere\n");
    CHECK(build(site, &r, &err, &msg) < 0);
    CHECK(err && contains(err, "podcast.ini:") && contains(err, "masters: expected"));
    free(msg);
    free(in_out);
    free(moved);
    free(err);
    free(masters);
    free(out);
    free(site);
}

/* feed_limit keeps the newest episodes in the feed; the index and the
 * episodes' files keep them all. */
static void test_feed_limit(void)
{
    char *site = path_in(root, "limit");
    copy_fixture(site);
    char *content = path_in(site, "content");
    char *out = path_in(site, "out");
    char *ini = read_file(content, "podcast.ini");
    char *at = ini ? strstr(ini, "[podcast]\n") : NULL;
    CHECK(at != NULL);
    if (at) {
        at += strlen("[podcast]\n");
        char *next = aloud_xasprintf("%.*sfeed_limit = 1\n%s", (int)(at - ini), ini, at);
        write_file(content, "podcast.ini", next);
        free(next);
    }
    struct aloud_site_result r;
    char *err = NULL, *msg = NULL;
    CHECK(build(site, &r, &err, &msg) == 0 && r.rendered == 2);
    char *feed = read_file(out, "feed.xml");
    char *index = read_file(out, "index.html");
    char *first = find(out, "first.", ".mp3", NULL), *second = find(out, "second.", ".mp3", NULL);
    CHECK(feed && first && second && strstr(feed, first) && !strstr(feed, second));
    CHECK(index && strstr(index, "second.html")); /* its page */
    free(feed), free(index), free(first), free(second), free(msg), free(err), free(ini);
    free(out), free(content), free(site);
}

/* An unchanged article is published again without being read, but what
 * else shapes its episode is watched: a new lexicon entry in the site's
 * own voices/ renders the articles whose words it changes. */
static void test_environment(void)
{
    char *site = path_in(root, "env");
    copy_fixture(site);
    char *voices = path_in(site, "voices");
    CHECK(mkdir(voices, 0755) == 0);
    const char *names[] = {"en-gb.ini", "en-gb.lexicon.ini"};
    for (size_t i = 0; i < 2; i++) {
        char *text = read_file(ALOUD_SOURCE_VOICES_DIR, names[i]);
        write_file(voices, names[i], text ? text : "");
        free(text);
    }
    struct aloud_site_result r;
    char *err = NULL, *msg = NULL;
    CHECK(build(site, &r, &err, &msg) == 0 && r.rendered == 2);
    free(msg);
    CHECK(build(site, &r, &err, &msg) == 0 && r.unchanged == 2);
    free(msg);
    char *lexicon = read_file(voices, "en-gb.lexicon.ini");
    char *more = aloud_xasprintf("%sparagraph = passage\n", lexicon ? lexicon : "[words]\n");
    write_file(voices, "en-gb.lexicon.ini", more);
    CHECK(build(site, &r, &err, &msg) == 0);
    CHECK(r.rendered >= 1 && r.unchanged + r.rendered == 2);
    free(msg), free(more), free(lexicon), free(err), free(voices), free(site);
}

/* A change of how segments are levelled or encoded (the recipe) must not
 * leave a published episode with the old audio under an "unchanged": the
 * episode is rendered again, under new names, and the old files go. */
static void test_recipe_change(void)
{
    char *site = path_in(root, "recipe");
    copy_fixture(site);
    char *out = path_in(site, "out");
    struct aloud_site_result r;
    char *err = NULL, *msg = NULL;
    CHECK(build(site, &r, &err, &msg) == 0 && r.rendered == 2);
    free(msg);
    char *before = find(out, "first.", ".mp3", NULL);
    CHECK(build(site, &r, &err, &msg) == 0 && r.rendered == 0 && r.unchanged == 2);
    free(msg);
    const char *recipe = aloud_segcache_recipe;
    aloud_segcache_recipe = "a new way to level and encode";
    CHECK(build(site, &r, &err, &msg) == 0);
    CHECK(r.rendered == 2 && r.unchanged == 0);
    aloud_segcache_recipe = recipe;
    free(msg);
    int n = 0;
    char *after = find(out, "first.", ".mp3", &n);
    CHECK(before && after && strcmp(before, after) != 0);
    CHECK(n == 1); /* the old version's file is gone */
    free(before);
    free(after);
    free(err);
    free(out);
    free(site);
}

int main(void)
{
    if (!mkdtemp(root))
        return 1;
    test_slugs();
    test_build();
    test_escapes();
    test_settings_error();
    test_recipe_change();
    test_masters();
    test_feed_limit();
    test_environment();
    remove_tree(root);
    return check_done();
}
