/* Rendering one episode: a script spoken with a voice into a WAV master and
 * an MP3 episode, with the timeline of what was said when. Ties together
 * the synth (eSpeak NG), audio (loudness, WAV through libsndfile) and mp3
 * (LAME, ID3v2 with chapters) stages. Output files are written under
 * temporary names and renamed into place only when complete. */
#ifndef ALOUD_RENDER_H
#define ALOUD_RENDER_H

#include "aloud/script.h"
#include "aloud/timeline.h"
#include "aloud/voice.h"

/* Audio settings (podcast.ini [audio] or defaults). */
struct aloud_audio_settings {
    double target_lufs;       /* integrated loudness target, default -16 */
    double max_true_peak;     /* dBTP ceiling, default -1 */
    int mp3_bitrate_kbps;     /* CBR bitrate, default 64 */
    int mp3_sample_rate;      /* default 44100 (LAME resamples) */
    int mp3_quality;          /* LAME quality 0 (best) .. 9, default 3 */
    const char *cache_dir;    /* segment cache (segcache.h), borrowed; NULL
                                 for none. Shapes no sound. */
};
void aloud_audio_settings_default(struct aloud_audio_settings *s);

/* Tags written into the WAV (title, artist) and the MP3's ID3v2 tag.
 * All borrowed; any may be NULL. */
struct aloud_episode_tags {
    const char *title;
    const char *author;
    const char *podcast;     /* the show's name (album) */
    const char *date;        /* ISO 8601 */
    const char *description;
    const char *cover_path;  /* JPEG or PNG file for APIC, or NULL */
};

/* Speaks script with voice. Writes wav_path and/or mp3_path (either may be
 * NULL), and returns the timeline in *timeline (caller frees; may be NULL
 * if not wanted). voices_dir is where the profile's eSpeak NG voice file,
 * if any, lives. Failures name the article (tags->title or name) and carry
 * the library's own message in *err; no partial file is left under a final
 * name. Returns 0 or a negative errno. */
int aloud_render_episode(const struct aloud_script *script, const struct aloud_voice *voice,
                         const struct aloud_audio_settings *settings,
                         const struct aloud_episode_tags *tags, const char *name,
                         const char *wav_path, const char *mp3_path,
                         struct aloud_timeline **timeline, char **err);

/* CPU time spent in each stage by the last aloud_render_episode of this
 * process (for `aloud say --stats` and bench/audio-bench). */
struct aloud_render_stats {
    double synth_cpu_s;  /* eSpeak NG */
    double level_cpu_s;  /* loudness measurement, gain, limiter, meter */
    double wav_cpu_s;    /* libsndfile */
    double mp3_cpu_s;    /* LAME and the MP3 file */
    double audio_s;      /* seconds of audio produced */
    size_t segments;     /* segments in the episode */
    size_t synthesised;  /* of which synthesised and encoded (not cached) */
};
void aloud_render_stats_get(struct aloud_render_stats *stats);

#endif
