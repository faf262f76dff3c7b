/* The timeline of a rendered episode: where each sentence, word and chapter
 * starts in the audio. The synth stage fills it from eSpeak NG's events; the
 * MP3 writer turns chapters into ID3v2 CHAP frames and the publishing stage
 * turns it into WebVTT transcripts and Podcasting 2.0 chapters. Times are
 * in samples at sample_rate (the WAV master's rate) from the episode start. */
#ifndef ALOUD_TIMELINE_H
#define ALOUD_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "aloud/script.h"
#include "aloud/synth.h"

struct aloud_span {
    uint64_t start;  /* first sample */
    uint64_t end;    /* one past the last sample of speech */
    size_t segment;  /* index of the script segment it belongs to (for a
                        paragraph spoken in several languages, its first
                        part's: the parts are one paragraph) */
    char *text;      /* what was said, as written (display text), owned */
    int level;       /* chapters: the heading's level (1..6), 0 for the
                        title or when not known (older timelines) */
};

struct aloud_timeline {
    unsigned sample_rate;
    uint64_t n_samples;          /* whole episode, pauses included */
    struct aloud_span *sentences; /* in order */
    size_t n_sentences;
    struct aloud_span *words;
    size_t n_words;
    struct aloud_span *chapters; /* title at 0, then one per heading; end is
                                    the next chapter's start or n_samples */
    size_t n_chapters;
    unsigned char *segment_kinds; /* each script segment's enum
                                     aloud_segment_kind, for the talking
                                     books' markup; owned, NULL when not
                                     known (older timelines) */
    char **segment_langs;         /* each script segment's language (BCP
                                     47), owned, NULL entries or NULL */
    size_t n_segments;            /* of segment_kinds and segment_langs */
    double loudness_lufs;        /* integrated loudness of the episode */
    double true_peak_dbtp;
};

struct aloud_timeline *aloud_timeline_new(unsigned sample_rate);
/* Appends a span (text copied) to one of the timeline's lists. */
void aloud_timeline_add(struct aloud_span **list, size_t *n, uint64_t start, uint64_t end,
                        size_t segment, const char *text);
/* Adds what one script segment said: its words, and its sentences as
 * written (display, when eSpeak NG split text into as many sentences as
 * display has) or else as spoken (text). u's events are for speech that
 * starts at sample trim_from of the utterance and lasts speech_len
 * samples; it is placed at episode sample pos. All borrowed. */
void aloud_timeline_add_said(struct aloud_timeline *t, size_t seg_index, const char *text,
                             const char *display, const struct aloud_synth_utterance *u,
                             size_t trim_from, uint64_t pos, size_t speech_len);
/* Milliseconds of a sample position. */
uint64_t aloud_timeline_ms(const struct aloud_timeline *t, uint64_t sample);
/* The timeline as JSON (sample rate, length, loudness, sentences, words,
 * chapters) and back, so published episodes can be re-described without
 * re-rendering. to_json's result is the caller's; from_json returns 0 and
 * *out, or -EINVAL for text that is not such a timeline. */
char *aloud_timeline_to_json(const struct aloud_timeline *t);
int aloud_timeline_from_json(const char *json, struct aloud_timeline **out);

void aloud_timeline_free(struct aloud_timeline *t);

#endif
