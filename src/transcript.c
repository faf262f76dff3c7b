/* WebVTT transcripts and Podcasting 2.0 chapters from a timeline. */
#include "aloud/transcript.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/util.h"

static void vtt_time(struct aloud_buf *b, uint64_t ms)
{
    aloud_buf_printf(b, "%02llu:%02llu:%02llu.%03llu", (unsigned long long)(ms / 3600000),
                     (unsigned long long)(ms / 60000 % 60), (unsigned long long)(ms / 1000 % 60),
                     (unsigned long long)(ms % 1000));
}

/* Characters (not bytes) in s[0..n). */
static size_t chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Words (runs of non-spaces) in s[0..n). */
static size_t words(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        w += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
    return w;
}

/* Byte length of the first max characters of s (at most n bytes). */
static size_t prefix_bytes(const char *s, size_t n, size_t max)
{
    size_t c = 0, i = 0;
    while (i < n) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (c == max)
                break;
            c++;
        }
        i++;
    }
    return i;
}

/* Cue text escapes: '&', '<' and '>' (so "-->" cannot appear). */
static void vtt_text(struct aloud_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '&')
            aloud_buf_puts(b, "&amp;");
        else if (s[i] == '<')
            aloud_buf_puts(b, "&lt;");
        else if (s[i] == '>')
            aloud_buf_puts(b, "&gt;");
        else
            aloud_buf_putc(b, s[i]);
    }
}

struct line {
    size_t from, len; /* bytes of the sentence */
};

/* Greedy word wrap of text into lines of at most max characters. Returns
 * the number of lines written into lines (grown as needed). */
static size_t wrap(const char *text, struct line **lines, size_t max)
{
    size_t n = 0, cap = 0, len = strlen(text), i = 0;
    while (i < len) {
        while (i < len && text[i] == ' ')
            i++;
        if (i >= len)
            break;
        size_t start = i, end = i, last_fit = 0;
        /* Extend word by word while the line fits. */
        while (end < len) {
            size_t w = end;
            while (w < len && text[w] == ' ')
                w++;
            size_t we = w;
            while (we < len && text[we] != ' ')
                we++;
            if (chars(text + start, we - start) > max)
                break;
            end = we;
            last_fit = 1;
        }
        if (!last_fit) /* one word longer than a line: cut it */
            end = start + prefix_bytes(text + start, len - start, max);
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            *lines = aloud_xrealloc(*lines, cap * sizeof **lines);
        }
        (*lines)[n].from = start;
        (*lines)[n].len = end - start;
        n++;
        i = end;
    }
    return n;
}

char *aloud_vtt_from_timeline(const struct aloud_timeline *t)
{
    struct aloud_buf b = {0};
    aloud_buf_puts(&b, "WEBVTT\n");
    struct line *lines = NULL;
    unsigned cue_no = 0;
    for (size_t i = 0; i < t->n_sentences; i++) {
        const struct aloud_span *s = &t->sentences[i];
        uint64_t start = aloud_timeline_ms(t, s->start);
        uint64_t end = aloud_timeline_ms(t, s->end);
        if (end <= start)
            end = start + 1;
        size_t n = wrap(s->text, &lines, ALOUD_VTT_LINE_MAX);
        if (n == 0)
            continue;
        /* A sentence too long for one cue shares its time among its cues
         * in proportion to their words: speech goes at about a steady
         * number of words a second, whatever their length in letters. */
        size_t total = 0; /* of the lines, so a word cut in two counts twice */
        for (size_t k = 0; k < n; k++)
            total += words(s->text + lines[k].from, lines[k].len);
        size_t done = 0;
        for (size_t l = 0; l < n; l += 2) {
            size_t take = n - l < 2 ? n - l : 2;
            size_t cue_words = 0;
            for (size_t k = l; k < l + take; k++)
                cue_words += words(s->text + lines[k].from, lines[k].len);
            uint64_t a = start + (end - start) * done / (total ? total : 1);
            done += cue_words;
            uint64_t z = l + take >= n ? end : start + (end - start) * done / (total ? total : 1);
            if (z <= a)
                z = a + 1;
            aloud_buf_printf(&b, "\n%u\n", ++cue_no);
            vtt_time(&b, a);
            aloud_buf_puts(&b, " --> ");
            vtt_time(&b, z);
            aloud_buf_putc(&b, '\n');
            for (size_t k = l; k < l + take; k++) {
                vtt_text(&b, s->text + lines[k].from, lines[k].len);
                aloud_buf_putc(&b, '\n');
            }
        }
    }
    free(lines);
    return aloud_buf_steal(&b);
}

char *aloud_chapters_json(const struct aloud_timeline *t, const char *title)
{
    json_object *root = json_object_new_object();
    json_object_object_add(root, "version", json_object_new_string("1.2.0"));
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < t->n_chapters; i++) {
        const struct aloud_span *c = &t->chapters[i];
        json_object *o = json_object_new_object();
        char num[32];
        double s = t->sample_rate ? (double)c->start / t->sample_rate : 0;
        snprintf(num, sizeof num, "%.3f", i == 0 ? 0.0 : s);
        json_object_object_add(o, "startTime", json_object_new_double_s(i == 0 ? 0 : s, num));
        const char *name = i == 0 && title ? title : c->text;
        json_object_object_add(o, "title", json_object_new_string(name ? name : ""));
        json_object_array_add(list, o);
    }
    json_object_object_add(root, "chapters", list);
    char *out = aloud_xstrdup(json_object_to_json_string_ext(
        root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
    return out;
}
