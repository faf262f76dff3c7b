/* Tests of the audio stage: loudness is measured as EBU R 128 says, the
 * levelling reaches its target without passing the true-peak ceiling, the
 * WAV master is complete or absent, never half-written. */
#include <dirent.h>
#include <math.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aloud/audio.h"
#include "aloud/util.h"
#include "check.h"

#define RATE 22050

/* A 1 kHz sine of the given peak amplitude (0..1) lasting seconds. */
static int16_t *sine(double amplitude, double seconds, size_t *n)
{
    *n = (size_t)(seconds * RATE);
    int16_t *p = aloud_xmalloc(*n * sizeof *p);
    for (size_t i = 0; i < *n; i++)
        p[i] = (int16_t)lrint(amplitude * 32767 * sin(2 * M_PI * 1000 * (double)i / RATE));
    return p;
}

static void test_loudness(void)
{
    size_t n;
    /* A full-scale 1 kHz sine in one channel reads -3.01 LUFS (BS.1770). */
    int16_t *p = sine(1.0, 3, &n);
    double l = aloud_audio_loudness(p, n, RATE);
    CHECK(fabs(l - (-3.01)) < 0.1);
    free(p);
    /* Too short to gate: no measurement. */
    p = sine(0.5, 0.2, &n);
    CHECK(!isfinite(aloud_audio_loudness(p, n, RATE)));
    free(p);
    int16_t silence[RATE] = {0};
    CHECK(!isfinite(aloud_audio_loudness(silence, RATE, RATE)));
    CHECK(!isfinite(aloud_audio_true_peak(silence, RATE, RATE)));
}

/* The true peak measured near the largest samples only is the whole
 * signal's, exactly, on signals made to put peaks between samples. */
static void test_true_peak_stretches(void)
{
    static const unsigned rates[] = {22050, 44100, 96000};
    uint32_t seed = 12345;
    for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
        unsigned rate = rates[r];
        size_t n = rate * 3;
        int16_t *p = aloud_xcalloc(n, sizeof *p);
        /* Bursts of white noise at different levels in quiet noise. */
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1664525u + 1013904223u;
            double v = ((double)(seed >> 8) / 16777216.0 - 0.5) * 2;
            double level = (i / (rate / 10)) % 7 == 3 ? 0.9 : (i / (rate / 10)) % 5 == 1 ? 0.35 : 0.05;
            p[i] = (int16_t)lrint(v * level * 32767);
        }
        CHECK(aloud_audio_true_peak(p, n, rate) == aloud_audio_true_peak_whole(p, n, rate));
        /* A tone near Nyquist sampled off its crests, fading in and out:
         * its true peak lies between samples. */
        for (size_t i = 0; i < n; i++) {
            double env = sin(M_PI * (double)i / (double)n);
            p[i] = (int16_t)lrint(0.7 * 32767 * env *
                                  sin(2 * M_PI * 0.45 * (double)i + M_PI / 4));
        }
        double whole = aloud_audio_true_peak_whole(p, n, rate);
        CHECK(aloud_audio_true_peak(p, n, rate) == whole);
        /* Lone pairs of loud samples in noise under the 0.4 floor: the
         * peak between a pair depends on the quiet samples around it. */
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1664525u + 1013904223u;
            p[i] = (int16_t)lrint(((double)(seed >> 8) / 16777216.0 - 0.5) * 0.7 * 32767 * 0.35);
        }
        for (size_t i = rate / 7; i + 1 < n; i += rate / 3) {
            p[i] = p[i + 1] = (int16_t)(20000 + (int)(i % 997));
            p[i + 2] = -9000;
        }
        CHECK(aloud_audio_true_peak(p, n, rate) == aloud_audio_true_peak_whole(p, n, rate));
        /* Ending on a loud sample: nothing is measured after the end. */
        memset(p, 0, n * sizeof *p);
        p[n - 1] = 30000;
        p[n - 2] = -30000;
        p[10] = 5000;
        CHECK(aloud_audio_true_peak(p, n, rate) == aloud_audio_true_peak_whole(p, n, rate));
        free(p);
    }
}

static void test_level(void)
{
    size_t n;
    /* Quiet speech-like tone raised by 20 dB, under a -1 dBTP ceiling. */
    int16_t *p = sine(0.05, 2, &n);
    double before = aloud_audio_loudness(p, n, RATE);
    aloud_audio_level(p, n, RATE, 20, -1);
    double after = aloud_audio_loudness(p, n, RATE);
    CHECK(fabs(after - before - 20) < 0.2);
    CHECK(aloud_audio_true_peak(p, n, RATE) <= -1.0);
    free(p);
    /* A loud tone turned up further is limited, not clipped: the true peak
     * stays under the ceiling and no sample sits at full scale. */
    p = sine(0.9, 2, &n);
    aloud_audio_level(p, n, RATE, 6, -1);
    CHECK(aloud_audio_true_peak(p, n, RATE) <= -1.0);
    int clipped = 0;
    for (size_t i = 0; i < n; i++)
        clipped += p[i] == 32767 || p[i] == -32768;
    CHECK(clipped == 0);
    /* A click in silence is limited without touching what is far away. */
    int16_t *q = aloud_xcalloc(RATE, sizeof *q);
    q[RATE / 2] = 32000;
    q[100] = 1000;
    aloud_audio_level(q, RATE, RATE, 0, -6);
    CHECK(abs(q[RATE / 2]) <= 16423); /* -6 dBFS */
    CHECK(q[100] == 1000);
    free(q);
    free(p);
}

/* An episode's loudness from its segments' gating blocks: the same as
 * libebur128 measuring the whole audio in one go, within what blocks
 * straddling two segments change; silence between is gated out; speech
 * under 400 ms has no block. */
static void test_gating(void)
{
    size_t n;
    int16_t *p = sine(0.5, 2, &n);
    size_t nb = 0;
    double *b = aloud_audio_blocks(p, n, RATE / 2, RATE, &nb);
    CHECK(b && nb == (n + RATE / 2 - 4 * (RATE / 10)) / (RATE / 10) + 1);
    struct aloud_gating g = {0};
    aloud_gating_add(&g, b, nb);
    double one = aloud_gating_loudness(&g);
    /* Exactly what libebur128 makes of the same audio. */
    CHECK(fabs(one - aloud_audio_loudness_with_tail(p, n, RATE / 2, RATE)) < 0.01);
    /* Three segments, the middle one silence: the same loudness. */
    int16_t *quiet = aloud_xcalloc(RATE * 5, sizeof *quiet);
    size_t nq = 0;
    double *bq = aloud_audio_blocks(quiet, RATE * 5, 0, RATE, &nq);
    aloud_gating_add(&g, bq, nq);
    aloud_gating_add(&g, b, nb);
    CHECK(fabs(aloud_gating_loudness(&g) - one) < 0.1);
    /* The whole as one stream, measured by libebur128. */
    int16_t *all = aloud_xcalloc(2 * n + RATE * 6, sizeof *all);
    memcpy(all, p, n * sizeof *p);
    memcpy(all + n + RATE / 2 + RATE * 5, p, n * sizeof *p);
    CHECK(fabs(aloud_gating_loudness(&g) - aloud_audio_loudness(all, 2 * n + RATE * 6, RATE)) <
          0.2);
    /* Quieter speech added lowers it, by the energy's mean. */
    int16_t *soft = sine(0.05, 2, &n);
    size_t ns = 0;
    double *bs = aloud_audio_blocks(soft, n, 0, RATE, &ns);
    aloud_gating_add(&g, bs, ns); /* 20 dB under: under the relative gate */
    CHECK(fabs(aloud_gating_loudness(&g) - one) < 0.1);
    /* Too short to gate. */
    size_t nt = 7;
    CHECK(aloud_audio_blocks(p, RATE / 4, 0, RATE, &nt) == NULL && nt == 0);
    struct aloud_gating empty = {0};
    CHECK(isinf(aloud_gating_loudness(&empty)));
    aloud_gating_free(&g);
    free(b), free(bq), free(bs), free(quiet), free(all), free(soft), free(p);
}

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    if (d)
        closedir(d);
    return n;
}

static void test_wav(void)
{
    char dir[] = "/tmp/aloud-audio-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = aloud_xasprintf("%s/master.wav", dir);
    struct aloud_wav *w = NULL;
    char *err = NULL;
    size_t n;
    int16_t *p = sine(0.5, 1, &n);
    CHECK(aloud_wav_open(path, NULL, RATE, "Title é", "Author", &w, &err) == 0);
    CHECK(aloud_wav_write(w, p, n, &err) == 0);
    CHECK(aloud_wav_write_silence(w, 10000, &err) == 0);
    /* Not there under its name until committed. */
    CHECK(access(path, F_OK) != 0);
    CHECK(aloud_wav_commit(w, &err) == 0);
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    CHECK(sf != NULL);
    if (sf) {
        CHECK(info.frames == (sf_count_t)n + 10000);
        CHECK(info.samplerate == RATE && info.channels == 1);
        CHECK((info.format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_16);
        CHECK_STR(sf_get_string(sf, SF_STR_TITLE), "Title é");
        CHECK_STR(sf_get_string(sf, SF_STR_ARTIST), "Author");
        int16_t *back = aloud_xmalloc((n + 10000) * sizeof *back);
        CHECK(sf_readf_short(sf, back, (sf_count_t)n + 10000) == (sf_count_t)n + 10000);
        CHECK(memcmp(back, p, n * sizeof *p) == 0);
        CHECK(back[n + 5000] == 0);
        free(back);
        sf_close(sf);
    }
    CHECK(count_entries(dir) == 1);
    /* Aborted: no file, no temporary left. */
    char *other = aloud_xasprintf("%s/other.wav", dir);
    CHECK(aloud_wav_open(other, NULL, RATE, NULL, NULL, &w, &err) == 0);
    CHECK(aloud_wav_write(w, p, n, &err) == 0);
    aloud_wav_abort(w);
    CHECK(access(other, F_OK) != 0);
    CHECK(count_entries(dir) == 1);
    /* A directory that does not exist: an error naming the file. */
    char *bad = aloud_xasprintf("%s/no/such.wav", dir);
    CHECK(aloud_wav_open(bad, NULL, RATE, NULL, NULL, &w, &err) < 0);
    CHECK(err && strstr(err, "no/such.wav"));
    unlink(path);
    rmdir(dir);
    free(bad);
    free(other);
    free(path);
    free(p);
    free(err);
}

int main(void)
{
    test_loudness();
    test_true_peak_stretches();
    test_level();
    test_gating();
    test_wav();
    return check_done();
}
