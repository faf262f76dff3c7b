/* Tests of the Markdown stage: front matter, the blocks a reader hears
 * (code, footnotes, tables, languages), what is left out (HTML, skipped
 * text), and hostile input. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/markdown.h"
#include "aloud/source.h"
#include "aloud/util.h"
#include "check.h"

static struct aloud_article *load(const char *name, char **err)
{
    char *path = aloud_xasprintf("%s/md/%s", TEST_DATA, name);
    struct aloud_article *a = NULL;
    int rc = aloud_source_load(path, ALOUD_SOURCE_AUTO, &a, err);
    free(path);
    return rc ? NULL : a;
}

static struct aloud_article *parse(const char *md, size_t len)
{
    struct aloud_article *a = NULL;
    char *err = NULL;
    int rc = aloud_markdown_extract(md, len, "test.md", &a, &err);
    if (rc)
        fprintf(stderr, "unexpected error: %s\n", err);
    free(err);
    return a;
}

/* All block texts, one a line, for "is this said anywhere" checks. */
static char *body(const struct aloud_article *a)
{
    return aloud_article_to_text(a);
}

static const struct aloud_block *find_block(const struct aloud_article *a, const char *text)
{
    for (size_t i = 0; i < a->n_blocks; i++)
        if (strcmp(a->blocks[i].text, text) == 0)
            return &a->blocks[i];
    return NULL;
}

static void test_front_matter(void)
{
    char *err = NULL;
    struct aloud_article *a = load("front-matter.md", &err);
    CHECK(a != NULL);
    if (!a)
        return;
    CHECK_STR(a->title, "Every key: a front matter test");
    CHECK(a->n_authors == 3);
    if (a->n_authors == 3) {
        CHECK_STR(a->authors[0], "Ada Lovelace");
        CHECK_STR(a->authors[2], "Mary Somerville");
    }
    CHECK_STR(a->date, "2026-02-27T09:30:00Z");
    CHECK_STR(a->description, "A page that sets every key aloud reads.");
    CHECK_STR(a->language, "fr-CA"); /* from "lang" */
    CHECK_STR(a->slug, "every-key");
    CHECK_STR(a->voice, "fr");
    CHECK_STR(a->url, "https://news.example.org/every-key");
    CHECK(a->n_blocks == 1);
    aloud_article_free(a);
}

static void test_dates(void)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"2026-03-14", "2026-03-14"},
        {"'2026-03-14'", "2026-03-14"},
        {"2026-03-14 08:05:00 +01:00", "2026-03-14T08:05:00+01:00"},
        {"2026-03-14T08:05", "2026-03-14T08:05:00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *md = aloud_xasprintf("---\ndate: %s\n---\nBody.\n", cases[i].in);
        struct aloud_article *a = parse(md, strlen(md));
        CHECK(a != NULL);
        if (a)
            CHECK_STR(a->date, cases[i].out);
        aloud_article_free(a);
        free(md);
    }
    const char *bad = "---\ntitle: T\ndate: next Tuesday\n---\nBody.\n";
    /* Dates in words are dates; a day that does not exist is an error. */
    const char *words = "---\ndate: March 14, 2026\n---\nBody.\n";
    struct aloud_article *w = parse(words, strlen(words));
    CHECK_STR(w ? w->date : NULL, "2026-03-14");
    aloud_article_free(w);
    const char *feb30 = "---\ndate: 2026-02-30\n---\nBody.\n";
    char *e30 = NULL;
    CHECK(aloud_markdown_extract(feb30, strlen(feb30), "f.md", &w, &e30) == -EINVAL);
    CHECK(e30 && strstr(e30, "f.md:2: date: expected a date like 2026-03-14, got '2026-02-30'"));
    free(e30);
    struct aloud_article *a = NULL;
    char *err = NULL;
    CHECK(aloud_markdown_extract(bad, strlen(bad), "d.md", &a, &err) == -EINVAL);
    CHECK(a == NULL);
    CHECK(err && strstr(err, "d.md:3: date"));
    free(err);
}

static void test_bad_front_matter(void)
{
    char *err = NULL;
    struct aloud_article *a = load("bad-yaml.md", &err);
    CHECK(a == NULL);
    /* The flow sequence opened on line 3 is never closed: libyaml notices
     * at the end of the front matter; the line is the file's, not the
     * YAML's. */
    CHECK(err && strstr(err, "bad-yaml.md:4: front matter is not valid YAML: "));
    CHECK(err && strstr(err, "starts on line 3"));
    free(err);
    err = NULL;

    const char *bad_line = "---\ntitle: ok\nauthor: Sam\n  bad: indent\n---\nBody.\n";
    CHECK(aloud_markdown_extract(bad_line, strlen(bad_line), "x.md", &a, &err) == -EINVAL);
    CHECK(err && strstr(err, "x.md:4: front matter is not valid YAML"));
    free(err);
    err = NULL;

    a = load("not-mapping.md", &err);
    CHECK(a == NULL);
    CHECK(err && strstr(err, "not-mapping.md:2: front matter is not a mapping"));
    free(err);
    err = NULL;

    const char *unclosed = "---\ntitle: never closed\n\nBody.\n";
    CHECK(aloud_markdown_extract(unclosed, strlen(unclosed), "u.md", &a, &err) == -EINVAL);
    CHECK(err && strstr(err, "u.md:1: front matter is not closed"));
    free(err);
    err = NULL;

    const char *list_title = "---\ntitle: [a, b]\n---\nBody.\n";
    CHECK(aloud_markdown_extract(list_title, strlen(list_title), "t.md", &a, &err) == -EINVAL);
    CHECK(err && strstr(err, "t.md:2: title"));
    free(err);
    err = NULL;

    /* "..." closes front matter too; an empty one is fine. */
    const char *dots = "---\ntitle: Dots\n...\nBody.\n";
    a = parse(dots, strlen(dots));
    CHECK(a && a->title && strcmp(a->title, "Dots") == 0);
    aloud_article_free(a);
    const char *empty = "---\n---\nBody.\n";
    a = parse(empty, strlen(empty));
    CHECK(a && a->n_blocks == 1 && a->title == NULL);
    aloud_article_free(a);
}

static void test_structure(void)
{
    char *err = NULL;
    struct aloud_article *a = load("structure.md", &err);
    CHECK(a != NULL);
    if (!a) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return;
    }
    char *text = body(a);
    /* The title came from front matter, so the h1 stays in the body. */
    CHECK_STR(a->title, "Structure");
    const struct aloud_block *h1 = find_block(a, "A first heading that is not the title");
    CHECK(h1 && h1->kind == ALOUD_BLOCK_HEADING && h1->level == 1);
    const struct aloud_block *h2 = find_block(a, "Lists");
    CHECK(h2 && h2->kind == ALOUD_BLOCK_HEADING && h2->level == 2);

    /* Links: text read, URL not; autolinks and bare URLs stay as text for
     * the script stage to shorten. */
    CHECK(strstr(text, "Read the guide and https://www.example.com/path and also "
                       "www.example.net/page today.") != NULL);
    CHECK(strstr(text, "ref=x") == NULL);

    /* Ordered list numbers honour the start; nesting gives depth. */
    const struct aloud_block *b = find_block(a, "Third");
    CHECK(b && b->kind == ALOUD_BLOCK_LIST_ITEM && b->number == 3 && b->depth == 0);
    b = find_block(a, "Fifth");
    CHECK(b && b->number == 5);
    b = find_block(a, "Nested two");
    CHECK(b && b->kind == ALOUD_BLOCK_LIST_ITEM && b->number == 0 && b->depth == 1);
    b = find_block(a, "Plain item");
    CHECK(b && b->kind == ALOUD_BLOCK_LIST_ITEM && b->number == 0);

    /* One quotation, two paragraphs: flags on the first and the last. */
    const struct aloud_block *q1 = find_block(a, "First quoted paragraph.");
    const struct aloud_block *q2 = find_block(a, "Second quoted paragraph.");
    CHECK(q1 && q1->kind == ALOUD_BLOCK_QUOTE && q1->quote_start && !q1->quote_end);
    CHECK(q2 && q2->kind == ALOUD_BLOCK_QUOTE && !q2->quote_start && q2->quote_end);

    /* Table rows, cells joined; the head row's cells are headers. */
    b = find_block(a, "Name, Age");
    CHECK(b && b->kind == ALOUD_BLOCK_TABLE_ROW && b->table_start && b->n_cells == 2 &&
          b->cells[0].header && b->cells[1].header);
    b = find_block(a, "Alan, 41");
    CHECK(b && b->kind == ALOUD_BLOCK_TABLE_ROW && b->table_end && b->n_cells == 2 &&
          !b->cells[0].header && strcmp(b->cells[1].text, "41") == 0);

    /* Images: alone -> image block with the alt text; inline -> alt text. */
    b = find_block(a, "A red bicycle against a wall");
    CHECK(b && b->kind == ALOUD_BLOCK_IMAGE);
    CHECK(find_block(a, "An inline small icon image and inline code here.") != NULL);
    CHECK(strstr(text, "bike.jpg") == NULL);

    /* Code blocks are code; HTML blocks are not read; the footnote is a
     * note at the end, its marker gone from the text that cites it. */
    b = find_block(a, "int secret_code = 1;");
    CHECK(b && b->kind == ALOUD_BLOCK_CODE);
    b = find_block(a, "indented code is read too");
    CHECK(b && b->kind == ALOUD_BLOCK_CODE);
    CHECK(strstr(text, "HTML block") == NULL);
    b = find_block(a, "Figures from a survey. Struck text.");
    CHECK(b && b->n_cites == 1 && strcmp(b->cites[0], "1") == 0);
    b = a->n_blocks ? &a->blocks[a->n_blocks - 1] : NULL;
    CHECK(b && b->kind == ALOUD_BLOCK_NOTE && b->label && strcmp(b->label, "1") == 0);
    CHECK_STR(b ? b->text : NULL, "The footnote definition that must not be read.");

    /* Skipped text, inline and across blocks. */
    CHECK(find_block(a, "Before after.") != NULL);
    CHECK(strstr(text, "hidden inline") == NULL);
    CHECK(strstr(text, "skipped paragraph") == NULL);
    CHECK(a->n_blocks > 1 && strcmp(a->blocks[a->n_blocks - 2].text, "The last paragraph.") == 0);
    free(text);
    aloud_article_free(a);
}

static void test_unterminated_skip(void)
{
    char *err = NULL;
    struct aloud_article *a = load("unterminated-skip.md", &err);
    CHECK(a != NULL);
    if (!a)
        return;
    CHECK(a->n_blocks == 1);
    CHECK(a->n_blocks >= 1 && strcmp(a->blocks[0].text, "Visible paragraph.") == 0);
    aloud_article_free(a);
}

static void test_title_from_heading(void)
{
    char *err = NULL;
    struct aloud_article *a = load("h1-title.md", &err);
    CHECK(a != NULL);
    if (!a)
        return;
    CHECK_STR(a->title, "The Title From The Heading");
    CHECK(a->n_blocks == 2);
    CHECK(find_block(a, "The Title From The Heading") == NULL); /* not said twice */
    const struct aloud_block *b = find_block(a, "A second first-level heading");
    CHECK(b && b->kind == ALOUD_BLOCK_HEADING);
    aloud_article_free(a);

    /* A heading that is not first is not the title. */
    const char *md = "Intro paragraph.\n\n# Late heading\n";
    a = parse(md, strlen(md));
    CHECK(a && a->title == NULL && a->n_blocks == 2);
    aloud_article_free(a);
}

static void test_bad_bytes(void)
{
    /* Invalid UTF-8 becomes U+FFFD; NUL bytes vanish; no crash. */
    const char md[] = "# T\n\nCaf\xE9 \x00open\xFF\xFE.\n\n\x00\x00\n";
    struct aloud_article *a = parse(md, sizeof md - 1);
    CHECK(a != NULL);
    if (a) {
        CHECK(a->n_blocks == 1);
        if (a->n_blocks == 1) {
            CHECK(aloud_utf8_valid(a->blocks[0].text, strlen(a->blocks[0].text)));
            CHECK_STR(a->blocks[0].text, "Caf\xEF\xBF\xBD open\xEF\xBF\xBD\xEF\xBF\xBD.");
        }
    }
    aloud_article_free(a);

    /* Deep nesting: no recursion, so no stack overflow. */
    size_t depth = 100000;
    char *deep = aloud_xmalloc(depth * 2 + 16);
    for (size_t i = 0; i < depth; i++) {
        deep[2 * i] = '>';
        deep[2 * i + 1] = ' ';
    }
    strcpy(deep + depth * 2, "deep\n");
    a = parse(deep, strlen(deep));
    CHECK(a && a->n_blocks == 1 && a->blocks[0].kind == ALOUD_BLOCK_QUOTE);
    aloud_article_free(a);
    for (size_t i = 0; i < depth; i++) {
        deep[2 * i] = '-';
        deep[2 * i + 1] = i % 2 ? '\n' : ' ';
    }
    a = parse(deep, strlen(deep));
    CHECK(a != NULL);
    aloud_article_free(a);
    free(deep);

    /* Nothing at all is an article with no blocks, not an error. */
    a = parse("", 0);
    CHECK(a && a->n_blocks == 0);
    aloud_article_free(a);
}


/* A Russian article whose front matter names no language is Russian. */
static void test_guessed_language(void)
{
    char *err = NULL;
    struct aloud_article *a = load("russian.md", &err);
    CHECK(a != NULL);
    if (a)
        CHECK_STR(a->language, "ru");
    aloud_article_free(a);
    free(err);
    /* Too little text to tell: no language rather than a wrong one. */
    const char *md = "Short.\n";
    a = parse(md, strlen(md));
    CHECK(a && a->language == NULL);
    aloud_article_free(a);
}

/* Notes (a note of two paragraphs, one cited twice, one never cited),
 * a table with empty cells, a French span, code in a list. */
static void test_notes_tables_spans(void)
{
    char *err = NULL;
    struct aloud_article *a = load("notes-tables.md", &err);
    CHECK(a != NULL);
    if (!a) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return;
    }
    CHECK_STR(a->language, "en-GB");
    CHECK_STR(a->date, "2024-03-03");
    const struct aloud_block *p = a->n_blocks ? &a->blocks[0] : NULL;
    CHECK(p && p->n_cites == 2 && !strcmp(p->cites[0], "1") && !strcmp(p->cites[1], "2"));
    CHECK(p && strstr(p->text, "in most months. In the wet autumn") != NULL);
    CHECK(p && p->n_spans == 1 && !strcmp(p->spans[0].lang, "fr"));
    if (p && p->n_spans == 1)
        CHECK(p->spans[0].len == strlen("Cher comit\xc3\xa9") &&
              !strncmp(p->text + p->spans[0].start, "Cher comit\xc3\xa9", p->spans[0].len));
    const struct aloud_block *b = find_block(a, "The committee will move the church gauge away "
                                                "from the yew tree.");
    CHECK(b && b->n_cites == 1 && !strcmp(b->cites[0], "2"));
    b = find_block(a, "Church, 412");
    CHECK(b && b->n_cells == 3 && b->cells[2].text[0] == '\0');
    b = find_block(a, "School, 344, new funnel");
    CHECK(b && b->n_cells == 3 && !strcmp(b->cells[2].text, "new funnel"));
    b = find_block(a, "date church school mill");
    CHECK(b && b->kind == ALOUD_BLOCK_CODE);
    size_t notes = 0;
    for (size_t i = 0; i < a->n_blocks; i++)
        notes += a->blocks[i].kind == ALOUD_BLOCK_NOTE;
    CHECK(notes == 2);
    b = a->n_blocks >= 2 ? &a->blocks[a->n_blocks - 2] : NULL;
    CHECK(b && b->kind == ALOUD_BLOCK_NOTE && !strcmp(b->label, "1"));
    CHECK_STR(b ? b->text : NULL, "The school's gauge was replaced in 1987, the others are the "
                                  "originals. All three are read by volunteers.");
    b = a->n_blocks ? &a->blocks[a->n_blocks - 1] : NULL;
    CHECK_STR(b ? b->text : NULL, "The yew tree beside it was cut back in 2022.");
    aloud_article_free(a);

    /* A span in the article's own language is no span; a paragraph all in
     * another is that paragraph's language. */
    const char *md = "---\nlang: de\n---\nEin <span lang=\"de-AT\">Satz</span> und "
                     "<em lang='en'>a phrase</em>.\n\n<span lang=\"it\">Tutto in italiano.</span>\n";
    a = parse(md, strlen(md));
    CHECK(a && a->n_blocks == 2);
    if (a && a->n_blocks == 2) {
        CHECK(a->blocks[0].n_spans == 1 && !strcmp(a->blocks[0].spans[0].lang, "en"));
        CHECK_STR(a->blocks[1].lang, "it");
    }
    aloud_article_free(a);
}

int main(void)
{
    test_guessed_language();
    test_notes_tables_spans();
    test_front_matter();
    test_dates();
    test_bad_front_matter();
    test_structure();
    test_unterminated_skip();
    test_title_from_heading();
    test_bad_bytes();
    return check_done();
}
