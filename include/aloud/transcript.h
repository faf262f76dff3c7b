/* Writers of what a timeline says in text: the WebVTT transcript (cues from
 * the spoken sentences, timed to the audio) and Podcasting 2.0 JSON
 * chapters. Both are pure functions of the timeline. */
#ifndef ALOUD_TRANSCRIPT_H
#define ALOUD_TRANSCRIPT_H

#include "aloud/timeline.h"

/* Longest cue line, in characters. */
#define ALOUD_VTT_LINE_MAX 65

/* The WebVTT document; caller frees. Each sentence becomes one or more
 * cues of at most two lines of ALOUD_VTT_LINE_MAX characters; a sentence
 * longer than one cue is split, its time shared in proportion to words. */
char *aloud_vtt_from_timeline(const struct aloud_timeline *t);

/* {"version": "1.2.0", "chapters": [{"startTime": 0, "title": ...}, ...]};
 * caller frees. */
char *aloud_chapters_json(const struct aloud_timeline *t, const char *title);

#endif
