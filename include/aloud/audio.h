/* Audio stage: loudness and the WAV master. Measures speech with libebur128
 * (EBU R 128 / ITU-R BS.1770), brings one segment's speech to the target
 * loudness with a true-peak limit, meters the whole episode as it streams
 * out, and writes the WAV master through libsndfile. Everything works on
 * 16-bit mono PCM one segment at a time: no stage holds a whole episode. */
#ifndef ALOUD_AUDIO_H
#define ALOUD_AUDIO_H

#include <stddef.h>
#include <stdint.h>

#include "aloud/timeline.h"

/* How an episode sounds and is encoded: podcast.ini's [audio], aloud say's
 * options, or the defaults. What shapes no sound (the segment cache, say)
 * does not belong here. */
struct aloud_audio_settings {
    double target_lufs;   /* integrated loudness target, default -16 */
    double max_true_peak; /* dBTP ceiling, default -1 */
    int mp3_bitrate_kbps; /* CBR bitrate, default 64 */
    int mp3_sample_rate;  /* default 44100 (LAME resamples) */
    int mp3_quality;      /* LAME quality 0 (best) .. 9, default 3 */
};
void aloud_audio_settings_default(struct aloud_audio_settings *s);

/* Checks every field: the loudness target and ceiling in range, a bitrate
 * and a sample rate that MPEG audio has (and that go together), a LAME
 * quality. The one place these rules live: podcast.ini, aloud say and the
 * MP3 writer all call it. Returns 0, or -EINVAL with *err naming the
 * setting by key (podcast.ini's names) and what it may be. */
int aloud_audio_settings_check(const struct aloud_audio_settings *s, char **err);

/* MPEG audio's frame size in samples at rate (1152 or 576), or 0 for a
 * rate MPEG audio does not have. Also filled: *version (3 MPEG-1, 2 MPEG-2,
 * 0 MPEG-2.5) and *index (the rate's index in its header), when not NULL. */
unsigned aloud_audio_mpeg_rate(int rate, int *version, int *index);
/* The header's bitrate index of kbps for that MPEG version, or -1. */
int aloud_audio_mpeg_bitrate_index(int version, int kbps);

/* A segment already encoded (an MP3 run, say, from the segment cache): the
 * bytes (borrowed), how many frames, and the encoder's delay and padding.
 * Writers that can take it put it as it is; the others use the PCM. */
struct aloud_encoded_run {
    const char *bytes;
    size_t len;
    uint64_t frames;
    unsigned delay;
    unsigned padding;
};

/* Integrated loudness (LUFS) of n samples at rate, or -HUGE_VAL when the
 * audio is too short or too quiet to gate (under 400 ms, or silence). */
double aloud_audio_loudness(const int16_t *pcm, size_t n, unsigned rate);

/* The same for the samples followed by tail samples of silence, as they
 * sound in an episode: EBU R 128's 400 ms blocks that straddle the end of
 * speech count, as they will when the whole episode is measured. */
double aloud_audio_loudness_with_tail(const int16_t *pcm, size_t n, size_t tail, unsigned rate);

/* True peak (dBTP) of n samples at rate; -HUGE_VAL for silence. Only the
 * stretches near the largest samples are oversampled (see audio.c); the
 * result equals aloud_audio_true_peak_whole's, which oversamples all. */
double aloud_audio_true_peak(const int16_t *pcm, size_t n, unsigned rate);
double aloud_audio_true_peak_whole(const int16_t *pcm, size_t n, unsigned rate);

/* Multiplies pcm in place by gain_db and then limits it so that its true
 * peak stays at or under ceiling_dbtp: a look-ahead limiter whose gain
 * envelope is the minimum of the needed reductions, smoothed over 5 ms, so
 * speech is turned down around a peak, never clipped. */
void aloud_audio_level(int16_t *pcm, size_t n, unsigned rate, double gain_db, double ceiling_dbtp);
/* aloud_audio_level that also returns the true peak (dBTP) it reached. */
double aloud_audio_level_peak(int16_t *pcm, size_t n, unsigned rate, double gain_db,
                              double ceiling_dbtp);
/* The first pass of aloud_audio_level alone: the limiter holds sample
 * peaks 1 dB under the ceiling, and the true peak is not measured (it is
 * the costly part). For searching the gain; the result's true peak must
 * still be checked. */
void aloud_audio_level_quick(int16_t *pcm, size_t n, unsigned rate, double gain_db,
                             double ceiling_dbtp);

/* The gating blocks of ITU-R BS.1770 (400 ms windows, one every 100 ms)
 * of n samples followed by tail samples of silence, as the mean square of
 * the K-weighted signal in each, measured by libebur128 (its momentary
 * loudness after every 100 ms): what a segment brings to its episode's
 * integrated loudness, kept in the segment cache so that an episode's
 * loudness costs nothing for the segments an edit did not change. Blocks
 * are counted from the segment's start (the first ends at 400 ms), as if
 * each segment began an episode: a segment ends in silence, so a block
 * that would straddle two segments holds little of the earlier one. *n_out
 * gets the count (0 under 400 ms); caller frees (NULL when none). */
double *aloud_audio_blocks(const int16_t *pcm, size_t n, size_t tail, unsigned rate,
                           size_t *n_out);

/* An episode's integrated loudness from its segments' blocks: gated as
 * BS.1770 gates (an absolute gate at -70 LUFS, then a relative one 10 LU
 * under the mean of what passed). Zero-initialise; add each segment's
 * blocks; then ask. */
struct aloud_gating {
    double *energy;
    size_t n, cap;
};
void aloud_gating_add(struct aloud_gating *g, const double *blocks, size_t n);
/* Integrated loudness in LUFS, or -HUGE_VAL when no block passes the
 * absolute gate (silence, or under 400 ms of audio). */
double aloud_gating_loudness(const struct aloud_gating *g);
void aloud_gating_free(struct aloud_gating *g);

/* One segment of an episode as the writers get it: its levelled speech
 * (n_speech samples), then silence up to n_total samples; last is set on
 * the final segment. run, when not NULL, is the same segment already
 * encoded (from the segment cache, or encoded to check its peak). The
 * speech is in speech or, when that is NULL, in speech_le: the same
 * samples as 16-bit little-endian bytes at any alignment (a segment cache
 * entry where it is mapped), which a writer takes without a copy. */
struct aloud_episode_piece {
    const int16_t *speech;
    size_t n_speech;
    size_t n_total;
    int last;
    const struct aloud_encoded_run *run;
    const unsigned char *speech_le;
};

/* Copies n samples from 16-bit little-endian bytes (any alignment) into
 * pcm, in the machine's order. */
void aloud_audio_from_le(int16_t *pcm, const unsigned char *le, size_t n);

/* What the episode's writers (the WAV master, the MP3) share, so the
 * render stage feeds them alike: the episode one piece at a time, then a
 * commit with the finished timeline, or an abort. commit and abort free
 * the writer's state. */
struct aloud_episode_writer {
    const char *kind; /* "WAV", "MP3": for messages and statistics */
    void *state;
    int (*segment)(void *state, const struct aloud_episode_piece *piece, char **err);
    int (*commit)(void *state, const struct aloud_timeline *timeline, char **err);
    void (*abort)(void *state);
};

/* The WAV master: mono 16-bit PCM at rate with title and artist in its
 * INFO chunk, written under a temporary name beside path and renamed into
 * place by aloud_wav_commit. */
struct aloud_wav;
/* title and artist are borrowed and may be NULL; spare, when not NULL, is
 * an old file the new one may be written over (aloud_atomic_open_reusing).
 * Returns 0 and *out, or a negative errno with *err (libsndfile's
 * message). */
int aloud_wav_open(const char *path, const char *spare, unsigned rate, const char *title,
                   const char *artist, struct aloud_wav **out, char **err);
int aloud_wav_write(struct aloud_wav *w, const int16_t *pcm, size_t n, char **err);
/* The same for n samples as 16-bit little-endian bytes at any alignment:
 * written as they are (the file's order), with no copy on a little-endian
 * machine. */
int aloud_wav_write_le(struct aloud_wav *w, const unsigned char *le, size_t n, char **err);
int aloud_wav_write_silence(struct aloud_wav *w, size_t n, char **err);
/* Finishes the file, fsyncs and renames it into place; frees w either way.
 * On failure the temporary file is removed. */
int aloud_wav_commit(struct aloud_wav *w, char **err);
/* Removes the temporary file and frees w; accepts NULL. */
void aloud_wav_abort(struct aloud_wav *w);
/* w as an episode writer (takes over w). */
struct aloud_episode_writer aloud_wav_writer(struct aloud_wav *w);

#endif
