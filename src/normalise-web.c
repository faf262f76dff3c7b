/* Addresses and numbers read piece by piece: URLs ("www dot example dot
 * org slash about": the scheme is not said, a short path is, a long one
 * or a query is left out), e-mail addresses ("news at example dot org"),
 * @handles and #hashtags (their words split where the case changes:
 * "hashtag Climate Action"), and telephone numbers, said digit by digit
 * (French: in pairs) with a short pause between the groups as written:
 * "oh two oh, seven nine four six, oh oh one eight". */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "normalise-internal.h"

/* No address is longer: a longer run without a space is not one, and the
 * scans stop there (a pasted hash must not cost a scan per token). */
#define ADDRESS_MAX 256

/* Top-level domains a bare "name.tld" is recognised by (with a scheme or
 * "www." any name is a site). */
static const char *const tlds[] = {
    "com", "org",  "net",    "edu", "gov", "int", "mil",  "info",  "biz",    "io",     "co",
    "uk",  "us",   "eu",     "de",  "fr",  "es",  "it",   "nl",    "be",     "ch",     "at",
    "ie",  "ca",   "au",     "nz",  "in",  "jp",  "cn",   "ru",    "br",     "mx",     "ar",
    "pt",  "se",   "no",     "dk",  "fi",  "pl",  "tv",   "me",    "ly",     "app",    "dev",
    "ai",  "news", "online", "eus", "cat", "gal", "scot", "wales", "london", "berlin", "paris",
};

static int is_tld(const char *s, size_t len)
{
    for (size_t k = 0; k < sizeof tlds / sizeof tlds[0]; k++)
        if (strlen(tlds[k]) == len && strncasecmp(s, tlds[k], len) == 0)
            return 1;
    return 0;
}

static int host_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '-';
}

static int local_char(char ch)
{
    return host_char(ch) || ch == '.' || ch == '_' || ch == '+' || ch == '%';
}

/* The token that ends exactly at p, from i; or (size_t)-1. */
static size_t token_ending_at(const struct nm_ctx *c, size_t i, const char *p)
{
    for (size_t j = i; j < c->nt && c->t[j].s < p; j++)
        if (c->t[j].s + c->t[j].len == p)
            return j;
    return (size_t)-1;
}

/* Does a web address or handle start at token i (not inside a word)? */
static int word_start(const struct nm_ctx *c, size_t i)
{
    if (i == 0 || c->t[i].space)
        return 1;
    const struct nm_tok *p = &c->t[i - 1];
    return p->kind == TK_SYM && p->cp != '@' && p->cp != '.' && p->cp != '/' && p->cp != '#';
}

/* --- Saying pieces ------------------------------------------------------- */

/* A run of letters or digits: letters as written, short numbers as
 * numbers ("covid19": "covid nineteen"), long ones digit by digit. */
static void say_run(struct nm_ctx *c, const char *s, size_t len, int as_number)
{
    if (!len)
        return;
    if (s[0] >= '0' && s[0] <= '9') {
        char digits[16];
        if (as_number && len == 4 && s[0] != '0') {
            nm_put_year(c, strtol(s, NULL, 10));
        } else if ((len <= 2 || (as_number && len <= 3)) && !(len > 1 && s[0] == '0')) {
            snprintf(digits, sizeof digits, "%.*s", (int)len, s);
            nm_put_int(c, digits, RS_NUMBERING);
        } else {
            nm_put_digits(c, s, len, 0);
        }
        return;
    }
    /* "#COP30": capitals before a number, said alone, would be spelt
     * where the initialism rules say a word ("Cop"). */
    int caps = len >= 3, vowel = 0;
    for (size_t k = 0; k < len && caps; k++) {
        caps = s[k] >= 'A' && s[k] <= 'Z';
        vowel |= strchr("AEIOU", s[k]) != NULL;
    }
    /* Two capitals are an initialism: "#JO2024", "#UKPolitics" "U K". */
    if (len == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z') {
        nm_say_letters(c, s, len);
        return;
    }
    char *words = nm_split_words(c, s, len, is_tld);
    if (words) {
        nm_say(c, words);
        free(words);
        return;
    }
    if (caps && vowel && nm_capitals_are_word(c, s, len)) {
        char *w = aloud_xstrndup(s, len);
        for (size_t k = 1; k < len; k++)
            w[k] = (char)(w[k] - 'A' + 'a');
        nm_say(c, w);
        free(w);
        return;
    }
    nm_say_n(c, s, len);
}

/* Splits a name where its case changes ("ClimateAction", "BBCNews") and
 * between letters and digits. */
static void say_words_of(struct nm_ctx *c, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t k = 1; k <= len; k++) {
        int cut = k == len;
        if (!cut) {
            char a = s[k - 1], b = s[k];
            int ad = a >= '0' && a <= '9', bd = b >= '0' && b <= '9';
            int al = a >= 'a' && a <= 'z', bu = b >= 'A' && b <= 'Z';
            int au = a >= 'A' && a <= 'Z';
            int next_lower = k + 1 < len && s[k + 1] >= 'a' && s[k + 1] <= 'z';
            cut = ad != bd || (al && bu) || (au && bu && next_lower);
            if (b == '_' || a == '_')
                cut = 1;
        }
        if (cut) {
            if (!(k - start == 1 && s[start] == '_'))
                say_run(c, s + start, k - start, 1);
            start = k;
        }
    }
}

/* A piece of an address: letters and digits, with its punctuation said. */
static void say_piece(struct nm_ctx *c, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t k = 0; k <= len; k++) {
        char ch = k < len ? s[k] : '\0';
        int sep = k == len || ch == '.' || ch == '-' || ch == '_' || ch == '+' || ch == '/' ||
                  ch == '%' ||
                  ((ch >= '0' && ch <= '9') != (s[start] >= '0' && s[start] <= '9') && k > start);
        if (!sep)
            continue;
        say_run(c, s + start, k - start, 0);
        if (k == len)
            break;
        if (ch == '.')
            nm_say_word(c, W_DOT, 0);
        else if (ch == '-')
            nm_say_word(c, W_DASH, 0);
        else if (ch == '_')
            nm_say_word(c, W_UNDERSCORE, 0);
        else if (ch == '+')
            nm_say_word(c, W_PLUS, 0);
        else if (ch == '/')
            nm_say_word(c, W_SLASH, 0);
        start =
            ch == '.' || ch == '-' || ch == '_' || ch == '+' || ch == '/' || ch == '%' ? k + 1 : k;
    }
}

/* A host's label: two letters ("uk", "de") and labels without a vowel
 * ("bbc", "zdf") are spelt, unless the language says the label as a word
 * ("co", "es"); others are words ("example", "org"). */
static void say_label(struct nm_ctx *c, const char *s, size_t len)
{
    const struct aloud_normaliser *n = c->n;
    int letters = 1, vowel = 0;
    for (size_t k = 0; k < len; k++) {
        char ch = s[k] | 0x20;
        if (ch < 'a' || ch > 'z')
            letters = 0;
        if (strchr("aeiouy", ch))
            vowel = 1;
    }
    int listed_word = 0, listed_spelt = 0;
    for (size_t k = 0; k < n->ctx[CX_WORD_LABELS].n; k++)
        if (strlen(n->ctx[CX_WORD_LABELS].v[k].key) == len &&
            strncasecmp(n->ctx[CX_WORD_LABELS].v[k].key, s, len) == 0)
            listed_word = 1;
    for (size_t k = 0; k < n->ctx[CX_SPELL_LABELS].n; k++)
        if (strlen(n->ctx[CX_SPELL_LABELS].v[k].key) == len &&
            strncasecmp(n->ctx[CX_SPELL_LABELS].v[k].key, s, len) == 0)
            listed_spelt = 1;
    /* "rtve": a start no word of the language has is letters too; but a
     * letter before a word is said so ("gmail": "G mail", "nvidia"). */
    int odd_start = c->n->ctx[CX_WORD_ONSETS].n && len <= 6 && !nm_starts_like_word(c, s, len);
    if (letters && odd_start && !listed_spelt && len >= 5 && !strchr("aeiouyAEIOUY", s[1]) &&
        nm_starts_like_word(c, s + 1, len - 1) && strchr("aeiouAEIOU", s[2])) {
        nm_say_letters(c, s, 1);
        say_piece(c, s + 1, len - 1);
        return;
    }
    if (letters && !listed_word &&
        (listed_spelt || (len == 2) || (!vowel && len <= 5) || odd_start)) {
        nm_say_letters(c, s, len);
        return;
    }
    say_piece(c, s, len);
}

/* A host, label by label: "bbc dot co dot U K". */
static void say_labels(struct nm_ctx *c, const char *h, size_t len)
{
    size_t start = 0;
    for (size_t k = 0; k <= len; k++) {
        if (k < len && h[k] != '.')
            continue;
        if (start > 0)
            nm_say_word(c, W_DOT, 0);
        say_label(c, h + start, k - start);
        start = k + 1;
    }
}

/* --- URLs and e-mail addresses ---------------------------------------------- */

/* The host at p: labels and dots; returns its length and whether it ends
 * in a known top-level domain. */
static size_t host_length(const char *p, const char *end, int *labels, int *known_tld)
{
    if (end - p > ADDRESS_MAX)
        end = p + ADDRESS_MAX;
    size_t n = 0, label_start = 0;
    *labels = 0;
    while (p + n < end && (host_char(p[n]) || (p[n] == '.' && n > label_start && p + n + 1 < end &&
                                               host_char(p[n + 1])))) {
        if (p[n] == '.') {
            (*labels)++;
            label_start = n + 1;
        }
        n++;
    }
    if (n > label_start)
        (*labels)++;
    *known_tld = n > label_start && is_tld(p + label_start, n - label_start);
    return n;
}

/* Says a host: "www dot example dot org". With a scheme written before
 * it, the "www." goes with the scheme: "https://www.bund.de" is said as a
 * person reads it out, "bund dot D E". */
static void say_host(struct nm_ctx *c, const char *h, size_t len, int scheme)
{
    if (len > 4 && strncasecmp(h, "www.", 4) == 0) {
        if (!scheme) {
            nm_say_word(c, W_WWW, 0);
            nm_say_word(c, W_DOT, 0);
        }
        h += 4;
        len -= 4;
    }
    say_labels(c, h, len);
}

static size_t match_url(struct nm_ctx *c, size_t i)
{
    const char *p = c->t[i].s, *end = c->text_end;
    size_t scheme = 0;
    static const char *const schemes[] = {"https://", "http://", "ftp://"};
    for (size_t k = 0; k < 3 && !scheme; k++)
        if (strncasecmp(p, schemes[k], strlen(schemes[k])) == 0)
            scheme = strlen(schemes[k]);
    const char *host = p + scheme;
    int labels, known;
    size_t hl = host_length(host, end, &labels, &known);
    int www = hl > 4 && strncasecmp(host, "www.", 4) == 0;
    if (labels < 2 || (!scheme && !www && !known))
        return 0;
    /* Everything up to white space is the address; the punctuation that
     * ends a sentence is not. */
    const char *q = host + hl;
    const char *limit = end - host > ADDRESS_MAX ? host + ADDRESS_MAX : end;
    while (q < limit && (unsigned char)*q > ' ' && (unsigned char)*q < 0x80 && !strchr("<>\"'", *q))
        q++;
    if (q == limit && limit < end)
        return 0;
    while (q > host + hl && strchr(".,;:!?)'", q[-1]))
        q--;
    /* Not an e-mail address's domain, and not glued to a word after. */
    if (q < end && (q[0] == '@'))
        return 0;
    size_t last = token_ending_at(c, i, q);
    if (last == (size_t)-1)
        return 0;
    say_host(c, host, hl, scheme > 0);
    /* A short path is read ("slash about"), a long one left out. */
    const char *path = host + hl, *path_end = path;
    while (path_end < q && *path_end != '?' && *path_end != '#')
        path_end++;
    while (path_end > path && path_end[-1] == '/')
        path_end--;
    /* Words only: a path with an identifier in it ("/2A6mxCW") is not read. */
    int segments = 0, upper = 0, lower = 0, digit = 0;
    for (const char *s = path; s < path_end; s++) {
        segments += *s == '/';
        upper |= *s >= 'A' && *s <= 'Z';
        lower |= *s >= 'a' && *s <= 'z';
        digit |= *s >= '0' && *s <= '9';
    }
    int identifier = upper && lower && digit;
    if (path_end > path && path_end - path <= 40 && segments <= 3 && path[0] == '/' &&
        !identifier) {
        nm_say_word(c, W_SLASH, 0);
        say_piece(c, path + 1, (size_t)(path_end - path - 1));
    }
    return last + 1 - i;
}

static size_t match_email(struct nm_ctx *c, size_t i)
{
    const char *p = c->t[i].s, *end = c->text_end;
    size_t ll = 0;
    while (p + ll < end && ll < ADDRESS_MAX && local_char(p[ll]))
        ll++;
    if (!ll || p + ll >= end || p[ll] != '@' || p[0] == '.' || p[ll - 1] == '.')
        return 0;
    int labels, known;
    size_t hl = host_length(p + ll + 1, end, &labels, &known);
    if (labels < 2)
        return 0;
    size_t last = token_ending_at(c, i, p + ll + 1 + hl);
    if (last == (size_t)-1)
        return 0;
    say_piece(c, p, ll);
    nm_say_word(c, W_AT, 0);
    say_labels(c, p + ll + 1, hl);
    return last + 1 - i;
}

/* @handle, #hashtag */
static size_t match_tag(struct nm_ctx *c, size_t i)
{
    int at = nm_is_sym(c, i, '@') || nm_is_sym(c, i, 0xFF20);
    int hash = nm_is_sym(c, i, '#') || nm_is_sym(c, i, 0xFF03);
    if ((!at && !hash) || !nm_glued(c, i + 1) || !word_start(c, i))
        return 0;
    /* "#8M" is a tag, "#1" a number. */
    if (!nm_is_word(c, i + 1) &&
        !(nm_is_num(c, i + 1) && (at || (nm_glued(c, i + 2) && nm_is_word(c, i + 2)))))
        return 0;
    size_t j = i + 1;
    while (j < c->nt && (c->t[j].kind != TK_SYM || c->t[j].cp == '_') &&
           (j == i + 1 || nm_glued(c, j)))
        j++;
    /* "the hashtag #MeToo": the word is written already. */
    if (at || !nm_list_before(c, i, &c->n->ctx[CX_HASHTAG_BEFORE], 1))
        nm_say_word(c, at ? W_AT : W_HASHTAG, 0);
    const char *s = c->t[i + 1].s;
    size_t len = (size_t)(c->t[j - 1].s + c->t[j - 1].len - s);
    /* Letters beyond ASCII are said as written. */
    int ascii = 1;
    for (size_t k = 0; k < len; k++)
        if ((unsigned char)s[k] >= 0x80)
            ascii = 0;
    if (ascii)
        say_words_of(c, s, len);
    else
        nm_say_n(c, s, len);
    return j - i;
}

/* A file's name, "report_final.pdf", "data-2024.csv": its pieces with
 * their punctuation said, then "dot" and the extension's letters
 * ([contexts] file_extensions). */
static size_t match_file(struct nm_ctx *c, size_t i)
{
    const struct nm_list *exts = &c->n->ctx[CX_FILE_EXTENSIONS];
    const char *p = c->t[i].s, *end = c->text_end, *q = p;
    int letter = 0;
    while (q < end && (isalnum((unsigned char)*q) || *q == '_' || *q == '-')) {
        letter |= isalpha((unsigned char)*q);
        q++;
    }
    if (!exts->n || !letter || q == p || q >= end || *q != '.')
        return 0;
    const char *ext = q + 1, *e = ext;
    while (e < end && isalnum((unsigned char)*e))
        e++;
    size_t el = (size_t)(e - ext);
    if (el < 2 || el > 4 ||
        (e < end && (*e == '@' || *e == '/' || *e == '_' || *e == '-' ||
                     (*e == '.' && e + 1 < end && isalnum((unsigned char)e[1])))))
        return 0;
    int listed = 0;
    for (size_t k = 0; k < exts->n && !listed; k++)
        listed = strlen(exts->v[k].key) == el && strncasecmp(exts->v[k].key, ext, el) == 0;
    size_t last = listed ? token_ending_at(c, i, e) : (size_t)-1;
    if (last == (size_t)-1)
        return 0;
    say_piece(c, p, (size_t)(q - p));
    nm_say_word(c, W_DOT, 0);
    nm_say_letters(c, ext, el);
    return last + 1 - i;
}

size_t nm_match_web(struct nm_ctx *c, size_t i)
{
    if (i >= c->nt)
        return 0;
    if (c->t[i].kind == TK_SYM)
        return match_tag(c, i);
    if (!word_start(c, i))
        return 0;
    size_t used = match_email(c, i);
    if (!used)
        used = match_file(c, i);
    return used ? used : match_url(c, i);
}

/* --- Telephone numbers ------------------------------------------------------ */

struct phone {
    char digits[24];
    unsigned char group_len[12];
    int groups;
    int plus, paren;
    int dash_groups;       /* groups joined by '-' or '.' */
    int grouped_thousands; /* "1,500": a number, not a telephone number */
    size_t end;
};

static int add_group(struct phone *ph, const struct nm_tok *t)
{
    size_t have = strlen(ph->digits);
    if (ph->groups >= 12 || have + t->len >= sizeof ph->digits || t->len > 8)
        return 0;
    memcpy(ph->digits + have, t->s, t->len);
    ph->digits[have + t->len] = '\0';
    ph->group_len[ph->groups++] = (unsigned char)t->len;
    return 1;
}

static int read_phone(const struct nm_ctx *c, size_t i, struct phone *ph)
{
    memset(ph, 0, sizeof *ph);
    size_t j = i;
    if (nm_is_sym(c, j, '+') && nm_is_num(c, j + 1) && nm_glued(c, j + 1)) {
        ph->plus = 1;
        j++;
    } else if (nm_is_sym(c, j, '(') && nm_is_num(c, j + 1) && nm_is_sym(c, j + 2, ')')) {
        ph->paren = 1;
        j++;
    }
    if (!nm_is_num(c, j) || !add_group(ph, &c->t[j]))
        return 0;
    j++;
    if (nm_is_sym(c, j, ',') && nm_glued(c, j) && nm_is_num(c, j + 1) && nm_glued(c, j + 1))
        ph->grouped_thousands = 1;
    for (;;) {
        int joined = 0;
        if (nm_is_sym(c, j, ')') && ph->paren == 1 && nm_is_num(c, j + 1)) {
            ph->paren = 2;
            joined = 1;
            j++;
        } else if (nm_is_sym(c, j, '(') && nm_is_num(c, j + 1) && nm_is_sym(c, j + 2, ')') &&
                   c->t[j + 1].len == 1 && c->t[j + 1].s[0] == '0' && nm_is_num(c, j + 3)) {
            joined = 1;
            j += 3; /* "+44 (0)20": the trunk zero is not dialled */
        } else if (nm_is_sym(c, j, '(') && c->t[j].space && nm_is_num(c, j + 1) &&
                   nm_glued(c, j + 1) && nm_is_sym(c, j + 2, ')') && nm_glued(c, j + 2) &&
                   nm_is_num(c, j + 3)) {
            /* "+1 (555) 123-4567": an area code in brackets */
            if (!add_group(ph, &c->t[j + 1]))
                return 0;
            joined = 1;
            j += 3;
        } else if ((nm_is_sym(c, j, '-') || nm_is_sym(c, j, '.')) && nm_glued(c, j) &&
                   nm_is_num(c, j + 1) && nm_glued(c, j + 1)) {
            ph->dash_groups++;
            joined = 1;
            j++;
        }
        /* A one-digit group only inside a number that is clearly one
         * ("0800 111 0 111"). */
        if (!nm_is_num(c, j))
            break;
        /* ... or after a country code: "+33 1 23 45 67 89". */
        int small_ok =
            c->t[j].len >= 2 ||
            (ph->digits[0] == '0' && ph->groups >= 2 && nm_is_num(c, j + 1) && c->t[j + 1].space) ||
            (ph->plus && ph->groups == 1 && nm_is_num(c, j + 1) && c->t[j + 1].space);
        if (!joined && !(c->t[j].space && small_ok))
            break;
        if (!add_group(ph, &c->t[j]))
            return 0;
        j++;
    }
    size_t total = strlen(ph->digits);
    if (total < 3 || total > 15 || (nm_glued(c, j) && (nm_is_word(c, j) || nm_is_num(c, j))))
        return 0;
    ph->end = j;
    return 1;
}

/* A service number of the language ("101", "116 123") after "on", a
 * little after "call" or right after "called": "call police on 101",
 * "a friend called 911". */
static int service_number(const struct nm_ctx *c, size_t i, const struct phone *ph)
{
    const struct nm_list *l = &c->n->ctx[CX_SERVICE_NUMBERS];
    int listed = 0;
    for (size_t k = 0; k < l->n && !listed; k++) {
        const char *d = ph->digits;
        for (const char *key = l->v[k].key;; key++) {
            if (*key == ' ')
                continue;
            if (*key != *d)
                break;
            if (!*key) {
                listed = 1;
                break;
            }
            d++;
        }
    }
    if (!listed || nm_plural_noun(c, ph->end))
        return 0;
    return nm_list_before(c, i, &c->n->ctx[CX_PHONE_BEFORE], 4) ||
           nm_list_before(c, i, &c->n->ctx[CX_SERVICE_BEFORE], 1) || nm_is_itext(c, i - 1, "on") ||
           nm_in_list(c, ph->end, &c->n->ctx[CX_SERVICE_AFTER]);
}

/* Is this a telephone number by its shape or the word before it? */
/* "06.11.2023 13:30", "2023-11-06": a date's groups, not a number dialled. */
static int date_groups(const struct phone *ph)
{
    if (ph->groups < 3)
        return 0;
    const unsigned char *g = ph->group_len;
    const char *d = ph->digits;
    int a = 0, b = 0;
    if (g[0] == 4 && g[1] == 2 && g[2] == 2) {
        a = (d[6] - '0') * 10 + (d[7] - '0');
        b = (d[4] - '0') * 10 + (d[5] - '0');
    } else if (g[0] <= 2 && g[1] <= 2 && g[2] == 4) {
        a = g[0] == 2 ? (d[0] - '0') * 10 + (d[1] - '0') : d[0] - '0';
        const char *m = d + g[0];
        b = g[1] == 2 ? (m[0] - '0') * 10 + (m[1] - '0') : m[0] - '0';
        if (b > 12 && a <= 12) { /* month first */
            int t = a;
            a = b;
            b = t;
        }
    } else {
        return 0;
    }
    return a >= 1 && a <= 31 && b >= 1 && b <= 12;
}

static int looks_like_phone(const struct nm_ctx *c, size_t i, const struct phone *ph)
{
    size_t total = strlen(ph->digits);
    if (!ph->plus && !ph->paren && date_groups(ph))
        return 0;
    /* After "call" or "Tel.": any number, "call 999" too. */
    if (nm_list_before(c, i, &c->n->ctx[CX_PHONE_BEFORE], 2) && !ph->grouped_thousands)
        return 1;
    if (service_number(c, i, ph))
        return 1;
    /* "the 0800 number": a prefix of a telephone number. */
    if (ph->digits[0] == '0' && total >= 3 && ph->groups == 1 &&
        (nm_is_itext(c, ph->end, "number") || nm_is_itext(c, ph->end, "numbers")))
        return 1;
    if (total < 7)
        return 0;
    if (ph->plus || ph->paren == 2)
        return 1;
    /* A leading zero: trunk prefix of a national number ("020 7946 0018",
     * "01 23 45 67 89", "030 1234567"). */
    if (ph->digits[0] == '0' && (ph->groups >= 2 || total >= 10) && total >= 9)
        return 1;
    /* A North American local number, "555-1234": three digits and four
     * joined by a hyphen, neither a round number (as "100-1000" is, a
     * range), where the language writes 3-3-4. */
    if (ph->groups == 2 && ph->group_len[0] == 3 && ph->group_len[1] == 4 && ph->dash_groups == 1 &&
        ph->digits[2] != '0' && ph->digits[6] != '0' && ph->digits[0] != '1' &&
        strstr(c->n->set.phone_shapes, "3-3-4") && !nm_plural_noun(c, ph->end) &&
        !nm_in_list(c, ph->end, &c->n->ctx[CX_COUNT_AFTER]))
        return 1;
    /* The language's shapes: North American 3-3-4, Spanish 3-3-3. */
    char shapes[sizeof c->n->set.phone_shapes];
    memcpy(shapes, c->n->set.phone_shapes, sizeof shapes);
    char *save = NULL;
    for (char *shape = strtok_r(shapes, ", ", &save); shape; shape = strtok_r(NULL, ", ", &save)) {
        int g = 0, fits = 1;
        for (char *p = shape; *p && fits; g++) {
            long len = strtol(p, &p, 10);
            fits = g < ph->groups && ph->group_len[g] == len;
            if (*p == '-')
                p++;
        }
        if (fits && g == ph->groups)
            return 1;
    }
    return 0;
}

/* Digit by digit, zero as "oh"; a prefix on the hundred as said: "0800"
 * "oh eight hundred", "1-800" "one eight hundred" (area: the group is a
 * prefix, not the "900" of "07700 900 382"). */
static void say_group_as_digits(struct nm_ctx *c, const char *d, size_t len, int area)
{
    if (area && (len == 3 || len == 4) && d[len - 1] == '0' && d[len - 2] == '0' &&
        d[len - 3] != '0' && c->n->word[W_HUNDRED]) {
        nm_put_digits(c, d, len - 2, 1);
        nm_say_word(c, W_HUNDRED, 0);
        return;
    }
    nm_put_digits(c, d, len, 1);
}

/* Two digits as a number, a leading zero said alone: "zéro un",
 * "vingt-trois". */
static void say_pair(struct nm_ctx *c, const char *d, size_t len)
{
    if (len == 2 && d[0] != '0') {
        char pair[3] = {d[0], d[1], '\0'};
        nm_put_int(c, pair, RS_NUMBERING);
    } else {
        nm_put_digits(c, d, len, 0);
    }
}

/* French and Spanish say the groups as numbers: "91 123 45 67": "noventa
 * y uno, ciento veintitrés, cuarenta y cinco, sesenta y siete"; "016":
 * "cero dieciséis"; a group of four as two pairs. */
static void say_group_as_numbers(struct nm_ctx *c, const char *d, size_t len, int country)
{
    if (country || (len == 3 && d[0] != '0')) {
        char digits[8];
        snprintf(digits, sizeof digits, "%.*s", (int)len, d);
        nm_put_int(c, digits, RS_NUMBERING);
        return;
    }
    if (len == 3 && strncmp(d, "000", 3) != 0) {
        nm_put_digits(c, d, 1, 0);
        say_pair(c, d + 1, 2);
        return;
    }
    if (len <= 2 || len == 3) {
        say_pair(c, d, len);
        return;
    }
    for (size_t k = 0; k < len; k += 2) {
        if (k > 0 && len == 4)
            nm_put(c, ",");
        say_pair(c, d + k, k + 2 <= len ? 2 : 1);
    }
}

size_t nm_match_phone(struct nm_ctx *c, size_t i)
{
    struct phone ph;
    if (i >= c->nt || !(c->t[i].kind == TK_NUM || nm_is_sym(c, i, '+') || nm_is_sym(c, i, '(')))
        return 0;
    if (i > 0 && nm_glued(c, i) && c->t[i - 1].kind != TK_SYM)
        return 0;
    if (!read_phone(c, i, &ph) || !looks_like_phone(c, i, &ph))
        return 0;
    if (ph.plus)
        nm_say_word(c, W_PLUS, 0);
    size_t at = 0;
    for (int g = 0; g < ph.groups; g++) {
        if (g > 0)
            nm_put(c, ",");
        size_t len = ph.group_len[g];
        /* Spanish "el 112": "uno uno dos" (but "el 016": "cero dieciséis"). */
        if (c->n->set.phone_numbers && ph.groups == 1 && len == 3 && ph.digits[0] != '0' &&
            c->n->set.short_digits)
            nm_put_digits(c, ph.digits, len, 0);
        else if (c->n->set.phone_numbers)
            say_group_as_numbers(c, ph.digits + at, len, ph.plus && g == 0);
        else
            say_group_as_digits(c, ph.digits + at, len,
                                g == 0 || (g == 1 && ph.group_len[0] == 1 && ph.digits[0] == '1'));
        at += len;
    }
    return ph.end - i;
}
