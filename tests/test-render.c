/* Tests of the render stage as an editor and a build machine meet it:
 * an episode rendered again from the segment cache is the same, byte for
 * byte, and speaks nothing; segments a worker put in the cache make the
 * episode without eSpeak NG; the episode's key changes with what changes
 * the files (a word, a chapter, a tag, the recipe) and with nothing
 * else; bad settings and an empty script are refused with nothing left
 * behind. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aloud/render.h"
#include "aloud/segcache.h"
#include "aloud/util.h"
#include "check.h"

/* LAME's output differs under valgrind's emulation of the CPU (and from
 * one encoder to the next within such a run), so MP3 bytes are compared
 * natively only; the WAV masters, PCM alike, are compared always. The
 * valgrind run is for memory errors and leaks. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifdef RUNNING_ON_VALGRIND
#define MP3_BYTES_COMPARABLE (!RUNNING_ON_VALGRIND)
#else
#define MP3_BYTES_COMPARABLE 1
#endif

static struct aloud_voice voice = {.espeak_voice = (char *)"en", .language = (char *)"en-GB",
                                   .rate = 175, .pitch = 50, .range = 50, .volume = 100};
static struct aloud_voice_set voices = {.primary = &voice};

static void add(struct aloud_script *s, enum aloud_segment_kind kind, const char *text, int pause,
                int chapter)
{
    s->segments = aloud_xrealloc(s->segments, (s->n + 1) * sizeof *s->segments);
    struct aloud_segment *seg = &s->segments[s->n++];
    memset(seg, 0, sizeof *seg);
    seg->kind = kind;
    seg->text = aloud_xstrdup(text);
    seg->display = aloud_xstrdup(text);
    seg->pause_ms = pause;
    seg->chapter = chapter;
}

static struct aloud_script *sample_script(void)
{
    struct aloud_script *s = aloud_xcalloc(1, sizeof *s);
    add(s, ALOUD_SEG_TITLE, "A test of the render stage.", 700, 1);
    add(s, ALOUD_SEG_HEADING, "The middle", 400, 1);
    add(s, ALOUD_SEG_PARAGRAPH, "It says a few words, then it stops for a while.", 600, 0);
    add(s, ALOUD_SEG_PARAGRAPH, "The end.", 1000, 0);
    return s;
}

static char *slurp(const char *path, size_t *len)
{
    char *data = NULL;
    *len = 0;
    if (aloud_file_read(path, 1u << 26, &data, len, NULL) != 0)
        return NULL;
    return data;
}

static int same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *da = slurp(a, &la), *db = slurp(b, &lb);
    int same = da && db && la == lb && memcmp(da, db, la) == 0;
    free(da);
    free(db);
    return same;
}

static char dir[] = "/tmp/aloud-render-XXXXXX";

static char *path_in(const char *name)
{
    return aloud_xasprintf("%s/%s", dir, name);
}

/* Rendered with a cache, then again from it: nothing spoken the second
 * time, the same bytes, and the same bytes as without any cache. */
static void test_cache_reuse(void)
{
    struct aloud_script *s = sample_script();
    struct aloud_episode_tags tags = {.title = "Render", .author = "Tester"};
    char *cache = path_in("cache"), *a = path_in("a.mp3"), *aw = path_in("a.wav");
    char *b = path_in("b.mp3"), *bw = path_in("b.wav"), *c = path_in("c.mp3");
    struct aloud_render_stats st = {0};
    struct aloud_render_options ro = {.cache_dir = cache, .stats = &st};
    struct aloud_timeline *t = NULL;
    char *err = NULL;
    CHECK(aloud_render_episode(s, &voices, &ro, &tags, "test", aw, a, &t, &err) == 0);
    CHECK(st.segments == 4 && st.synthesised == 4);
    CHECK(t && t->n_chapters == 2 && t->n_sentences >= 4);
    CHECK(t && t->loudness_lufs > -17.5 && t->loudness_lufs < -14.5);
    aloud_timeline_free(t);
    CHECK(aloud_render_episode(s, &voices, &ro, &tags, "test", bw, b, NULL, &err) == 0);
    CHECK(st.synthesised == 0);
    CHECK(!MP3_BYTES_COMPARABLE || same_file(a, b));
    CHECK(same_file(aw, bw));
    struct aloud_render_options plain = {0};
    char *cw = path_in("c.wav");
    CHECK(aloud_render_episode(s, &voices, &plain, &tags, "test", cw, c, NULL, &err) == 0);
    CHECK(!MP3_BYTES_COMPARABLE || same_file(a, c));
    CHECK(same_file(aw, cw));
    free(cw);
    /* An edited paragraph: only it is spoken again. */
    free(s->segments[2].text);
    s->segments[2].text = aloud_xstrdup("It says other words now.");
    CHECK(aloud_render_episode(s, &voices, &ro, &tags, "test", NULL, b, NULL, &err) == 0);
    CHECK(st.synthesised == 1);
    CHECK(!same_file(a, b));
    free(err);
    aloud_script_free(s);
    free(cache), free(a), free(aw), free(b), free(bw), free(c);
}

/* A worker's prerender fills the cache; the episode then needs no speech
 * and equals one rendered in one go. */
static void test_prerender(void)
{
    struct aloud_script *s = sample_script();
    char *cache = path_in("cache2"), *a = path_in("p.mp3"), *b = path_in("q.mp3");
    struct aloud_render_stats st = {0};
    struct aloud_render_options ro = {.cache_dir = cache, .stats = &st};
    char *err = NULL;
    CHECK(aloud_render_prerender(s, &voices, &ro, "test", &err) == 0);
    CHECK(st.synthesised == 4);
    char *aw = path_in("p.wav"), *bw = path_in("q.wav");
    CHECK(aloud_render_episode(s, &voices, &ro, NULL, "test", aw, a, NULL, &err) == 0);
    CHECK(st.synthesised == 0);
    struct aloud_render_options plain = {0};
    CHECK(aloud_render_episode(s, &voices, &plain, NULL, "test", bw, b, NULL, &err) == 0);
    CHECK(!MP3_BYTES_COMPARABLE || same_file(a, b));
    CHECK(same_file(aw, bw));
    free(aw);
    free(bw);
    free(err);
    aloud_script_free(s);
    free(cache), free(a), free(b);
}

static void test_episode_key(void)
{
    struct aloud_script *s = sample_script();
    struct aloud_episode_tags tags = {.title = "Key", .author = "A"};
    char *k0 = aloud_render_episode_key(s, &voices, NULL, &tags);
    char *same = aloud_render_episode_key(s, &voices, NULL, &tags);
    CHECK(k0 && strlen(k0) == 64);
    CHECK_STR(same, k0);
    /* A word of the spoken text. */
    free(s->segments[3].text);
    s->segments[3].text = aloud_xstrdup("The very end.");
    char *k1 = aloud_render_episode_key(s, &voices, NULL, &tags);
    CHECK(strcmp(k1, k0) != 0);
    free(s->segments[3].text);
    s->segments[3].text = aloud_xstrdup("The end.");
    /* A chapter mark (ID3 chapters change, the sound does not). */
    s->segments[2].chapter = 1;
    char *k2 = aloud_render_episode_key(s, &voices, NULL, &tags);
    CHECK(strcmp(k2, k0) != 0);
    s->segments[2].chapter = 0;
    /* A tag. */
    tags.author = "B";
    char *k3 = aloud_render_episode_key(s, &voices, NULL, &tags);
    CHECK(strcmp(k3, k0) != 0);
    tags.author = "A";
    /* A setting. */
    struct aloud_audio_settings loud;
    aloud_audio_settings_default(&loud);
    loud.target_lufs = -14;
    char *k4 = aloud_render_episode_key(s, &voices, &loud, &tags);
    CHECK(strcmp(k4, k0) != 0);
    /* The recipe: what turns speech into levelled, encoded segments. */
    const char *recipe = aloud_segcache_recipe;
    aloud_segcache_recipe = "a levelling that does not exist";
    char *k5 = aloud_render_episode_key(s, &voices, NULL, &tags);
    CHECK(strcmp(k5, k0) != 0);
    aloud_segcache_recipe = recipe;
    char *back = aloud_render_episode_key(s, &voices, NULL, &tags);
    CHECK_STR(back, k0);
    free(k0), free(same), free(k1), free(k2), free(k3), free(k4), free(k5), free(back);
    aloud_script_free(s);
}

/* A segment in another language is spoken with that language's voice; a
 * voice's segments sound the same whether other voices spoke between them
 * (rendered fresh) or not (from the cache). */
static void test_languages(void)
{
    struct aloud_script *s = aloud_xcalloc(1, sizeof *s);
    add(s, ALOUD_SEG_TITLE, "Words from abroad.", 700, 1);
    add(s, ALOUD_SEG_PARAGRAPH, "Il pleut sur la ville depuis ce matin.", 0, 0);
    s->segments[1].lang = aloud_xstrdup("fr-FR");
    add(s, ALOUD_SEG_PARAGRAPH, "And then the sun came out.", 1000, 0);
    struct aloud_voice_set mixed = {.primary = &voice};
    aloud_voice_set_add(&mixed, "fr", aloud_voice_for_language(&voice, "fr"));
    CHECK(aloud_voice_set_for(&mixed, "fr-FR") != &voice);
    CHECK(aloud_voice_set_for(&mixed, "en-US") == &voice);
    char *cache = path_in("cache3"), *a = path_in("l1.wav"), *b = path_in("l2.wav");
    char *c = path_in("l3.wav");
    struct aloud_render_stats st = {0};
    struct aloud_render_options ro = {.cache_dir = cache, .stats = &st};
    char *err = NULL;
    CHECK(aloud_render_episode(s, &mixed, &ro, NULL, "mixed", a, NULL, NULL, &err) == 0);
    CHECK(st.synthesised == 3);
    CHECK(aloud_render_episode(s, &mixed, &ro, NULL, "mixed", b, NULL, NULL, &err) == 0);
    CHECK(st.synthesised == 0);
    CHECK(same_file(a, b));
    /* The same segments in English only: the French one sounds otherwise. */
    CHECK(aloud_render_episode(s, &voices, NULL, NULL, "english", c, NULL, NULL, &err) == 0);
    CHECK(!same_file(a, c));
    char *k_mixed = aloud_render_episode_key(s, &mixed, NULL, NULL);
    char *k_english = aloud_render_episode_key(s, &voices, NULL, NULL);
    CHECK(strcmp(k_mixed, k_english) != 0);
    free(k_mixed);
    free(k_english);
    free(err);
    free(mixed.others[0].lang);
    aloud_voice_free(mixed.others[0].voice);
    free(mixed.others);
    aloud_script_free(s);
    free(cache), free(a), free(b), free(c);
}

static void test_refused(void)
{
    struct aloud_script empty = {0};
    char *out = path_in("none.mp3");
    char *err = NULL;
    CHECK(aloud_render_episode(&empty, &voices, NULL, NULL, "empty", NULL, out, NULL, &err) ==
          -EINVAL);
    CHECK(err && strstr(err, "empty: nothing to say"));
    struct aloud_script *s = sample_script();
    struct aloud_audio_settings bad;
    aloud_audio_settings_default(&bad);
    bad.mp3_bitrate_kbps = 65;
    struct aloud_render_options ro = {.settings = &bad};
    CHECK(aloud_render_episode(s, &voices, &ro, NULL, "bad", NULL, out, NULL, &err) == -EINVAL);
    CHECK(err && strstr(err, "bad: mp3_bitrate: 65 kbps"));
    CHECK(access(out, F_OK) != 0);
    struct aloud_voice unknown = voice;
    unknown.espeak_voice = (char *)"no-such-voice";
    struct aloud_voice_set unknown_set = {.primary = &unknown};
    CHECK(aloud_render_episode(s, &unknown_set, NULL, NULL, "v", NULL, out, NULL, &err) ==
          -EINVAL);
    CHECK(access(out, F_OK) != 0);
    free(err);
    free(out);
    aloud_script_free(s);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_cache_reuse();
    test_prerender();
    test_episode_key();
    test_languages();
    test_refused();
    char *cmd = aloud_xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
    free(cmd);
    return check_done();
}
