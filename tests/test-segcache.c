/* Tests of the segment cache: the key covers everything that shapes a
 * segment's sound and nothing else; entries come back exactly as stored;
 * a damaged entry is a miss, never an error or a crash; numbers kept
 * beside the entries come back exactly. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "aloud/segcache.h"
#include "aloud/util.h"
#include "check.h"

static char dir[] = "/tmp/aloud-segcache-XXXXXX";

static void test_key(void)
{
    struct aloud_voice v = {.espeak_voice = (char *)"en", .rate = 165, .pitch = 50, .range = 50,
                            .volume = 100};
    struct aloud_audio_settings s;
    aloud_audio_settings_default(&s);
    struct aloud_segment seg = {.text = (char *)"Hello there.", .display = (char *)"Hello there.",
                                .pause_ms = 500};
    char *k0 = aloud_segcache_key(&seg, 0, &v, &s);
    CHECK(k0 && strlen(k0) == 64);
    char *again = aloud_segcache_key(&seg, 0, &v, &s);
    CHECK_STR(again, k0);
    char *keys[8];
    size_t n = 0;
    struct aloud_segment other = seg;
    other.text = (char *)"Hello here.";
    keys[n++] = aloud_segcache_key(&other, 0, &v, &s);
    other = seg;
    other.display = (char *)"Hello, there."; /* the timeline shows it */
    keys[n++] = aloud_segcache_key(&other, 0, &v, &s);
    other = seg;
    other.pause_ms = 501;
    keys[n++] = aloud_segcache_key(&other, 0, &v, &s);
    keys[n++] = aloud_segcache_key(&seg, 1, &v, &s); /* the last segment ends differently */
    struct aloud_voice faster = v;
    faster.rate = 170;
    keys[n++] = aloud_segcache_key(&seg, 0, &faster, &s);
    struct aloud_audio_settings louder = s;
    louder.target_lufs = -15;
    keys[n++] = aloud_segcache_key(&seg, 0, &v, &louder);
    const char *recipe = aloud_segcache_recipe;
    aloud_segcache_recipe = "another recipe";
    keys[n++] = aloud_segcache_key(&seg, 0, &v, &s);
    aloud_segcache_recipe = recipe;
    for (size_t i = 0; i < n; i++) {
        CHECK(strcmp(keys[i], k0) != 0);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(keys[i], keys[j]) != 0);
    }
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    /* What shapes no sound: the segment's kind and chapter mark. */
    struct aloud_segment heading = seg;
    heading.kind = ALOUD_SEG_HEADING;
    heading.chapter = 1;
    char *k1 = aloud_segcache_key(&heading, 0, &v, &s);
    CHECK_STR(k1, k0);
    free(k0);
    free(again);
    free(k1);
}

static void test_round_trip(void)
{
    int16_t speech[300];
    for (int i = 0; i < 300; i++)
        speech[i] = (int16_t)((i * 977) % 65536 - 32768);
    struct aloud_synth_event ev[2] = {{ALOUD_SYNTH_SENTENCE, 0, 0, 0},
                                      {ALOUD_SYNTH_WORD, 12, 0, 5}};
    struct aloud_segment_audio a = {.speech = speech, .speech_len = 300, .trim_from = 17,
                                    .events = ev, .n_events = 2, .true_peak_dbtp = -1.234,
                                    .mp3 = {"\xff\xfb mp3 bytes", 12, 3, 576, 1000}};
    const char *key = "ab0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";
    char *err = NULL;
    CHECK(aloud_segcache_store(dir, key, &a, &err) == 0);
    struct aloud_segment_audio b;
    CHECK(aloud_segcache_load(dir, key, &b) == 0);
    int16_t got[300];
    CHECK(b.speech_len == 300 && b.speech_le);
    aloud_audio_from_le(got, b.speech_le, 300);
    CHECK(memcmp(got, speech, sizeof speech) == 0);
    CHECK(b.trim_from == 17 && b.n_events == 2);
    CHECK(b.events && b.events[1].kind == ALOUD_SYNTH_WORD && b.events[1].sample == 12 &&
          b.events[1].text_len == 5);
    CHECK(b.true_peak_dbtp > -1.2345 && b.true_peak_dbtp < -1.2335);
    CHECK(b.mp3.len == 12 && memcmp(b.mp3.bytes, a.mp3.bytes, 12) == 0);
    CHECK(b.mp3.frames == 3 && b.mp3.delay == 576 && b.mp3.padding == 1000);
    aloud_segment_audio_clear(&b);
    /* Not there: a miss. */
    const char *none = "cd0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";
    CHECK(aloud_segcache_load(dir, none, &b) == -ENOENT);
    /* Cut short or overwritten: a miss, and nothing returned. */
    char *path = aloud_xasprintf("%s/ab/%s.seg", dir, key);
    char *data = NULL;
    size_t len = 0;
    CHECK(aloud_file_read(path, 1 << 20, &data, &len, NULL) == 0);
    for (size_t cut = 0; data && cut < len; cut += 97) {
        CHECK(aloud_file_write_atomic(path, data, cut, &err) == 0);
        CHECK(aloud_segcache_load(dir, key, &b) == -EINVAL);
        CHECK(b.speech == NULL && b.speech_le == NULL && b.events == NULL &&
              b.mp3.bytes == NULL && b.map == NULL);
    }
    if (data) {
        data[9] ^= 0x7f; /* a huge speech length */
        CHECK(aloud_file_write_atomic(path, data, len, &err) == 0);
        CHECK(aloud_segcache_load(dir, key, &b) == -EINVAL);
    }
    free(data);
    free(path);
    free(err);
}

static void test_numbers(void)
{
    const char *key = "ef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";
    double v[3] = {0.1, -123.456789012345678, 1e-300};
    char *err = NULL;
    CHECK(aloud_segcache_store_numbers(dir, key, v, 3, &err) == 0);
    double w[3] = {0};
    CHECK(aloud_segcache_load_numbers(dir, key, w, 3) == 0);
    CHECK(memcmp(v, w, sizeof v) == 0);
    double more[4];
    CHECK(aloud_segcache_load_numbers(dir, key, more, 4) == -EINVAL);
    free(err);
}

static void set_age(const char *dir_, const char *key, const char *ext, long seconds)
{
    char *path = aloud_xasprintf("%s/%.2s/%s%s", dir_, key, key, ext);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct timespec t[2] = {{now.tv_sec - seconds, 0}, {now.tv_sec - seconds, 0}};
    CHECK(utimensat(AT_FDCWD, path, t, 0) == 0);
    free(path);
}

static int entry_exists(const char *dir_, const char *key, const char *ext)
{
    char *path = aloud_xasprintf("%s/%.2s/%s%s", dir_, key, key, ext);
    int ok = access(path, F_OK) == 0;
    free(path);
    return ok;
}

/* Entries no recent build used go; those the last builds used stay, and
 * so do those younger than the grace a shared cache asks for. */
static void test_prune(void)
{
    char *cache = aloud_xasprintf("%s/prune", dir);
    const char *used = "1111111111111111111111111111111111111111111111111111111111111111";
    const char *old = "2222222222222222222222222222222222222222222222222222222222222222";
    const char *recent = "3333333333333333333333333333333333333333333333333333333333333333";
    double v = 1;
    char *err = NULL;
    CHECK(aloud_segcache_store_numbers(cache, used, &v, 1, &err) == 0);
    CHECK(aloud_segcache_store_numbers(cache, old, &v, 1, &err) == 0);
    CHECK(aloud_segcache_store_numbers(cache, recent, &v, 1, &err) == 0);
    char *stray = aloud_xasprintf("%s/11/notes.txt", cache);
    CHECK(aloud_file_write_atomic(stray, "x", 1, &err) == 0);
    set_age(cache, used, ".num", 10000);
    set_age(cache, old, ".num", 7200);
    set_age(cache, recent, ".num", 1800);
    struct timespec start;
    clock_gettime(CLOCK_REALTIME_COARSE, &start);
    /* Fewer builds than are kept: nothing goes. */
    CHECK(aloud_segcache_prune(cache, &start, 3, 0, NULL) == 0);
    CHECK(aloud_segcache_prune(cache, &start, 3, 0, NULL) == 0);
    CHECK(entry_exists(cache, old, ".num"));
    /* A third build that used one entry (a load marks it) and, with a
     * grace of an hour, keeps the entry used half an hour ago. */
    double w;
    CHECK(aloud_segcache_load_numbers(cache, used, &w, 1) == 0);
    uint64_t bytes = 0;
    CHECK(aloud_segcache_prune(cache, &start, 3, 3600, &bytes) == 2);
    CHECK(bytes > 0);
    CHECK(entry_exists(cache, used, ".num"));
    CHECK(!entry_exists(cache, old, ".num"));
    CHECK(entry_exists(cache, recent, ".num"));
    CHECK(access(stray, F_OK) != 0);
    /* Without the grace it goes too; aloud_segcache_keep saves one. */
    aloud_segcache_keep(cache, used);
    CHECK(aloud_segcache_prune(cache, &start, 3, 0, NULL) == 1);
    CHECK(!entry_exists(cache, recent, ".num"));
    CHECK(entry_exists(cache, used, ".num"));
    free(stray);
    free(err);
    free(cache);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_key();
    test_round_trip();
    test_numbers();
    test_prune();
    char *cmd = aloud_xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
    free(cmd);
    return check_done();
}
