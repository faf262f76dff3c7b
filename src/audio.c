/* The audio stage: loudness measurement (libebur128), gain with a true-peak
 * limiter, the episode's streaming meter, and the WAV master (libsndfile)
 * written under a temporary name and renamed into place. */
#define _GNU_SOURCE
#include "aloud/audio.h"

#include <ebur128.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aloud/util.h"

static ebur128_state *meter_state(unsigned rate, int mode)
{
    ebur128_state *st = ebur128_init(1, rate, mode);
    if (!st) {
        fprintf(stderr, "aloud: out of memory (libebur128)\n");
        abort();
    }
    return st;
}

double aloud_audio_loudness_with_tail(const int16_t *pcm, size_t n, size_t tail, unsigned rate)
{
    static const int16_t zeros[4096];
    ebur128_state *st = meter_state(rate, EBUR128_MODE_I);
    double lufs = -HUGE_VAL;
    int ok = ebur128_add_frames_short(st, pcm, n) == EBUR128_SUCCESS;
    while (ok && tail) {
        size_t k = tail < 4096 ? tail : 4096;
        ok = ebur128_add_frames_short(st, zeros, k) == EBUR128_SUCCESS;
        tail -= k;
    }
    if (!ok || ebur128_loudness_global(st, &lufs) != EBUR128_SUCCESS)
        lufs = -HUGE_VAL;
    ebur128_destroy(&st);
    return lufs;
}

double aloud_audio_loudness(const int16_t *pcm, size_t n, unsigned rate)
{
    return aloud_audio_loudness_with_tail(pcm, n, 0, rate);
}

static double to_db(double linear)
{
    return linear > 0 ? 20 * log10(linear) : -HUGE_VAL;
}

static double true_peak_float(const float *x, size_t n, unsigned rate)
{
    ebur128_state *st = meter_state(rate, EBUR128_MODE_TRUE_PEAK);
    double peak = 0;
    if (ebur128_add_frames_float(st, x, n) != EBUR128_SUCCESS ||
        ebur128_true_peak(st, 0, &peak) != EBUR128_SUCCESS)
        peak = 0;
    ebur128_destroy(&st);
    return peak;
}

double aloud_audio_true_peak(const int16_t *pcm, size_t n, unsigned rate)
{
    ebur128_state *st = meter_state(rate, EBUR128_MODE_TRUE_PEAK);
    double peak = 0;
    if (ebur128_add_frames_short(st, pcm, n) != EBUR128_SUCCESS ||
        ebur128_true_peak(st, 0, &peak) != EBUR128_SUCCESS)
        peak = 0;
    ebur128_destroy(&st);
    return to_db(peak);
}

/* y = x * envelope (x = pcm * scale), where the envelope never exceeds
 * threshold/|x| at any sample: a minimum filter of half-width h over the
 * needed reductions, then a moving average of the same width. Each average covers only
 * minima whose windows include the sample, so it stays at or under the
 * reduction that sample needs, and it moves smoothly (no clicks). */
static void limit(const int16_t *pcm, float scale, float *y, float *env, size_t n, size_t h,
                  float threshold)
{
    int any = 0;
    for (size_t i = 0; i < n; i++)
        env[i] = 1.0f;
    for (size_t i = 0; i < n; i++) {
        float a = fabsf((float)pcm[i] * scale);
        if (a <= threshold)
            continue;
        any = 1;
        float r = threshold / a;
        size_t lo = i > h ? i - h : 0;
        size_t hi = i + h < n ? i + h : n - 1;
        for (size_t m = lo; m <= hi; m++)
            if (env[m] > r)
                env[m] = r;
    }
    if (!any) {
        for (size_t i = 0; i < n; i++)
            y[i] = (float)pcm[i] * scale;
        return;
    }
    /* Moving average of env over [i-h, i+h]. Beyond the edges the window
     * is padded with the edge's own minimum, which covers every sample
     * within h of that edge, so the bound holds there too. */
    double left = env[0], right = env[n - 1];
    double sum = 0;
    size_t w = 2 * h + 1;
    for (size_t k = 0; k <= h && k < n; k++)
        sum += env[k];
    sum += (double)h * left;
    if (h + 1 > n)
        sum += (double)(h + 1 - n) * right;
    for (size_t i = 0; i < n; i++) {
        float g = (float)(sum / (double)w);
        y[i] = (float)pcm[i] * scale * (g < 1.0f ? g : 1.0f);
        /* slide: add i+h+1, drop i-h */
        sum += i + h + 1 < n ? env[i + h + 1] : right;
        sum -= i >= h ? env[i - h] : left;
    }
}

double aloud_audio_level_peak(int16_t *pcm, size_t n, unsigned rate, double gain_db,
                              double ceiling_dbtp)
{
    if (!n)
        return -HUGE_VAL;
    /* The input stays in pcm until the end: two float buffers a sample. */
    float *y = aloud_xmalloc(n * sizeof *y);
    float *env = aloud_xmalloc(n * sizeof *env);
    float scale = (float)pow(10, gain_db / 20) / 32768.0f;
    double ceiling = pow(10, ceiling_dbtp / 20);
    /* Sample peaks at the ceiling can still overshoot between samples: start
     * 1 dB under it and lower the threshold by what the true peak shows. */
    float threshold = (float)(ceiling * 0.891);
    size_t h = rate / 400; /* 2.5 ms each side: 5 ms windows */
    double tp = 0;
    for (int pass = 0; pass < 6; pass++) {
        limit(pcm, scale, y, env, n, h, threshold);
        tp = true_peak_float(y, n, rate);
        if (tp <= ceiling)
            break;
        threshold = (float)(threshold * ceiling / tp * 0.98);
    }
    for (size_t i = 0; i < n; i++) {
        float v = roundf(y[i] * 32768.0f);
        pcm[i] = (int16_t)(v > 32767.0f ? 32767 : v < -32768.0f ? -32768 : v);
    }
    free(y);
    free(env);
    /* The peak of the float signal; rounding to 16 bits moves it by less
     * than a hundredth of a dB. */
    return to_db(tp);
}

void aloud_audio_level(int16_t *pcm, size_t n, unsigned rate, double gain_db, double ceiling_dbtp)
{
    aloud_audio_level_peak(pcm, n, rate, gain_db, ceiling_dbtp);
}

struct aloud_meter {
    ebur128_state *st;
};

struct aloud_meter *aloud_meter_new(unsigned rate)
{
    struct aloud_meter *m = aloud_xcalloc(1, sizeof *m);
    m->st = meter_state(rate, EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
    return m;
}

struct aloud_meter *aloud_meter_new_loudness(unsigned rate)
{
    struct aloud_meter *m = aloud_xcalloc(1, sizeof *m);
    m->st = meter_state(rate, EBUR128_MODE_I);
    return m;
}

void aloud_meter_add(struct aloud_meter *m, const int16_t *pcm, size_t n)
{
    ebur128_add_frames_short(m->st, pcm, n);
}

void aloud_meter_add_silence(struct aloud_meter *m, size_t n)
{
    static const int16_t zeros[4096];
    while (n) {
        size_t k = n < 4096 ? n : 4096;
        ebur128_add_frames_short(m->st, zeros, k);
        n -= k;
    }
}

void aloud_meter_result(struct aloud_meter *m, double *lufs, double *true_peak_dbtp)
{
    double l = -HUGE_VAL, p = 0;
    if (ebur128_loudness_global(m->st, &l) != EBUR128_SUCCESS)
        l = -HUGE_VAL;
    if (!(m->st->mode & EBUR128_MODE_TRUE_PEAK) ||
        ebur128_true_peak(m->st, 0, &p) != EBUR128_SUCCESS)
        p = 0;
    *lufs = l;
    *true_peak_dbtp = to_db(p);
}

void aloud_meter_free(struct aloud_meter *m)
{
    if (!m)
        return;
    ebur128_destroy(&m->st);
    free(m);
}

struct aloud_wav {
    SNDFILE *sf;
    int fd;
    char *path;
    char *tmp;
};

int aloud_wav_open(const char *path, unsigned rate, const char *title, const char *artist,
                   struct aloud_wav **out, char **err)
{
    *out = NULL;
    char *copy = aloud_xstrdup(path);
    char *copy2 = aloud_xstrdup(path);
    char *tmp = aloud_xasprintf("%s/.%s.tmp-XXXXXX", dirname(copy), basename(copy2));
    free(copy);
    free(copy2);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        aloud_error_set(err, "%s: cannot create: %s", path, strerror(e));
        free(tmp);
        return -e;
    }
    fchmod(fd, 0644);
    SF_INFO info = {
        .samplerate = (int)rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    SNDFILE *sf = sf_open_fd(fd, SFM_WRITE, &info, 0);
    if (!sf) {
        aloud_error_set(err, "%s: cannot write WAV: %s", path, sf_strerror(NULL));
        close(fd);
        unlink(tmp);
        free(tmp);
        return -EIO;
    }
    if (title && *title)
        sf_set_string(sf, SF_STR_TITLE, title);
    if (artist && *artist)
        sf_set_string(sf, SF_STR_ARTIST, artist);
    sf_set_string(sf, SF_STR_SOFTWARE, "aloud " ALOUD_VERSION " (eSpeak NG, libsndfile)");
    struct aloud_wav *w = aloud_xcalloc(1, sizeof *w);
    w->sf = sf;
    w->fd = fd;
    w->path = aloud_xstrdup(path);
    w->tmp = tmp;
    *out = w;
    return 0;
}

int aloud_wav_write(struct aloud_wav *w, const int16_t *pcm, size_t n, char **err)
{
    if (!n)
        return 0;
    sf_count_t done = sf_writef_short(w->sf, pcm, (sf_count_t)n);
    if (done != (sf_count_t)n) {
        int e = errno ? errno : EIO;
        aloud_error_set(err, "%s: cannot write WAV: %s", w->path, sf_strerror(w->sf));
        return -e;
    }
    return 0;
}

int aloud_wav_write_silence(struct aloud_wav *w, size_t n, char **err)
{
    static const int16_t zeros[4096];
    while (n) {
        size_t k = n < 4096 ? n : 4096;
        int rc = aloud_wav_write(w, zeros, k, err);
        if (rc)
            return rc;
        n -= k;
    }
    return 0;
}

static void wav_release(struct aloud_wav *w)
{
    free(w->path);
    free(w->tmp);
    free(w);
}

int aloud_wav_commit(struct aloud_wav *w, char **err)
{
    int e = 0;
    int sf_err = sf_close(w->sf);
    if (sf_err) {
        e = EIO;
        aloud_error_set(err, "%s: cannot write WAV: %s", w->path, sf_error_number(sf_err));
    }
    if (!e && fsync(w->fd) != 0) {
        e = errno;
        aloud_error_set(err, "%s: cannot write: %s", w->path, strerror(e));
    }
    if (close(w->fd) != 0 && !e) {
        e = errno;
        aloud_error_set(err, "%s: cannot write: %s", w->path, strerror(e));
    }
    if (!e && rename(w->tmp, w->path) != 0) {
        e = errno;
        aloud_error_set(err, "%s: cannot rename into place: %s", w->path, strerror(e));
    }
    if (e)
        unlink(w->tmp);
    wav_release(w);
    return -e;
}

void aloud_wav_abort(struct aloud_wav *w)
{
    if (!w)
        return;
    sf_close(w->sf);
    close(w->fd);
    unlink(w->tmp);
    wav_release(w);
}

static int wav_segment(void *state, const int16_t *speech, size_t n_speech, size_t n_total,
                       int last, char **err)
{
    (void)last;
    int rc = aloud_wav_write(state, speech, n_speech, err);
    return rc ? rc : aloud_wav_write_silence(state, n_total - n_speech, err);
}

static int wav_commit(void *state, const struct aloud_timeline *timeline, char **err)
{
    (void)timeline;
    return aloud_wav_commit(state, err);
}

static void wav_abort(void *state)
{
    aloud_wav_abort(state);
}

struct aloud_episode_writer aloud_wav_writer(struct aloud_wav *w)
{
    return (struct aloud_episode_writer){"WAV", w, wav_segment, wav_commit, wav_abort};
}
