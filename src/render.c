/* Rendering one episode: each script segment is spoken on its own, its
 * speech trimmed of eSpeak NG's own silence, levelled on its own (so a
 * segment's audio depends only on the segment, the voice and the settings),
 * followed by its pause as digital silence padded to the MP3 frame grid,
 * and streamed out to the episode's writers (the WAV master, the MP3) and
 * its meter one segment at a time. A segment comes from the segment cache
 * when it is there (no eSpeak NG, no levelling, no LAME) or is spoken now
 * and kept there: the loop's steps are "cached", "fresh" and "emit". The
 * timeline comes from eSpeak NG's events. */
#include "aloud/render.h"

#include <errno.h>
#include <math.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aloud/audio.h"
#include "aloud/mp3.h"
#include "aloud/segcache.h"
#include "aloud/synth.h"
#include "aloud/util.h"

/* Speech shorter than this is levelled with the voice's gain rather than
 * its own measurement (EBU R 128 gating needs 400 ms blocks; a word or two
 * would be measured unreliably). */
#define OWN_GAIN_MIN_MS 1000
/* Headroom under the true-peak ceiling for the MP3 encoder's overshoot. */
#define MP3_HEADROOM_DB 0.5
/* Speech is aimed this much over the target: a 64 kbps MP3 measures about
 * 0.5 LU quieter than its WAV master (the encoder drops quiet high-frequency
 * detail, which K-weighting counts), so master and episode both land within
 * half a LU of the target. */
#define ENCODE_ALLOWANCE_LU 0.3
/* Gain is never raised by more than this (nearly silent speech). */
#define MAX_GAIN_DB 30.0

static const char calibration_text[] =
    "The quick brown fox jumps over the lazy dog, and then it runs back home "
    "again before the evening comes.";

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Adds the CPU time since *mark to *total and moves the mark. */
static void charge(double *total, double *mark)
{
    double now = cpu_now();
    *total += now - *mark;
    *mark = now;
}

/* Brings speech (n samples) to target loudness under the ceiling: the
 * limiter takes some loudness off the peaks, so the gain is corrected by
 * what the result measures (secant steps: the limiter makes loudness grow
 * slower than gain), up to three times, from start (a voice's calibration
 * usually lands within a step of the target). lufs, the input's loudness,
 * is needed only when start gives no slope. The search limits sample
 * peaks only; with check_peak the true peak is measured once, on the
 * result, and the limiter lowered further only where it is over the
 * ceiling. Returns the gain applied. */
struct level_start {
    double gain;  /* the first gain tried */
    double slope; /* LU per dB near the target for the first step, or 0:
                     the chord from gain 0 */
};

static double level_to_target(int16_t *pcm, size_t n, size_t tail, unsigned rate, double lufs,
                              double target, double ceiling, const struct level_start *start,
                              int check_peak, double *peak, double *slope_found)
{
    int16_t *orig = aloud_xmalloc(n * sizeof *orig);
    memcpy(orig, pcm, n * sizeof *orig);
    double gain = start->gain;
    double prev_gain = 0, prev_after = lufs; /* gain 0 gives the input */
    if (slope_found)
        *slope_found = 0;
    for (int pass = 0; pass < 4; pass++) {
        if (gain > MAX_GAIN_DB)
            gain = MAX_GAIN_DB;
        if (pass)
            memcpy(pcm, orig, n * sizeof *orig);
        aloud_audio_level_quick(pcm, n, rate, gain, ceiling);
        double after = aloud_audio_loudness_with_tail(pcm, n, tail, rate);
        if (!isfinite(after) || fabs(target - after) < 0.1 || pass == 3)
            break;
        double slope = gain != prev_gain ? (after - prev_after) / (gain - prev_gain) : 1;
        if (pass == 0 && start->slope > 0)
            slope = start->slope;
        else if (pass > 0 && slope_found)
            *slope_found = slope;
        if (slope < 0.2)
            slope = 0.2;
        if (slope > 1)
            slope = 1;
        prev_gain = gain;
        prev_after = after;
        gain += (target - after) / slope;
    }
    double tp = NAN;
    if (check_peak) {
        tp = aloud_audio_true_peak(pcm, n, rate);
        if (tp > ceiling) {
            memcpy(pcm, orig, n * sizeof *orig);
            tp = aloud_audio_level_peak(pcm, n, rate, gain, ceiling);
        }
    }
    if (peak)
        *peak = tp;
    free(orig);
    return gain;
}

/* --- One render's state ----------------------------------------------------- */

/* A voice's calibration, found on the calibration sentence: the gain that
 * brings it to the target (where every segment's search starts, and the
 * gain of speech too short to measure) and the slope there. */
struct calibration {
    double gain, slope;
};

/* How many voices an episode's calibrations are remembered for (more are
 * calibrated again each time they are needed). */
#define MAX_CALIBRATED 8

struct render {
    const struct aloud_script *script;
    const struct aloud_voice_set *voices;
    struct aloud_audio_settings settings;
    const char *cache; /* the segment cache, when segments are MP3 runs of
                          their own (else nothing could be reused); or NULL */
    struct aloud_synth *synth;
    unsigned rate;
    struct aloud_mp3_layout layout;
    struct aloud_mp3_encoder *enc; /* runs: each fresh segment's MP3 run,
                                      checked and kept; NULL otherwise */
    /* The same levels whether or not an MP3 is written: a WAV master and
     * an MP3 of the same script line up. */
    double target, ceiling;
    struct {
        const struct aloud_voice *voice;
        struct calibration cal;
    } calibrated[MAX_CALIBRATED];
    size_t n_calibrated;
    struct aloud_render_stats st;
    double mark; /* CPU time charged so far */
};

static int render_open(struct render *r, const struct aloud_script *script,
                       const struct aloud_voice_set *voices,
                       const struct aloud_render_options *opts, char **err)
{
    memset(r, 0, sizeof *r);
    r->script = script;
    r->voices = voices;
    const struct aloud_voice *voice = voices ? voices->primary : NULL;
    if (opts && opts->settings)
        r->settings = *opts->settings;
    else
        aloud_audio_settings_default(&r->settings);
    if (!script || !script->n || !voice) {
        aloud_error_set(err, !voice ? "no voice to speak with" : "nothing to say");
        return -EINVAL;
    }
    int rc = aloud_synth_open(voice, &r->synth, err);
    if (rc)
        return rc;
    r->rate = aloud_synth_sample_rate(r->synth);
    if ((rc = aloud_mp3_layout(r->rate, &r->settings, &r->layout, err)))
        return rc;
    if (r->layout.runs &&
        (rc = aloud_mp3_encoder_new(r->rate, &r->settings, "segment", &r->enc, err)))
        return rc;
    r->cache = opts && opts->cache_dir && r->layout.runs ? opts->cache_dir : NULL;
    r->ceiling = r->settings.max_true_peak - MP3_HEADROOM_DB;
    r->target = r->settings.target_lufs + ENCODE_ALLOWANCE_LU;
    r->st.segments = script->n;
    r->mark = cpu_now();
    return 0;
}

/* The voice segment i is spoken with. */
static const struct aloud_voice *voice_of(const struct render *r, size_t i)
{
    return aloud_voice_set_for(r->voices, r->script->segments[i].lang);
}

static void render_close(struct render *r, const struct aloud_render_options *opts)
{
    if (opts && opts->stats)
        *opts->stats = r->st;
    aloud_mp3_encoder_free(r->enc);
    aloud_synth_close(r->synth);
}

/* Index of the first and one past the last non-zero sample. eSpeak NG's
 * silence is digital zero and its speech fades in and out by itself. */
static void trim(const int16_t *pcm, size_t n, size_t *from, size_t *to)
{
    size_t a = 0, b = n;
    while (a < b && pcm[a] == 0)
        a++;
    while (b > a && pcm[b - 1] == 0)
        b--;
    *from = a;
    *to = b;
}


/* A voice's calibration is kept in the segment cache under the key of the
 * calibration sentence as a segment, so it covers the same voice, settings
 * and versions. */
static char *calibration_key(const struct aloud_voice *voice,
                             const struct aloud_audio_settings *settings)
{
    struct aloud_segment cal_seg = {.text = (char *)calibration_text,
                                    .display = (char *)"(calibration)", .pause_ms = 500};
    return aloud_segcache_key(&cal_seg, 0, voice, settings);
}

/* The calibration for the voice and settings: from this render's memory,
 * else from the segment cache (kept under the key of the calibration
 * sentence as a segment, so it covers the same voice, settings and
 * versions), else found now and kept in both. */
static int calibrate(struct render *r, const struct aloud_voice *voice,
                     struct calibration *cal, char **err)
{
    for (size_t i = 0; i < r->n_calibrated; i++)
        if (r->calibrated[i].voice == voice) {
            *cal = r->calibrated[i].cal;
            return 0;
        }
    char *cache_key = NULL;
    int rc = 0;
    if (r->cache) {
        cache_key = calibration_key(voice, &r->settings);
        double v[2];
        if (aloud_segcache_load_numbers(r->cache, cache_key, v, 2) == 0) {
            *cal = (struct calibration){v[0], v[1]};
            goto remember;
        }
    }
    struct aloud_synth_utterance u = {0};
    /* The calibration sentence is English, whatever the voice: it measures
     * the voice's level, not its words. */
    if ((rc = aloud_synth_set_voice(r->synth, voice, err)) ||
        (rc = aloud_synth_speak(r->synth, calibration_text, &u, err))) {
        free(cache_key);
        return rc;
    }
    size_t a, b;
    trim(u.samples, u.n_samples, &a, &b);
    /* Followed by a typical pause, as the segments it stands in for are. */
    size_t tail = r->rate / 2;
    double l = aloud_audio_loudness_with_tail(u.samples + a, b - a, tail, r->rate);
    struct calibration c = {0, 0};
    if (isfinite(l)) {
        struct level_start start = {r->target - l, 0};
        c.gain = level_to_target(u.samples + a, b - a, tail, r->rate, l, r->target, r->ceiling,
                                 &start, 1, NULL, &c.slope);
    }
    aloud_synth_utterance_clear(&u);
    *cal = c;
    if (cache_key) {
        /* A cache that cannot be written costs only the time saved. */
        double v[2] = {c.gain, c.slope};
        char *ignored = NULL;
        aloud_segcache_store_numbers(r->cache, cache_key, v, 2, &ignored);
        free(ignored);
    }
remember:
    free(cache_key);
    if (r->n_calibrated < MAX_CALIBRATED) {
        r->calibrated[r->n_calibrated].voice = voice;
        r->calibrated[r->n_calibrated++].cal = *cal;
    }
    return 0;
}

/* Levels one segment's speech in place: measured with its pause after it
 * when it is long enough to gate, else with the voice's gain (calibrated
 * under the ceiling), under the true-peak limit (the ceiling, or lower for
 * a segment whose MP3 went over). With check_peak, the result's true peak
 * is measured (into *peak) and held under the limit; without, the caller
 * checks what matters more (the MP3 as decoded). Depends on nothing but
 * the segment, the voice and the settings. */
static int level_segment(struct render *r, size_t i, int16_t *speech, size_t n, double limit,
                         int check_peak, double *peak, char **err)
{
    const struct aloud_segment *seg = &r->script->segments[i];
    *peak = -HUGE_VAL;
    if (!n)
        return 0;
    size_t tail = (size_t)((seg->pause_ms > 0 ? seg->pause_ms : 0) * (uint64_t)r->rate / 1000);
    struct calibration calibration;
    int rc = calibrate(r, voice_of(r, i), &calibration, err);
    if (rc)
        return rc;
    const struct calibration *cal = &calibration;
    if (n * 1000 >= (size_t)OWN_GAIN_MIN_MS * r->rate) {
        /* eSpeak NG speaks a voice at a steady level, so the search starts
         * from the voice's own gain and slope, with no measure of the raw
         * speech; speech too quiet to gate keeps that gain. */
        struct level_start start = {cal->gain, cal->slope > 0 ? cal->slope : 1};
        level_to_target(speech, n, tail, r->rate, NAN, r->target, limit, &start, check_peak,
                        peak, NULL);
    } else if (check_peak) {
        *peak = aloud_audio_level_peak(speech, n, r->rate, cal->gain, limit);
    } else {
        aloud_audio_level_quick(speech, n, r->rate, cal->gain, limit);
    }
    return 0;
}

/* A segment's length in samples: its speech and its pause, rounded to the
 * nearest whole MP3 frame, and long enough that the frame LAME's delay and
 * padding take at the end of the run falls in silence. */
static size_t segment_length(size_t speech_len, int pause_ms, unsigned rate,
                             const struct aloud_mp3_layout *layout, int last)
{
    size_t pause = (size_t)((pause_ms > 0 ? pause_ms : 0) * (uint64_t)rate / 1000);
    size_t grid = layout->grid;
    size_t len = (speech_len + pause + grid / 2) / grid * grid;
    size_t min_tail = last ? 0 : layout->min_tail;
    while (len < speech_len + min_tail || len == 0)
        len += grid;
    return len;
}


/* --- The steps: a segment cached, fresh, emitted -------------------------------- */

/* A segment's audio, from the cache or spoken now. */
struct said {
    struct aloud_segment_audio cached; /* when from the cache */
    struct aloud_synth_utterance u;    /* when spoken now */
    int16_t *speech;                   /* levelled, when spoken now */
    const unsigned char *speech_le;    /* levelled, when from the cache:
                                          little-endian, in its mapping */
    size_t speech_len;
    size_t from;                       /* where speech starts in eSpeak's output */
    struct aloud_synth_utterance events; /* a view of the events */
    struct aloud_encoded_run run;      /* the MP3 run, when segments are runs */
    double peak;                       /* true peak as listeners get it */
    double *blocks;                    /* gating blocks (in cached, or owned) */
    size_t n_blocks;
    double *own_blocks;                /* measured now: owned */
};

static void said_clear(struct said *s)
{
    free(s->own_blocks);
    aloud_segment_audio_clear(&s->cached);
    aloud_synth_utterance_clear(&s->u);
    memset(s, 0, sizeof *s);
}

/* Segment i's key in the cache, or NULL when there is no cache. */
static char *segment_key(const struct render *r, size_t i)
{
    if (!r->cache)
        return NULL;
    return aloud_segcache_key(&r->script->segments[i], i + 1 == r->script->n, voice_of(r, i),
                              &r->settings);
}

/* The segment from the cache: 0, or -ENOENT when it is not there whole. */
static int segment_cached(struct render *r, const char *key, struct said *s)
{
    if (!key || aloud_segcache_load(r->cache, key, &s->cached) != 0)
        return -ENOENT;
    if (!s->cached.mp3.bytes) {
        aloud_segment_audio_clear(&s->cached);
        return -ENOENT;
    }
    s->speech_le = s->cached.speech_le;
    s->speech_len = s->cached.speech_len;
    s->from = s->cached.trim_from;
    s->events.events = s->cached.events;
    s->events.n_events = s->cached.n_events;
    s->run = s->cached.mp3;
    s->peak = s->cached.true_peak_dbtp;
    s->blocks = s->cached.blocks;
    s->n_blocks = s->cached.n_blocks;
    return 0;
}

/* Levels freshly spoken speech and, when segments are MP3 runs of their
 * own, encodes it and decodes it again (libmpg123) to check the true peak
 * that listeners get (which then stands for the segment's: the speech's
 * own is not measured apart; the limiter holds its sample peaks 1 dB under
 * the limit). LAME's quantisation moves peaks by up to about a dB, more
 * than the headroom left for it at times; a run over the ceiling is
 * levelled again with the limiter lowered by the excess (and 0.2 dB more)
 * and encoded again, up to three times. The speech left in place is the
 * one that went into the run, so the WAV master matches the MP3. */
static int level_fresh(struct render *r, size_t i, struct said *s, char **err)
{
    const struct aloud_segment *seg = &r->script->segments[i];
    int check = r->enc != NULL;
    size_t n = s->speech_len;
    int16_t *orig = NULL;
    if (check && n) {
        orig = aloud_xmalloc(n * sizeof *orig);
        memcpy(orig, s->speech, n * sizeof *orig);
    }
    struct aloud_episode_piece piece = {
        s->speech, n, segment_length(n, seg->pause_ms, r->rate, &r->layout, i + 1 == r->script->n),
        i + 1 == r->script->n, NULL, NULL};
    double limit = r->ceiling;
    int rc = 0;
    for (int attempt = 0;; attempt++) {
        if ((rc = level_segment(r, i, s->speech, n, limit, !check, &s->peak, err)))
            break;
        charge(&r->st.level_cpu_s, &r->mark);
        if (!check)
            break;
        if ((rc = aloud_mp3_encode_run(r->enc, &piece, &s->run, err)))
            break;
        double heard = aloud_mp3_run_true_peak(r->enc, &s->run);
        charge(&r->st.mp3_cpu_s, &r->mark);
        /* The segment's true peak is the MP3's, as listeners get it. */
        s->peak = n ? heard : -HUGE_VAL;
        heard += ALOUD_MP3_PEAK_ERROR_DB;
        if (!n || heard <= r->settings.max_true_peak || attempt == 3)
            break;
        limit -= heard - r->settings.max_true_peak + 0.2;
        memcpy(s->speech, orig, n * sizeof *orig);
    }
    free(orig);
    return rc;
}

/* Segment i spoken now, levelled, encoded (runs) and kept under key. */
static int segment_fresh(struct render *r, size_t i, const char *key, struct said *s, char **err)
{
    const struct aloud_segment *seg = &r->script->segments[i];
    int rc = aloud_synth_set_voice(r->synth, voice_of(r, i), err);
    if (!rc)
        rc = aloud_synth_speak(r->synth, seg->text ? seg->text : "", &s->u, err);
    if (rc)
        return rc;
    charge(&r->st.synth_cpu_s, &r->mark);
    size_t to;
    trim(s->u.samples, s->u.n_samples, &s->from, &to);
    s->speech = s->u.samples + s->from;
    s->speech_len = to - s->from;
    s->events.events = s->u.events;
    s->events.n_events = s->u.n_events;
    if ((rc = level_fresh(r, i, s, err)))
        return rc;
    /* Its share of the episode's loudness, with its pause. */
    size_t len = segment_length(s->speech_len, seg->pause_ms, r->rate, &r->layout,
                                i + 1 == r->script->n);
    s->blocks = s->own_blocks =
        aloud_audio_blocks(s->speech, s->speech_len, len - s->speech_len, r->rate, &s->n_blocks);
    charge(&r->st.level_cpu_s, &r->mark);
    r->st.synthesised++;
    if (key) {
        struct aloud_segment_audio entry = {.speech = s->speech,
                                            .speech_len = s->speech_len,
                                            .trim_from = s->from,
                                            .true_peak_dbtp = s->peak,
                                            .events = s->u.events,
                                            .n_events = s->u.n_events,
                                            .blocks = s->blocks,
                                            .n_blocks = s->n_blocks,
                                            .mp3 = s->run};
        char *store_err = NULL;
        /* A cache that cannot be written costs speed, not the episode. */
        aloud_segcache_store(r->cache, key, &entry, &store_err);
        free(store_err);
    }
    return 0;
}

/* Segment i's audio, cached or fresh, into s. */
static int segment_audio(struct render *r, size_t i, struct said *s, char **err)
{
    char *key = segment_key(r, i);
    int rc = segment_cached(r, key, s) == 0 ? 0 : segment_fresh(r, i, key, s, err);
    free(key);
    return rc;
}

/* Where the episode goes: its writers, meter, timeline and chapters. */
struct episode_out {
    struct aloud_episode_writer writers[2];
    double *writer_cpu[2];
    size_t n_writers, committed;
    struct aloud_gating gating; /* the segments' loudness blocks */
    struct aloud_timeline *t;
    size_t *chapter_segs; /* the segment each chapter starts at */
    uint64_t *chapter_start;
    struct aloud_id3_chapter *chapters;
    size_t n_chapters, next_chapter;
    uint64_t pos; /* samples so far */
    double peak;  /* the highest of the segments' true peaks */
};

/* Segment i after those before it: its events on the timeline, its audio
 * into the meter and every writer. */
static int emit(struct render *r, struct episode_out *o, size_t i, const struct said *s,
                char **err)
{
    const struct aloud_segment *seg = &r->script->segments[i];
    int last = i + 1 == r->script->n;
    size_t len = segment_length(s->speech_len, seg->pause_ms, r->rate, &r->layout, last);
    if (s->speech_len && s->peak > o->peak)
        o->peak = s->peak;
    while (o->next_chapter < o->n_chapters && o->chapter_segs[o->next_chapter] == i)
        o->chapter_start[o->next_chapter++] = o->pos;
    /* The parts of a paragraph spoken in several languages are one
     * paragraph of the transcript: their sentences carry its first part's
     * index. */
    size_t paragraph = i;
    while (paragraph > 0 && r->script->segments[paragraph].joined)
        paragraph--;
    aloud_timeline_add_said(o->t, paragraph, seg->text, seg->display, &s->events, s->from,
                            o->pos, s->speech_len);
    aloud_gating_add(&o->gating, s->blocks, s->n_blocks);
    struct aloud_episode_piece piece = {s->speech, s->speech_len, len, last,
                                        r->enc ? &s->run : NULL, s->speech_le};
    for (size_t w = 0; w < o->n_writers; w++) {
        int rc = o->writers[w].segment(o->writers[w].state, &piece, err);
        if (rc)
            return rc;
        charge(o->writer_cpu[w], &r->mark);
    }
    o->pos += len;
    return 0;
}

/* The chapters: every segment marked as starting one, and the episode's
 * start even when the script does not mark it. */
static size_t collect_chapters(const struct aloud_script *script,
                               const struct aloud_episode_tags *tags, size_t *segs,
                               struct aloud_id3_chapter *ch)
{
    size_t n = 0;
    for (size_t i = 0; i < script->n; i++) {
        const struct aloud_segment *seg = &script->segments[i];
        if (!seg->chapter && !(i == 0))
            continue;
        if (i == 0 && !seg->chapter && tags && tags->title) {
            ch[n].title = tags->title;
        } else {
            ch[n].title = seg->display && *seg->display ? seg->display : seg->text;
        }
        ch[n].start_ms = ch[n].end_ms = 0;
        segs[n++] = i;
    }
    return n;
}


/* Opens the episode's writers and chapters. */
static int episode_open(struct render *r, struct episode_out *o,
                        const struct aloud_episode_tags *tags, const char *wav_path,
                        const char *mp3_path, const struct aloud_render_options *opts,
                        char **err)
{
    size_t n = r->script->n;
    o->chapter_segs = aloud_xcalloc(n + 1, sizeof *o->chapter_segs);
    o->chapter_start = aloud_xcalloc(n + 1, sizeof *o->chapter_start);
    o->chapters = aloud_xcalloc(n + 1, sizeof *o->chapters);
    o->n_chapters = collect_chapters(r->script, tags, o->chapter_segs, o->chapters);
    o->peak = -HUGE_VAL;
    o->t = aloud_timeline_new(r->rate);
    int rc;
    if (wav_path) {
        struct aloud_wav *wav;
        if ((rc = aloud_wav_open(wav_path, opts ? opts->wav_spare : NULL, r->rate,
                                 tags ? tags->title : NULL,
                                 tags ? tags->author : NULL, &wav, err)))
            return rc;
        o->writer_cpu[o->n_writers] = &r->st.wav_cpu_s;
        o->writers[o->n_writers++] = aloud_wav_writer(wav);
    }
    if (mp3_path) {
        struct aloud_mp3 *mp3;
        if ((rc = aloud_mp3_open(mp3_path, opts ? opts->mp3_spare : NULL, r->rate,
                                 &r->settings, tags, o->chapters,
                                 o->n_chapters, &mp3, err)))
            return rc;
        o->writer_cpu[o->n_writers] = &r->st.mp3_cpu_s;
        o->writers[o->n_writers++] = aloud_mp3_writer(mp3);
    }
    return 0;
}

/* Finishes the timeline (chapters, loudness, peak) and commits every
 * writer; a failed commit has cleaned up after itself. */
static int episode_commit(struct render *r, struct episode_out *o, char **err)
{
    struct aloud_timeline *t = o->t;
    t->n_samples = o->pos;
    t->n_segments = r->script->n;
    t->segment_kinds = aloud_xcalloc(t->n_segments + 1, 1);
    t->segment_langs = aloud_xcalloc(t->n_segments + 1, sizeof *t->segment_langs);
    for (size_t i = 0; i < t->n_segments; i++) {
        const struct aloud_segment *seg = &r->script->segments[i];
        t->segment_kinds[i] = (unsigned char)seg->kind;
        t->segment_langs[i] = seg->lang ? aloud_xstrdup(seg->lang) : NULL;
    }
    for (size_t c = 0; c < o->n_chapters; c++) {
        uint64_t start = o->chapter_start[c];
        uint64_t end = c + 1 < o->n_chapters ? o->chapter_start[c + 1] : o->pos;
        aloud_timeline_add(&t->chapters, &t->n_chapters, start, end, o->chapter_segs[c],
                           o->chapters[c].title);
        const struct aloud_segment *seg = &r->script->segments[o->chapter_segs[c]];
        if (seg->kind == ALOUD_SEG_HEADING)
            t->chapters[t->n_chapters - 1].level = seg->level;
    }
    /* Both from the segments' own figures: an edit measures only what it
     * changed. */
    t->loudness_lufs = aloud_gating_loudness(&o->gating);
    t->true_peak_dbtp = o->peak;
    charge(&r->st.level_cpu_s, &r->mark);
    while (o->committed < o->n_writers) {
        struct aloud_episode_writer *w = &o->writers[o->committed++];
        int rc = w->commit(w->state, t, err);
        charge(o->writer_cpu[o->committed - 1], &r->mark);
        if (rc)
            return rc;
    }
    r->st.audio_s = (double)o->pos / r->rate;
    return 0;
}

static void episode_close(struct episode_out *o)
{
    for (size_t w = o->committed; w < o->n_writers; w++)
        o->writers[w].abort(o->writers[w].state);
    aloud_gating_free(&o->gating);
    aloud_timeline_free(o->t);
    free(o->chapter_segs);
    free(o->chapter_start);
    free(o->chapters);
}

/* --- The stage ------------------------------------------------------------------ */

int aloud_render_episode(const struct aloud_script *script, const struct aloud_voice_set *voices,
                         const struct aloud_render_options *opts,
                         const struct aloud_episode_tags *tags, const char *name,
                         const char *wav_path, const char *mp3_path,
                         struct aloud_timeline **timeline, char **err)
{
    if (timeline)
        *timeline = NULL;
    const char *who = name ? name : tags && tags->title ? tags->title : "episode";
    char *inner = NULL;
    struct render r;
    struct episode_out o = {0};
    struct said s = {0};
    int rc = render_open(&r, script, voices, opts, &inner);
    if (!rc)
        rc = episode_open(&r, &o, tags, wav_path, mp3_path, opts, &inner);
    for (size_t i = 0; !rc && i < script->n; i++) {
        if (!(rc = segment_audio(&r, i, &s, &inner)))
            rc = emit(&r, &o, i, &s, &inner);
        said_clear(&s);
    }
    if (!rc)
        rc = episode_commit(&r, &o, &inner);
    if (!rc && timeline) {
        *timeline = o.t;
        o.t = NULL;
    }
    if (rc)
        aloud_error_set(err, "%s: %s", who, inner ? inner : strerror(-rc));
    free(inner);
    episode_close(&o);
    render_close(&r, opts);
    return rc;
}

int aloud_render_prerender(const struct aloud_script *script,
                           const struct aloud_voice_set *voices,
                           const struct aloud_render_options *opts, const char *name, char **err)
{
    char *inner = NULL;
    struct render r;
    struct said s = {0};
    int rc = render_open(&r, script, voices, opts, &inner);
    size_t shares = opts->shares > 1 ? opts->shares : 1;
    for (size_t i = opts->share % shares; !rc && r.cache && i < script->n; i += shares) {
        char *key = segment_key(&r, i);
        if (segment_cached(&r, key, &s) != 0)
            rc = segment_fresh(&r, i, key, &s, &inner);
        said_clear(&s);
        free(key);
    }
    if (rc)
        aloud_error_set(err, "%s: %s", name ? name : "episode", inner ? inner : strerror(-rc));
    free(inner);
    render_close(&r, opts);
    return rc;
}

char *aloud_render_segment_keys(const struct aloud_script *script,
                                const struct aloud_voice_set *voices,
                                const struct aloud_audio_settings *settings)
{
    struct aloud_audio_settings defaults;
    if (!settings) {
        aloud_audio_settings_default(&defaults);
        settings = &defaults;
    }
    struct aloud_buf b = {0};
    for (size_t i = 0; script && i < script->n; i++) {
        const struct aloud_segment *seg = &script->segments[i];
        char *key = aloud_segcache_key(seg, i + 1 == script->n,
                                       aloud_voice_set_for(voices, seg->lang), settings);
        aloud_buf_printf(&b, "%s\n", key);
        free(key);
    }
    for (size_t i = 0; i <= voices->n_others; i++) {
        const struct aloud_voice *v = i ? voices->others[i - 1].voice : voices->primary;
        char *key = calibration_key(v, settings);
        aloud_buf_printf(&b, "%s\n", key);
        free(key);
    }
    return aloud_buf_steal(&b);
}

static void hash_str(struct sha256_ctx *ctx, const char *label, const char *s)
{
    sha256_update(ctx, strlen(label) + 1, (const uint8_t *)label);
    if (s)
        sha256_update(ctx, strlen(s) + 1, (const uint8_t *)s);
    else
        sha256_update(ctx, 1, (const uint8_t *)"\x01");
}

char *aloud_render_episode_key(const struct aloud_script *script,
                               const struct aloud_voice_set *voices,
                               const struct aloud_audio_settings *settings,
                               const struct aloud_episode_tags *tags)
{
    struct aloud_audio_settings defaults;
    if (!settings) {
        aloud_audio_settings_default(&defaults);
        settings = &defaults;
    }
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    hash_str(&ctx, "episode", "1");
    for (size_t i = 0; script && i < script->n; i++) {
        const struct aloud_segment *seg = &script->segments[i];
        char *key = aloud_segcache_key(seg, i + 1 == script->n,
                                       aloud_voice_set_for(voices, seg->lang), settings);
        hash_str(&ctx, "segment", key);
        free(key);
        /* What the segment is in the episode: its chapter and heading
         * level (ID3 chapters, pages) and kind. */
        char *shape = aloud_xasprintf("%s|%d|%d", aloud_segment_kind_name(seg->kind), seg->level,
                                      seg->chapter);
        hash_str(&ctx, "shape", shape);
        free(shape);
    }
    if (tags) {
        hash_str(&ctx, "title", tags->title);
        hash_str(&ctx, "author", tags->author);
        hash_str(&ctx, "podcast", tags->podcast);
        hash_str(&ctx, "date", tags->date);
        hash_str(&ctx, "description", tags->description);
        char *data = NULL;
        size_t len = 0;
        if (tags->cover_path &&
            aloud_file_read(tags->cover_path, 64u * 1024 * 1024, &data, &len, NULL) == 0) {
            sha256_update(&ctx, len, (const uint8_t *)data);
            free(data);
        }
    }
    hash_str(&ctx, "aloud", ALOUD_VERSION);
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    char *hex = aloud_xmalloc(2 * sizeof digest + 1);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    return hex;
}
