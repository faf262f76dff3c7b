/* Script stage: turns an article into what will actually be said, a list of
 * segments each with the silence after it. The introduction (title, byline,
 * date in words) comes first, then the body block by block, with pauses
 * from the voice profile's [pauses], quotations announced, ordered list
 * items numbered and images read by their alt text. Text is made
 * speakable here: typographic quotes become plain ones, dashes a comma's
 * pause, bare URLs their site's name, stray markup characters go, and the
 * voice's lexicon is applied last. Display text keeps what was written. */
#include "aloud/script.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aloud/util.h"

/* --- Making text speakable ----------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Drops trailing spaces from b. */
static void trim_end(struct aloud_buf *b)
{
    while (b->len && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
}

/* A dash: a short pause, said as a comma. Nothing at the start of the
 * text, nothing doubled against punctuation. Returns the input position
 * after the dash and the spaces that follow it. */
static const char *put_dash(struct aloud_buf *b, const char *after)
{
    while (is_space(*after))
        after++;
    trim_end(b);
    if (b->len == 0 || !*after)
        return after;
    char prev = b->data[b->len - 1];
    if (strchr(",;:.!?(\"'", prev) || strchr(",;:.!?)", *after)) {
        if (prev != '(' && prev != '"' && prev != '\'')
            aloud_buf_putc(b, ' ');
        return after;
    }
    aloud_buf_puts(b, ", ");
    return after;
}

/* The site's name of a URL: "https://www.example.org/a?b" -> "example.org". */
static void put_site(struct aloud_buf *b, const char *url, size_t len)
{
    const char *p = url, *end = url + len;
    const char *scheme = memchr(p, ':', len);
    if (scheme && scheme + 2 < end && scheme[1] == '/' && scheme[2] == '/')
        p = scheme + 3;
    const char *host_end = p;
    while (host_end < end && !strchr("/?#", *host_end))
        host_end++;
    const char *at = memchr(p, '@', (size_t)(host_end - p));
    if (at)
        p = at + 1;
    const char *colon = memchr(p, ':', (size_t)(host_end - p));
    if (colon)
        host_end = colon;
    if (host_end - p > 4 && strncasecmp(p, "www.", 4) == 0)
        p += 4;
    for (; p < host_end; p++) {
        char c = *p;
        aloud_buf_putc(b, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
    }
}

/* Length of a bare URL starting at p ("http://", "https://", "www."), or
 * 0. Trailing punctuation belongs to the sentence, not the URL. */
static size_t url_length(const char *p)
{
    size_t start;
    if (strncasecmp(p, "https://", 8) == 0)
        start = 8;
    else if (strncasecmp(p, "http://", 7) == 0)
        start = 7;
    else if (strncasecmp(p, "www.", 4) == 0)
        start = 4;
    else
        return 0;
    size_t n = start;
    while (p[n] && !is_space(p[n]) && p[n] != '<' && p[n] != '>' && p[n] != '"')
        n++;
    while (n > start && strchr(".,;:!?)'", p[n - 1]))
        n--;
    /* A host needs at least a letter and a dot ("www." alone is a word). */
    const char *dot = memchr(p + start, '.', n - start);
    if (n == start || (start == 4 && !dot))
        return 0;
    return n;
}

/* Is there a run of c of at least n at p? Returns the run's length. */
static size_t run_of(const char *p, char c)
{
    size_t n = 0;
    while (p[n] == c)
        n++;
    return n;
}

/* Longest run of characters without a space handed to eSpeak NG. */
#define WORD_MAX_CHARS 100

/* No listener wants a 1 MB "word" (a pasted hash, base64, garbage) spelt
 * out for hours: runs of ASCII longer than WORD_MAX_CHARS are dropped.
 * Longer runs with other characters are usually scripts written without
 * spaces (Chinese, Japanese, Thai): they are kept, with a space every
 * WORD_MAX_CHARS characters so eSpeak NG gets them in pieces. Frees s and
 * returns the result. */
static char *limit_words(char *s)
{
    struct aloud_buf b = {0};
    const char *p = s;
    while (*p) {
        if (*p == ' ') {
            aloud_buf_putc(&b, *p++);
            continue;
        }
        const char *end = p;
        size_t chars = 0;
        int ascii = 1;
        while (*end && *end != ' ') {
            if ((unsigned char)*end >= 0x80)
                ascii = 0;
            if (((unsigned char)*end & 0xC0) != 0x80)
                chars++;
            end++;
        }
        if (chars <= WORD_MAX_CHARS) {
            aloud_buf_append(&b, p, (size_t)(end - p));
        } else if (!ascii) {
            size_t n = 0;
            for (const char *q = p; q < end; q++) {
                if (((unsigned char)*q & 0xC0) != 0x80 && n++ && n % WORD_MAX_CHARS == 1)
                    aloud_buf_putc(&b, ' ');
                aloud_buf_putc(&b, *q);
            }
        }
        p = end;
    }
    free(s);
    return aloud_text_squeeze(aloud_buf_steal(&b));
}

char *aloud_script_speakable(const char *text)
{
    struct aloud_buf b = {0};
    const char *p = text;
    while (*p) {
        const unsigned char *u = (const unsigned char *)p;
        int word_start = p == text || !is_alnum((unsigned char)p[-1]);
        size_t ulen;
        if (word_start && (ulen = url_length(p)) > 0) {
            put_site(&b, p, ulen);
            p += ulen;
            continue;
        }
        /* eSpeak NG reads "[[...]]" as phonemes (the lexicon's own way of
         * saying a word): in an article's text it is just brackets. */
        if ((p[0] == '[' && p[1] == '[') || (p[0] == ']' && p[1] == ']')) {
            aloud_buf_putc(&b, ' ');
            p += run_of(p, p[0]);
            continue;
        }
        /* Typographic quotes: ‘ ’ ‚ ‛ ′ -> ', “ ” „ ‟ ″ « » -> " */
        if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] >= 0x98 && u[2] <= 0x9B)) {
            aloud_buf_putc(&b, '\'');
            p += 3;
            continue;
        }
        if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] >= 0x9C && u[2] <= 0x9F)) {
            aloud_buf_putc(&b, '"');
            p += 3;
            continue;
        }
        if (u[0] == 0xC2 && (u[1] == 0xAB || u[1] == 0xBB)) {
            aloud_buf_putc(&b, '"');
            p += 2;
            continue;
        }
        /* Ellipsis */
        if (u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xA6) {
            trim_end(&b);
            aloud_buf_puts(&b, "...");
            p += 3;
            continue;
        }
        /* Dashes: – — ― and ASCII "--"/"---". Between digits an en dash
         * is a range ("1990–1995") and stays a hyphen. */
        int dash = 0;
        if (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x93 && u[2] <= 0x95)
            dash = 3;
        else if (p[0] == '-' && (run_of(p, '-') == 2 || run_of(p, '-') == 3))
            dash = (int)run_of(p, '-');
        if (dash) {
            if (dash == 3 && u[2] == 0x93 && b.len && is_digit(b.data[b.len - 1]) &&
                is_digit(p[3])) {
                aloud_buf_putc(&b, '-');
                p += 3;
                continue;
            }
            p = put_dash(&b, p + dash);
            continue;
        }
        /* Characters eSpeak NG would read out by name. */
        char c = *p;
        if (strchr("*_~=#-+|/\\`^", c) && run_of(p, c) >= 2) {
            p += run_of(p, c);
            aloud_buf_putc(&b, ' ');
            continue;
        }
        if (c == '*' || c == '`' || c == '~' || c == '^') {
            p++;
            continue;
        }
        if (c == '_' || c == '|') {
            aloud_buf_putc(&b, ' ');
            p++;
            continue;
        }
        if (c == '#' && is_alnum((unsigned char)p[1]) && !is_digit(p[1])) {
            p++; /* a hashtag: read the tag */
            continue;
        }
        aloud_buf_putc(&b, c);
        p++;
    }
    char *s = aloud_text_squeeze(aloud_buf_steal(&b));
    /* No space before punctuation left by removals ("word ," -> "word,"),
     * and no doubled commas. */
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == ' ' && (r[1] == ',' || r[1] == '.' || r[1] == ';' || r[1] == ':') &&
            !(r[1] == '.' && r[2] == '.'))
            continue;
        if (*r == ',' && w > s && (w[-1] == ',' || (w[-1] == ' ' && w - 1 > s && w[-2] == ',')))
            continue;
        *w++ = *r;
    }
    *w = '\0';
    /* A leading comma left by a removed opening dash. */
    if (*s == ',' || *s == ';') {
        memmove(s, s + 1, strlen(s));
        aloud_text_squeeze(s);
    }
    return limit_words(s);
}

/* --- Dates ------------------------------------------------------------- */

char *aloud_date_in_words(const char *iso, const struct aloud_announce *ann)
{
    if (!iso || !ann)
        return NULL;
    int y, m, d, n = 0;
    if (sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
        return NULL;
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31 || !ann->months[m - 1])
        return NULL;
    const char *month = ann->months[m - 1];
    if (ann->date_format && *ann->date_format) {
        struct aloud_buf b = {0};
        for (const char *p = ann->date_format; *p;) {
            if (strncmp(p, "{day}", 5) == 0) {
                aloud_buf_printf(&b, "%d", d);
                p += 5;
            } else if (strncmp(p, "{month}", 7) == 0) {
                aloud_buf_puts(&b, month);
                p += 7;
            } else if (strncmp(p, "{year}", 6) == 0) {
                aloud_buf_printf(&b, "%d", y);
                p += 6;
            } else {
                aloud_buf_putc(&b, *p++);
            }
        }
        return aloud_buf_steal(&b);
    }
    if (ann->date_order && strcmp(ann->date_order, "mdy") == 0)
        return aloud_xasprintf("%s %d, %d", month, d, y);
    return aloud_xasprintf("%d %s %d", d, month, y);
}

const char *aloud_segment_kind_name(enum aloud_segment_kind kind)
{
    switch (kind) {
    case ALOUD_SEG_TITLE:
        return "title";
    case ALOUD_SEG_BYLINE:
        return "byline";
    case ALOUD_SEG_DATE:
        return "date";
    case ALOUD_SEG_HEADING:
        return "heading";
    case ALOUD_SEG_PARAGRAPH:
        return "paragraph";
    case ALOUD_SEG_LIST_ITEM:
        return "list-item";
    case ALOUD_SEG_QUOTE:
        return "quote";
    case ALOUD_SEG_CAPTION:
        return "caption";
    case ALOUD_SEG_IMAGE:
        return "image";
    case ALOUD_SEG_TABLE_ROW:
        return "table-row";
    case ALOUD_SEG_ANNOUNCEMENT:
        return "announcement";
    case ALOUD_SEG_NOTE:
        return "note";
    case ALOUD_SEG_CODE:
        return "code";
    }
    return "unknown";
}

char *aloud_script_to_text(const struct aloud_script *s)
{
    struct aloud_buf b = {0};
    for (size_t i = 0; s && i < s->n; i++)
        aloud_buf_printf(&b, "%s  [pause %d ms]\n", s->segments[i].text, s->segments[i].pause_ms);
    return aloud_buf_steal(&b);
}

char *aloud_script_to_json(const struct aloud_script *s)
{
    json_object *arr = json_object_new_array();
    for (size_t i = 0; s && i < s->n; i++) {
        const struct aloud_segment *seg = &s->segments[i];
        json_object *o = json_object_new_object();
        json_object_object_add(o, "kind", json_object_new_string(aloud_segment_kind_name(seg->kind)));
        json_object_object_add(o, "text", json_object_new_string(seg->text));
        json_object_object_add(o, "display", json_object_new_string(seg->display));
        json_object_object_add(o, "pause_ms", json_object_new_int(seg->pause_ms));
        if (seg->level)
            json_object_object_add(o, "level", json_object_new_int(seg->level));
        if (seg->chapter)
            json_object_object_add(o, "chapter", json_object_new_boolean(1));
        if (seg->lang)
            json_object_object_add(o, "lang", json_object_new_string(seg->lang));
        if (seg->joined)
            json_object_object_add(o, "joined", json_object_new_boolean(1));
        json_object_array_add(arr, o);
    }
    char *out = aloud_xasprintf(
        "%s\n", json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                        JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(arr);
    return out;
}

void aloud_script_free(struct aloud_script *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->segments[i].text);
        free(s->segments[i].display);
        free(s->segments[i].lang);
    }
    free(s->segments);
    free(s);
}
