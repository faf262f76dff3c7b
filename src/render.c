/* Rendering one episode: each script segment is spoken on its own, its
 * speech trimmed of eSpeak NG's own silence, levelled on its own (so a
 * segment's audio depends only on the segment, the voice and the settings),
 * followed by its pause as digital silence padded to the MP3 frame grid,
 * and streamed out to the WAV master, the MP3 and the episode's meter one
 * segment at a time. The timeline comes from eSpeak NG's events. */
#include "aloud/render.h"
#include "aloud/segcache.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aloud/audio.h"
#include "aloud/mp3.h"
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

static struct aloud_render_stats last_stats;

void aloud_render_stats_get(struct aloud_render_stats *stats)
{
    *stats = last_stats;
}

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

void aloud_audio_settings_default(struct aloud_audio_settings *s)
{
    s->target_lufs = -16;
    s->max_true_peak = -1;
    s->mp3_bitrate_kbps = 64;
    s->mp3_sample_rate = 44100;
    s->mp3_quality = 3; /* the lame program's own default */
    s->cache_dir = NULL;
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

/* A voice's calibration, found on the calibration sentence: the gain that
 * brings it to the target (where every segment's search starts, and the
 * gain of speech too short to measure) and the slope there. */
struct calibration {
    char *key;
    double gain, slope;
};
static struct calibration calibrations[16];
static size_t n_calibrations;

static char *voice_key(const struct aloud_voice *v, double target, double ceiling)
{
    return aloud_xasprintf("%s|%s|%d|%d|%d|%d|%d|%.2f|%.2f", v->espeak_voice ? v->espeak_voice : "",
                           v->espeak_file ? v->espeak_file : "", v->rate, v->pitch, v->range,
                           v->word_gap, v->volume, target, ceiling);
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

static void remember(struct calibration *c)
{
    if (n_calibrations < sizeof calibrations / sizeof calibrations[0])
        calibrations[n_calibrations++] = *c;
    else
        free(c->key);
    c->key = NULL;
}

/* The calibration for the voice and settings: from this process's memory,
 * else from the segment cache (kept under the key of the calibration
 * sentence as a segment, so it covers the same voice, settings and
 * versions), else found now and kept in both. */
static int voice_gain(struct aloud_synth *synth, const struct aloud_voice *voice,
                      const struct aloud_audio_settings *settings, double target, double ceiling,
                      struct calibration *cal, char **err)
{
    char *key = voice_key(voice, target, ceiling);
    for (size_t i = 0; i < n_calibrations; i++)
        if (strcmp(calibrations[i].key, key) == 0) {
            *cal = calibrations[i];
            free(key);
            return 0;
        }
    char *cache_key = NULL;
    if (settings->cache_dir) {
        struct aloud_segment cal_seg = {.text = (char *)calibration_text,
                                        .display = (char *)"(calibration)", .pause_ms = 500};
        cache_key = aloud_segcache_key(&cal_seg, 0, voice, settings,
                                       aloud_synth_sample_rate(synth));
        double v[2];
        if (aloud_segcache_load_numbers(settings->cache_dir, cache_key, v, 2) == 0) {
            struct calibration c = {key, v[0], v[1]};
            *cal = c;
            remember(&c);
            free(cache_key);
            return 0;
        }
    }
    struct aloud_synth_utterance u = {0};
    int rc = aloud_synth_speak(synth, calibration_text, &u, err);
    if (rc) {
        free(key);
        free(cache_key);
        return rc;
    }
    size_t a, b;
    trim(u.samples, u.n_samples, &a, &b);
    unsigned rate = aloud_synth_sample_rate(synth);
    /* Followed by a typical pause, as the segments it stands in for are. */
    size_t tail = rate / 2;
    double l = aloud_audio_loudness_with_tail(u.samples + a, b - a, tail, rate);
    struct calibration c = {key, 0, 0};
    if (isfinite(l)) {
        struct level_start start = {target - l, 0};
        c.gain = level_to_target(u.samples + a, b - a, tail, rate, l, target, ceiling, &start, 1,
                                 NULL, &c.slope);
    }
    aloud_synth_utterance_clear(&u);
    *cal = c;
    cal->key = NULL;
    if (cache_key) {
        /* A cache that cannot be written costs only the time saved. */
        double v[2] = {c.gain, c.slope};
        char *ignored = NULL;
        aloud_segcache_store_numbers(settings->cache_dir, cache_key, v, 2, &ignored);
        free(ignored);
        free(cache_key);
    }
    remember(&c);
    return 0;
}

/* Sentences of display text, split as eSpeak NG splits them: after ! or ?
 * (and closing quotes or brackets) and white space; after . or an ellipsis
 * only when what follows is not a lower-case letter ("e.g. this", "U.K. is"
 * go on). Fills starts/lens (cap entries); returns the count. */
static size_t split_sentences(const char *text, size_t *starts, size_t *lens, size_t cap)
{
    size_t n = 0, start = 0, len = strlen(text);
    while (start < len && text[start] == ' ')
        start++;
    for (size_t i = start; i < len;) {
        int end = 0, strong = 0;
        size_t j = i;
        if (text[i] == '.' || text[i] == '!' || text[i] == '?') {
            j = i + 1;
            end = 1;
            strong = text[i] != '.';
        } else if ((unsigned char)text[i] == 0xE2 && (unsigned char)text[i + 1] == 0x80 &&
                   (unsigned char)text[i + 2] == 0xA6) {
            j = i + 3;
            end = 1;
        }
        if (!end) {
            i++;
            continue;
        }
        while (j < len && (text[j] == '.' || text[j] == '!' || text[j] == '?' || text[j] == '"' ||
                           text[j] == '\'' || text[j] == ')' || text[j] == ']')) {
            strong |= text[j] == '!' || text[j] == '?';
            j++;
        }
        /* closing curly quotes and guillemets */
        while (j + 2 < len + 1 && (unsigned char)text[j] == 0xE2 &&
               (unsigned char)text[j + 1] == 0x80 &&
               ((unsigned char)text[j + 2] == 0x99 || (unsigned char)text[j + 2] == 0x9D))
            j += 3;
        while (j + 1 < len + 1 && (unsigned char)text[j] == 0xC2 &&
               (unsigned char)text[j + 1] == 0xBB)
            j += 2;
        if (j < len && text[j] != ' ') {
            i = j;
            continue;
        }
        size_t k = j;
        while (k < len && text[k] == ' ')
            k++;
        if (!strong && k < len && text[k] >= 'a' && text[k] <= 'z') {
            i = k;
            continue;
        }
        if (n < cap) {
            starts[n] = start;
            lens[n] = j - start;
        }
        n++;
        start = k;
        i = k;
    }
    if (start < len) {
        if (n < cap) {
            starts[n] = start;
            lens[n] = len - start;
        }
        n++;
    }
    return n;
}

/* The episode sample of an event of an utterance whose speech starts at
 * trim_from and lasts speech_len samples, placed at pos: clamped into the
 * speech. */
static uint64_t episode_sample(const struct aloud_synth_event *ev, size_t trim_from,
                               size_t speech_len, uint64_t pos)
{
    if (ev->sample <= trim_from)
        return pos;
    uint64_t at = ev->sample - trim_from;
    return pos + (at < speech_len ? at : speech_len);
}

static void add_segment_events(struct aloud_timeline *t, size_t seg_index,
                               const struct aloud_segment *seg,
                               const struct aloud_synth_utterance *u, size_t trim_from,
                               uint64_t pos, size_t speech_len)
{
    size_t n_sent = 0;
    for (size_t i = 0; i < u->n_events; i++)
        n_sent += u->events[i].kind == ALOUD_SYNTH_SENTENCE;
    uint64_t speech_end = pos + speech_len;
    const char *text = seg->text ? seg->text : "";
    const char *display = seg->display && *seg->display ? seg->display : text;
    size_t cap = n_sent + 1;
    size_t *starts = aloud_xmalloc(cap * sizeof *starts);
    size_t *lens = aloud_xmalloc(cap * sizeof *lens);
    size_t n_display = split_sentences(display, starts, lens, cap);
    int use_display = n_display == n_sent;
    size_t s = 0;
    for (size_t i = 0; i < u->n_events; i++) {
        const struct aloud_synth_event *ev = &u->events[i];
        uint64_t start = episode_sample(ev, trim_from, speech_len, pos);
        uint64_t end = speech_end;
        for (size_t j = i + 1; j < u->n_events; j++)
            if (u->events[j].kind == ev->kind) {
                end = episode_sample(&u->events[j], trim_from, speech_len, pos);
                break;
            }
        if (ev->kind == ALOUD_SYNTH_WORD) {
            char *w = aloud_xstrndup(text + ev->text_start, ev->text_len);
            aloud_timeline_add(&t->words, &t->n_words, start, end, seg_index, w);
            free(w);
            continue;
        }
        char *sentence;
        if (use_display) {
            sentence = aloud_xstrndup(display + starts[s], lens[s]);
        } else {
            /* eSpeak NG split differently: show the spoken text. */
            size_t to = strlen(text);
            for (size_t j = i + 1; j < u->n_events; j++)
                if (u->events[j].kind == ALOUD_SYNTH_SENTENCE) {
                    to = u->events[j].text_start;
                    break;
                }
            size_t from = ev->text_start < to ? ev->text_start : to;
            sentence = aloud_xstrndup(text + from, to - from);
            aloud_text_squeeze(sentence);
        }
        s++;
        aloud_timeline_add(&t->sentences, &t->n_sentences, start, end, seg_index, sentence);
        free(sentence);
    }
    free(starts);
    free(lens);
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

/* Levels one segment's speech in place: measured with its pause after it
 * when it is long enough to gate, else with the voice's gain (calibrated
 * under ceiling), under the true-peak limit (the ceiling, or lower for a
 * segment whose MP3 went over). With check_peak, the result's true peak
 * is measured (into *peak) and held under the limit; without, the caller
 * checks what matters more (the MP3 as decoded). Depends on nothing but
 * the segment, the voice and the settings. */
static int level_segment(struct aloud_synth *synth, const struct aloud_voice *voice,
                         const struct aloud_audio_settings *settings,
                         const struct aloud_segment *seg, int16_t *speech, size_t n, double target,
                         double ceiling, double limit, int check_peak, double *peak,
                         char **err)
{
    *peak = -HUGE_VAL;
    if (!n)
        return 0;
    unsigned rate = aloud_synth_sample_rate(synth);
    size_t tail = (size_t)((seg->pause_ms > 0 ? seg->pause_ms : 0) * (uint64_t)rate / 1000);
    struct calibration cal;
    int rc = voice_gain(synth, voice, settings, target, ceiling, &cal, err);
    if (rc)
        return rc;
    if (n * 1000 >= (size_t)OWN_GAIN_MIN_MS * rate) {
        /* eSpeak NG speaks a voice at a steady level, so the search starts
         * from the voice's own gain and slope, with no measure of the raw
         * speech; speech too quiet to gate keeps that gain. */
        struct level_start start = {cal.gain, cal.slope > 0 ? cal.slope : 1};
        level_to_target(speech, n, tail, rate, NAN, target, limit, &start, check_peak, peak,
                        NULL);
    } else if (check_peak) {
        *peak = aloud_audio_level_peak(speech, n, rate, cal.gain, limit);
    } else {
        aloud_audio_level_quick(speech, n, rate, cal.gain, limit);
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

/* A freshly spoken segment: levelled and, when each segment is its own MP3
 * run, encoded and decoded again (libmpg123) to check the true peak that
 * listeners get (which then stands for the segment's: the speech's own is
 * not measured apart; the limiter holds its sample peaks 1 dB under the
 * limit). LAME's quantisation moves peaks by up to about a dB, more
 * than the headroom left for it at times; a run over the ceiling is
 * levelled again with the limiter lowered by the excess (and 0.2 dB more)
 * and encoded again, up to three times. The speech left in place is the
 * one that went into the run, so the WAV master matches the MP3. */
static int level_fresh(struct aloud_synth *synth, const struct aloud_voice *voice,
                       const struct aloud_audio_settings *settings,
                       const struct aloud_segment *seg, int16_t *speech, size_t n, int last,
                       double target, double ceiling, const struct aloud_mp3_layout *layout,
                       struct aloud_mp3 *mp3, struct aloud_mp3_run *run, double *peak,
                       struct aloud_render_stats *st, double *mark, char **err)
{
    int check = mp3 && layout->runs;
    unsigned rate = aloud_synth_sample_rate(synth);
    size_t len = segment_length(n, seg->pause_ms, rate, layout, last);
    int16_t *orig = NULL;
    if (check && n) {
        orig = aloud_xmalloc(n * sizeof *orig);
        memcpy(orig, speech, n * sizeof *orig);
    }
    double limit = ceiling;
    int rc = 0;
    for (int attempt = 0;; attempt++) {
        if ((rc = level_segment(synth, voice, settings, seg, speech, n, target, ceiling, limit,
                                !check, peak, err)))
            break;
        charge(&st->level_cpu_s, mark);
        if (!check)
            break;
        if ((rc = aloud_mp3_segment_encode(mp3, speech, n, len, last, run, err)))
            break;
        double heard = aloud_mp3_run_true_peak(mp3, run);
        charge(&st->mp3_cpu_s, mark);
        /* The segment's true peak is the MP3's, as listeners get it. */
        *peak = n ? heard : -HUGE_VAL;
        heard += ALOUD_MP3_PEAK_ERROR_DB;
        if (!n || heard <= settings->max_true_peak || attempt == 3)
            break;
        limit -= heard - settings->max_true_peak + 0.2;
        memcpy(speech, orig, n * sizeof *orig);
    }
    free(orig);
    return rc;
}

int aloud_render_episode(const struct aloud_script *script, const struct aloud_voice *voice,
                         const struct aloud_audio_settings *settings,
                         const struct aloud_episode_tags *tags, const char *name,
                         const char *wav_path, const char *mp3_path,
                         struct aloud_timeline **timeline, char **err)
{
    struct aloud_audio_settings defaults;
    if (!settings) {
        aloud_audio_settings_default(&defaults);
        settings = &defaults;
    }
    if (timeline)
        *timeline = NULL;
    const char *who = name ? name : tags && tags->title ? tags->title : "episode";
    char *inner = NULL;
    struct aloud_synth *synth = NULL;
    struct aloud_episode_writer writers[2];
    double *writer_cpu[2];
    size_t n_writers = 0, committed = 0;
    struct aloud_meter *meter = NULL;
    struct aloud_timeline *t = NULL;
    struct aloud_synth_utterance u = {0};
    struct aloud_segment_audio cached = {0};
    size_t n_segments = script ? script->n : 0;
    size_t *chapter_segs = aloud_xcalloc(n_segments + 1, sizeof *chapter_segs);
    uint64_t *chapter_start = aloud_xcalloc(n_segments + 1, sizeof *chapter_start);
    struct aloud_id3_chapter *chapters = aloud_xcalloc(n_segments + 1, sizeof *chapters);
    size_t n_chapters = 0;
    int rc;
    if (!n_segments || !voice) {
        aloud_error_set(&inner, !voice ? "no voice to speak with" : "nothing to say");
        rc = -EINVAL;
        goto out;
    }
    if ((rc = aloud_synth_open(voice, &synth, &inner)))
        goto out;
    unsigned rate = aloud_synth_sample_rate(synth);
    struct aloud_mp3_layout layout;
    if ((rc = aloud_mp3_layout(rate, settings, &layout, &inner)))
        goto out;
    n_chapters = collect_chapters(script, tags, chapter_segs, chapters);
    struct aloud_render_stats st = {0};
    if (wav_path) {
        struct aloud_wav *wav;
        if ((rc = aloud_wav_open(wav_path, rate, tags ? tags->title : NULL,
                                 tags ? tags->author : NULL, &wav, &inner)))
            goto out;
        writer_cpu[n_writers] = &st.wav_cpu_s;
        writers[n_writers++] = aloud_wav_writer(wav);
    }
    struct aloud_mp3 *mp3 = NULL;
    if (mp3_path) {
        if ((rc = aloud_mp3_open(mp3_path, rate, settings, tags, chapters, n_chapters, &mp3,
                                 &inner)))
            goto out;
        writer_cpu[n_writers] = &st.mp3_cpu_s;
        writers[n_writers++] = aloud_mp3_writer(mp3);
    }
    /* Integrated loudness over the whole episode; the true peak is the
     * highest of the segments' (each measured once, and kept in the cache). */
    /* Workers that only fill the cache ask for no timeline: no meter. */
    meter = timeline ? aloud_meter_new_loudness(rate) : NULL;
    double episode_peak = -HUGE_VAL;
    t = aloud_timeline_new(rate);
    /* The same levels whether or not an MP3 is written: a WAV master and
     * an MP3 of the same script line up. */
    double ceiling = settings->max_true_peak - MP3_HEADROOM_DB;
    double target = settings->target_lufs + ENCODE_ALLOWANCE_LU;
    uint64_t pos = 0;
    size_t next_chapter = 0;
    double mark = cpu_now();
    /* Segments are cached only where each is its own MP3 run. */
    const char *cache = settings->cache_dir && layout.runs ? settings->cache_dir : NULL;
    st.segments = n_segments;
    for (size_t i = 0; i < n_segments; i++) {
        const struct aloud_segment *seg = &script->segments[i];
        int last = i + 1 == n_segments;
        char *key = cache ? aloud_segcache_key(seg, last, voice, settings, rate) : NULL;
        int hit = key && aloud_segcache_load(cache, key, &cached) == 0 &&
                  (!mp3 || cached.mp3_len > 0);
        struct aloud_synth_utterance view = {0};
        const struct aloud_synth_utterance *said = &u;
        int16_t *speech;
        size_t speech_len, from;
        double fresh_peak = -HUGE_VAL;
        struct aloud_mp3_run run = {0};
        if (hit) {
            /* From the cache: no eSpeak NG, no levelling, no LAME. */
            speech = cached.speech;
            speech_len = cached.speech_len;
            from = cached.trim_from;
            view.events = cached.events;
            view.n_events = cached.n_events;
            said = &view;
        } else {
            if ((rc = aloud_synth_speak(synth, seg->text ? seg->text : "", &u, &inner))) {
                free(key);
                goto out;
            }
            charge(&st.synth_cpu_s, &mark);
            size_t to;
            trim(u.samples, u.n_samples, &from, &to);
            speech = u.samples + from;
            speech_len = to - from;
            if ((rc = level_fresh(synth, voice, settings, seg, speech, speech_len, last, target,
                                  ceiling, &layout, mp3, &run, &fresh_peak, &st, &mark,
                                  &inner))) {
                free(key);
                goto out;
            }
            st.synthesised++;
        }
        double seg_peak = hit ? cached.true_peak_dbtp : fresh_peak;
        if (speech_len && seg_peak > episode_peak)
            episode_peak = seg_peak;
        size_t len = segment_length(speech_len, seg->pause_ms, rate, &layout, last);
        while (next_chapter < n_chapters && chapter_segs[next_chapter] == i)
            chapter_start[next_chapter++] = pos;
        add_segment_events(t, i, seg, said, from, pos, speech_len);
        if (meter) {
            aloud_meter_add(meter, speech, speech_len);
            aloud_meter_add_silence(meter, len - speech_len);
        }
        charge(&st.level_cpu_s, &mark);
        for (size_t w = 0; w < n_writers; w++) {
            if (mp3 && writers[w].state == mp3 && layout.runs) {
                /* The run encoded and checked above, or the cached one. */
                if (hit)
                    run = (struct aloud_mp3_run){cached.mp3, cached.mp3_len, cached.mp3_frames,
                                                 cached.mp3_delay, cached.mp3_padding};
                rc = aloud_mp3_segment_put(mp3, &run, &inner);
            } else {
                rc = writers[w].segment(writers[w].state, speech, speech_len, len, last, &inner);
            }
            if (rc) {
                free(key);
                goto out;
            }
            charge(writer_cpu[w], &mark);
        }
        if (key && !hit) {
            struct aloud_segment_audio entry = {
                .speech = speech, .speech_len = speech_len, .trim_from = from,
                .true_peak_dbtp = seg_peak,
                .events = u.events, .n_events = u.n_events,
                .mp3 = (char *)run.bytes, .mp3_len = run.len, .mp3_frames = run.frames,
                .mp3_delay = run.delay, .mp3_padding = run.padding};
            char *store_err = NULL;
            /* A cache that cannot be written costs speed, not the episode. */
            aloud_segcache_store(cache, key, &entry, &store_err);
            free(store_err);
        }
        aloud_segment_audio_clear(&cached);
        free(key);
        pos += len;
    }
    t->n_samples = pos;
    for (size_t c = 0; c < n_chapters; c++) {
        uint64_t start = chapter_start[c];
        uint64_t end = c + 1 < n_chapters ? chapter_start[c + 1] : pos;
        aloud_timeline_add(&t->chapters, &t->n_chapters, start, end, chapter_segs[c],
                           chapters[c].title);
    }
    double unused_peak;
    t->loudness_lufs = NAN;
    if (meter)
        aloud_meter_result(meter, &t->loudness_lufs, &unused_peak);
    t->true_peak_dbtp = episode_peak;
    charge(&st.level_cpu_s, &mark);
    for (; committed < n_writers; committed++) {
        struct aloud_episode_writer *w = &writers[committed];
        int failed = w->commit(w->state, t, &inner);
        charge(writer_cpu[committed], &mark);
        if (failed) {
            rc = failed;
            committed++; /* a failed commit has cleaned up after itself */
            goto out;
        }
    }
    st.audio_s = (double)pos / rate;
    last_stats = st;
    if (timeline) {
        *timeline = t;
        t = NULL;
    }
out:
    if (rc) {
        aloud_error_set(err, "%s: %s", who, inner ? inner : strerror(-rc));
        for (size_t w = committed; w < n_writers; w++)
            writers[w].abort(writers[w].state);
    }
    free(inner);
    aloud_synth_utterance_clear(&u);
    aloud_segment_audio_clear(&cached);
    aloud_synth_close(synth);
    aloud_meter_free(meter);
    aloud_timeline_free(t);
    free(chapter_segs);
    free(chapter_start);
    free(chapters);
    return rc;
}
