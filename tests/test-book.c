/* Tests of the talking-book writers on a hand-made timeline and a stand-in
 * MP3: the zip read back with libzip (mimetype first and stored), heading
 * levels that never skip one, clips that tile the audio, special
 * characters escaped, list items in lists, the timeline's heading levels
 * and segment kinds and languages kept through JSON, another language
 * marked, and
 * errors for a timeline with nothing said. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "aloud/book.h"
#include "aloud/util.h"
#include "check.h"

#define RATE 22050

/* Title, an h4 (the article's first), an h2, an h3, a paragraph each. */
static struct aloud_timeline *timeline(void)
{
    struct aloud_timeline *t = aloud_timeline_new(RATE);
    static const struct {
        const char *text;
        size_t seg;
        int level; /* chapter level, -1 for none */
    } said[] = {
        {"A title & <more>", 0, 0}, {"Deep first.", 1, 4}, {"Text one.", 2, -1},
        {"Text two.", 2, -1},       {"Second.", 3, 2},     {"Third.", 4, 3},
        {"The end.", 5, -1},
    };
    uint64_t at = 0;
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++) {
        aloud_timeline_add(&t->sentences, &t->n_sentences, at + 100, at + RATE, said[i].seg,
                           said[i].text);
        if (said[i].level >= 0) {
            aloud_timeline_add(&t->chapters, &t->n_chapters, at, at + RATE, said[i].seg,
                               said[i].text);
            t->chapters[t->n_chapters - 1].level = said[i].level;
        }
        at += RATE + RATE / 2;
    }
    t->n_samples = at;
    /* The last paragraph is a list item. */
    t->n_segments = 6;
    t->segment_kinds = aloud_xcalloc(6, 1);
    t->segment_langs = aloud_xcalloc(6, sizeof *t->segment_langs);
    for (size_t i = 0; i < 6; i++) {
        t->segment_kinds[i] = i == 5 ? ALOUD_SEG_LIST_ITEM : ALOUD_SEG_PARAGRAPH;
        /* The book is English: en-US is not marked, German is. */
        t->segment_langs[i] = aloud_xstrdup(i == 2 ? "de" : "en-US");
    }
    return t;
}

/* Entry name of the zip at path, and its contents, all read with libzip. */
static char *zip_entry(const char *path, const char *name, zip_int64_t *index, int *stored)
{
    int zerr;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    if (!z)
        return NULL;
    zip_stat_t st;
    char *data = NULL;
    if (zip_stat(z, name, 0, &st) == 0) {
        *index = (zip_int64_t)st.index;
        *stored = st.comp_method == ZIP_CM_STORE;
        zip_file_t *f = zip_fopen_index(z, st.index, 0);
        data = aloud_xcalloc(st.size + 1, 1);
        if (!f || zip_fread(f, data, st.size) != (zip_int64_t)st.size) {
            free(data);
            data = NULL;
        }
        if (f)
            zip_fclose(f);
    }
    zip_close(z);
    return data;
}

static void test_epub(const char *dir, const char *mp3, struct aloud_timeline *t)
{
    char *path = aloud_xasprintf("%s/book.epub", dir);
    struct aloud_book b = {.title = "A title & <more>",
                           .identifier = "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                           .mp3_path = mp3,
                           .modified = 1767225600,
                           .date = "2026-01-01T10:00:00Z",
                           .timeline = t};
    char *err = NULL;
    CHECK(aloud_book_write_epub(path, &b, &err) == 0);
    CHECK(err == NULL);
    zip_int64_t index = -1;
    int stored = 0;
    char *mimetype = zip_entry(path, "mimetype", &index, &stored);
    CHECK_STR(mimetype, "application/epub+zip");
    CHECK(index == 0 && stored);
    char *opf = zip_entry(path, "EPUB/package.opf", &index, &stored);
    CHECK(opf && strstr(opf, "<dc:identifier id=\"uid\">urn:uuid:1b4e28ba-"));
    CHECK(opf && strstr(opf, "<dc:date>2026-01-01</dc:date>"));
    CHECK(opf && strstr(opf, "<meta property=\"dcterms:modified\">2026-01-01T00:00:00Z</meta>"));
    CHECK(opf && strstr(opf, "<dc:language>en</dc:language>"));
    CHECK(opf && strstr(opf, "A title &amp; &lt;more&gt;"));
    /* 7 sentences of 1.5 s each. */
    CHECK(opf && strstr(opf, "<meta property=\"media:duration\">0:00:10.500</meta>"));
    char *text = zip_entry(path, "EPUB/text.xhtml", &index, &stored);
    /* The article's h4 is the book's h2; its h2 too; its h3 an h3. */
    CHECK(text && strstr(text, "<h2 id=\"toc-1\">") && strstr(text, "<h2 id=\"toc-3\">") &&
          strstr(text, "<h3 id=\"toc-4\">") && !strstr(text, "<h4"));
    CHECK(text && strstr(text, "<ul>") && strstr(text, "<li>") && strstr(text, "The end."));
    CHECK(text && strstr(text, "<p lang=\"de\" xml:lang=\"de\">") && !strstr(text, "en-US"));
    char *smil = zip_entry(path, "EPUB/text.smil", &index, &stored);
    CHECK(smil && strstr(smil, "clipBegin=\"0:00:00.000\" clipEnd=\"0:00:01.504\""));
    CHECK(smil && strstr(smil, "clipBegin=\"0:00:09.004\" clipEnd=\"0:00:10.500\""));
    char *audio = zip_entry(path, "EPUB/audio.mp3", &index, &stored);
    CHECK_STR(audio, "not really an mp3");
    CHECK(stored);
    free(mimetype);
    free(opf);
    free(text);
    free(smil);
    free(audio);
    unlink(path);
    free(path);
}

static void test_daisy(const char *dir, const char *mp3, struct aloud_timeline *t)
{
    char *path = aloud_xasprintf("%s/book.daisy.zip", dir);
    struct aloud_book b = {.title = "A title",
                           .identifier = "https://example.org/a",
                           .mp3_path = mp3,
                           .modified = 0,
                           .timeline = t,
                           .language = "fr"};
    char *err = NULL;
    CHECK(aloud_book_write_daisy(path, &b, &err) == 0);
    zip_int64_t index;
    int stored;
    char *ncc = zip_entry(path, "ncc.html", &index, &stored);
    CHECK(ncc && strstr(ncc, "<h1 class=\"title\" id=\"ncc-0\">"));
    CHECK(ncc && strstr(ncc, "<meta name=\"ncc:tocItems\" content=\"4\"/>"));
    CHECK(ncc && strstr(ncc, "<meta name=\"ncc:depth\" content=\"3\"/>"));
    CHECK(ncc && strstr(ncc, "<meta name=\"ncc:files\" content=\"7\"/>"));
    CHECK(ncc && strstr(ncc, "<meta name=\"dc:identifier\" content=\"https://example.org/a\"/>"));
    CHECK(ncc && strstr(ncc, "href=\"s003.smil#par-5\""));
    char *s4 = zip_entry(path, "s004.smil", &index, &stored);
    CHECK(s4 && strstr(s4, "clip-begin=\"npt=9.004s\" clip-end=\"npt=10.500s\""));
    CHECK(s4 && strstr(s4, "<meta name=\"ncc:totalElapsedTime\" content=\"0:00:07.504\"/>"));
    free(ncc);
    free(s4);
    unlink(path);
    free(path);
}

static void test_nothing_said(const char *dir, const char *mp3)
{
    struct aloud_timeline *t = aloud_timeline_new(RATE);
    char *path = aloud_xasprintf("%s/empty.epub", dir);
    struct aloud_book b = {.title = "Empty", .identifier = "x", .mp3_path = mp3, .timeline = t};
    char *err = NULL;
    CHECK(aloud_book_write_epub(path, &b, &err) == -EINVAL && err);
    free(err);
    err = NULL;
    CHECK(aloud_book_write_daisy(path, &b, &err) == -EINVAL && err);
    free(err);
    CHECK(access(path, F_OK) != 0);
    free(path);
    aloud_timeline_free(t);
}

/* A heading's level survives the timeline's JSON; older JSON has none. */
static void test_levels_in_json(struct aloud_timeline *t)
{
    char *json = aloud_timeline_to_json(t);
    struct aloud_timeline *back = NULL;
    CHECK(aloud_timeline_from_json(json, &back) == 0);
    CHECK(back && back->n_chapters == 4 && back->chapters[1].level == 4 &&
          back->chapters[0].level == 0 && back->chapters[3].level == 3);
    CHECK(back && back->n_segments == 6 && back->segment_kinds[5] == ALOUD_SEG_LIST_ITEM &&
          back->segment_kinds[0] == ALOUD_SEG_PARAGRAPH && back->segment_langs &&
          strcmp(back->segment_langs[2], "de") == 0);
    aloud_timeline_free(back);
    free(json);
    const char *old = "{\"sample_rate\":22050,\"samples\":10,\"sentences\":[],\"words\":[],"
                      "\"chapters\":[[0,10,0,\"T\"]]}";
    CHECK(aloud_timeline_from_json(old, &back) == 0 && back->chapters[0].level == 0 &&
          back->segment_kinds == NULL);
    aloud_timeline_free(back);
}

int main(void)
{
    char dir[] = "/tmp/aloud-test-book-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *mp3 = aloud_xasprintf("%s/in.mp3", dir);
    const char fake[] = "not really an mp3";
    CHECK(aloud_file_write_atomic(mp3, fake, strlen(fake), NULL) == 0);
    CHECK(aloud_book_writer_named("epub3")->format == ALOUD_BOOK_EPUB3);
    CHECK(aloud_book_writer_named("daisy202")->format == ALOUD_BOOK_DAISY202);
    CHECK(aloud_book_writer_named("epub2") == NULL);
    CHECK(aloud_book_writer_for_path("a/b.DAISY.zip")->format == ALOUD_BOOK_DAISY202);
    CHECK(aloud_book_writer_for_path("b.epub")->format == ALOUD_BOOK_EPUB3);
    CHECK(aloud_book_writer_for_path("b.zip") == NULL &&
          aloud_book_writer_for_path(".epub") == NULL);
    struct aloud_timeline *t = timeline();
    test_epub(dir, mp3, t);
    test_daisy(dir, mp3, t);
    test_nothing_said(dir, mp3);
    test_levels_in_json(t);
    aloud_timeline_free(t);
    unlink(mp3);
    free(mp3);
    rmdir(dir);
    return check_done();
}
