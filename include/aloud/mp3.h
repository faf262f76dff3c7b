/* MP3 stage: the episode encoded with libmp3lame (CBR), preceded by an
 * ID3v2.4 tag (id3.h) and a Xing "Info" frame with a LAME extension that
 * carries the frame and byte counts, a seek table and the encoder delay
 * and padding, so players show the exact duration and play gaplessly.
 *
 * Layout: [ID3v2.4 tag][Info frame][run 0][run 1]...[run n-1]. When the
 * MP3 rate is eSpeak NG's rate or twice it (22050 -> 22050 or 44100), each
 * segment is its own run: a fresh LAME encoder, flushed at its end, so no
 * bit reservoir crosses a boundary and a run can be re-encoded alone. Each
 * run's audio is a whole number of frames long (the render stage pads each
 * segment's pause to the grid aloud_mp3_layout gives), and the encoder's
 * delay and padding of a run (one frame together) replace the last frame of
 * the segment's pause, which is not encoded: decoded and trimmed by the
 * Info frame's delay and padding, the MP3 lines up with the WAV master
 * sample for sample. Other rates are encoded as one continuous run. */
#ifndef ALOUD_MP3_H
#define ALOUD_MP3_H

#include <stddef.h>
#include <stdint.h>

#include "aloud/audio.h"
#include "aloud/id3.h"

struct aloud_mp3_layout {
    size_t grid;     /* segment lengths are multiples of this (input samples);
                        1 when encoding continuously */
    size_t min_tail; /* silence a segment must end with (input samples) */
    int runs;        /* 1: one run per segment; 0: one continuous run */
};

/* The layout for input at in_rate with settings (borrowed). Returns 0 or
 * -EINVAL with *err for settings aloud_audio_settings_check refuses. */
int aloud_mp3_layout(unsigned in_rate, const struct aloud_audio_settings *settings,
                     struct aloud_mp3_layout *layout, char **err);

/* An encoder of segments into runs of their own, apart from any file: what
 * the render stage uses to check a segment's peak as listeners get it and
 * to keep it in the segment cache, in the episode's process or a worker. */
struct aloud_mp3_encoder;

/* An encoder for input at in_rate with settings (copied). name (copied)
 * is what its messages name. Returns 0 and *out (free with
 * aloud_mp3_encoder_free), or -EINVAL with *err for settings that give no
 * runs at this rate (aloud_mp3_layout's runs is 0) or that are invalid. */
int aloud_mp3_encoder_new(unsigned in_rate, const struct aloud_audio_settings *settings,
                          const char *name, struct aloud_mp3_encoder **out, char **err);
void aloud_mp3_encoder_free(struct aloud_mp3_encoder *e);

/* Encodes piece (its n_total a whole number of grid lengths; the last
 * min_tail samples silence unless piece->last) as a run of its own into
 * *run, whose bytes stay valid until the encoder's next run. piece->run is
 * ignored. Returns 0 or a negative errno with *err (LAME's message). */
int aloud_mp3_encode_run(struct aloud_mp3_encoder *e, const struct aloud_episode_piece *piece,
                         struct aloud_encoded_run *run, char **err);

/* The true peak (dBTP) of a run of e's as a player decodes it
 * (libmpg123); HUGE_VAL when it cannot be decoded. Within
 * ALOUD_MP3_PEAK_ERROR_DB: see mp3.c. */
#define ALOUD_MP3_PEAK_ERROR_DB 0.05
double aloud_mp3_run_true_peak(const struct aloud_mp3_encoder *e,
                               const struct aloud_encoded_run *run);

/* The MP3 file. */
struct aloud_mp3;

/* Opens path for writing (under a temporary name; spare, when not NULL, is
 * an old file it may be written over: aloud_atomic_open_reusing) and
 * writes the ID3 tag with n chapters (times rewritten by aloud_mp3_commit)
 * and a placeholder Info frame. Everything borrowed. Returns 0 and *out,
 * or a negative errno with *err (LAME's or the system's message). */
int aloud_mp3_open(const char *path, const char *spare, unsigned in_rate,
                   const struct aloud_audio_settings *settings,
                   const struct aloud_episode_tags *tags, const struct aloud_id3_chapter *chapters,
                   size_t n_chapters, struct aloud_mp3 **out, char **err);

/* Appends one segment: its run as it is when piece->run is given and the
 * layout has runs, else its PCM, encoded here (a run of its own, or the
 * next stretch of the one continuous run). Returns 0 or -errno with *err. */
int aloud_mp3_put(struct aloud_mp3 *m, const struct aloud_episode_piece *piece, char **err);

/* Finishes the file: writes the Info frame and the chapters' final times
 * (chapters as given to aloud_mp3_open, now with their times), fsyncs and
 * renames into place. Frees m either way; on failure nothing is left under
 * the final name. */
int aloud_mp3_commit(struct aloud_mp3 *m, const struct aloud_id3_chapter *chapters,
                     size_t n_chapters, char **err);
/* Removes the temporary file and frees m; accepts NULL. */
void aloud_mp3_abort(struct aloud_mp3 *m);

/* m as an episode writer (takes over m): a piece is aloud_mp3_put; the
 * commit takes the chapters' times from the timeline. */
struct aloud_episode_writer aloud_mp3_writer(struct aloud_mp3 *m);

#endif
