/* The rendered episode's timeline: sentences, words and chapters with
 * their sample positions, made from what eSpeak NG reported as it spoke. */
#include "aloud/timeline.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/util.h"

struct aloud_timeline *aloud_timeline_new(unsigned sample_rate)
{
    struct aloud_timeline *t = aloud_xcalloc(1, sizeof *t);
    t->sample_rate = sample_rate;
    return t;
}

void aloud_timeline_add(struct aloud_span **list, size_t *n, uint64_t start, uint64_t end,
                        size_t segment, const char *text)
{
    /* Grow in powers of two: the count is the capacity's only record. */
    if ((*n & (*n - 1)) == 0)
        *list = aloud_xrealloc(*list, (*n ? *n * 2 : 1) * sizeof **list);
    struct aloud_span *s = &(*list)[(*n)++];
    s->start = start;
    s->end = end;
    s->segment = segment;
    s->text = aloud_xstrdup(text ? text : "");
    s->level = 0;
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

void aloud_timeline_add_said(struct aloud_timeline *t, size_t seg_index, const char *text,
                             const char *display, const struct aloud_synth_utterance *u,
                             size_t trim_from, uint64_t pos, size_t speech_len)
{
    size_t n_sent = 0;
    for (size_t i = 0; i < u->n_events; i++)
        n_sent += u->events[i].kind == ALOUD_SYNTH_SENTENCE;
    uint64_t speech_end = pos + speech_len;
    text = text ? text : "";
    display = display && *display ? display : text;
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

uint64_t aloud_timeline_ms(const struct aloud_timeline *t, uint64_t sample)
{
    return t->sample_rate ? sample * 1000 / t->sample_rate : 0;
}

static void free_spans(struct aloud_span *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i].text);
    free(list);
}

void aloud_timeline_free(struct aloud_timeline *t)
{
    if (!t)
        return;
    free_spans(t->sentences, t->n_sentences);
    free_spans(t->words, t->n_words);
    free_spans(t->chapters, t->n_chapters);
    free(t->segment_kinds);
    for (size_t i = 0; t->segment_langs && i < t->n_segments; i++)
        free(t->segment_langs[i]);
    free(t->segment_langs);
    free(t);
}

static json_object *spans_json(const struct aloud_span *list, size_t n)
{
    json_object *arr = json_object_new_array();
    for (size_t i = 0; i < n; i++) {
        json_object *o = json_object_new_array();
        json_object_array_add(o, json_object_new_int64((int64_t)list[i].start));
        json_object_array_add(o, json_object_new_int64((int64_t)list[i].end));
        json_object_array_add(o, json_object_new_int64((int64_t)list[i].segment));
        json_object_array_add(o, json_object_new_string(list[i].text));
        if (list[i].level > 0) /* a heading's level: the only 5th element */
            json_object_array_add(o, json_object_new_int(list[i].level));
        json_object_array_add(arr, o);
    }
    return arr;
}

char *aloud_timeline_to_json(const struct aloud_timeline *t)
{
    json_object *root = json_object_new_object();
    json_object_object_add(root, "sample_rate", json_object_new_int64(t->sample_rate));
    json_object_object_add(root, "samples", json_object_new_int64((int64_t)t->n_samples));
    json_object_object_add(root, "loudness_lufs", json_object_new_double(t->loudness_lufs));
    json_object_object_add(root, "true_peak_dbtp", json_object_new_double(t->true_peak_dbtp));
    json_object_object_add(root, "sentences", spans_json(t->sentences, t->n_sentences));
    json_object_object_add(root, "words", spans_json(t->words, t->n_words));
    json_object_object_add(root, "chapters", spans_json(t->chapters, t->n_chapters));
    if (t->segment_kinds) {
        json_object *kinds = json_object_new_array();
        for (size_t i = 0; i < t->n_segments; i++)
            json_object_array_add(kinds, json_object_new_string(aloud_segment_kind_name(
                                             (enum aloud_segment_kind)t->segment_kinds[i])));
        json_object_object_add(root, "segment_kinds", kinds);
    }
    if (t->segment_langs) {
        json_object *langs = json_object_new_array();
        for (size_t i = 0; i < t->n_segments; i++)
            json_object_array_add(langs, t->segment_langs[i]
                                             ? json_object_new_string(t->segment_langs[i])
                                             : NULL);
        json_object_object_add(root, "segment_langs", langs);
    }
    char *s = aloud_xstrdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
    json_object_put(root);
    return s;
}

static int spans_from(json_object *root, const char *key, struct aloud_span **list, size_t *n)
{
    json_object *arr;
    if (!json_object_object_get_ex(root, key, &arr) || !json_object_is_type(arr, json_type_array))
        return -EINVAL;
    size_t len = json_object_array_length(arr);
    for (size_t i = 0; i < len; i++) {
        json_object *o = json_object_array_get_idx(arr, i);
        size_t fields = json_object_is_type(o, json_type_array) ? json_object_array_length(o) : 0;
        if (fields != 4 && fields != 5)
            return -EINVAL;
        int64_t start = json_object_get_int64(json_object_array_get_idx(o, 0));
        int64_t end = json_object_get_int64(json_object_array_get_idx(o, 1));
        int64_t seg = json_object_get_int64(json_object_array_get_idx(o, 2));
        const char *text = json_object_get_string(json_object_array_get_idx(o, 3));
        if (start < 0 || end < start || seg < 0)
            return -EINVAL;
        aloud_timeline_add(list, n, (uint64_t)start, (uint64_t)end, (size_t)seg, text);
        if (fields == 5) {
            int level = json_object_get_int(json_object_array_get_idx(o, 4));
            (*list)[*n - 1].level = level >= 1 && level <= 6 ? level : 0;
        }
    }
    return 0;
}

/* "segment_kinds", when there (names unknown to this version: paragraph). */
static void kinds_from(json_object *root, struct aloud_timeline *t)
{
    json_object *arr;
    if (!json_object_object_get_ex(root, "segment_kinds", &arr) ||
        !json_object_is_type(arr, json_type_array))
        return;
    t->n_segments = json_object_array_length(arr);
    t->segment_kinds = aloud_xcalloc(t->n_segments + 1, 1);
    for (size_t i = 0; i < t->n_segments; i++) {
        const char *name = json_object_get_string(json_object_array_get_idx(arr, i));
        t->segment_kinds[i] = ALOUD_SEG_PARAGRAPH;
        for (int k = 0; k <= ALOUD_SEG_CODE; k++)
            if (name && strcmp(name, aloud_segment_kind_name((enum aloud_segment_kind)k)) == 0)
                t->segment_kinds[i] = (unsigned char)k;
    }
}

/* "segment_langs", when there and as long as the kinds. */
static void langs_from(json_object *root, struct aloud_timeline *t)
{
    json_object *arr;
    if (!t->segment_kinds || !json_object_object_get_ex(root, "segment_langs", &arr) ||
        !json_object_is_type(arr, json_type_array) ||
        json_object_array_length(arr) != t->n_segments)
        return;
    t->segment_langs = aloud_xcalloc(t->n_segments + 1, sizeof *t->segment_langs);
    for (size_t i = 0; i < t->n_segments; i++) {
        json_object *v = json_object_array_get_idx(arr, i);
        if (json_object_is_type(v, json_type_string))
            t->segment_langs[i] = aloud_xstrdup(json_object_get_string(v));
    }
}

int aloud_timeline_from_json(const char *json, struct aloud_timeline **out)
{
    *out = NULL;
    json_object *root = json_tokener_parse(json);
    if (!root || !json_object_is_type(root, json_type_object)) {
        json_object_put(root);
        return -EINVAL;
    }
    json_object *v;
    int64_t rate = json_object_object_get_ex(root, "sample_rate", &v) ? json_object_get_int64(v)
                                                                        : 0;
    if (rate <= 0 || rate > 1000000) {
        json_object_put(root);
        return -EINVAL;
    }
    struct aloud_timeline *t = aloud_timeline_new((unsigned)rate);
    if (json_object_object_get_ex(root, "samples", &v))
        t->n_samples = (uint64_t)json_object_get_int64(v);
    if (json_object_object_get_ex(root, "loudness_lufs", &v))
        t->loudness_lufs = json_object_get_double(v);
    if (json_object_object_get_ex(root, "true_peak_dbtp", &v))
        t->true_peak_dbtp = json_object_get_double(v);
    int rc = spans_from(root, "sentences", &t->sentences, &t->n_sentences);
    if (!rc)
        rc = spans_from(root, "words", &t->words, &t->n_words);
    if (!rc)
        rc = spans_from(root, "chapters", &t->chapters, &t->n_chapters);
    if (!rc) {
        kinds_from(root, t);
        langs_from(root, t);
    }
    json_object_put(root);
    if (rc) {
        aloud_timeline_free(t);
        return rc;
    }
    *out = t;
    return 0;
}
