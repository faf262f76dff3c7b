/* Tests of finding articles in content/ and of reading their front
 * matter: the layouts of Hugo, Jekyll, Eleventy and Zola, slugs that stay
 * apart and stable, and front matter in YAML, TOML and JSON with errors
 * that name their line. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aloud/content.h"
#include "aloud/frontmatter.h"
#include "aloud/util.h"
#include "check.h"

static char root[] = "/tmp/aloud-content-XXXXXX";

static void put(const char *rel)
{
    char *path = aloud_xasprintf("%s/%s", root, rel);
    for (char *p = path + strlen(root) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    char *err = NULL;
    CHECK(aloud_file_write_atomic(path, "x", 1, &err) == 0);
    free(err);
    free(path);
}

static const struct aloud_content_item *find(const struct aloud_content_item *items, size_t n,
                                             const char *file)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(items[i].file, file) == 0)
            return &items[i];
    return NULL;
}

static void test_layouts(void)
{
    const char *files[] = {
        "podcast.ini", "top.md", "_index.md", ".hidden.md", "posts/_index.md", "posts/a.md",
        "news/a.md", "posts/walls/index.md", "posts/walls/photo.md", "posts/walls/deeper/b.md",
        "_posts/2024-05-01-market-day.md", "_posts/notes.md", "blog/_posts/2023-01-02-x.md",
        "_drafts/c.md", "_includes/d.html", ".git/e.md", "deep/er/and/deeper/f.html",
        "image.png", "web/page.html"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        put(files[i]);
    struct aloud_content_item *items = NULL;
    size_t n = 0;
    char *err = NULL;
    CHECK(aloud_content_find(root, &items, &n, &err) == 0);
    const struct {
        const char *file, *slug, *date;
    } want[] = {
        {"top.md", "top", NULL},
        {"posts/a.md", "posts-a", NULL},
        {"news/a.md", "news-a", NULL},
        {"posts/walls/index.md", "posts-walls", NULL},
        {"_posts/2024-05-01-market-day.md", "market-day", "2024-05-01"},
        {"_posts/notes.md", "notes", NULL},
        {"blog/_posts/2023-01-02-x.md", "blog-x", "2023-01-02"},
        {"deep/er/and/deeper/f.html", "deep-er-and-deeper-f", NULL},
        {"web/page.html", "web-page", NULL},
    };
    CHECK(n == sizeof want / sizeof *want);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const struct aloud_content_item *it = find(items, n, want[i].file);
        CHECK(it != NULL);
        if (!it)
            continue;
        CHECK_STR(it->slug, want[i].slug);
        if (want[i].date)
            CHECK_STR(it->date, want[i].date);
        else
            CHECK(it->date == NULL);
    }
    for (size_t i = 1; i < n; i++)
        CHECK(strcmp(items[i - 1].file, items[i].file) < 0);
    aloud_content_free(items, n);
    CHECK(aloud_content_find("/nonexistent/aloud", &items, &n, &err) < 0);
    CHECK(err && strstr(err, "/nonexistent/aloud: cannot read"));
    free(err);
}

static struct aloud_article *read_fm(const char *text, int want_rc, const char *want_err)
{
    struct aloud_article *a = aloud_article_new();
    const char *body = NULL;
    char *err = NULL;
    int rc = aloud_front_matter_read(text, strlen(text), "t.md", a, &body, &err);
    CHECK(rc == want_rc);
    if (want_err)
        CHECK(err && strstr(err, want_err));
    if (err && !want_err)
        fprintf(stderr, "unexpected: %s\n", err);
    free(err);
    return a;
}

static void test_front_matter(void)
{
    struct aloud_article *a =
        read_fm("+++\ntitle = \"Walls\"\ndate = 2024-05-01T10:00:00Z\ndraft = true\n"
                "authors = [\"Ann\", \"Bo\"]\nseason = 2\nepisode = 3\n[extra]\nx = 1\n+++\nBody\n",
                0, NULL);
    CHECK_STR(a->title, "Walls");
    CHECK(a->date && strncmp(a->date, "2024-05-01", 10) == 0);
    CHECK(a->draft == 1 && a->n_authors == 2 && a->season == 2 && a->episode == 3);
    aloud_article_free(a);
    a = read_fm("{\n  \"title\": \"J\",\n  \"audio\": false,\n  \"explicit\": true\n}\nBody\n", 0,
                NULL);
    CHECK_STR(a->title, "J");
    CHECK(a->no_audio == 1 && a->explicit_content == 1);
    aloud_article_free(a);
    a = read_fm("---\ntitle: Y\nsummary: Short\nlink: https://example.org/y\n---\n", 0, NULL);
    CHECK_STR(a->description, "Short");
    CHECK_STR(a->url, "https://example.org/y");
    CHECK(a->explicit_content == -1 && a->draft == 0);
    aloud_article_free(a);
    /* Errors name the line of the problem. */
    aloud_article_free(read_fm("---\ntitle: Y\ndraft: maybe\n---\n", -22, "t.md:3: draft"));
    aloud_article_free(read_fm("+++\ntitle = 1\ndate = \"soon\"\n+++\n", -22, "t.md:3: date"));
    aloud_article_free(read_fm("+++\ntitle = \"x\n+++\n", -22, "t.md:2: front matter is not "
                                                             "valid TOML"));
    aloud_article_free(read_fm("+++\ntitle = \"x\"\n", -22, "t.md:1: front matter is not closed"));
    aloud_article_free(read_fm("{\"title\": }\n", -22, "not a valid JSON object"));
    aloud_article_free(read_fm("---\nseason: 0\n---\n", -22, "t.md:2: season"));
    /* No front matter: the body is the whole text. */
    a = read_fm("Just a paragraph.\n", 0, NULL);
    CHECK(a->title == NULL);
    aloud_article_free(a);
}

int main(void)
{
    if (!mkdtemp(root))
        return 1;
    test_layouts();
    test_front_matter();
    char *cmd = aloud_xasprintf("rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", root);
    free(cmd);
    return check_done();
}
