/* Tests of the script stage: what is said, in which order, with which
 * pauses (taken from the voice profile), and how written text is made
 * speakable while the display text keeps what was written. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/script.h"
#include "aloud/util.h"
#include "aloud/voice.h"
#include "check.h"

static struct aloud_voice *voice(const char *path)
{
    struct aloud_voice *v = NULL;
    char *err = NULL;
    if (aloud_voice_load(path, &v, &err)) {
        fprintf(stderr, "%s\n", err);
        v = aloud_voice_default();
    }
    free(err);
    return v;
}

static struct aloud_block *add(struct aloud_article *a, enum aloud_block_kind kind, const char *text)
{
    return aloud_article_add_block(a, kind, text);
}

static struct aloud_script *build(const struct aloud_article *a, const struct aloud_voice *v)
{
    struct aloud_script *s = NULL;
    char *err = NULL;
    if (aloud_script_build(a, &(struct aloud_voice_set){.primary = (struct aloud_voice *)v}, &s, &err))
        fprintf(stderr, "unexpected error: %s\n", err);
    free(err);
    return s;
}

/* The index of the segment whose text is text, or -1. */
static long seg_index(const struct aloud_script *s, const char *text)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (strcmp(s->segments[i].text, text) == 0)
            return (long)i;
    return -1;
}

static int pause_of(const struct aloud_script *s, const char *text)
{
    long i = seg_index(s, text);
    return i < 0 ? -1 : s->segments[i].pause_ms;
}

static struct aloud_article *sample(void)
{
    struct aloud_article *a = aloud_article_new();
    aloud_article_set(&a->title, "The difference we make");
    aloud_article_add_author(a, "Ada Lovelace");
    aloud_article_add_author(a, "Charles Babbage");
    aloud_article_add_author(a, "Mary Somerville");
    aloud_article_set(&a->date, "2026-02-27");
    add(a, ALOUD_BLOCK_PARAGRAPH, "First paragraph.");
    add(a, ALOUD_BLOCK_PARAGRAPH, "Second paragraph.");
    add(a, ALOUD_BLOCK_HEADING, "A section")->level = 2;
    add(a, ALOUD_BLOCK_LIST_ITEM, "Apples")->number = 1;
    add(a, ALOUD_BLOCK_LIST_ITEM, "Pears")->number = 2;
    add(a, ALOUD_BLOCK_LIST_ITEM, "Plums")->number = 3;
    struct aloud_block *q = add(a, ALOUD_BLOCK_QUOTE, "To be quoted.");
    q->quote_start = 1;
    q = add(a, ALOUD_BLOCK_QUOTE, "Still quoted.");
    q->quote_end = 1;
    add(a, ALOUD_BLOCK_IMAGE, "A cat on a mat");
    add(a, ALOUD_BLOCK_CAPTION, "A caption not read by this voice");
    add(a, ALOUD_BLOCK_TABLE_ROW, "Name, Age");
    add(a, ALOUD_BLOCK_TABLE_ROW, "Ada, 36");
    add(a, ALOUD_BLOCK_PARAGRAPH, "The end.");
    return a;
}

static void test_order_and_pauses(void)
{
    struct aloud_voice *v = voice(TEST_DATA "/voices/custom.ini");
    struct aloud_article *a = sample();
    struct aloud_script *s = build(a, v);
    CHECK(s != NULL);
    if (!s)
        goto out;
    /* Introduction: title, byline, date, in that order. */
    CHECK(s->n > 3);
    CHECK(s->segments[0].kind == ALOUD_SEG_TITLE && s->segments[0].chapter);
    CHECK_STR(s->segments[0].text, "The difference we make");
    CHECK(s->segments[1].kind == ALOUD_SEG_BYLINE);
    CHECK_STR(s->segments[1].text, "Written by Ada Lovelace, Charles Babbage plus Mary Somerville");
    CHECK(s->segments[2].kind == ALOUD_SEG_DATE);
    /* The profile's mdy and months, then said as a date. */
    CHECK_STR(s->segments[2].display, "Feb 27, 2026");
    CHECK_STR(s->segments[2].text, "February the twenty-seventh, twenty twenty-six");
    CHECK(s->segments[0].pause_ms == 111 && s->segments[1].pause_ms == 111);
    CHECK(s->segments[2].pause_ms == 1234);

    /* The pause table, every value from the profile. */
    CHECK(pause_of(s, "First paragraph.") == 444);
    CHECK(pause_of(s, "Second paragraph.") == 2222); /* before a heading */
    CHECK(pause_of(s, "A section") == 333);
    long h = seg_index(s, "A section");
    CHECK(h > 0 && s->segments[h].chapter && s->segments[h].level == 2 &&
          s->segments[h].kind == ALOUD_SEG_HEADING);
    /* The list, announced and numbered. */
    long intro = seg_index(s, "A list of three items.");
    CHECK(intro == h + 1 && s->segments[intro].kind == ALOUD_SEG_ANNOUNCEMENT);
    CHECK(pause_of(s, "one. Apples") == 55);
    CHECK(pause_of(s, "two. Pears") == 55);
    CHECK(pause_of(s, "three. Plums") >= 666);
    /* The quotation, announced, with the quote pause around it. */
    long qs = seg_index(s, "Quotation begins.");
    CHECK(qs > 0 && s->segments[qs].kind == ALOUD_SEG_ANNOUNCEMENT);
    CHECK(qs > 0 && s->segments[qs - 1].pause_ms == 777); /* after "three. Plums" */
    CHECK(qs > 0 && s->segments[qs].pause_ms == 99);
    CHECK(seg_index(s, "To be quoted.") == qs + 1);
    CHECK(pause_of(s, "To be quoted.") == 444);
    CHECK(pause_of(s, "Still quoted.") == 99);
    CHECK(pause_of(s, "Quotation ends.") == 777);
    /* Images announced; captions not read (read_captions = no). */
    CHECK(pause_of(s, "Picture: A cat on a mat") == 888);
    long img = seg_index(s, "Picture: A cat on a mat");
    CHECK(img >= 0 && strcmp(s->segments[img].display, "A cat on a mat") == 0);
    CHECK(seg_index(s, "A caption not read by this voice") < 0);
    CHECK(pause_of(s, "Name, Age") == 55);
    CHECK(pause_of(s, "Ada, thirty-six") == 666);
    /* The last segment gets the end pause. */
    CHECK_STR(s->segments[s->n - 1].text, "The end.");
    CHECK(s->segments[s->n - 1].pause_ms == 3000);
    aloud_script_free(s);

    /* With the shipped British profile: its own values, dmy date. */
    struct aloud_voice *gb = voice(ALOUD_SOURCE_VOICES_DIR "/en-gb.ini");
    s = build(a, gb);
    CHECK(s && s->n > 3);
    if (s) {
        CHECK_STR(s->segments[1].text, "By Ada Lovelace, Charles Babbage and Mary Somerville");
        /* The date said as a person says it (docs/normalisation.md). */
        CHECK_STR(s->segments[2].text, "the twenty-seventh of February twenty twenty-six");
        CHECK_STR(s->segments[2].display, "27 February 2026");
        CHECK(s->segments[2].pause_ms == gb->pauses.after_title);
        CHECK(pause_of(s, "First paragraph.") == gb->pauses.paragraph);
        CHECK(seg_index(s, "Quote.") > 0 && seg_index(s, "End quote.") > 0);
        CHECK(seg_index(s, "Image: A cat on a mat") > 0);
        CHECK(seg_index(s, "A caption not read by this voice") > 0);
        CHECK(seg_index(s, "A list of three items.") < 0); /* no list_intro */
    }
    aloud_script_free(s);
    aloud_voice_free(gb);
out:
    aloud_article_free(a);
    aloud_voice_free(v);
}

static void test_dates(void)
{
    struct aloud_voice *v = aloud_voice_default();
    char *d = aloud_date_in_words("2026-02-27", &v->announce);
    CHECK_STR(d, "27 February 2026");
    free(d);
    d = aloud_date_in_words("2026-03-04T10:00:00Z", &v->announce);
    CHECK_STR(d, "4 March 2026");
    free(d);
    free(v->announce.date_order);
    v->announce.date_order = aloud_xstrdup("mdy");
    d = aloud_date_in_words("2026-12-01", &v->announce);
    CHECK_STR(d, "December 1, 2026");
    free(d);
    CHECK(aloud_date_in_words("yesterday", &v->announce) == NULL);
    CHECK(aloud_date_in_words("2026-13-01", &v->announce) == NULL);
    CHECK(aloud_date_in_words(NULL, &v->announce) == NULL);
    aloud_voice_free(v);

    struct aloud_voice *de = voice(ALOUD_SOURCE_VOICES_DIR "/de.ini");
    d = aloud_date_in_words("2026-03-14", &de->announce);
    CHECK_STR(d, "14. März 2026");
    free(d);
    aloud_voice_free(de);
}

static void test_speakable(void)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"\xE2\x80\x9CHello,\xE2\x80\x9D she said. It\xE2\x80\x99s here.",
         "\"Hello,\" she said. It's here."},
        {"Word \xE2\x80\x94 another word", "Word, another word"},
        {"Word\xE2\x80\x94" "another word", "Word, another word"},
        {"Word \xE2\x80\x93 another", "Word, another"},
        {"Wait -- what?", "Wait, what?"},
        {"The years 1990\xE2\x80\x93" "1995", "The years 1990-1995"},
        {"\xE2\x80\x94 Anonymous", "Anonymous"},
        {"It ends \xE2\x80\x94.", "It ends."},
        {"And so\xE2\x80\xA6" " on", "And so... on"},
        {"See https://www.example.org/a/b?x=1 for more.", "See example.org for more."},
        {"At http://user@News.Example.com:8080/path.", "At news.example.com."},
        {"Visit www.example.net/page, today", "Visit example.net, today"},
        {"Not a www. site", "Not a www. site"},
        {"**bold** and _under_ and ~~gone~~", "bold and under and gone"},
        {"A | B | C", "A B C"},
        {"#hashtag and ### heading and #1", "hashtag and heading and #1"},
        {"snake_case_name", "snake case name"},
        {"----", ""},
        /* Brackets in an article are never eSpeak NG phoneme input. */
        {"See the [[Main Page]] here", "See the Main Page here"},
        /* No 1 MB "word": long ASCII runs are dropped, long runs of other
         * scripts are cut into pieces eSpeak NG can take. */
        {"a 0123456789012345678901234567890123456789012345678901234567890123456789"
         "0123456789012345678901234567890 b", "a b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = aloud_script_speakable(cases[i].in);
        CHECK_STR(got, cases[i].out);
        free(got);
    }
}

static void test_lexicon_and_display(void)
{
    struct aloud_voice *v = voice(ALOUD_SOURCE_VOICES_DIR "/en-gb.ini");
    struct aloud_article *a = aloud_article_new();
    aloud_article_set(&a->title, "The NHS \xE2\x80\x94 explained");
    add(a, ALOUD_BLOCK_PARAGRAPH, "Ask your GP, e.g. by phone, or see https://www.nhs.uk/conditions/.");
    add(a, ALOUD_BLOCK_HEADING, "NHSX is not the NHS")->level = 2;
    add(a, ALOUD_BLOCK_PARAGRAPH, "More.");
    struct aloud_script *s = build(a, v);
    CHECK(s != NULL);
    if (s) {
        CHECK_STR(s->segments[0].text, "The N H S, explained");
        CHECK_STR(s->segments[0].display, "The NHS \xE2\x80\x94 explained");
        CHECK(s->segments[0].pause_ms == v->pauses.after_title); /* intro is the title alone */
        CHECK_STR(s->segments[1].text,
                  "Ask your G P, for example by phone, or see N H S dot U K slash conditions.");
        CHECK_STR(s->segments[1].display,
                  "Ask your GP, e.g. by phone, or see https://www.nhs.uk/conditions/.");
        CHECK_STR(s->segments[2].text, "NHSX is not the N H S");
        CHECK_STR(s->segments[2].display, "NHSX is not the NHS");
    }
    /* The printed forms. */
    char *text = aloud_script_to_text(s);
    CHECK(strstr(text, "The N H S, explained  [pause 1000 ms]\n") == text);
    CHECK(strstr(text, "More.  [pause 1000 ms]\n") != NULL);
    free(text);
    char *json = aloud_script_to_json(s);
    CHECK(strstr(json, "\"kind\": \"heading\"") && strstr(json, "\"level\": 2") &&
          strstr(json, "\"display\": \"NHSX is not the NHS\""));
    free(json);
    aloud_script_free(s);
    aloud_article_free(a);
    aloud_voice_free(v);
}

static void test_no_body(void)
{
    struct aloud_voice *v = aloud_voice_default();
    struct aloud_article *a = aloud_article_new();
    aloud_article_set(&a->title, "Only a title");
    struct aloud_script *s = NULL;
    char *err = NULL;
    CHECK(aloud_script_build(a, &(struct aloud_voice_set){.primary = v}, &s, &err) == -ENODATA);
    CHECK(s == NULL);
    CHECK(err && strstr(err, "no text to read"));
    free(err);
    err = NULL;
    /* Blocks with nothing speakable count as no body. */
    add(a, ALOUD_BLOCK_PARAGRAPH, "***");
    CHECK(aloud_script_build(a, &(struct aloud_voice_set){.primary = v}, &s, &err) == -ENODATA);
    free(err);
    aloud_article_free(a);
    aloud_voice_free(v);
}

int main(void)
{
    test_order_and_pauses();
    test_dates();
    test_speakable();
    test_lexicon_and_display();
    test_no_body();
    return check_done();
}
