/* Synth stage: speakable text in, 16-bit mono PCM and the word and sentence
 * events eSpeak NG reported out. The only module that touches eSpeak NG,
 * whose state is process-wide: the library is initialised once (on the
 * first aloud_synth_open) and set to one voice at a time. Not thread-safe:
 * one synth may be open at a time in a process. */
#ifndef ALOUD_SYNTH_H
#define ALOUD_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "aloud/voice.h"

struct aloud_synth; /* opaque */

enum aloud_synth_event_kind {
    ALOUD_SYNTH_SENTENCE,
    ALOUD_SYNTH_WORD,
};

struct aloud_synth_event {
    enum aloud_synth_event_kind kind;
    uint64_t sample;   /* position in the utterance's samples */
    size_t text_start; /* byte offset of the word or sentence in the text */
    size_t text_len;   /* byte length of the word (0 for sentences) */
};

/* One utterance: what eSpeak NG produced for one piece of text. All owned
 * by the utterance; aloud_synth_utterance_clear releases and resets it. */
struct aloud_synth_utterance {
    int16_t *samples;
    size_t n_samples;
    size_t cap_samples;
    struct aloud_synth_event *events; /* in order of sample */
    size_t n_events;
    size_t cap_events;
};
void aloud_synth_utterance_clear(struct aloud_synth_utterance *u);

/* Initialises eSpeak NG (once per process) and selects voice's eSpeak NG
 * voice (espeak_voice by name or language tag, else espeak_file by path,
 * else "en") and its rate, pitch, range, word gap and volume (negative
 * values, and a rate of 0, mean eSpeak NG's defaults). voice is borrowed for the call.
 * Returns 0 and *out (free with aloud_synth_close), or a negative errno
 * with *err carrying eSpeak NG's own message; an unknown eSpeak NG voice is
 * -EINVAL (a settings error). */
int aloud_synth_open(const struct aloud_voice *voice, struct aloud_synth **out, char **err);

/* Selects another voice (as aloud_synth_open does) for what is spoken
 * next; voice is borrowed until the next selection or the close. Selecting
 * the voice already selected costs nothing. Returns 0 or a negative errno
 * with *err (-EINVAL for an unknown eSpeak NG voice). */
int aloud_synth_set_voice(struct aloud_synth *s, const struct aloud_voice *voice, char **err);

/* 1 when an installed eSpeak NG voice speaks lang (BCP 47; its first
 * subtag decides), 0 when none does, or a negative errno with *err when
 * eSpeak NG cannot start. */
int aloud_synth_has_language(const char *lang, char **err);

/* eSpeak NG's output rate in Hz (22050 for its own voices). */
unsigned aloud_synth_sample_rate(const struct aloud_synth *s);

/* Speaks text (UTF-8; phonemes allowed inside [[...]]) and replaces u's
 * contents with the samples and events. Samples include eSpeak NG's own
 * leading and trailing silence. Returns 0 or a negative errno with *err. */
int aloud_synth_speak(struct aloud_synth *s, const char *text, struct aloud_synth_utterance *u,
                      char **err);

/* Releases the synth (eSpeak NG stays initialised for the process). */
void aloud_synth_close(struct aloud_synth *s);

/* The eSpeak NG library's version ("1.51"), static. */
const char *aloud_synth_version(void);

/* An installed eSpeak NG voice. */
struct aloud_synth_voice_info {
    char *name;       /* e.g. "English_(Great_Britain)", owned */
    char *identifier; /* e.g. "gmw/en", owned */
    char *language;   /* first language, e.g. "en-gb", owned */
};

/* Lists the installed eSpeak NG voices into *out (*n entries; free with
 * aloud_synth_voices_free). Returns 0 or a negative errno with *err. */
int aloud_synth_voices(struct aloud_synth_voice_info **out, size_t *n, char **err);
void aloud_synth_voices_free(struct aloud_synth_voice_info *v, size_t n);

#endif
