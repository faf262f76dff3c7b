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

/* --- Settings -------------------------------------------------------------- */

void aloud_audio_settings_default(struct aloud_audio_settings *s)
{
    s->target_lufs = -16;
    s->max_true_peak = -1;
    s->mp3_bitrate_kbps = 64;
    s->mp3_sample_rate = 44100;
    s->mp3_quality = 3; /* the lame program's own default */
}

unsigned aloud_audio_mpeg_rate(int rate, int *version, int *index)
{
    static const int rates[3][3] = {
        {44100, 48000, 32000}, {22050, 24000, 16000}, {11025, 12000, 8000}};
    static const int versions[3] = {3, 2, 0};
    for (int v = 0; v < 3; v++)
        for (int i = 0; i < 3; i++)
            if (rates[v][i] == rate) {
                if (version)
                    *version = versions[v];
                if (index)
                    *index = i;
                return v == 0 ? 1152 : 576;
            }
    return 0;
}

int aloud_audio_mpeg_bitrate_index(int version, int kbps)
{
    static const int mpeg1[15] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    static const int mpeg2[15] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    const int *table = version == 3 ? mpeg1 : mpeg2;
    for (int i = 1; i < 15; i++)
        if (table[i] == kbps)
            return i;
    return -1;
}

int aloud_audio_settings_check(const struct aloud_audio_settings *s, char **err)
{
    int version;
    if (!(s->target_lufs >= -40 && s->target_lufs <= -5)) {
        aloud_error_set(err, "target_lufs: %g is not a loudness target from -40 to -5 LUFS",
                        s->target_lufs);
        return -EINVAL;
    }
    if (!(s->max_true_peak >= -12 && s->max_true_peak <= 0)) {
        aloud_error_set(err, "max_true_peak: %g is not a ceiling from -12 to 0 dBTP",
                        s->max_true_peak);
        return -EINVAL;
    }
    if (!aloud_audio_mpeg_rate(s->mp3_sample_rate, &version, NULL)) {
        aloud_error_set(err,
                        "mp3_sample_rate: %d Hz is not an MP3 sample rate (44100, 48000, 32000, "
                        "22050, 24000, 16000, 11025, 12000 or 8000)",
                        s->mp3_sample_rate);
        return -EINVAL;
    }
    if (aloud_audio_mpeg_bitrate_index(version, s->mp3_bitrate_kbps) < 0) {
        aloud_error_set(err,
                        "mp3_bitrate: %d kbps is not an MP3 bitrate at %d Hz (%s)",
                        s->mp3_bitrate_kbps, s->mp3_sample_rate,
                        version == 3 ? "32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, "
                                       "256 or 320"
                                     : "8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144 "
                                       "or 160");
        return -EINVAL;
    }
    if (s->mp3_quality < 0 || s->mp3_quality > 9) {
        aloud_error_set(err, "mp3_quality: %d is not 0 (best) to 9", s->mp3_quality);
        return -EINVAL;
    }
    return 0;
}

/* --- Loudness ----------------------------------------------------------------- */

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

/* The true peak is measured by libebur128, but only over the stretches
 * that can hold it. libebur128 oversamples with a 49-tap windowed sinc
 * (4x under 96 kHz, 2x under 192 kHz); no phase of it sums to more than
 * 2.31 in absolute value, so an interpolated value whose taps all fall on
 * samples under 0.4 of the largest sample stays under 0.93 of it, below the
 * true peak, which is at least the largest sample. Every sample at or over
 * 0.4 of the largest is therefore measured with TP_PAD samples of its
 * surroundings (more than the filter's reach of 13 or 25 samples), the
 * stretches fed one after another with TP_PAD zeros between them, so no
 * tap of one reaches into the next. The result is the whole signal's true
 * peak, bit for bit, at a fraction of the cost: in levelled speech, about
 * a fifth of the samples are near a peak. */
#define TP_PAD 32

double aloud_audio_true_peak(const int16_t *pcm, size_t n, unsigned rate)
{
    static const int16_t zeros[TP_PAD];
    int top = 0;
    for (size_t i = 0; i < n; i++) {
        int a = pcm[i] < 0 ? -pcm[i] : pcm[i];
        if (a > top)
            top = a;
    }
    if (!top)
        return -HUGE_VAL;
    int floor = top * 2 / 5;
    ebur128_state *st = meter_state(rate, EBUR128_MODE_TRUE_PEAK);
    double peak = 0;
    int ok = 1;
    for (size_t i = 0; ok && i < n; i++) {
        if (pcm[i] < floor && pcm[i] > -floor)
            continue;
        size_t from = i > TP_PAD ? i - TP_PAD : 0, to = i + TP_PAD + 1;
        /* Take in the samples near a peak that follow, while the gaps
         * between them are shorter than the padding on both sides. */
        for (size_t j = i + 1; j < n && j < to + 2 * TP_PAD; j++)
            if (pcm[j] >= floor || pcm[j] <= -floor)
                to = j + TP_PAD + 1;
        if (to > n)
            to = n;
        /* No zeros after the end: the whole signal's measure has none. */
        ok = ebur128_add_frames_short(st, pcm + from, to - from) == EBUR128_SUCCESS &&
             (to == n || ebur128_add_frames_short(st, zeros, TP_PAD) == EBUR128_SUCCESS);
        i = to;
    }
    if (!ok || ebur128_true_peak(st, 0, &peak) != EBUR128_SUCCESS)
        peak = 0;
    ebur128_destroy(&st);
    return to_db(peak);
}

double aloud_audio_true_peak_whole(const int16_t *pcm, size_t n, unsigned rate)
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
 * reduction that sample needs, and it moves smoothly (no clicks). The
 * minimum filter keeps a queue of the window's candidates (indices whose
 * reduction no later one undercuts), so it costs O(n) for any h. */
static void limit(const int16_t *pcm, float scale, float *y, float *env, size_t n, size_t h,
                  float threshold)
{
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        float a = fabsf((float)pcm[i] * scale);
        y[i] = a > threshold ? threshold / a : 1.0f; /* the reduction needed */
        any |= a > threshold;
    }
    if (!any) {
        for (size_t i = 0; i < n; i++)
            y[i] = (float)pcm[i] * scale;
        return;
    }
    size_t *q = aloud_xmalloc(n * sizeof *q), head = 0, tail = 0;
    for (size_t i = 0; i < n + h; i++) {
        if (i < n) {
            while (tail > head && y[q[tail - 1]] >= y[i])
                tail--;
            q[tail++] = i;
        }
        if (i >= h) {
            size_t m = i - h; /* env[m]: the least over [m - h, m + h] */
            while (q[head] + h < m)
                head++;
            env[m] = y[q[head]];
        }
    }
    free(q);
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

/* Sample peaks at the ceiling can still overshoot between samples: the
 * limiter starts 1 dB under it (lowered further by what the true peak
 * shows, in aloud_audio_level_peak). */
#define FIRST_THRESHOLD 0.891

static void to_pcm(const float *y, int16_t *pcm, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float v = y[i] * 32768.0f;
        pcm[i] = (int16_t)(v >= 32767.0f ? 32767 : v <= -32768.0f ? -32768 : lrintf(v));
    }
}

/* The limiter's look-ahead: 2.5 ms each side, 5 ms windows. */
static size_t half_window(unsigned rate)
{
    return rate / 400;
}

/* Gain and the limiter, in place; with check, the threshold is lowered
 * until the true peak is under the ceiling, and that peak returned (dBTP);
 * without, one pass at the first threshold and NAN. */
static double level(int16_t *pcm, size_t n, unsigned rate, double gain_db, double ceiling_dbtp,
                    int check)
{
    if (!n)
        return -HUGE_VAL;
    /* The input stays in pcm until the end: two float buffers a sample. */
    float *y = aloud_xmalloc(n * sizeof *y);
    float *env = aloud_xmalloc(n * sizeof *env);
    float scale = (float)pow(10, gain_db / 20) / 32768.0f;
    double ceiling = pow(10, ceiling_dbtp / 20);
    float threshold = (float)(ceiling * FIRST_THRESHOLD);
    double tp = NAN;
    for (int pass = 0; pass < 6; pass++) {
        limit(pcm, scale, y, env, n, half_window(rate), threshold);
        if (!check)
            break;
        tp = true_peak_float(y, n, rate);
        if (tp <= ceiling)
            break;
        threshold = (float)(threshold * ceiling / tp * 0.98);
    }
    to_pcm(y, pcm, n);
    free(y);
    free(env);
    /* The peak of the float signal; rounding to 16 bits moves it by less
     * than a hundredth of a dB. */
    return check ? to_db(tp) : NAN;
}

double aloud_audio_level_peak(int16_t *pcm, size_t n, unsigned rate, double gain_db,
                              double ceiling_dbtp)
{
    return level(pcm, n, rate, gain_db, ceiling_dbtp, 1);
}

void aloud_audio_level_quick(int16_t *pcm, size_t n, unsigned rate, double gain_db,
                             double ceiling_dbtp)
{
    level(pcm, n, rate, gain_db, ceiling_dbtp, 0);
}

void aloud_audio_level(int16_t *pcm, size_t n, unsigned rate, double gain_db, double ceiling_dbtp)
{
    aloud_audio_level_peak(pcm, n, rate, gain_db, ceiling_dbtp);
}

/* --- The episode's loudness, from its segments' gating blocks -------------- */

double *aloud_audio_blocks(const int16_t *pcm, size_t n, size_t tail, unsigned rate,
                           size_t *n_out)
{
    static const int16_t zeros[4096];
    *n_out = 0;
    size_t hop = rate / 10, total = n + tail;
    if (!hop || total < 4 * hop)
        return NULL;
    size_t count = (total - 4 * hop) / hop + 1;
    double *blocks = aloud_xmalloc(count * sizeof *blocks);
    ebur128_state *st = meter_state(rate, EBUR128_MODE_M);
    size_t fed = 0, made = 0;
    while (made < count) {
        /* Up to the end of the next block: 400 ms, then 100 ms at a time. */
        size_t want = (made + 4) * hop;
        while (fed < want) {
            size_t k = want - fed;
            if (fed < n) {
                k = k < n - fed ? k : n - fed;
                ebur128_add_frames_short(st, pcm + fed, k);
            } else {
                k = k < 4096 ? k : 4096;
                ebur128_add_frames_short(st, zeros, k);
            }
            fed += k;
        }
        double lufs = -HUGE_VAL;
        if (ebur128_loudness_momentary(st, &lufs) != EBUR128_SUCCESS || !isfinite(lufs))
            blocks[made++] = 0;
        else
            blocks[made++] = pow(10.0, (lufs + 0.691) / 10.0);
    }
    ebur128_destroy(&st);
    *n_out = count;
    return blocks;
}

void aloud_gating_add(struct aloud_gating *g, const double *blocks, size_t n)
{
    if (g->n + n > g->cap) {
        g->cap = (g->n + n) * 2;
        g->energy = aloud_xrealloc(g->energy, g->cap * sizeof *g->energy);
    }
    memcpy(g->energy + g->n, blocks, n * sizeof *blocks);
    g->n += n;
}

static double energy_to_lufs(double e)
{
    return e > 0 ? -0.691 + 10.0 * log10(e) : -HUGE_VAL;
}

double aloud_gating_loudness(const struct aloud_gating *g)
{
    /* BS.1770-4: blocks over the absolute gate; their mean's loudness less
     * 10 LU is the relative gate; the mean of the blocks over both. */
    const double absolute = pow(10.0, (-70.0 + 0.691) / 10.0);
    double sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < g->n; i++)
        if (g->energy[i] > absolute) {
            sum += g->energy[i];
            n++;
        }
    if (!n)
        return -HUGE_VAL;
    double relative = sum / (double)n * pow(10.0, -10.0 / 10.0);
    sum = 0;
    n = 0;
    for (size_t i = 0; i < g->n; i++)
        if (g->energy[i] > absolute && g->energy[i] > relative) {
            sum += g->energy[i];
            n++;
        }
    return n ? energy_to_lufs(sum / (double)n) : -HUGE_VAL;
}

void aloud_gating_free(struct aloud_gating *g)
{
    free(g->energy);
    memset(g, 0, sizeof *g);
}

struct aloud_wav {
    SNDFILE *sf;
    struct aloud_atomic file; /* libsndfile writes through its descriptor */
};

int aloud_wav_open(const char *path, const char *spare, unsigned rate, const char *title,
                   const char *artist, struct aloud_wav **out, char **err)
{
    *out = NULL;
    struct aloud_wav *w = aloud_xcalloc(1, sizeof *w);
    int rc = aloud_atomic_open_reusing(&w->file, path, spare, err);
    if (rc) {
        free(w);
        return rc;
    }
    SF_INFO info = {
        .samplerate = (int)rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    w->sf = sf_open_fd(fileno(w->file.fp), SFM_WRITE, &info, 0);
    if (!w->sf) {
        aloud_error_set(err, "%s: cannot write WAV: %s", path, sf_strerror(NULL));
        aloud_atomic_abort(&w->file);
        free(w);
        return -EIO;
    }
    if (title && *title)
        sf_set_string(w->sf, SF_STR_TITLE, title);
    if (artist && *artist)
        sf_set_string(w->sf, SF_STR_ARTIST, artist);
    sf_set_string(w->sf, SF_STR_SOFTWARE, "aloud " ALOUD_VERSION " (eSpeak NG, libsndfile)");
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
        aloud_error_set(err, "%s: cannot write WAV: %s", w->file.path, sf_strerror(w->sf));
        return -e;
    }
    return 0;
}

void aloud_audio_from_le(int16_t *pcm, const unsigned char *le, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(pcm, le, n * 2);
#else
    for (size_t i = 0; i < n; i++, le += 2)
        pcm[i] = (int16_t)(uint16_t)(le[0] | le[1] << 8);
#endif
}

int aloud_wav_write_le(struct aloud_wav *w, const unsigned char *le, size_t n, char **err)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* A 16-bit WAV holds little-endian samples: the bytes go as they are,
     * and libsndfile counts them as sf_writef_short would. */
    if (!n)
        return 0;
    sf_count_t done = sf_write_raw(w->sf, le, (sf_count_t)(n * 2));
    if (done != (sf_count_t)(n * 2)) {
        int e = errno ? errno : EIO;
        aloud_error_set(err, "%s: cannot write WAV: %s", w->file.path, sf_strerror(w->sf));
        return -e;
    }
    return 0;
#else
    int16_t pcm[4096];
    while (n) {
        size_t k = n < 4096 ? n : 4096;
        aloud_audio_from_le(pcm, le, k);
        int rc = aloud_wav_write(w, pcm, k, err);
        if (rc)
            return rc;
        le += 2 * k;
        n -= k;
    }
    return 0;
#endif
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

int aloud_wav_commit(struct aloud_wav *w, char **err)
{
    /* libsndfile finishes the header through the descriptor; the atomic
     * file then syncs and renames it (its own stream holds nothing). */
    int fd = fileno(w->file.fp);
    off_t end = -1;
    if (w->file.reused) {
        /* Written over a spare: cut where the samples end before libsndfile
         * sizes its chunks by the file's length. */
        end = lseek(fd, 0, SEEK_CUR);
        if (end > 0 && ftruncate(fd, end) != 0)
            end = -1;
    }
    int sf_err = sf_close(w->sf);
    int rc;
    /* The file ends where its RIFF chunk says: the length commit keeps, and
     * on a spare the check that nothing of it is left. */
    unsigned char riff[8];
    if (!sf_err && pread(fd, riff, 8, 0) == 8 && memcmp(riff, "RIFF", 4) == 0) {
        uint64_t len = 8 + ((uint64_t)riff[4] | (uint64_t)riff[5] << 8 |
                            (uint64_t)riff[6] << 16 | (uint64_t)riff[7] << 24);
        if (!w->file.reused || (end > 0 && len == (uint64_t)end))
            aloud_atomic_set_length(&w->file, len);
    }
    if (sf_err) {
        aloud_error_set(err, "%s: cannot write WAV: %s", w->file.path, sf_error_number(sf_err));
        aloud_atomic_abort(&w->file);
        rc = -EIO;
    } else {
        rc = aloud_atomic_commit(&w->file, err);
    }
    free(w);
    return rc;
}

void aloud_wav_abort(struct aloud_wav *w)
{
    if (!w)
        return;
    sf_close(w->sf);
    aloud_atomic_abort(&w->file);
    free(w);
}

static int wav_segment(void *state, const struct aloud_episode_piece *piece, char **err)
{
    int rc = piece->speech || !piece->speech_le
                 ? aloud_wav_write(state, piece->speech, piece->n_speech, err)
                 : aloud_wav_write_le(state, piece->speech_le, piece->n_speech, err);
    if (!rc)
        rc = aloud_wav_write_silence(state, piece->n_total - piece->n_speech, err);
    if (!rc) {
        /* Segment by segment to disk, so commit's fsync has little left. */
        struct aloud_wav *w = state;
        aloud_atomic_start_writeback(&w->file);
    }
    return rc;
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
