/* Tests of voice profiles: the shipped profiles load, mistakes in a profile
 * are reported with file, line and key, profiles are picked by name and by
 * language tag, and lexicons replace whole words with the right case. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/util.h"
#include "aloud/voice.h"
#include "check.h"

#define SHIPPED ALOUD_SOURCE_VOICES_DIR
#define FIXTURES TEST_DATA "/voices"

static void test_shipped_profiles(void)
{
    char **ids = NULL;
    char *err = NULL;
    int n = aloud_voice_list(SHIPPED, &ids, &err);
    CHECK(n == 5);
    static const char *const want[] = {"de", "en-gb", "en-us", "es", "fr"};
    for (int i = 0; i < n && i < 5; i++)
        CHECK_STR(ids[i], want[i]);
    for (int i = 0; i < n; i++) {
        char *path = aloud_xasprintf("%s/%s.ini", SHIPPED, ids[i]);
        struct aloud_voice *v = NULL;
        int rc = aloud_voice_load(path, &v, &err);
        if (rc)
            fprintf(stderr, "%s\n", err);
        CHECK(rc == 0);
        if (v) {
            CHECK_STR(v->id, ids[i]);
            CHECK(v->name && *v->name);
            CHECK(v->espeak_voice && *v->espeak_voice);
            CHECK(v->lexicon.n >= 5); /* every language ships real entries */
            CHECK(v->rate >= 80 && v->rate <= 450);
            CHECK(v->pauses.end > 0 && v->pauses.paragraph > 0);
            for (int m = 0; m < 12; m++)
                CHECK(v->announce.months[m] && *v->announce.months[m]);
        }
        aloud_voice_free(v);
        free(path);
    }
    aloud_strv_free(ids);
    free(err);
}

static void test_custom_profile(void)
{
    struct aloud_voice *v = NULL;
    char *err = NULL;
    CHECK(aloud_voice_load(FIXTURES "/custom.ini", &v, &err) == 0);
    if (!v) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return;
    }
    CHECK_STR(v->id, "custom");
    CHECK_STR(v->espeak_voice, "en-us");
    CHECK(v->rate == 200 && v->pitch == 30 && v->range == 70 && v->word_gap == 2 &&
          v->volume == 150);
    CHECK(v->pauses.after_title == 1234 && v->pauses.before_heading == 2222 &&
          v->pauses.end == 3000 && v->pauses.announcement == 99);
    CHECK_STR(v->announce.byline, "Written by");
    CHECK_STR(v->announce.months[11], "Dec");
    CHECK_STR(v->announce.date_order, "mdy");
    CHECK(v->announce.read_images == 1 && v->announce.read_captions == 0);
    CHECK(v->lexicon.n == 6);
    aloud_voice_free(v);
}

/* Loads a fixture that must fail; returns the message (caller frees). */
static char *load_error(const char *name)
{
    char *path = aloud_xasprintf("%s/%s", FIXTURES, name);
    struct aloud_voice *v = NULL;
    char *err = NULL;
    int rc = aloud_voice_load(path, &v, &err);
    CHECK(rc < 0);
    CHECK(v == NULL);
    aloud_voice_free(v);
    free(path);
    return err ? err : aloud_xstrdup("");
}

static void test_profile_errors(void)
{
    char *err = load_error("bad-rate.ini");
    CHECK_STR(err, FIXTURES "/bad-rate.ini:7: rate: expected words per minute between 80 and "
                            "450, got 'fast'");
    free(err);
    err = load_error("unknown-key.ini");
    CHECK(strstr(err, "unknown-key.ini:7: unknown key 'paragarph' in [pauses]") != NULL);
    free(err);
    err = load_error("missing-lexicon.ini");
    CHECK(strstr(err, "missing-lexicon.ini:5: file: no lexicon ") != NULL);
    CHECK(strstr(err, "nowhere.lexicon.ini") != NULL);
    free(err);
    err = load_error("bad-pause.ini");
    CHECK(strstr(err, "bad-pause.ini:4: end: expected milliseconds") != NULL);
    free(err);
    err = load_error("bad-bool.ini");
    CHECK(strstr(err, "bad-bool.ini:4: read_images: expected true or false, got 'perhaps'"));
    free(err);
    err = load_error("bad-section.ini");
    CHECK(strstr(err, "bad-section.ini:4: unknown section [pause]") != NULL);
    free(err);
    /* An error inside the lexicon names the lexicon's own line. */
    err = load_error("bad-lexicon.ini");
    CHECK(strstr(err, "bad-lexicon.ini:4: file: lexicon ") != NULL);
    CHECK(strstr(err, "bad.lexicon.ini:4: unknown section [phrases]") != NULL);
    free(err);
    err = load_error("no-such-profile.ini");
    CHECK(strstr(err, "no-such-profile.ini") != NULL);
    free(err);
}

static void test_selection(void)
{
    static const struct {
        const char *requested, *article, *language, *want;
    } cases[] = {
        {NULL, NULL, "en-GB", "en-gb"},
        {NULL, NULL, "en-US", "en-us"},
        {NULL, NULL, "en-AU", "en-gb"}, /* en-gb is the default_for en */
        {NULL, NULL, "en", "en-gb"},
        {NULL, NULL, "fr-CA", "fr"},
        {NULL, NULL, "de-AT", "de"},
        {NULL, NULL, "es-MX", "es"},
        {NULL, NULL, "zu", "en-gb"}, /* no profile: the default */
        {NULL, NULL, NULL, "en-gb"},
        {NULL, "de", "fr-FR", "de"},  /* front matter's voice over language */
        {"es", "de", "fr-FR", "es"},  /* --voice over everything */
        {"EN-US", NULL, NULL, "en-us"},
        {"fr-BE", NULL, NULL, "fr"},  /* a language tag as --voice */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct aloud_voice *v = NULL;
        char *err = NULL;
        int rc = aloud_voice_select(SHIPPED, cases[i].requested, cases[i].article,
                                    cases[i].language, &v, &err);
        CHECK(rc == 0);
        if (v && strcmp(v->id, cases[i].want) != 0)
            fprintf(stderr, "case %zu: got %s, want %s\n", i, v->id, cases[i].want);
        CHECK(v && strcmp(v->id, cases[i].want) == 0);
        aloud_voice_free(v);
        free(err);
    }
    struct aloud_voice *v = NULL;
    char *err = NULL;
    CHECK(aloud_voice_select(SHIPPED, "xx", NULL, NULL, &v, &err) == -ENOENT);
    CHECK_STR(err, "unknown voice 'xx'; profiles: de, en-gb, en-us, es, fr");
    free(err);
    err = NULL;
    CHECK(aloud_voice_select(SHIPPED, NULL, "klingon", "en-GB", &v, &err) == -ENOENT);
    CHECK(err && strstr(err, "unknown voice 'klingon'; profiles: de,"));
    free(err);
    err = NULL;
    CHECK(aloud_voice_find(SHIPPED, "de", &v, &err) == 0);
    CHECK(v && strcmp(v->language, "de-DE") == 0);
    aloud_voice_free(v);
    /* No profiles at all: the built-in British English. */
    CHECK(aloud_voice_select("/nonexistent-voices", NULL, NULL, "fr", &v, &err) == 0);
    CHECK(v && strcmp(v->id, "en-gb") == 0 && v->pauses.paragraph > 0);
    aloud_voice_free(v);
    free(err);
}

static void test_lexicon(void)
{
    struct aloud_lexicon lex = {0};
    char *err = NULL;
    CHECK(aloud_lexicon_load(FIXTURES "/test.lexicon.ini", &lex, &err) == 0);
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"The NHS and the NHSX.", "The N H S and the NHSX."}, /* whole words only */
        {"nhs in lower case", "nhs in lower case"},            /* exact case key */
        {"Fruit, e.g. apples", "Fruit, for example apples"},
        {"Fruit, E.G. apples", "Fruit, for example apples"},   /* lower-case key: any case */
        {"Colour, colour, COLOUR and colours", "color, color, color and colours"},
        {"Your ID and IDs and id", "Your I D and IDs and id"},
        {"Dr Who returns", "Doctor Who returns"},
        {"A tomato.", "A [[t@m'A:t@U]]."},
        {"Café NHS", "Café N H S"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = aloud_lexicon_apply(&lex, cases[i].in);
        CHECK_STR(got, cases[i].out);
        free(got);
    }
    char *same = aloud_lexicon_apply(NULL, "untouched");
    CHECK_STR(same, "untouched");
    free(same);
    for (size_t i = 0; i < lex.n; i++) {
        free(lex.entries[i].word);
        free(lex.entries[i].say);
    }
    free(lex.entries);

    /* The shipped English lexicon: NHS, GP, e.g., i.e. */
    struct aloud_voice *v = NULL;
    CHECK(aloud_voice_find(SHIPPED, "en-gb", &v, &err) == 0);
    if (v) {
        char *got = aloud_lexicon_apply(&v->lexicon, "See your GP, i.e. the NHS doctor.");
        CHECK_STR(got, "See your G P, that is the N H S doctor.");
        free(got);
    }
    aloud_voice_free(v);
    free(err);
}

int main(void)
{
    test_shipped_profiles();
    test_custom_profile();
    test_profile_errors();
    test_selection();
    test_lexicon();
    return check_done();
}
