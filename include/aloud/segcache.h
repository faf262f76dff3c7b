/* The segment cache: rendered audio of one script segment, kept under a key
 * that covers everything that shapes its sound, so an edit re-synthesises
 * and re-encodes only the segments it changed. An entry holds the levelled
 * speech (for the WAV master), eSpeak NG's events (for transcripts) and the
 * segment's own run of MP3 frames. Entries are written atomically, so
 * builds on several machines may share one cache directory. */
#ifndef ALOUD_SEGCACHE_H
#define ALOUD_SEGCACHE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "aloud/audio.h"
#include "aloud/script.h"
#include "aloud/synth.h"
#include "aloud/voice.h"

struct aloud_segment_audio {
    int16_t *speech;        /* levelled speech, owned; NULL in an entry
                               loaded from the cache, which has speech_le */
    const unsigned char *speech_le; /* a loaded entry's speech as the file
                               holds it: 16-bit little-endian samples at any
                               alignment, in map */
    size_t speech_len;
    size_t trim_from;       /* where the speech starts in eSpeak NG's output */
    struct aloud_synth_event *events; /* eSpeak NG's, owned */
    size_t n_events;
    double true_peak_dbtp;  /* of the segment as listeners get it */
    double *blocks;         /* its BS.1770 gating blocks with its pause
                               (aloud_audio_blocks), owned */
    size_t n_blocks;
    struct aloud_encoded_run mp3; /* the segment's MP3 run; its bytes are
                                     owned here, or in map (NULL and 0 when
                                     none) */
    void *map;              /* a loaded entry's file, mapped read-only
                               (speech_le and mp3.bytes point into it);
                               unmapped by aloud_segment_audio_clear */
    size_t map_len;
};

/* The key (64 hex digits, caller frees) of a segment: everything that
 * shapes its sound and its timeline. Its spoken and written text, its
 * pause, whether it ends the episode, the voice's speech settings and voice
 * file (which with eSpeak NG's version fix the sample rate), eSpeak NG's
 * version, the audio settings, the recipe (aloud_segcache_recipe), LAME's
 * and soxr's versions, and the version of this cache's format. The
 * episode's key is made of these (aloud_render_episode_key). */
char *aloud_segcache_key(const struct aloud_segment *seg, int last, const struct aloud_voice *v,
                         const struct aloud_audio_settings *s);

/* The versions of the libraries a segment's sound depends on besides
 * eSpeak NG (LAME, soxr), as one string; static. */
const char *aloud_segcache_versions(void);

/* How aloud turns speech into levelled, encoded segments, in words: raised
 * (in segcache.c) whenever levelling or encoding change in a way that
 * changes bytes, so every key changes with it and nothing rendered the old
 * way is reused. A variable only so that tests can raise it. */
extern const char *aloud_segcache_recipe;

/* Loads the entry for key from dir into *out (cleared first): the file is
 * mapped, not copied (an episode's entries are its whole audio, 88 MB for
 * 23 minutes), so its speech and MP3 run are read where the page cache
 * holds them. Entries are only ever replaced by a rename, never rewritten
 * in place, so a mapping stays whole. Returns 0, -ENOENT when there is
 * none, or -EINVAL for an entry that cannot be read (which then counts as
 * missing). */
int aloud_segcache_load(const char *dir, const char *key, struct aloud_segment_audio *out);

/* Stores a (atomically; concurrent writers of one key are harmless).
 * Returns 0 or -errno with *err. */
int aloud_segcache_store(const char *dir, const char *key, const struct aloud_segment_audio *a,
                         char **err);

void aloud_segment_audio_clear(struct aloud_segment_audio *a);

/* Use marks an entry's file (its modification time becomes now): loading
 * an entry or its numbers does it, and aloud_segcache_keep does it for an
 * entry that a build needs but does not read (an unchanged episode's).
 * What no recent build marked is what aloud_segcache_prune removes. */
void aloud_segcache_keep(const char *dir, const char *key);

/* The cache's history of builds (DIR/builds: their start times, read from
 * CLOCK_REALTIME_COARSE, the clock file times come from). A build
 * that used the cache adds its start time, and then every entry not used
 * since the start of the oldest of the last keep_builds builds is removed
 * (entries of an older format, which no build uses, among them), with
 * stray files and temporary files a killed run left. An
 * entry younger than min_age_s is never removed, whatever the history says
 * (for a cache shared by machines: a build on another may be using it).
 * Returns the number of files removed; *bytes (when not NULL) gets their
 * size. A cache that cannot be read or written is left alone. */
size_t aloud_segcache_prune(const char *dir, const struct timespec *build_start,
                            unsigned keep_builds, long min_age_s, uint64_t *bytes);

/* n numbers under key (a voice's calibration, say), beside the entries.
 * Load returns 0, -ENOENT or -EINVAL (unreadable: a miss); store writes
 * atomically and returns 0 or -errno with *err. */
int aloud_segcache_load_numbers(const char *dir, const char *key, double *v, size_t n);
int aloud_segcache_store_numbers(const char *dir, const char *key, const double *v, size_t n,
                                 char **err);

#endif
