/* Rendering one episode: a script spoken with a voice into a WAV master and
 * an MP3 episode, with the timeline of what was said when. Ties together
 * the synth (eSpeak NG), audio (loudness, WAV through libsndfile) and mp3
 * (LAME, ID3v2 with chapters) stages, and the segment cache that keeps
 * what was rendered. Output files are written under temporary names and
 * renamed into place only when complete. */
#ifndef ALOUD_RENDER_H
#define ALOUD_RENDER_H

#include <stddef.h>

#include "aloud/audio.h"
#include "aloud/id3.h"
#include "aloud/script.h"
#include "aloud/timeline.h"
#include "aloud/voice.h"

/* CPU time spent in each stage by one render (for `aloud say --stats`,
 * the build's log and bench/audio-bench). */
struct aloud_render_stats {
    double synth_cpu_s;  /* eSpeak NG */
    double level_cpu_s;  /* loudness measurement, gain, limiter, meter */
    double wav_cpu_s;    /* libsndfile */
    double mp3_cpu_s;    /* LAME, the peak check and the MP3 file */
    double audio_s;      /* seconds of audio produced */
    size_t segments;     /* segments in the episode */
    size_t synthesised;  /* of which synthesised and encoded (not cached) */
};

/* How a render runs, beyond what it renders. All borrowed. */
struct aloud_render_options {
    const struct aloud_audio_settings *settings; /* NULL: the defaults */
    const char *cache_dir;            /* the segment cache (segcache.h), or
                                         NULL for none; shapes no sound */
    struct aloud_render_stats *stats; /* filled in when not NULL */
    /* aloud_render_prerender: only the segments i with i % shares == share
     * (shares 0 or 1: all), so that several workers share one episode. */
    size_t share, shares;
    /* Old files the WAV master and the MP3 may be written over
     * (aloud_atomic_open_reusing), or NULL. */
    const char *wav_spare, *mp3_spare;
};

/* Speaks script, each segment with the voice for its language (voices,
 * borrowed; the primary voice for segments with none). Writes wav_path and/or mp3_path (either may be
 * NULL), and returns the timeline in *timeline (caller frees; may be NULL
 * if not wanted). Failures name the article (name, else tags->title) and
 * carry the library's own message in *err; no partial file is left under
 * a final name. Returns 0 or a negative errno (-EINVAL: bad settings or an
 * unknown eSpeak NG voice). */
int aloud_render_episode(const struct aloud_script *script, const struct aloud_voice_set *voices,
                         const struct aloud_render_options *opts,
                         const struct aloud_episode_tags *tags, const char *name,
                         const char *wav_path, const char *mp3_path,
                         struct aloud_timeline **timeline, char **err);

/* Renders every segment of script (of opts' share) that the cache
 * (opts->cache_dir, which must be set) lacks into it, and writes nothing
 * else: the work of a -j worker or a --shard. An episode rendered afterwards from the same cache
 * is the same, byte for byte, as one rendered without it. Returns 0 or a
 * negative errno with *err naming name. */
int aloud_render_prerender(const struct aloud_script *script,
                           const struct aloud_voice_set *voices,
                           const struct aloud_render_options *opts, const char *name, char **err);

/* The keys in the segment cache of every segment of script and of its
 * voices' calibrations, one a line: what an episode needs from the cache,
 * kept beside it so that a later build can mark them used
 * (aloud_segcache_keep) without reading the article again. Caller frees. */
char *aloud_render_segment_keys(const struct aloud_script *script,
                                const struct aloud_voice_set *voices,
                                const struct aloud_audio_settings *settings);

/* The key (64 hex digits, caller frees) of everything that shapes an
 * episode's files: each segment's key (with its own voice) in the segment cache (its sound and
 * timeline), each segment's kind, heading level and chapter mark, the tags
 * and the cover's bytes. Made from the segments' keys, so whatever makes a
 * segment render again (a new recipe, a new LAME) makes the episode's key
 * change too. settings NULL: the defaults. */
char *aloud_render_episode_key(const struct aloud_script *script,
                               const struct aloud_voice_set *voices,
                               const struct aloud_audio_settings *settings,
                               const struct aloud_episode_tags *tags);

#endif
