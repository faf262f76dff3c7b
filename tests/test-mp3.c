/* Tests of the MP3 stage: the ID3v2.4 tag read back frame by frame, the
 * Info frame's counts and delay, runs that each come out a whole number of
 * frames, and a decoded length (mpg123) equal to the input's. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aloud/id3.h"
#include "aloud/mp3.h"
#include "aloud/util.h"
#include "check.h"

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t synchsafe(const unsigned char *p)
{
    return (uint32_t)p[0] << 21 | (uint32_t)p[1] << 14 | (uint32_t)p[2] << 7 | p[3];
}

/* Finds frame id in the frames at p (len bytes); *size gets its size. */
static const unsigned char *find_frame(const unsigned char *p, size_t len, const char *id, int nth,
                                       uint32_t *size)
{
    size_t i = 0;
    while (i + 10 <= len && p[i]) {
        uint32_t s = synchsafe(p + i + 4);
        if (memcmp(p + i, id, 4) == 0 && nth-- == 0) {
            *size = s;
            return p + i + 10;
        }
        i += 10 + s;
    }
    return NULL;
}

static void test_id3(void)
{
    struct aloud_episode_tags tags = {.title = "Café talk",
                                      .author = "Ann",
                                      .podcast = "Pod",
                                      .date = "2026-03-14",
                                      .description = "About cafés."};
    struct aloud_id3_chapter ch[2] = {{"Intro", 0, 1000}, {"Zweiter Teil", 1000, 2500}};
    struct aloud_buf b = {0};
    size_t offsets[2];
    char *err = NULL;
    CHECK(aloud_id3_build(&tags, ch, 2, &b, offsets, &err) == 0);
    const unsigned char *p = (const unsigned char *)b.data;
    CHECK(memcmp(p, "ID3\x04\x00\x00", 6) == 0);
    CHECK(synchsafe(p + 6) == b.len - 10);
    const unsigned char *frames = p + 10;
    size_t flen = b.len - 10;
    uint32_t size;
    const unsigned char *f = find_frame(frames, flen, "TIT2", 0, &size);
    CHECK(f && f[0] == 3 && size == 1 + strlen("Café talk") &&
          memcmp(f + 1, "Café talk", size - 1) == 0);
    f = find_frame(frames, flen, "TALB", 0, &size);
    CHECK(f && memcmp(f + 1, "Pod", 3) == 0);
    f = find_frame(frames, flen, "TDRC", 0, &size);
    CHECK(f && memcmp(f + 1, "2026-03-14", 10) == 0);
    f = find_frame(frames, flen, "COMM", 0, &size);
    CHECK(f && f[0] == 3 && f[4] == 0 && memcmp(f + 5, "About cafés.", size - 5) == 0);
    f = find_frame(frames, flen, "CTOC", 0, &size);
    CHECK(f && strcmp((const char *)f, "toc") == 0 && f[4] == 0x03 && f[5] == 2 &&
          strcmp((const char *)f + 6, "chp0") == 0 && strcmp((const char *)f + 11, "chp1") == 0);
    f = find_frame(frames, flen, "CHAP", 1, &size);
    CHECK(f && strcmp((const char *)f, "chp1") == 0);
    if (f) {
        CHECK(be32(f + 5) == 1000 && be32(f + 9) == 2500);
        CHECK(be32(f + 13) == 0xFFFFFFFFu && be32(f + 17) == 0xFFFFFFFFu);
        CHECK(offsets[1] == (size_t)(f + 5 - p));
        uint32_t sub;
        const unsigned char *t = find_frame(f + 21, size - 21, "TIT2", 0, &sub);
        CHECK(t && sub == 1 + strlen("Zweiter Teil") &&
              memcmp(t + 1, "Zweiter Teil", sub - 1) == 0);
    }
    /* A cover that is not an image is refused with the file's name. */
    /* A date with a time zone is cut to what ID3v2.4 timestamps allow. */
    struct aloud_episode_tags zoned = {.date = "2026-03-14T09:30:00+01:00"};
    struct aloud_buf b3 = {0};
    CHECK(aloud_id3_build(&zoned, NULL, 0, &b3, NULL, &err) == 0);
    f = find_frame((const unsigned char *)b3.data + 10, b3.len - 10, "TDRC", 0, &size);
    CHECK(f && size == 20 && memcmp(f + 1, "2026-03-14T09:30:00", 19) == 0);
    aloud_buf_free(&b3);
    struct aloud_episode_tags bad = {.cover_path = TEST_DATA "/audio/not-an-image.txt"};
    struct aloud_buf b2 = {0};
    CHECK(aloud_id3_build(&bad, NULL, 0, &b2, NULL, &err) == -EINVAL);
    CHECK(err && strstr(err, "not-an-image.txt"));
    struct aloud_episode_tags cover = {.title = "x", .cover_path = TEST_DATA "/audio/cover.png"};
    CHECK(aloud_id3_build(&cover, NULL, 0, &b2, NULL, &err) == 0);
    f = find_frame((const unsigned char *)b2.data + 10, b2.len - 10, "APIC", 0, &size);
    CHECK(f && strcmp((const char *)f + 1, "image/png") == 0 && f[11] == 3 &&
          memcmp(f + 13, "\x89PNG", 4) == 0);
    aloud_buf_free(&b2);
    aloud_buf_free(&b);
    free(err);
}

/* Writes runs of tone + silence, as the render stage does, and checks the
 * file: Info frame, frame count, decoded length. */
static void test_runs(int out_rate)
{
    const unsigned in_rate = 22050;
    struct aloud_audio_settings s;
    aloud_audio_settings_default(&s);
    s.mp3_sample_rate = out_rate;
    s.mp3_bitrate_kbps = out_rate == 44100 ? 64 : 32;
    struct aloud_mp3_layout layout;
    char *err = NULL;
    CHECK(aloud_mp3_layout(in_rate, &s, &layout, &err) == 0);
    CHECK(layout.runs == 1 && layout.grid == 576);
    char dir[] = "/tmp/aloud-mp3-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = aloud_xasprintf("%s/e.mp3", dir);
    struct aloud_id3_chapter ch[1] = {{"Start", 0, 0}};
    struct aloud_episode_tags tags = {.title = "T"};
    struct aloud_mp3 *m = NULL;
    CHECK(aloud_mp3_open(path, NULL, in_rate, &s, &tags, ch, 1, &m, &err) == 0);
    if (!m)
        return;
    int16_t tone[11025];
    for (size_t i = 0; i < 11025; i++)
        tone[i] = (int16_t)(8000 * sin(2 * M_PI * 440 * (double)i / in_rate));
    size_t total = 0;
    for (int r = 0; r < 3; r++) {
        size_t len = 40 * layout.grid; /* 11025 tone + 12015 silence */
        struct aloud_episode_piece piece = {tone, 11025, len, r == 2, NULL, NULL};
        CHECK(aloud_mp3_put(m, &piece, &err) == 0);
        total += len;
    }
    /* Off the grid: refused. */
    struct aloud_episode_piece off = {tone, 100, 1000, 0, NULL, NULL};
    CHECK(aloud_mp3_put(m, &off, &err) == -EINVAL);
    ch[0].end_ms = (uint32_t)(total * 1000 / in_rate);
    CHECK(aloud_mp3_commit(m, ch, 1, &err) == 0);
    char *data = NULL;
    size_t len = 0;
    CHECK(aloud_file_read(path, 1 << 24, &data, &len, &err) == 0);
    if (!data)
        return;
    const unsigned char *p = (const unsigned char *)data;
    size_t tag = 10 + synchsafe(p + 6);
    CHECK(tag < len && p[tag] == 0xFF && (p[tag + 1] & 0xE0) == 0xE0);
    /* The Info frame sits at the start of the first frame, after the side
     * information (17 bytes for MPEG-1 mono, 9 for MPEG-2). */
    const unsigned char *x = p + tag + (out_rate == 44100 ? 21 : 13);
    CHECK(memcmp(x, "Info", 4) == 0);
    uint32_t frames = be32(x + 8), bytes = be32(x + 12);
    size_t spf = out_rate == 44100 ? 1152 : 576;
    size_t out_samples = total * (size_t)out_rate / in_rate;
    /* delay + samples + padding fill the frames exactly */
    unsigned delay = (unsigned)(x[141] << 4 | x[142] >> 4);
    unsigned padding = (unsigned)((x[142] & 0x0F) << 8 | x[143]);
    CHECK(memcmp(x + 120, "LAME", 4) == 0);
    CHECK(delay == 576);
    CHECK(frames * spf == delay + out_samples + padding);
    CHECK(bytes == len - tag);
    /* mpg123 (gapless) decodes exactly the input's length. */
    char *cmd = aloud_xasprintf("mpg123 -q -s '%s' | wc -c", path);
    FILE *fp = popen(cmd, "r");
    unsigned long decoded = 0;
    CHECK(fp && fscanf(fp, "%lu", &decoded) == 1);
    if (fp)
        pclose(fp);
    CHECK(decoded / 2 == out_samples);
    free(cmd);
    free(data);
    unlink(path);
    rmdir(dir);
    free(path);
    free(err);
}

/* A run's true peak as decoded: a 1 kHz tone at -3 dBFS reads -3 dBTP
 * within what MP3 coding moves it (LAME at 64 kbps codes a pure tone about
 * 0.4 dB low; the lame program does the same), at both rates; silence
 * has no peak, and what does not decode cannot pass. */
static void test_run_true_peak(int out_rate)
{
    const unsigned in_rate = 22050;
    struct aloud_audio_settings s;
    aloud_audio_settings_default(&s);
    s.mp3_sample_rate = out_rate;
    s.mp3_bitrate_kbps = out_rate == 44100 ? 64 : 32;
    struct aloud_mp3_encoder *m = NULL;
    char *err = NULL;
    CHECK(aloud_mp3_encoder_new(in_rate, &s, "test", &m, &err) == 0);
    if (!m)
        return;
    size_t n = 22050, len = 60 * 576;
    int16_t *tone = aloud_xmalloc(n * sizeof *tone);
    double amp = pow(10, -3.0 / 20);
    for (size_t i = 0; i < n; i++)
        tone[i] = (int16_t)lrint(amp * 32767 * sin(2 * M_PI * 1000 * (double)i / in_rate));
    struct aloud_encoded_run run = {0};
    struct aloud_episode_piece piece = {tone, n, len, 1, NULL, NULL};
    CHECK(aloud_mp3_encode_run(m, &piece, &run, &err) == 0);
    CHECK(run.len > 0 && run.frames > 0);
    double tp = aloud_mp3_run_true_peak(m, &run);
    CHECK(fabs(tp - (-3.0)) < 0.6);
    /* Silence decodes to no peak at all. */
    int16_t quiet[1] = {0};
    struct aloud_episode_piece silent = {quiet, 0, len, 1, NULL, NULL};
    CHECK(aloud_mp3_encode_run(m, &silent, &run, &err) == 0);
    CHECK(aloud_mp3_run_true_peak(m, &run) < -90);
    /* Not a run at all: no peak to trust. */
    struct aloud_encoded_run junk = {"not an mp3", 10, 1, 0, 0};
    CHECK(aloud_mp3_run_true_peak(m, &junk) > 0);
    aloud_mp3_encoder_free(m);
    free(tone);
    free(err);
}

/* At 48 kHz the master's rate does not divide: one continuous run, still
 * with an Info frame that makes the decoded length the input's. */
static void test_continuous(void)
{
    const unsigned in_rate = 22050;
    struct aloud_audio_settings s;
    aloud_audio_settings_default(&s);
    s.mp3_sample_rate = 48000;
    char dir[] = "/tmp/aloud-mp3-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = aloud_xasprintf("%s/c.mp3", dir);
    struct aloud_mp3 *m = NULL;
    char *err = NULL;
    CHECK(aloud_mp3_open(path, NULL, in_rate, &s, NULL, NULL, 0, &m, &err) == 0);
    if (!m)
        return;
    int16_t tone[5000];
    for (size_t i = 0; i < 5000; i++)
        tone[i] = (int16_t)(8000 * sin(2 * M_PI * 440 * (double)i / in_rate));
    size_t total = 0;
    for (int r = 0; r < 3; r++) {
        size_t len = 5000 + 3001 * (size_t)(r + 1); /* not on any grid */
        struct aloud_episode_piece piece = {tone, 5000, len, r == 2, NULL, NULL};
        CHECK(aloud_mp3_put(m, &piece, &err) == 0);
        total += len;
    }
    /* No segment encoder at a rate that has no runs. */
    struct aloud_mp3_encoder *enc = NULL;
    CHECK(aloud_mp3_encoder_new(in_rate, &s, "test", &enc, &err) == -EINVAL && !enc);
    CHECK(aloud_mp3_commit(m, NULL, 0, &err) == 0);
    char *cmd = aloud_xasprintf("mpg123 -q -s '%s' | wc -c", path);
    FILE *fp = popen(cmd, "r");
    unsigned long decoded = 0;
    CHECK(fp && fscanf(fp, "%lu", &decoded) == 1);
    if (fp)
        pclose(fp);
    double want = (double)total * 48000 / in_rate;
    CHECK(fabs((double)(decoded / 2) - want) <= 2);
    free(cmd);
    unlink(path);
    rmdir(dir);
    free(path);
    free(err);
}

static void test_settings(void)
{
    struct aloud_audio_settings s;
    aloud_audio_settings_default(&s);
    struct aloud_mp3_layout layout;
    char *err = NULL;
    s.mp3_bitrate_kbps = 65;
    CHECK(aloud_mp3_layout(22050, &s, &layout, &err) == -EINVAL);
    CHECK(err && strstr(err, "65"));
    aloud_audio_settings_default(&s);
    s.mp3_sample_rate = 48000; /* not a multiple of eSpeak's rate: one run */
    CHECK(aloud_mp3_layout(22050, &s, &layout, &err) == 0);
    CHECK(layout.runs == 0 && layout.grid == 1);
    free(err);
}

int main(void)
{
    test_id3();
    test_runs(44100);
    test_runs(22050);
    test_run_true_peak(44100);
    test_run_true_peak(22050);
    test_continuous();
    test_settings();
    return check_done();
}
