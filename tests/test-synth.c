/* Tests of the synth stage and of rendering a hand-built script: eSpeak NG
 * speaks, reports words and sentences in order, refuses unknown voices;
 * a rendered episode has exactly the pause each segment asks for. */
#include <errno.h>
#include <math.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aloud/render.h"
#include "aloud/synth.h"
#include "aloud/util.h"
#include "check.h"

static struct aloud_voice *test_voice(const char *espeak)
{
    struct aloud_voice *v = aloud_xcalloc(1, sizeof *v);
    v->espeak_voice = (char *)espeak; /* borrowed: never freed here */
    v->rate = 175;
    v->pitch = 50;
    v->range = 50;
    v->volume = 100;
    return v;
}

static void test_speak(void)
{
    struct aloud_voice *v = test_voice("en");
    struct aloud_synth *s = NULL;
    char *err = NULL;
    CHECK(aloud_synth_open(v, &s, &err) == 0);
    if (!s)
        return;
    CHECK(aloud_synth_sample_rate(s) == 22050);
    struct aloud_synth_utterance u = {0};
    const char *text = "The cat sat on the mat. Then it slept.";
    CHECK(aloud_synth_speak(s, text, &u, &err) == 0);
    /* About two seconds of speech, not silence. */
    CHECK(u.n_samples > 22050 && u.n_samples < 22050 * 6);
    int peak = 0;
    for (size_t i = 0; i < u.n_samples; i++)
        if (abs(u.samples[i]) > peak)
            peak = abs(u.samples[i]);
    CHECK(peak > 1000);
    size_t sentences = 0, words = 0;
    uint64_t last = 0;
    int ordered = 1;
    for (size_t i = 0; i < u.n_events; i++) {
        const struct aloud_synth_event *e = &u.events[i];
        if (e->sample < last || e->sample > u.n_samples)
            ordered = 0;
        last = e->sample;
        if (e->kind == ALOUD_SYNTH_SENTENCE) {
            sentences++;
        } else {
            words++;
            if (words == 2)
                CHECK(e->text_len == 3 && strncmp(text + e->text_start, "cat", 3) == 0);
        }
    }
    CHECK(sentences == 2);
    CHECK(words >= 7 && words <= 9); /* eSpeak NG may join "the" to a neighbour */
    CHECK(ordered);
    /* Phonemes in [[...]] are spoken, not spelled out: a short word. */
    struct aloud_synth_utterance p = {0};
    CHECK(aloud_synth_speak(s, "[[h@l'oU]]", &p, &err) == 0);
    CHECK(p.n_samples > 2205 && p.n_samples < 22050);
    aloud_synth_utterance_clear(&p);
    aloud_synth_utterance_clear(&u);
    aloud_synth_close(s);
    free(v);
    free(err);
}

static void test_unknown_voice(void)
{
    struct aloud_voice *v = test_voice("no-such-voice");
    struct aloud_synth *s = NULL;
    char *err = NULL;
    CHECK(aloud_synth_open(v, &s, &err) == -EINVAL);
    CHECK(s == NULL);
    CHECK(err && strstr(err, "no-such-voice"));
    free(err);
    free(v);
    /* A language tag works as a voice name, as with the espeak-ng program. */
    v = test_voice("en-gb");
    err = NULL;
    CHECK(aloud_synth_open(v, &s, &err) == 0);
    aloud_synth_close(s);
    free(v);
    free(err);
}

static void test_voices(void)
{
    struct aloud_synth_voice_info *list = NULL;
    size_t n = 0;
    char *err = NULL;
    CHECK(aloud_synth_voices(&list, &n, &err) == 0);
    int en = 0, fr = 0;
    for (size_t i = 0; i < n; i++) {
        en |= strcmp(list[i].identifier, "gmw/en") == 0;
        fr |= strcmp(list[i].language, "fr-fr") == 0;
    }
    CHECK(en && fr);
    aloud_synth_voices_free(list, n);
    free(err);
}

static void add_segment(struct aloud_script *s, enum aloud_segment_kind kind, const char *text,
                        int pause_ms, int chapter)
{
    s->segments = aloud_xrealloc(s->segments, (s->n + 1) * sizeof *s->segments);
    struct aloud_segment *seg = &s->segments[s->n++];
    memset(seg, 0, sizeof *seg);
    seg->kind = kind;
    seg->text = aloud_xstrdup(text);
    seg->display = aloud_xstrdup(text);
    seg->pause_ms = pause_ms;
    seg->chapter = chapter;
}

static void free_script(struct aloud_script *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->segments[i].text);
        free(s->segments[i].display);
    }
    free(s->segments);
}

/* Length in samples of the run of digital silence that contains sample
 * at. */
static size_t zero_run(const short *pcm, size_t n, size_t at)
{
    size_t a = at, b = at;
    while (a > 0 && pcm[a - 1] == 0)
        a--;
    while (b < n && pcm[b] == 0)
        b++;
    return b - a;
}

static void test_render_pauses(void)
{
    struct aloud_script script = {0};
    add_segment(&script, ALOUD_SEG_TITLE, "A short test.", 700, 1);
    add_segment(&script, ALOUD_SEG_HEADING, "Second part", 300, 1);
    add_segment(&script, ALOUD_SEG_PARAGRAPH, "It ends here. Really.", 500, 0);
    struct aloud_voice *v = test_voice("en");
    struct aloud_episode_tags tags = {.title = "A short test", .author = "Tester"};
    char dir[] = "/tmp/aloud-synth-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *wav = aloud_xasprintf("%s/t.wav", dir);
    struct aloud_timeline *t = NULL;
    char *err = NULL;
    int rc = aloud_render_episode(&script, &(struct aloud_voice_set){.primary = v}, NULL, &tags, "test", wav, NULL, &t, &err);
    CHECK(rc == 0);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        goto out;
    }
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(wav, SFM_READ, &info);
    CHECK(sf != NULL);
    if (!sf)
        goto out;
    CHECK(info.samplerate == 22050 && info.channels == 1);
    CHECK((uint64_t)info.frames == t->n_samples);
    CHECK_STR(sf_get_string(sf, SF_STR_TITLE), "A short test");
    CHECK_STR(sf_get_string(sf, SF_STR_ARTIST), "Tester");
    short *pcm = aloud_xmalloc((size_t)info.frames * sizeof *pcm);
    CHECK(sf_readf_short(sf, pcm, info.frames) == info.frames);
    sf_close(sf);
    /* Sentences: one, one, two; chapters: the two marked segments. */
    CHECK(t->n_sentences == 4);
    CHECK(t->n_chapters == 2);
    if (t->n_chapters == 2) {
        CHECK(t->chapters[0].start == 0);
        CHECK_STR(t->chapters[1].text, "Second part");
        CHECK(t->chapters[0].end == t->chapters[1].start);
        CHECK(t->chapters[1].end == t->n_samples);
    }
    if (t->n_sentences == 4) {
        CHECK_STR(t->sentences[2].text, "It ends here.");
        CHECK_STR(t->sentences[3].text, "Really.");
        /* After each segment's speech, silence of its pause (to the MP3
         * frame grid: at most half a frame, 13 ms, off). */
        const int pauses[2] = {700, 300};
        for (int i = 0; i < 2; i++) {
            uint64_t end = t->sentences[i].end;
            size_t run = zero_run(pcm, (size_t)info.frames, (size_t)end);
            double ms = run * 1000.0 / 22050;
            CHECK(fabs(ms - pauses[i]) <= 14);
            CHECK(t->sentences[i + 1].start == end + run);
        }
        /* Every segment is a whole number of 576-sample frames long. */
        CHECK(t->sentences[1].start % 576 == 0);
        CHECK(t->sentences[2].start % 576 == 0);
    }
    CHECK(t->n_words >= 7);
    CHECK(fabs(t->loudness_lufs - (-16)) <= 1.0);
    CHECK(t->true_peak_dbtp <= -1.0);
    free(pcm);
out:
    unlink(wav);
    rmdir(dir);
    free(wav);
    free(err);
    aloud_timeline_free(t);
    free_script(&script);
    free(v);
}

/* The transcript shows the text as written, split where eSpeak NG splits
 * its sentences; it falls back to the spoken text when they disagree. */
static void test_transcript(void)
{
    struct aloud_script script = {0};
    add_segment(&script, ALOUD_SEG_PARAGRAPH, "", 500, 0);
    add_segment(&script, ALOUD_SEG_PARAGRAPH, "", 500, 0);
    free(script.segments[0].text);
    free(script.segments[0].display);
    script.segments[0].text =
        aloud_xstrdup("Doctor Smith said \"Stop!\" and left. The U K agreed.");
    script.segments[0].display =
        aloud_xstrdup("Doctor Smith said \"Stop!\" and left. The UK agreed.");
    /* eSpeak NG says these as one sentence; the display splits in two. */
    free(script.segments[1].text);
    free(script.segments[1].display);
    script.segments[1].text = aloud_xstrdup("It is fine");
    script.segments[1].display = aloud_xstrdup("It is. Fine");
    struct aloud_voice *v = test_voice("en");
    struct aloud_timeline *t = NULL;
    char *err = NULL;
    CHECK(aloud_render_episode(&script, &(struct aloud_voice_set){.primary = v}, NULL, NULL, "test", NULL, NULL, &t, &err) == 0);
    CHECK(t && t->n_sentences == 4);
    if (t && t->n_sentences == 4) {
        CHECK_STR(t->sentences[0].text, "Doctor Smith said \"Stop!\"");
        CHECK_STR(t->sentences[1].text, "and left.");
        CHECK_STR(t->sentences[2].text, "The UK agreed.");
        CHECK_STR(t->sentences[3].text, "It is fine");
        CHECK(t->sentences[3].segment == 1);
        CHECK(t->sentences[0].start < t->sentences[1].start &&
              t->sentences[1].start < t->sentences[2].start);
    }
    aloud_timeline_free(t);
    free_script(&script);
    free(v);
    free(err);
}

/* A build opens the synth once per article, and an article may switch
 * voices per segment: after many of both, eSpeak NG still reports every
 * word and sentence (eSpeak NG 1.51 lost them after some twenty voice
 * selections in one process), and the same text gives the same events and
 * samples. */
static void test_many_voices(void)
{
    struct aloud_voice *en = test_voice("en"), *fr = test_voice("fr");
    const char *text = "This is note number five. It has two sentences.";
    char *err = NULL;
    size_t first_events = 0, first_samples = 0;
    for (int k = 0; k < 40; k++) {
        struct aloud_synth *s = NULL;
        CHECK(aloud_synth_open(en, &s, &err) == 0);
        if (!s)
            break;
        CHECK(aloud_synth_set_voice(s, fr, &err) == 0);
        CHECK(aloud_synth_set_voice(s, en, &err) == 0);
        struct aloud_synth_utterance u = {0};
        CHECK(aloud_synth_speak(s, text, &u, &err) == 0);
        size_t sentences = 0;
        for (size_t i = 0; i < u.n_events; i++)
            sentences += u.events[i].kind == ALOUD_SYNTH_SENTENCE;
        if (k == 0) {
            first_events = u.n_events;
            first_samples = u.n_samples;
        }
        CHECK(sentences == 2);
        CHECK(u.n_events == first_events && u.n_samples == first_samples);
        aloud_synth_utterance_clear(&u);
        aloud_synth_close(s);
    }
    free(en);
    free(fr);
    free(err);
}

int main(void)
{
    test_speak();
    test_unknown_voice();
    test_voices();
    test_render_pauses();
    test_transcript();
    test_many_voices();
    return check_done();
}
