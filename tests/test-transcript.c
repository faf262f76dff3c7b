/* Tests of the timeline's text writers on hand-made timelines: WebVTT cues
 * timed to the sentences, lines of at most 65 characters and cues of at
 * most two lines, long sentences split over their time by words, escapes;
 * Podcasting 2.0 chapters read back with json-c. */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/transcript.h"
#include "aloud/util.h"
#include "check.h"

#define RATE 22050

struct cue {
    double start, end; /* seconds */
    char *text;        /* lines joined with '\n' */
    int lines;
};

/* Parses the cues of a WebVTT document into cues (at most max). */
static size_t parse_vtt(const char *vtt, struct cue *cues, size_t max)
{
    size_t n = 0;
    char *copy = aloud_xstrdup(vtt);
    char *save = NULL;
    char *line = strtok_r(copy, "\n", &save);
    CHECK(line && strcmp(line, "WEBVTT") == 0);
    while ((line = strtok_r(NULL, "\n", &save))) {
        unsigned h1, m1, s1, ms1, h2, m2, s2, ms2;
        if (sscanf(line, "%u:%u:%u.%u --> %u:%u:%u.%u", &h1, &m1, &s1, &ms1, &h2, &m2, &s2, &ms2) ==
            8) {
            if (n == max)
                break;
            cues[n].start = h1 * 3600 + m1 * 60 + s1 + ms1 / 1000.0;
            cues[n].end = h2 * 3600 + m2 * 60 + s2 + ms2 / 1000.0;
            cues[n].text = aloud_xstrdup("");
            cues[n].lines = 0;
            n++;
            continue;
        }
        if (n == 0 || strspn(line, "0123456789") == strlen(line))
            continue; /* a cue number */
        struct cue *c = &cues[n - 1];
        char *joined = aloud_xasprintf("%s%s%s", c->text, c->lines ? "\n" : "", line);
        free(c->text);
        c->text = joined;
        c->lines++;
        /* Never more than 65 characters (not bytes) on a line. */
        size_t chars = 0;
        for (const char *p = line; *p; p++)
            chars += ((unsigned char)*p & 0xC0) != 0x80;
        CHECK(chars <= ALOUD_VTT_LINE_MAX);
    }
    free(copy);
    return n;
}

static void free_cues(struct cue *cues, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(cues[i].text);
}

static void test_vtt(void)
{
    struct aloud_timeline *t = aloud_timeline_new(RATE);
    t->n_samples = RATE * 60;
    /* A short sentence at 1.5 s, escapes, Greek and Japanese. */
    aloud_timeline_add(&t->sentences, &t->n_sentences, RATE * 3 / 2, RATE * 3, 0,
                       "Fish & <Chips> --> \xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1 "
                       "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e.");
    /* A long sentence: 40 words of 4 letters (199 characters) over 20 s. */
    struct aloud_buf b = {0};
    for (int i = 0; i < 40; i++)
        aloud_buf_printf(&b, "%sw%03d", i ? " " : "", i);
    char *long_text = aloud_buf_steal(&b);
    aloud_timeline_add(&t->sentences, &t->n_sentences, RATE * 10, RATE * 30, 1, long_text);
    /* A sentence of one word longer than a line. */
    char word[101];
    memset(word, 'x', 100);
    word[100] = '\0';
    aloud_timeline_add(&t->sentences, &t->n_sentences, RATE * 40, RATE * 41, 2, word);

    char *vtt = aloud_vtt_from_timeline(t);
    CHECK(strncmp(vtt, "WEBVTT\n", 7) == 0);
    struct cue cues[16];
    size_t n = parse_vtt(vtt, cues, 16);
    /* 1 cue, then 199 characters in lines of <= 65 (4 lines: 2 cues), then
     * the long word cut into two lines (1 cue). */
    CHECK(n == 4);
    if (n == 4) {
        CHECK(cues[0].start == 1.5);
        CHECK(cues[0].end == 3.0);
        CHECK_STR(cues[0].text, "Fish &amp; &lt;Chips&gt; --&gt; "
                                "\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1 "
                                "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e.");
        /* The long sentence: its first cue starts with it, its last ends
         * with it, and its 40 words' 20 s are shared by words: 26 words
         * (2 lines of 13) take 13 s. */
        CHECK(cues[1].start == 10.0);
        CHECK(cues[1].lines == 2);
        CHECK(cues[2].start == cues[1].end);
        CHECK(cues[2].end == 30.0);
        size_t words1 = 1;
        for (const char *p = cues[1].text; *p; p++)
            words1 += *p == ' ' || *p == '\n';
        double want = 10.0 + 20.0 * (double)words1 / 40;
        CHECK(cues[1].end > want - 0.01 && cues[1].end < want + 0.01);
        CHECK(strncmp(cues[1].text, "w000 w001", 9) == 0);
        CHECK(strstr(cues[2].text, "w039") != NULL);
        CHECK(cues[3].start == 40.0 && cues[3].lines == 2);
    }
    /* Every cue is timed inside the episode, in order, and lasts. */
    for (size_t i = 0; i < n; i++) {
        CHECK(cues[i].end > cues[i].start);
        CHECK(i == 0 || cues[i].start >= cues[i - 1].end);
        CHECK(cues[i].lines >= 1 && cues[i].lines <= 2);
    }
    free_cues(cues, n);
    free(vtt);
    free(long_text);

    /* Hours and minutes are written out. */
    struct aloud_timeline *late = aloud_timeline_new(RATE);
    late->n_samples = (uint64_t)RATE * 4000;
    aloud_timeline_add(&late->sentences, &late->n_sentences, (uint64_t)RATE * 3725 + RATE / 2,
                       (uint64_t)RATE * 3726, 0, "Late.");
    vtt = aloud_vtt_from_timeline(late);
    CHECK(strstr(vtt, "01:02:05.500 --> 01:02:06.000") != NULL);
    free(vtt);
    aloud_timeline_free(late);

    /* No sentences: a valid, empty transcript. */
    struct aloud_timeline *empty = aloud_timeline_new(RATE);
    vtt = aloud_vtt_from_timeline(empty);
    CHECK_STR(vtt, "WEBVTT\n");
    free(vtt);
    aloud_timeline_free(empty);
    aloud_timeline_free(t);
}

static void test_chapters(void)
{
    struct aloud_timeline *t = aloud_timeline_new(RATE);
    t->n_samples = RATE * 60;
    aloud_timeline_add(&t->chapters, &t->n_chapters, 0, RATE * 12, 0, "spoken title");
    aloud_timeline_add(&t->chapters, &t->n_chapters, RATE * 12 + RATE / 2, RATE * 40, 3,
                       "A heading & \"more\"");
    aloud_timeline_add(&t->chapters, &t->n_chapters, RATE * 40, RATE * 60, 7,
                       "\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1");
    char *json = aloud_chapters_json(t, "Fish & <Chips> ]]>");
    json_object *root = json_tokener_parse(json);
    CHECK(root != NULL);
    json_object *v, *list;
    CHECK(json_object_object_get_ex(root, "version", &v));
    CHECK_STR(json_object_get_string(v), "1.2.0");
    CHECK(json_object_object_get_ex(root, "chapters", &list));
    CHECK(json_object_array_length(list) == 3);
    if (json_object_array_length(list) == 3) {
        json_object *c0 = json_object_array_get_idx(list, 0);
        json_object *c1 = json_object_array_get_idx(list, 1);
        json_object *c2 = json_object_array_get_idx(list, 2);
        CHECK(json_object_object_get_ex(c0, "startTime", &v) && json_object_get_double(v) == 0);
        CHECK(json_object_object_get_ex(c0, "title", &v));
        CHECK_STR(json_object_get_string(v), "Fish & <Chips> ]]>"); /* the title, as written */
        CHECK(json_object_object_get_ex(c1, "startTime", &v) && json_object_get_double(v) == 12.5);
        CHECK(json_object_object_get_ex(c1, "title", &v));
        CHECK_STR(json_object_get_string(v), "A heading & \"more\"");
        CHECK(json_object_object_get_ex(c2, "startTime", &v) && json_object_get_double(v) == 40);
        CHECK(json_object_object_get_ex(c2, "title", &v));
        CHECK_STR(json_object_get_string(v), "\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1");
    }
    json_object_put(root);
    free(json);
    aloud_timeline_free(t);
}

int main(void)
{
    test_vtt();
    test_chapters();
    return check_done();
}
