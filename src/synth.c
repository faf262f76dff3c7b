/* The synth stage: eSpeak NG in synchronous mode with a callback that
 * collects the samples and the word and sentence events of one utterance.
 * eSpeak NG keeps process-wide state (one voice, one callback), so its
 * set-up lives here and nowhere else. */
#include "aloud/synth.h"

#include <errno.h>
#include <fcntl.h>
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aloud/util.h"

/* libespeak-ng is loaded when speech is first needed, not when aloud
 * starts: it brings some twenty libraries with it (PulseAudio, ALSA, X11
 * through its audio output), whose loading would cost every run of
 * `aloud extract` or `aloud script` a few milliseconds for nothing. The
 * calls below go through this table, filled from the library's own
 * symbols, with the types its headers declare. */
#define ESPEAK_FUNCTIONS(X)                                                                        \
    X(espeak_GetCurrentVoice)                                                                      \
    X(espeak_Info)                                                                                 \
    X(espeak_ListVoices)                                                                           \
    X(espeak_SetSynthCallback)                                                                     \
    X(espeak_ng_ClearErrorContext)                                                                 \
    X(espeak_ng_GetSampleRate)                                                                     \
    X(espeak_ng_GetStatusCodeMessage)                                                              \
    X(espeak_ng_Initialize)                                                                        \
    X(espeak_ng_InitializeOutput)                                                                  \
    X(espeak_ng_InitializePath)                                                                    \
    X(espeak_ng_SetParameter)                                                                      \
    X(espeak_ng_SetVoiceByFile)                                                                    \
    X(espeak_ng_SetVoiceByName)                                                                    \
    X(espeak_ng_SetVoiceByProperties)                                                              \
    X(espeak_ng_Synthesize)

ALOUD_DL_API(ESPEAK_FUNCTIONS)

static int load_espeak(char **err)
{
    return load_api(ALOUD_ESPEAK_SONAME, "eSpeak NG", err);
}

#define espeak_GetCurrentVoice api.espeak_GetCurrentVoice
#define espeak_Info api.espeak_Info
#define espeak_ListVoices api.espeak_ListVoices
#define espeak_SetSynthCallback api.espeak_SetSynthCallback
#define espeak_ng_ClearErrorContext api.espeak_ng_ClearErrorContext
#define espeak_ng_GetSampleRate api.espeak_ng_GetSampleRate
#define espeak_ng_GetStatusCodeMessage api.espeak_ng_GetStatusCodeMessage
#define espeak_ng_Initialize api.espeak_ng_Initialize
#define espeak_ng_InitializeOutput api.espeak_ng_InitializeOutput
#define espeak_ng_InitializePath api.espeak_ng_InitializePath
#define espeak_ng_SetParameter api.espeak_ng_SetParameter
#define espeak_ng_SetVoiceByFile api.espeak_ng_SetVoiceByFile
#define espeak_ng_SetVoiceByName api.espeak_ng_SetVoiceByName
#define espeak_ng_SetVoiceByProperties api.espeak_ng_SetVoiceByProperties
#define espeak_ng_Synthesize api.espeak_ng_Synthesize

struct aloud_synth {
    unsigned sample_rate;
    const struct aloud_voice *voice; /* spoken with, borrowed */
    const char *text; /* of the utterance being spoken */
    size_t text_len;
    struct aloud_synth_utterance *u;
};

static int espeak_ready;     /* initialised in this process */
static int espeak_rate;      /* its output rate */
static int synth_open_count; /* open synths (at most one) */

static void status_message(espeak_ng_STATUS status, char *buf, size_t len)
{
    espeak_ng_GetStatusCodeMessage(status, buf, len);
}

void aloud_synth_utterance_clear(struct aloud_synth_utterance *u)
{
    free(u->samples);
    free(u->events);
    memset(u, 0, sizeof *u);
}

/* Byte offset of the character with 1-based index pos in text (eSpeak NG
 * counts characters of UTF-8 text from 1). */
static size_t char_to_byte(const char *text, size_t len, int pos)
{
    size_t i = 0;
    int c = 1;
    while (i < len && c < pos) {
        i++;
        while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
        c++;
    }
    return i;
}

static size_t chars_to_bytes(const char *text, size_t len, size_t from, int n)
{
    size_t i = from;
    for (int c = 0; c < n && i < len; c++) {
        i++;
        while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
    }
    return i - from;
}

static struct aloud_synth *current; /* the synth the callback fills */

/* Whether two language tags share their first subtag ("en-GB", "en-gb"). */
static int same_language(const char *a, const char *b)
{
    size_t i = 0;
    if ((unsigned char)*b < 0x20) /* eSpeak NG's priority byte */
        b++;
    for (; a[i] && a[i] != '-' && b[i] && b[i] != '-'; i++)
        if ((a[i] | 0x20) != (b[i] | 0x20))
            return 0;
    return (a[i] == '\0' || a[i] == '-') && (b[i] == '\0' || b[i] == '-');
}

static int synth_callback(short *wav, int n, espeak_EVENT *events)
{
    struct aloud_synth *s = current;
    if (!s || !s->u)
        return 1; /* nobody listening: stop */
    struct aloud_synth_utterance *u = s->u;
    if (wav && n > 0) {
        if (u->n_samples + (size_t)n > u->cap_samples) {
            size_t cap = u->cap_samples ? u->cap_samples : 16384;
            while (cap < u->n_samples + (size_t)n)
                cap *= 2;
            u->samples = aloud_xrealloc(u->samples, cap * sizeof *u->samples);
            u->cap_samples = cap;
        }
        memcpy(u->samples + u->n_samples, wav, (size_t)n * sizeof *wav);
        u->n_samples += (size_t)n;
    }
    for (espeak_EVENT *e = events; e && e->type != espeakEVENT_LIST_TERMINATED; e++) {
        if (e->type != espeakEVENT_WORD && e->type != espeakEVENT_SENTENCE)
            continue;
        if (u->n_events == u->cap_events) {
            u->cap_events = u->cap_events ? u->cap_events * 2 : 64;
            u->events = aloud_xrealloc(u->events, u->cap_events * sizeof *u->events);
        }
        struct aloud_synth_event *ev = &u->events[u->n_events++];
        ev->kind = e->type == espeakEVENT_WORD ? ALOUD_SYNTH_WORD : ALOUD_SYNTH_SENTENCE;
        ev->sample = e->sample > 0 ? (uint64_t)e->sample : 0;
        ev->text_start = char_to_byte(s->text, s->text_len, e->text_position);
        ev->text_len = e->type == espeakEVENT_WORD
                           ? chars_to_bytes(s->text, s->text_len, ev->text_start, e->length)
                           : 0;
    }
    return 0;
}

static int espeak_init(char **err)
{
    if (espeak_ready)
        return 0;
    int rc = load_espeak(err);
    if (rc)
        return rc;
    char msg[512];
    espeak_ng_ERROR_CONTEXT ctx = NULL;
    espeak_ng_InitializePath(NULL);
    espeak_ng_STATUS st = espeak_ng_Initialize(&ctx);
    if (st != ENS_OK) {
        status_message(st, msg, sizeof msg);
        espeak_ng_ClearErrorContext(&ctx);
        aloud_error_set(err, "eSpeak NG cannot start: %s", msg);
        return -EIO;
    }
    /* eSpeak NG 1.51 (Debian 12) opens an audio device through pcaudiolib
     * here even in synchronous mode; PulseAudio's client then complains on
     * standard error when there is no server, home or space ("Failed to
     * create secure directory"). Nothing is ever played: keep its noise
     * out of our one-line messages. eSpeak NG's own failure comes back as
     * the status. */
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
    if (saved >= 0 && null >= 0)
        dup2(saved, STDERR_FILENO);
    if (saved >= 0)
        close(saved);
    if (null >= 0)
        close(null);
    if (st != ENS_OK) {
        status_message(st, msg, sizeof msg);
        aloud_error_set(err, "eSpeak NG cannot set up its output: %s", msg);
        return -EIO;
    }
    espeak_SetSynthCallback(synth_callback);
    espeak_rate = espeak_ng_GetSampleRate();
    espeak_ready = 1;
    return 0;
}

static int set_param(espeak_PARAMETER p, int value, const char *what, char **err)
{
    espeak_ng_STATUS st = espeak_ng_SetParameter(p, value, 0);
    if (st != ENS_OK) {
        char msg[512];
        status_message(st, msg, sizeof msg);
        aloud_error_set(err, "eSpeak NG refuses %s %d: %s", what, value, msg);
        return -EINVAL;
    }
    return 0;
}

static int write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *data, size_t n)
{
    char *p = data;
    while (n) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

/* Selects voice (its eSpeak NG voice and speech settings) in this process,
 * which never speaks itself: every utterance's child starts from it. */
static int select_voice(const struct aloud_voice *voice, char **err)
{
    char msg[512];
    espeak_ng_STATUS st;
    const char *what;
    if (voice->espeak_voice && *voice->espeak_voice) {
        what = voice->espeak_voice;
        st = espeak_ng_SetVoiceByName(what);
        if (st == ENS_VOICE_NOT_FOUND) {
            /* "en-gb" is a language, not a voice name: ask by language,
             * as the espeak-ng program does. */
            espeak_VOICE spec = {0};
            spec.languages = what;
            st = espeak_ng_SetVoiceByProperties(&spec);
            /* eSpeak NG falls back to a near language ("no-such" -> "nb"):
             * accept only a voice for the same language. */
            const espeak_VOICE *got = espeak_GetCurrentVoice();
            if (st == ENS_OK && (!got || !got->languages || !same_language(what, got->languages)))
                st = ENS_VOICE_NOT_FOUND;
        }
    } else if (voice->espeak_file && *voice->espeak_file) {
        what = voice->espeak_file;
        st = espeak_ng_SetVoiceByFile(what);
    } else {
        what = "en";
        st = espeak_ng_SetVoiceByName(what);
    }
    if (st != ENS_OK) {
        status_message(st, msg, sizeof msg);
        aloud_error_set(err, "eSpeak NG voice '%s'%s%s: %s (see 'aloud voices')", what,
                        voice->path ? " of " : "", voice->path ? voice->path : "", msg);
        return st == ENS_VOICE_NOT_FOUND ? -EINVAL : -EIO;
    }
    /* Every parameter is set, since eSpeak NG keeps the last voice's; a
     * negative value (or a rate of 0) means eSpeak NG's own default. */
    int rc;
    if ((rc = set_param(espeakRATE, voice->rate > 0 ? voice->rate : espeakRATE_NORMAL, "rate",
                        err)) ||
        (rc = set_param(espeakPITCH, voice->pitch >= 0 ? voice->pitch : 50, "pitch", err)) ||
        (rc = set_param(espeakRANGE, voice->range >= 0 ? voice->range : 50, "range", err)) ||
        (rc = set_param(espeakWORDGAP, voice->word_gap > 0 ? voice->word_gap : 0, "word gap",
                        err)) ||
        (rc = set_param(espeakVOLUME, voice->volume >= 0 ? voice->volume : 100, "volume", err)))
        return rc;
    return 0;
}

/* Voices known to select here (by what selecting them sets), so each is
 * tried once per process. */
#define CHECKED_MAX 64
static char *checked[CHECKED_MAX];
static size_t n_checked;

static char *voice_identity(const struct aloud_voice *v)
{
    return aloud_xasprintf("%s|%s|%d|%d|%d|%d|%d", v->espeak_voice ? v->espeak_voice : "",
                           v->espeak_file ? v->espeak_file : "", v->rate, v->pitch, v->range,
                           v->word_gap, v->volume);
}

/* Whether voice can be selected, tried in a child process: selecting a
 * voice changes eSpeak NG's state, and after some twenty selections in one
 * process eSpeak NG 1.51 loses word and sentence events (tests/test-synth
 * checks that it no longer matters). This process never selects one; each
 * utterance's child selects its own. */
static int check_voice(const struct aloud_voice *voice, char **err)
{
    char *id = voice_identity(voice);
    for (size_t i = 0; i < n_checked; i++)
        if (strcmp(checked[i], id) == 0) {
            free(id);
            return 0;
        }
    int fds[2];
    if (pipe(fds) != 0) {
        int e = errno;
        free(id);
        aloud_error_set(err, "cannot start eSpeak NG's worker: %s", strerror(e));
        return -e;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        char *msg = NULL;
        int32_t rc = select_voice(voice, &msg);
        char text[512] = {0};
        snprintf(text, sizeof text, "%s", msg ? msg : "");
        int bad = write_all(fds[1], &rc, sizeof rc) || write_all(fds[1], text, sizeof text);
        _exit(bad ? 1 : 0);
    }
    close(fds[1]);
    int32_t rc = -EIO;
    char text[512] = {0};
    if (pid < 0 || read_all(fds[0], &rc, sizeof rc) || read_all(fds[0], text, sizeof text)) {
        rc = -EIO;
        snprintf(text, sizeof text, "cannot start eSpeak NG's worker");
    }
    close(fds[0]);
    if (pid > 0)
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
    text[sizeof text - 1] = '\0';
    if (rc) {
        aloud_error_set(err, "%s", text);
        free(id);
        return rc;
    }
    if (n_checked < CHECKED_MAX)
        checked[n_checked++] = id;
    else
        free(id);
    return 0;
}

int aloud_synth_open(const struct aloud_voice *voice, struct aloud_synth **out, char **err)
{
    *out = NULL;
    if (synth_open_count) {
        aloud_error_set(err, "eSpeak NG is already in use in this process");
        return -EBUSY;
    }
    int rc = espeak_init(err);
    if (!rc)
        rc = check_voice(voice, err);
    if (rc)
        return rc;
    struct aloud_synth *s = aloud_xcalloc(1, sizeof *s);
    s->sample_rate = (unsigned)espeak_rate;
    s->voice = voice;
    synth_open_count++;
    *out = s;
    return 0;
}

int aloud_synth_set_voice(struct aloud_synth *s, const struct aloud_voice *voice, char **err)
{
    if (voice == s->voice)
        return 0;
    int rc = check_voice(voice, err);
    if (!rc)
        s->voice = voice;
    return rc;
}

int aloud_synth_has_language(const char *lang, char **err)
{
    int rc = espeak_init(err);
    if (rc)
        return rc;
    const espeak_VOICE **voices = espeak_ListVoices(NULL);
    for (size_t i = 0; voices && voices[i]; i++) {
        /* languages: a priority byte, a tag, a NUL, and again; "" ends. */
        for (const char *l = voices[i]->languages; l && *l; l += strlen(l) + 1) {
            if (same_language(lang, l))
                return 1;
        }
    }
    return 0;
}

unsigned aloud_synth_sample_rate(const struct aloud_synth *s)
{
    return s->sample_rate;
}

/* Speaks text into u in this process. */
static espeak_ng_STATUS speak_here(struct aloud_synth *s, const char *text,
                                   struct aloud_synth_utterance *u)
{
    u->n_samples = 0;
    u->n_events = 0;
    s->text = text;
    s->text_len = strlen(text);
    s->u = u;
    current = s;
    espeak_ng_STATUS st = espeak_ng_Synthesize(text, s->text_len + 1, 0, POS_CHARACTER, 0,
                                               espeakCHARS_UTF8 | espeakPHONEMES, NULL, NULL);
    current = NULL;
    s->u = NULL;
    s->text = NULL;
    return st;
}


struct reply {
    int32_t status; /* espeak_ng_STATUS */
    uint64_t n_samples;
    uint64_t n_events;
};

/* eSpeak NG carries state from one utterance to the next (at rates other
 * than its default, the same text comes out a few samples different after
 * different text). So that a segment sounds the same whatever was spoken
 * before it, and a segment kept in the cache equals one rendered afresh,
 * every utterance is spoken in a child process forked from this one, whose
 * eSpeak NG has never spoken: the child inherits the pristine state, speaks,
 * sends the samples and events back through a pipe and exits. A fork costs
 * well under a millisecond (copy-on-write). */
int aloud_synth_speak(struct aloud_synth *s, const char *text, struct aloud_synth_utterance *u,
                      char **err)
{
    int fds[2];
    if (pipe(fds) != 0) {
        aloud_error_set(err, "cannot start eSpeak NG's worker: %s", strerror(errno));
        return -errno;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        aloud_error_set(err, "cannot start eSpeak NG's worker: %s", strerror(e));
        return -e;
    }
    if (pid == 0) {
        close(fds[0]);
        struct aloud_synth_utterance mine = {0};
        struct reply r;
        memset(&r, 0, sizeof r); /* its padding too */
        char *ignored = NULL;
        /* The voice is selected here, in the child (see check_voice). */
        r.status = select_voice(s->voice, &ignored) ? (int32_t)ENS_VOICE_NOT_FOUND
                                                     : (int32_t)speak_here(s, text, &mine);
        r.n_samples = mine.n_samples;
        r.n_events = mine.n_events;
        /* Events go field by field into zeroed records: no padding byte
         * leaves the process uninitialised. */
        struct aloud_synth_event *events =
            aloud_xcalloc(mine.n_events ? mine.n_events : 1, sizeof *events);
        for (size_t i = 0; i < mine.n_events; i++) {
            events[i].kind = mine.events[i].kind;
            events[i].sample = mine.events[i].sample;
            events[i].text_start = mine.events[i].text_start;
            events[i].text_len = mine.events[i].text_len;
        }
        int bad = write_all(fds[1], &r, sizeof r) ||
                  write_all(fds[1], mine.samples, mine.n_samples * sizeof *mine.samples) ||
                  write_all(fds[1], events, mine.n_events * sizeof *events);
        free(events);
        aloud_synth_utterance_clear(&mine);
        close(fds[1]);
        _exit(bad ? 1 : 0);
    }
    close(fds[1]);
    struct reply r;
    int bad = read_all(fds[0], &r, sizeof r);
    u->n_samples = 0;
    u->n_events = 0;
    if (!bad && r.status == ENS_OK && r.n_samples < ((uint64_t)1 << 34) &&
        r.n_events < ((uint64_t)1 << 30)) {
        if (r.n_samples > u->cap_samples) {
            u->cap_samples = (size_t)r.n_samples;
            u->samples = aloud_xrealloc(u->samples, u->cap_samples * sizeof *u->samples);
        }
        if (r.n_events > u->cap_events) {
            u->cap_events = (size_t)r.n_events;
            u->events = aloud_xrealloc(u->events, u->cap_events * sizeof *u->events);
        }
        bad = read_all(fds[0], u->samples, (size_t)r.n_samples * sizeof *u->samples) ||
              read_all(fds[0], u->events, (size_t)r.n_events * sizeof *u->events);
        if (!bad) {
            u->n_samples = (size_t)r.n_samples;
            u->n_events = (size_t)r.n_events;
        }
    }
    close(fds[0]);
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
        ;
    if (!bad && r.status != ENS_OK) {
        char msg[512];
        status_message((espeak_ng_STATUS)r.status, msg, sizeof msg);
        aloud_error_set(err, "eSpeak NG cannot speak: %s", msg);
        return -EIO;
    }
    if (bad || !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
        aloud_error_set(err, "eSpeak NG's worker %s",
                        WIFSIGNALED(wstatus) ? "was killed by a signal" : "failed");
        u->n_samples = u->n_events = 0;
        return -EIO;
    }
    return 0;
}

void aloud_synth_close(struct aloud_synth *s)
{
    if (!s)
        return;
    synth_open_count--;
    free(s);
}

int aloud_synth_voices(struct aloud_synth_voice_info **out, size_t *n, char **err)
{
    *out = NULL;
    *n = 0;
    int rc = espeak_init(err);
    if (rc)
        return rc;
    const espeak_VOICE **list = espeak_ListVoices(NULL);
    size_t count = 0;
    while (list && list[count])
        count++;
    struct aloud_synth_voice_info *v = aloud_xcalloc(count ? count : 1, sizeof *v);
    for (size_t i = 0; i < count; i++) {
        v[i].name = aloud_xstrdup(list[i]->name ? list[i]->name : "");
        v[i].identifier = aloud_xstrdup(list[i]->identifier ? list[i]->identifier : "");
        /* languages: a priority byte, then a NUL-terminated name, repeated. */
        const char *lang = list[i]->languages;
        v[i].language = aloud_xstrdup(lang && lang[0] ? lang + 1 : "");
    }
    *out = v;
    *n = count;
    return 0;
}

void aloud_synth_voices_free(struct aloud_synth_voice_info *v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].identifier);
        free(v[i].language);
    }
    free(v);
}

const char *aloud_synth_version(void)
{
    /* espeak_Info needs no initialisation; it reports the library's own
     * version, which shapes the sound and so belongs in cache keys. */
    char *err = NULL;
    if (load_espeak(&err)) {
        free(err);
        return "(not loadable)";
    }
    return espeak_Info(NULL);
}
