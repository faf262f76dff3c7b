/* Text normalisation: the driver. A paragraph is cut into tokens (words,
 * runs of digits, single symbols, each knowing the white space before
 * it); at each token the matchers of the classes (web addresses,
 * telephone numbers, dates, times, amounts, numbers, roman numerals,
 * abbreviations, symbols) are tried in that order, and the first that
 * recognises its written form writes the words for it. Tokens no matcher
 * takes are copied as written. The shared helpers (token tests, written
 * forms matched against the text, output with patterns) live here too. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>

#include "aloud/normalise.h"
#include "normalise-internal.h"

/* --- UTF-8 ------------------------------------------------------------------ */

uint32_t nm_utf8_decode(const char *s, size_t len, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s;
    *n = 1;
    if (len == 0)
        return 0;
    if (u[0] < 0x80)
        return u[0];
    int need = u[0] >= 0xF0 && u[0] < 0xF5 ? 3 : u[0] >= 0xE0 ? 2 : u[0] >= 0xC2 ? 1 : -1;
    if (need < 0 || (size_t)need + 1 > len)
        return 0xFFFD;
    uint32_t cp = u[0] & (0x3F >> need);
    for (int k = 1; k <= need; k++) {
        if ((u[k] & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (u[k] & 0x3F);
    }
    if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0xFFFD;
    *n = (size_t)need + 1;
    return cp;
}

int nm_utf8_casecmp(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0, j = 0;
    while (i < alen && j < blen) {
        size_t na, nb;
        uint32_t ca = nm_utf8_decode(a + i, alen - i, &na);
        uint32_t cb = nm_utf8_decode(b + j, blen - j, &nb);
        if (ca != cb && u_foldCase((UChar32)ca, U_FOLD_CASE_DEFAULT) !=
                            u_foldCase((UChar32)cb, U_FOLD_CASE_DEFAULT))
            return 1;
        i += na;
        j += nb;
    }
    return i < alen || j < blen;
}

/* White space at s: 0 none, 1 plain, 2 no-break or thin; *n its length. */
static int space_at(const char *s, size_t len, size_t *n)
{
    uint32_t cp = nm_utf8_decode(s, len, n);
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
        cp == 0x200B || cp == 0x3000 || cp == 0x205F)
        return 1;
    if (cp == 0xA0 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A))
        return 2;
    return 0;
}

static int is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp == 0xAD)
        return 1; /* a soft hyphen is part of its word */
    int8_t type = u_charType((UChar32)cp);
    return u_isalpha((UChar32)cp) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

/* --- Tokens ------------------------------------------------------------------- */

static size_t tokenize(const char *text, struct nm_tok **out)
{
    size_t len = strlen(text), cap = 64, nt = 0;
    struct nm_tok *t = aloud_xmalloc(cap * sizeof *t);
    const char *p = text, *end = text + len;
    unsigned char space = 0;
    while (p < end) {
        size_t n;
        int sp = space_at(p, (size_t)(end - p), &n);
        if (sp) {
            if (sp > space)
                space = (unsigned char)sp;
            p += n;
            continue;
        }
        if (nt == cap) {
            cap *= 2;
            t = aloud_xrealloc(t, cap * sizeof *t);
        }
        struct nm_tok *k = &t[nt++];
        memset(k, 0, sizeof *k);
        k->s = p;
        k->space = space;
        space = 0;
        uint32_t cp = nm_utf8_decode(p, (size_t)(end - p), &n);
        if (cp >= '0' && cp <= '9') {
            k->kind = TK_NUM;
            while (p < end && *p >= '0' && *p <= '9')
                p++;
        } else if (is_letter(cp)) {
            k->kind = TK_WORD;
            k->cap = u_isupper((UChar32)cp) || u_istitle((UChar32)cp);
            int lower = 0;
            while (p < end && is_letter(cp = nm_utf8_decode(p, (size_t)(end - p), &n))) {
                if (u_islower((UChar32)cp))
                    lower = 1;
                p += n;
            }
            k->upper = k->cap && !lower;
        } else {
            k->kind = TK_SYM;
            k->cp = cp;
            p += n;
        }
        k->len = (size_t)(p - k->s);
    }
    *out = t;
    return nt;
}

int nm_is_word(const struct nm_ctx *c, size_t i)
{
    return i < c->nt && c->t[i].kind == TK_WORD;
}

int nm_is_num(const struct nm_ctx *c, size_t i)
{
    return i < c->nt && c->t[i].kind == TK_NUM;
}

int nm_is_sym(const struct nm_ctx *c, size_t i, uint32_t cp)
{
    return i < c->nt && c->t[i].kind == TK_SYM && c->t[i].cp == cp;
}

int nm_is_text(const struct nm_ctx *c, size_t i, const char *s)
{
    return i < c->nt && c->t[i].len == strlen(s) && memcmp(c->t[i].s, s, c->t[i].len) == 0;
}

int nm_is_itext(const struct nm_ctx *c, size_t i, const char *s)
{
    return i < c->nt && nm_utf8_casecmp(c->t[i].s, c->t[i].len, s, strlen(s)) == 0;
}

int nm_glued(const struct nm_ctx *c, size_t i)
{
    return i < c->nt && i > 0 && c->t[i].space == 0;
}

int nm_is_dash(const struct nm_ctx *c, size_t i)
{
    if (i >= c->nt || c->t[i].kind != TK_SYM)
        return 0;
    uint32_t cp = c->t[i].cp;
    return cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 ||
           cp == 0x2014 || cp == 0x2212;
}

/* Opening quotes and brackets do not start or end a sentence. */
static int is_opener(const struct nm_tok *t)
{
    if (t->kind != TK_SYM)
        return 0;
    uint32_t cp = t->cp;
    return cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == 0x2018 || cp == 0x201C ||
           cp == 0xAB || cp == 0xBB || cp == 0x201E || cp == 0xBF || cp == 0xA1;
}

int nm_sentence_start(const struct nm_ctx *c, size_t i)
{
    while (i > 0 && is_opener(&c->t[i - 1]))
        i--;
    if (i == 0)
        return 1;
    const struct nm_tok *p = &c->t[i - 1];
    return p->kind == TK_SYM && (p->cp == '.' || p->cp == '!' || p->cp == '?' || p->cp == ':' ||
                                 p->cp == 0x2026 || p->cp == '"' || p->cp == 0x201D);
}

int nm_is_name(const struct nm_ctx *c, size_t i)
{
    return nm_is_word(c, i) && c->t[i].cap;
}

/* --- Written forms against the text ------------------------------------------- */

static int key_has_upper(const char *key)
{
    for (const char *p = key; *p;) {
        size_t n;
        uint32_t cp = nm_utf8_decode(p, strlen(p), &n);
        if (u_isupper((UChar32)cp))
            return 1;
        p += n;
    }
    return 0;
}

size_t nm_key_match(const struct nm_ctx *c, size_t i, const char *key)
{
    return nm_key_match_case(c, i, key, 0);
}

size_t nm_key_match_case(const struct nm_ctx *c, size_t i, const char *key, int exact)
{
    if (i >= c->nt || !*key)
        return 0;
    /* Most keys differ from the text at once: an ASCII first byte that
     * differs in any case settles it without decoding. */
    unsigned char k0 = (unsigned char)key[0], t0 = (unsigned char)c->t[i].s[0];
    if (k0 != t0 && k0 < 0x80 && t0 < 0x80 &&
        (exact || (k0 | 0x20) != (t0 | 0x20) || !((k0 | 0x20) >= 'a' && (k0 | 0x20) <= 'z')))
        return 0;
    int any_case = -1; /* worked out at the first difference */
    const char *p = c->t[i].s;
    const char *end = c->text_end;
    const char *k = key;
    const char *kend = key + strlen(key);
    while (k < kend) {
        size_t n, m;
        if (*k == ' ') {
            while (*k == ' ')
                k++;
            while (p < end && space_at(p, (size_t)(end - p), &n))
                p += n;
            continue;
        }
        if (p >= end)
            return 0;
        uint32_t kc = nm_utf8_decode(k, (size_t)(kend - k), &m);
        uint32_t tc = nm_utf8_decode(p, (size_t)(end - p), &n);
        if (kc != tc) {
            if (any_case < 0)
                any_case = !exact && !key_has_upper(key);
            if (!any_case || u_foldCase((UChar32)kc, U_FOLD_CASE_DEFAULT) !=
                                 u_foldCase((UChar32)tc, U_FOLD_CASE_DEFAULT))
                return 0;
        }
        k += m;
        p += n;
    }
    for (size_t j = i; j < c->nt && c->t[j].s < p; j++)
        if (c->t[j].s + c->t[j].len == p)
            return j - i + 1;
    return 0;
}

const struct nm_entry *nm_list_match(const struct nm_ctx *c, size_t i, const struct nm_list *l,
                                     size_t *ntok)
{
    const struct nm_entry *best = NULL, *e;
    size_t best_len = 0, best_tok = 0;
    if (i >= c->nt)
        return NULL;
    NM_FOR_BUCKET(l, (unsigned char)c->t[i].s[0], e)
    {
        size_t klen = strlen(e->key);
        if (klen <= best_len)
            continue;
        size_t m = nm_key_match_case(c, i, e->key, l->exact);
        if (m) {
            best = e;
            best_len = klen;
            best_tok = m;
        }
    }
    if (ntok)
        *ntok = best_tok;
    return best;
}

int nm_in_list(const struct nm_ctx *c, size_t i, const struct nm_list *l)
{
    const struct nm_entry *e;
    if (i >= c->nt)
        return 0;
    NM_FOR_BUCKET(l, (unsigned char)c->t[i].s[0], e)
    if (nm_utf8_casecmp(c->t[i].s, c->t[i].len, e->key, strlen(e->key)) == 0)
        return 1;
    return 0;
}

int nm_list_before(const struct nm_ctx *c, size_t i, const struct nm_list *l, size_t reach)
{
    const struct nm_entry *e;
    for (size_t gap = 0; gap < reach && gap < i; gap++) {
        size_t end = i - gap; /* the entry ends just before token end */
        for (size_t len = 1; len <= 4 && len <= end; len++)
            NM_FOR_BUCKET(l, (unsigned char)c->t[end - len].s[0], e)
        if (nm_key_match(c, end - len, e->key) == len)
            return 1;
    }
    return 0;
}

int nm_entry_fits(const struct nm_ctx *c, size_t i, size_t ntok, const struct nm_entry *e)
{
    size_t after = i + ntok;
    /* "St-Étienne": a name after a hyphen. */
    size_t name = nm_is_sym(c, after, '-') && nm_glued(c, after) && nm_glued(c, after + 1)
                      ? after + 1
                      : after;
    /* "Av. de América", "Pza. de la Villa": a street's name after "de". */
    for (int k = 0; k < 2 && nm_in_list(c, name, &c->n->ctx[CX_NAME_PARTICLES]) && !c->t[name].cap;
         k++)
        name++;
    if ((e->flags & NM_BEFORE_NAME) && !(nm_is_name(c, name) && !c->t[name].upper))
        return 0;
    if ((e->flags & NM_AFTER_PLACE) && !(i > 1 && nm_is_sym(c, i - 1, ',') && nm_is_name(c, i - 2)))
        return 0;
    if (e->flags & NM_DIMENSION) {
        /* "3 x 4 m", "3m x 4m": between measures. */
        size_t prev = i > 0 ? i - 1 : 0, k = 0;
        int before = i > 0 && (nm_is_num(c, prev) ||
                               (nm_is_word(c, prev) && prev > 0 && nm_is_num(c, prev - 1) &&
                                nm_list_match(c, prev, &c->n->units, &k)));
        if (!before || !nm_is_num(c, after))
            return 0;
        size_t u = after + 1;
        if (!nm_list_match(c, u, &c->n->units, &k) &&
            !(nm_is_word(c, u) && !c->t[u].cap && !nm_in_list(c, u, &c->n->ctx[CX_FUNCTION_WORDS])))
            return 0;
    }
    /* "Oxford St", and a numbered street: "42nd St", "5th Ave." */
    if ((e->flags & NM_AFTER_NAME) && !(i > 0 && nm_is_name(c, i - 1)) &&
        !(i > 1 && nm_is_num(c, i - 2) && nm_glued(c, i - 1) && c->t[i - 1].kind == TK_WORD &&
          nm_list_match(c, i - 1, &c->n->ordinal_suffixes, NULL)))
        return 0;
    if ((e->flags & NM_BEFORE_NUMBER) &&
        !(nm_is_num(c, after) || (nm_is_sym(c, after, '#') && nm_is_num(c, after + 1))))
        return 0;
    if ((e->flags & NM_AFTER_NUMBER) && !(i > 0 && nm_is_num(c, i - 1)))
        return 0;
    if ((e->flags & NM_BETWEEN_WORDS) && !(i > 0 && nm_is_word(c, i - 1) && nm_is_word(c, after)))
        return 0;
    if ((e->flags & NM_BETWEEN_NUMBERS) && !(i > 0 && nm_is_num(c, i - 1) && nm_is_num(c, after)))
        return 0;
    return 1;
}

/* --- Output ----------------------------------------------------------------- */

void nm_put(struct nm_ctx *c, const char *s)
{
    aloud_buf_puts(c->out, s);
}

void nm_put_n(struct nm_ctx *c, const char *s, size_t len)
{
    aloud_buf_append(c->out, s, len);
}

static int starts_with_vowel(const char *s)
{
    size_t n;
    uint32_t cp = nm_utf8_decode(s, strlen(s), &n);
    cp = (uint32_t)u_tolower((UChar32)cp);
    return cp && (strchr("aeiouy", (int)(cp < 0x80 ? cp : 'x')) || cp == 0xE9 || cp == 0xE8 ||
                  cp == 0xEA || cp == 0xE0 || cp == 0xE2 || cp == 0xEE || cp == 0xF4 || cp == 0xFB);
}

/* French "de" before a vowel, in the words said for a written form: "de
 * euros" -> "d'euros" (not before "onze"). A "de" of the text before a
 * number stays: "est de un virgule huit". */
static int elide(struct nm_ctx *c, const char *s, size_t len)
{
    struct aloud_buf *b = c->out;
    if (!c->n->set.elision || b->len < c->mark + 2)
        return 0;
    size_t end = b->len;
    if (memcmp(b->data + end - 2, "de", 2) != 0 ||
        (end > c->mark + 2 && b->data[end - 3] != ' ' && b->data[end - 3] != '\''))
        return 0;
    char *word = aloud_xstrndup(s, len);
    int vowel = starts_with_vowel(word) && strncmp(word, "onze", 4) != 0;
    free(word);
    if (!vowel)
        return 0;
    b->data[b->len - 1] = '\'';
    aloud_buf_append(b, s, len);
    return 1;
}

void nm_say_n(struct nm_ctx *c, const char *s, size_t len)
{
    struct aloud_buf *b = c->out;
    if (!len)
        return;
    if (elide(c, s, len))
        return;
    if (b->len > c->mark && b->data[b->len - 1] != ' ')
        aloud_buf_putc(b, ' ');
    aloud_buf_append(b, s, len);
}

void nm_say(struct nm_ctx *c, const char *s)
{
    if (s)
        nm_say_n(c, s, strlen(s));
}

void nm_say_letters(struct nm_ctx *c, const char *s, size_t len)
{
    for (size_t k = 0; k < len; k++) {
        char letter[2] = {(char)(s[k] >= 'a' && s[k] <= 'z' ? s[k] - 'a' + 'A' : s[k]), '\0'};
        nm_say(c, letter);
    }
}

void nm_put_tok(struct nm_ctx *c, size_t i)
{
    aloud_buf_append(c->out, c->t[i].s, c->t[i].len);
}

void nm_put_space(struct nm_ctx *c, size_t i)
{
    if (i == 0 || !c->t[i].space)
        return;
    const char *from = c->t[i - 1].s + c->t[i - 1].len;
    /* No-break and thin spaces go out as plain ones: eSpeak NG reads
     * some of them as pauses inside a word. */
    if (c->t[i].space == 2)
        aloud_buf_putc(c->out, ' ');
    else
        aloud_buf_append(c->out, from, (size_t)(c->t[i].s - from));
}

const char *nm_word(const struct aloud_normaliser *n, enum nm_word w)
{
    return n->word[w] ? n->word[w] : "";
}

void nm_say_word(struct nm_ctx *c, enum nm_word w, int plural)
{
    const char *s = plural && c->n->word_pl[w] ? c->n->word_pl[w] : c->n->word[w];
    if (s && *s)
        nm_say(c, s);
}

void nm_put_pattern(struct nm_ctx *c, const char *pattern, const char *const *names,
                    const char *const *values, size_t n_vars)
{
    struct aloud_buf b = {0};
    for (const char *p = pattern; p && *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (!close) {
            aloud_buf_putc(&b, *p++);
            continue;
        }
        size_t len = (size_t)(close - p - 1);
        for (size_t k = 0; k < n_vars; k++) {
            if (strlen(names[k]) == len && memcmp(names[k], p + 1, len) == 0) {
                if (values[k])
                    aloud_buf_puts(&b, values[k]);
                break;
            }
        }
        p = close + 1;
    }
    char *s = aloud_text_squeeze(aloud_buf_steal(&b));
    /* A placeholder left empty leaves no space before a comma. */
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == ' ' && r[1] == ',')
            continue;
        *w++ = *r;
    }
    *w = '\0';
    /* Elision inside the pattern ("de {unit}"), through nm_say word by word. */
    for (char *word = strtok(s, " "); word; word = strtok(NULL, " "))
        nm_say(c, word);
    free(s);
}

/* --- The driver ------------------------------------------------------------- */

typedef size_t (*matcher)(struct nm_ctx *c, size_t i);

static const matcher matchers[] = {
    nm_match_model,  nm_match_web,     nm_match_phone,      nm_match_date,       nm_match_time,
    nm_match_decade, nm_match_ordinal, nm_match_amount,     nm_match_number,
    nm_match_roman,  nm_match_abbrev,  nm_match_initialism, nm_match_symbol,
};

static int is_alnum_byte(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (unsigned char)ch >= 0x80;
}

/* Words said for a written form must not run into the token before or
 * after ("5G" -> "five G", not "fiveG"). */
static int letter_or_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || is_letter(cp);
}

static void keep_apart(struct aloud_buf *b, size_t at)
{
    if (at == 0 || at >= b->len)
        return;
    size_t start = at - 1, n;
    while (start > 0 && ((unsigned char)b->data[start] & 0xC0) == 0x80)
        start--;
    if (!letter_or_digit(nm_utf8_decode(b->data + start, at - start, &n)) ||
        !letter_or_digit(nm_utf8_decode(b->data + at, b->len - at, &n)))
        return;
    aloud_buf_putc(b, ' ');
    memmove(b->data + at + 1, b->data + at, b->len - at - 1);
    b->data[at] = ' ';
}

/* A number written into a word ("M25", "MP3", "COVID19") or a code
 * ("65UM7300", but not "3x4") is the word's. */
static int inside_word(const struct nm_ctx *c, size_t i)
{
    if (c->t[i].kind != TK_NUM)
        return 0;
    if (nm_glued(c, i) && c->t[i - 1].kind == TK_WORD)
        return 1;
    return nm_is_word(c, i + 1) && nm_glued(c, i + 1) && nm_is_num(c, i + 2) &&
           nm_glued(c, i + 2) && !nm_is_text(c, i + 1, "x") && !nm_is_text(c, i + 1, "X") &&
           !nm_is_text(c, i + 1, "h") && !nm_is_text(c, i + 1, "H");
}

char *aloud_normalise_text(const struct aloud_normaliser *n, const char *text)
{
    if (!text)
        return aloud_xstrdup("");
    if (!n || !n->has_rules)
        return aloud_xstrdup(text);
    struct aloud_buf out = {0};
    struct nm_ctx c = {.n = n, .text = text, .text_end = text + strlen(text), .out = &out};
    c.nt = tokenize(text, &c.t);
    int said_last = 0; /* the previous token was replaced by words */
    for (size_t i = 0; i < c.nt;) {
        nm_put_space(&c, i);
        c.mark = out.len;
        size_t used = 0;
        if (said_last || !inside_word(&c, i)) {
            /* A matcher may elide the word before its own (French "d'"):
             * what it changed is put back when it declines. */
            char before[4] = {0};
            size_t from = c.mark >= 3 ? c.mark - 3 : 0;
            if (out.data)
                memcpy(before, out.data + from, c.mark - from);
            for (size_t m = 0; m < sizeof matchers / sizeof matchers[0] && !used; m++) {
                used = matchers[m](&c, i);
                if (!used && out.data) {
                    /* [from, mark) was written before: within capacity */
                    memcpy(out.data + from, before, c.mark - from);
                    out.len = c.mark;
                    out.data[out.len] = '\0';
                }
            }
        }
        if (used) {
            if (out.len > c.mark && c.t[i].space == 0)
                keep_apart(&out, c.mark);
            said_last = 1;
            i += used;
            /* "at 6 p.m." said for "18:00." ends the sentence once. */
            if (out.len > c.mark && out.data[out.len - 1] == '.' && nm_is_sym(&c, i, '.') &&
                !nm_is_sym(&c, i + 1, '.'))
                i++;
            continue;
        }
        nm_put_tok(&c, i);
        if (said_last && c.t[i].space == 0)
            keep_apart(&out, c.mark);
        said_last = 0;
        /* A word's letters and digits run on as written. */
        size_t j = i + 1;
        while (j < c.nt && c.t[j].space == 0 && c.t[j].kind != TK_SYM &&
               c.t[j - 1].kind != TK_SYM) {
            nm_put_tok(&c, j);
            j++;
        }
        i = j;
    }
    if (c.nt) {
        const char *tail = c.t[c.nt - 1].s + c.t[c.nt - 1].len;
        size_t sp;
        if (*tail && space_at(tail, strlen(tail), &sp))
            aloud_buf_puts(&out, tail);
    }
    free(c.t);
    return aloud_buf_steal(&out);
}

/* --- Opening ------------------------------------------------------------------ */

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A tag's subtags for file names: letters, digits and '-', in lower case. */
static int valid_tag(const char *lang)
{
    if (!*lang || strlen(lang) > 35)
        return 0;
    for (const char *p = lang; *p; p++)
        if (!is_alnum_byte(*p) || (unsigned char)*p >= 0x80)
            if (*p != '-' && *p != '_')
                return 0;
    return 1;
}

int aloud_normaliser_open(const char *voices_dir, const char *lang, struct aloud_normaliser **out,
                          char **err)
{
    *out = NULL;
    if (!lang || !valid_tag(lang)) {
        aloud_error_set(err, "normalise: '%s' is not a language tag", lang ? lang : "");
        return -EINVAL;
    }
    struct aloud_normaliser *n = aloud_xcalloc(1, sizeof *n);
    n->lang = aloud_xstrdup(lang);
    /* Units, scales, currency signs and symbols are matched in their own
     * case: "c" is a cent, "C" a degree Celsius, "m" a metre, "M" a
     * million. */
    n->units.exact = n->scales.exact = n->cur_symbols.exact = n->minor_symbols.exact = 1;
    n->symbols.exact = n->ordinal_suffixes.exact = 1;
    UErrorCode st = U_ZERO_ERROR;
    int32_t parsed = 0;
    uloc_forLanguageTag(lang, n->icu_locale, sizeof n->icu_locale, &parsed, &st);
    if (U_FAILURE(st) || !n->icu_locale[0])
        snprintf(n->icu_locale, sizeof n->icu_locale, "%s", lang);
    /* The files, base first: "en-GB" -> en.ini, en-gb.ini. */
    char *lower = aloud_xstrdup(lang);
    for (char *p = lower; *p; p++)
        *p = *p == '_' ? '-' : (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
    char *paths[8];
    size_t np = 0;
    for (char *cut = lower; cut && np < 8;) {
        char *dash = strchr(cut, '-');
        size_t len = dash ? (size_t)(dash - lower) : strlen(lower);
        paths[np++] = aloud_xasprintf("%s/normalise/%.*s.ini", voices_dir, (int)len, lower);
        cut = dash ? dash + 1 : NULL;
    }
    free(lower);
    int rc = 0, layer = 0;
    for (size_t k = 0; k < np; k++) {
        if (!rc && file_exists(paths[k]))
            rc = nm_load_file(n, paths[k], layer++, err);
        free(paths[k]);
    }
    if (!rc && n->has_rules)
        rc = nm_open_icu(n, err);
    if (!rc)
        nm_index_lists(n);
    if (rc) {
        aloud_normaliser_free(n);
        return rc;
    }
    *out = n;
    return 0;
}

static int has_rules_dir(const char *voices_dir)
{
    struct stat st;
    char *rules = aloud_xasprintf("%s/normalise", voices_dir);
    int found = stat(rules, &st) == 0 && S_ISDIR(st.st_mode);
    free(rules);
    return found;
}

const char *aloud_normalise_rules_dir(const char *voices_dir)
{
    if (voices_dir && has_rules_dir(voices_dir))
        return voices_dir;
    if (has_rules_dir(ALOUD_VOICES_DIR))
        return ALOUD_VOICES_DIR;
    return ALOUD_SOURCE_VOICES_DIR;
}

const char *aloud_normaliser_language(const struct aloud_normaliser *n)
{
    return n ? n->lang : "";
}

void aloud_normaliser_free(struct aloud_normaliser *n)
{
    if (!n)
        return;
    nm_free_rules(n);
    free(n->lang);
    free(n);
}
