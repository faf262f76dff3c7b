/* Numbers: ICU's rule-based spellout (one formatter per rule set, opened
 * with the rules) and plural rules, numbers read from tokens with the
 * language's separators, and the matcher for numbers standing alone:
 * cardinals, decimals, negative numbers, ordinals (1st, 2e, 1.º, German
 * "3." where an article or a lower-case word makes it one), decades
 * (1990s, '90s, 1990er) and years; fractions are in normalise-fraction.c. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ustring.h>

#include "normalise-internal.h"

/* Whole parts longer than this are read digit by digit: no one says a
 * 20-digit number, and ICU works in doubles beyond. */
#define WHOLE_MAX_DIGITS 15

/* --- Spelling through ICU --------------------------------------------------- */

static char *spell_with(const UNumberFormat *f, const char *digits)
{
    UChar buf[1024];
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = unum_formatDecimal(f, digits, (int32_t)strlen(digits), buf, 1024, NULL, &st);
    if (U_FAILURE(st) || n >= 1024)
        return NULL;
    char out[4096];
    int32_t len = 0;
    u_strToUTF8(out, sizeof out, &len, buf, n, &st);
    if (U_FAILURE(st) || len >= (int32_t)sizeof out)
        return NULL;
    out[len] = '\0';
    /* German and Spanish output carries soft hyphens (U+00AD) between the
     * parts of compounds, and English a comma after millions: neither is
     * spoken. */
    char *w = out;
    for (char *r = out; *r; r++) {
        if ((unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xAD) {
            r++;
            continue;
        }
        if (*r == ',')
            continue;
        *w++ = *r;
    }
    *w = '\0';
    return aloud_xstrdup(out);
}

/* The rules' "shorten" rewrites the start of a spelt number: German
 * "einhundert" is said "hundert". */
static char *shorten(const struct aloud_normaliser *n, char *s)
{
    if (!s || !n->set.shorten[0])
        return s;
    char rules[sizeof n->set.shorten];
    memcpy(rules, n->set.shorten, sizeof rules);
    char *save = NULL;
    for (char *r = strtok_r(rules, ", ", &save); r; r = strtok_r(NULL, ", ", &save)) {
        char *colon = strchr(r, ':');
        if (!colon)
            continue;
        *colon = '\0';
        size_t from = strlen(r), to = strlen(colon + 1);
        if (strncmp(s, r, from) == 0 && to <= from && strncmp(colon + 1, s + from - to, to) == 0) {
            memmove(s, s + from - to, strlen(s + from - to) + 1);
            break;
        }
    }
    return s;
}

char *nm_spell(const struct aloud_normaliser *n, enum nm_role role, const char *digits)
{
    int k = n->role_format[role];
    if (k < 0)
        k = n->role_format[RS_CARDINAL];
    return shorten(n, spell_with(n->formats[k].fmt, digits));
}

char *nm_spell_ruleset(const struct aloud_normaliser *n, const char *ruleset, const char *digits)
{
    for (size_t k = 0; k < n->n_formats; k++)
        if (strcmp(n->formats[k].ruleset, ruleset) == 0)
            return shorten(n, spell_with(n->formats[k].fmt, digits));
    return nm_spell(n, RS_CARDINAL, digits);
}

void nm_put_int(struct nm_ctx *c, const char *digits, enum nm_role role)
{
    if (strlen(digits) > WHOLE_MAX_DIGITS) {
        nm_put_digits(c, digits, strlen(digits), 0);
        return;
    }
    char *s = nm_spell(c->n, role, *digits ? digits : "0");
    if (s)
        nm_say(c, s);
    free(s);
}

void nm_put_int_value(struct nm_ctx *c, long v, enum nm_role role)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", v);
    nm_put_int(c, digits, role);
}

void nm_put_digits(struct nm_ctx *c, const char *digits, size_t len, int zero_as_oh)
{
    for (size_t k = 0; k < len; k++) {
        if (digits[k] < '0' || digits[k] > '9')
            continue;
        if (digits[k] == '0' && zero_as_oh && c->n->word[W_ZERO] && *c->n->word[W_ZERO]) {
            nm_say(c, c->n->word[W_ZERO]);
            continue;
        }
        char d[2] = {digits[k], '\0'};
        char *s = nm_spell(c->n, RS_NUMBERING, d);
        if (s)
            nm_say(c, s);
        free(s);
    }
}

enum nm_role nm_cardinal_for(char gender)
{
    return gender == 'f'   ? RS_CARDINAL_F
           : gender == 'n' ? RS_CARDINAL_N
           : gender == 'm' ? RS_CARDINAL_M
                           : RS_CARDINAL;
}

enum nm_role nm_case_role(const struct nm_ctx *c, size_t start, enum nm_role role)
{
    if (!c->n->ctx[CX_DATIVE_BEFORE].n ||
        (role != RS_CARDINAL_M && role != RS_CARDINAL_N && role != RS_CARDINAL_F))
        return role;
    /* "mit 1 Stimme", "nach nur 1 km" */
    if (!nm_list_before(c, start, &c->n->ctx[CX_DATIVE_BEFORE], 2))
        return role;
    return role == RS_CARDINAL_F ? RS_CARDINAL_DAT_F : RS_CARDINAL_DAT;
}

enum nm_role nm_ordinal_for(char gender)
{
    return gender == 'f'   ? RS_ORDINAL_F
           : gender == 'm' ? RS_ORDINAL_M
           : gender == 'n' ? RS_ORDINAL_N
                           : RS_ORDINAL;
}

long nm_num_value(const struct nm_num *num)
{
    size_t len = strlen(num->whole);
    if (len > 15)
        return -1;
    return len ? strtol(num->whole, NULL, 10) : 0;
}

/* The fraction digits as a number: "3,14" "trois virgule quatorze"; the
 * zeros that lead it one by one ("3,05": "zéro cinq"). */
static void put_fraction_digits(struct nm_ctx *c, const char *frac, enum nm_role role)
{
    if (!c->n->set.decimals_as_number || strlen(frac) > 3) {
        /* "4.05": "four point nought five" where the whole's zero is
         * "nought" (British). */
        const char *nought = c->n->word[W_ZERO_WHOLE];
        for (const char *p = frac; *p; p++) {
            if (*p == '0' && nought && *nought)
                nm_say(c, nought);
            else
                nm_put_digits(c, p, 1, 0);
        }
        return;
    }
    while (*frac == '0' && frac[1]) {
        nm_put_digits(c, "0", 1, 0);
        frac++;
    }
    nm_put_int(c, frac, role);
}

void nm_put_number(struct nm_ctx *c, const struct nm_num *num, enum nm_role role)
{
    if (num->negative)
        nm_say_word(c, W_MINUS, 0);
    if (*num->frac && strcmp(num->whole, "0") == 0 && c->n->word[W_ZERO_WHOLE])
        nm_say(c, c->n->word[W_ZERO_WHOLE]); /* "nought point six" */
    else if (*num->whole || !*num->frac)
        nm_put_int(c, num->whole, *num->frac ? RS_CARDINAL : role);
    if (*num->frac) {
        /* "9,81 segundos": the fraction said as a number agrees with the
         * noun ("ochenta y un") where the rules say so; French keeps it
         * masculine ("neuf virgule quatre-vingt-un secondes"). */
        nm_say_word(c, W_POINT, 0);
        enum nm_role fr = role == RS_CARDINAL ? RS_NUMBERING : role;
        if (!c->n->set.decimals_agree && fr == RS_CARDINAL_F)
            fr = RS_CARDINAL_M;
        put_fraction_digits(c, num->frac, fr);
    }
}

int nm_plural(const struct aloud_normaliser *n, const struct nm_num *num)
{
    size_t fl = strlen(num->frac);
    char digits[80];
    snprintf(digits, sizeof digits, "%s%s%s%s", num->negative ? "-" : "",
             *num->whole ? num->whole : "0", fl ? "." : "", num->frac);
    if (!n->plural)
        return strcmp(digits, "1") != 0;
    UErrorCode st = U_ZERO_ERROR;
    UFormattedNumber *r = unumf_openResult(&st);
    unumf_formatDecimal(n->plural_fmt[fl > 3 ? 3 : fl], digits, -1, r, &st);
    UChar kw[16];
    int32_t len = uplrules_selectFormatted(n->plural, r, kw, 16, &st);
    unumf_closeResult(r);
    if (U_FAILURE(st))
        return strcmp(digits, "1") != 0;
    static const UChar one[] = {'o', 'n', 'e', 0};
    return !(len == 3 && u_strncmp(kw, one, 3) == 0);
}

/* --- Reading numbers from tokens ------------------------------------------------ */

static int sep_is(const struct nm_ctx *c, size_t i, const char *sep)
{
    return *sep && i < c->nt && c->t[i].kind == TK_SYM && c->t[i].len == strlen(sep) &&
           memcmp(c->t[i].s, sep, c->t[i].len) == 0;
}

static int append_digits(char *dst, size_t cap, const struct nm_tok *t)
{
    size_t have = strlen(dst);
    if (have + t->len >= cap)
        return 0;
    memcpy(dst + have, t->s, t->len);
    dst[have + t->len] = '\0';
    return 1;
}

/* "10 000 birds", "1 000 000" in a language that groups with commas:
 * groups of three after plain spaces, a first group without a leading 0,
 * and no digits after the last group (a telephone number goes on). */
static int plain_space_groups(const struct nm_ctx *c, size_t i)
{
    if (c->t[i].s[0] == '0' || (i > 0 && nm_is_num(c, i - 1)))
        return 0;
    size_t j = i + 1, groups = 0;
    while (nm_is_num(c, j) && c->t[j].space == 1 && c->t[j].len == 3) {
        groups++;
        j++;
    }
    if (nm_is_num(c, j) && c->t[j].space)
        return 0;
    /* One group only before a word ("10 000 birds"): two numbers side by
     * side ("74 100%", a table's cells run together) are two. */
    return groups >= 2 || (groups == 1 && nm_is_word(c, j) && c->t[j].space && !c->t[j].cap);
}

int nm_parse_number(const struct nm_ctx *c, size_t i, struct nm_num *num)
{
    const struct nm_settings *set = &c->n->set;
    memset(num, 0, sizeof *num);
    num->start = i;
    size_t j = i;
    if (nm_is_num(c, i)) {
        if (!append_digits(num->whole, sizeof num->whole, &c->t[i]))
            return 0;
        j = i + 1;
        /* Thousands: "1,200", "1.200", "1 200" (no-break or thin space,
         * or a plain one where the language groups so). */
        if (c->t[i].len <= 3) {
            /* A plain space groups where the language does not group so
             * ("10 000", "1 000 000"), but not for a number
             * that starts with 0 or goes on in digits (a telephone number). */
            int plain = set->group_space || plain_space_groups(c, i);
            /* A side of a range or of a slash is a number of its own, a
             * table's cells run together: "302-305 253-257", "61 157/158". */
            if (i > 1 && nm_glued(c, i) && (nm_is_dash(c, i - 1) || nm_is_sym(c, i - 1, '/')) &&
                nm_is_num(c, i - 2) && nm_glued(c, i - 1))
                plain = 0;
            for (;;) {
                if (sep_is(c, j, set->group) && nm_glued(c, j) && nm_is_num(c, j + 1) &&
                    nm_glued(c, j + 1) && c->t[j + 1].len == 3) {
                    if (!append_digits(num->whole, sizeof num->whole, &c->t[j + 1]))
                        return 0;
                    num->grouped = 1;
                    j += 2;
                } else if (!num->grouped && sep_is(c, j, set->decimal) && nm_glued(c, j) &&
                           nm_is_num(c, j + 1) && nm_glued(c, j + 1) && c->t[j + 1].len == 3 &&
                           sep_is(c, j + 2, set->decimal) && nm_glued(c, j + 2) &&
                           nm_is_num(c, j + 3) && nm_glued(c, j + 3) && c->t[j + 3].len == 3) {
                    /* The other convention's thousands, "1,000,000" in
                     * Spanish, "1.200.000" in English: two groups at least,
                     * or it would be a decimal. */
                    while (sep_is(c, j, set->decimal) && nm_glued(c, j) && nm_is_num(c, j + 1) &&
                           nm_glued(c, j + 1) && c->t[j + 1].len == 3) {
                        if (!append_digits(num->whole, sizeof num->whole, &c->t[j + 1]))
                            return 0;
                        j += 2;
                    }
                    num->grouped = 1;
                    break;
                } else if (nm_is_num(c, j) && c->t[j].len == 3 &&
                           (c->t[j].space == 2 || (c->t[j].space == 1 && plain)) &&
                           !(nm_glued(c, j + 1) &&
                             (nm_is_dash(c, j + 1) || nm_is_sym(c, j + 1, '/')) &&
                             nm_is_num(c, j + 2))) {
                    if (!append_digits(num->whole, sizeof num->whole, &c->t[j]))
                        return 0;
                    num->grouped = 1;
                    j += 1;
                } else {
                    break;
                }
            }
        }
    } else if (!(sep_is(c, i, set->decimal) && nm_is_num(c, i + 1) && nm_glued(c, i + 1) &&
                 (i == 0 || c->t[i].space))) {
        return 0;
    }
    if (sep_is(c, j, set->decimal) && (j == i || nm_glued(c, j)) && nm_is_num(c, j + 1) &&
        nm_glued(c, j + 1)) {
        if (!append_digits(num->frac, sizeof num->frac, &c->t[j + 1]))
            return 0;
        j += 2;
    } else if (*set->decimal == ',' && j > i && !num->grouped && sep_is(c, j, ".") &&
               nm_glued(c, j) && nm_is_num(c, j + 1) && nm_glued(c, j + 1) &&
               c->t[j + 1].len != 3 && !(nm_glued(c, j + 2) && (nm_is_sym(c, j + 2, '.') ||
                                                               nm_is_num(c, j + 2)))) {
        /* "12.2%" in French or German copy: a full stop before other than
         * three digits cannot group thousands; a decimal point. */
        if (!append_digits(num->frac, sizeof num->frac, &c->t[j + 1]))
            return 0;
        j += 2;
    }
    num->end = j;
    return 1;
}

/* --- Years --------------------------------------------------------------------- */

void nm_put_year(struct nm_ctx *c, long year)
{
    /* "2005": "two thousand and five" (en-GB), never "two thousand five"
     * with the year rule set; years on a thousand and the nine after it
     * are cardinals in every language. */
    /* "2100", "2150": "twenty-one hundred", "twenty-one fifty" where the
     * language splits years after ICU's rules stop ([settings]
     * split_years). */
    if (c->n->set.split_years && year >= 2100 && year <= 9999 && year % 1000 >= 100) {
        nm_put_int_value(c, year / 100, RS_CARDINAL);
        long rest = year % 100;
        if (rest == 0) {
            nm_say_word(c, W_HUNDRED, 0);
        } else {
            if (rest < 10)
                nm_put_digits(c, "0", 1, 1);
            nm_put_int_value(c, rest, RS_CARDINAL);
        }
        return;
    }
    nm_put_int_value(c, year, year % 1000 < 10 ? RS_CARDINAL : RS_YEAR);
}

/* A lower-case word in -s after a number is a plural noun ("1500
 * students"), unless it is one of the words in -s that are not. */
int nm_plural_noun(const struct nm_ctx *c, size_t i)
{
    static const char *const not_plural[] = {
        "was",    "is",   "has",     "his",     "its",        "as",      "us",
        "this",   "thus", "plus",    "yes",     "always",     "perhaps", "across",
        "unless", "does", "besides", "towards", "afterwards", "whereas",
    };
    const struct nm_tok *t = &c->t[i < c->nt ? i : 0];
    if (!c->n->set.plural_s || !nm_is_word(c, i) || t->cap || t->len < 3 || t->s[t->len - 1] != 's')
        return 0;
    /* "analysis", "status", "glass" are singular. */
    char before = t->s[t->len - 2];
    if (before == 's' || before == 'u' || before == 'i')
        return 0;
    for (size_t k = 0; k < sizeof not_plural / sizeof not_plural[0]; k++)
        if (nm_is_itext(c, i, not_plural[k]))
            return 0;
    return 1;
}

int nm_year_context(const struct nm_ctx *c, size_t i, long value)
{
    const struct aloud_normaliser *n = c->n;
    size_t after = i + 1;
    if (value < 1000 || value > 2999)
        return 0;
    if (nm_list_before(c, i, &n->ctx[CX_CARDINAL_BEFORE], 1))
        return 0;
    /* "in 2019 prices": a year not on a round hundred, right after a word
     * of years, is one before a plural noun too ("in 2000 homes" is not). */
    if ((nm_in_list(c, after, &n->ctx[CX_COUNT_AFTER]) || nm_plural_noun(c, after)) &&
        !(value % 100 != 0 && value >= 1900 && value <= 2099 && i > 0 &&
          nm_is_itext(c, i - 1, "in")))
        return 0;
    /* "by 2100": a year of the next century only after a word of years. */
    if (value > 2099)
        return nm_list_before(c, i, &n->ctx[CX_FAR_YEAR_BEFORE], 1) && !nm_glued(c, after) &&
               !nm_is_num(c, after);
    if (nm_list_before(c, i, &n->ctx[CX_YEAR_BEFORE], 1))
        return 1;
    /* A month's name before it ("May 2024", "mars 2024"). */
    if (i > 0 && nm_list_match(c, i - 1, &n->months, NULL))
        return 1;
    if (i > 1 && nm_is_sym(c, i - 1, '.') && nm_list_match(c, i - 2, &n->months, NULL))
        return 1;
    return 1;
}

/* --- Ordinals --------------------------------------------------------------------- */

/* English suffixes agree with the number: 1st, 2nd, 3rd, 11th. */
static int english_suffix_fits(const char *digits, const struct nm_tok *suf)
{
    static const char *const names[] = {"st", "nd", "rd", "th"};
    int which = -1;
    for (int k = 0; k < 4; k++)
        if (suf->len == 2 && strncasecmp(suf->s, names[k], 2) == 0)
            which = k;
    if (which < 0)
        return 1;
    size_t len = strlen(digits);
    int last = digits[len - 1] - '0';
    int tens = len > 1 ? digits[len - 2] - '0' : 0;
    int want = tens == 1 || last == 0 || last > 3 ? 3 : last - 1;
    return which == want;
}

const char *nm_ruleset_after(const struct nm_ctx *c, size_t i)
{
    /* The article or preposition before, up to a few tokens back ("am 3.
     * und 4. Mai", "vom 3. bis 5."); the longest entry wins ("in der"
     * over "der"). */
    const struct nm_list *l = &c->n->ordinal_after;
    for (size_t back = 1; back <= 5 && back <= i; back++) {
        size_t j = i - back;
        if (!nm_is_word(c, j))
            continue;
        const struct nm_entry *best = NULL;
        size_t best_len = 0;
        for (size_t words = 1; words <= 3 && words <= j + 1; words++) {
            size_t from = j + 1 - words;
            const struct nm_entry *e;
            NM_FOR_BUCKET(l, (unsigned char)c->t[from].s[0], e)
            {
                size_t klen = strlen(e->key);
                if (klen > best_len && nm_key_match(c, from, e->key) == words) {
                    best = e;
                    best_len = klen;
                }
            }
        }
        if (best)
            return best->say;
        if (back > 1 && !nm_is_itext(c, j, "und") && !nm_is_itext(c, j, "bis") &&
            !nm_is_itext(c, j, "oder"))
            break;
    }
    return NULL;
}

static void put_ordinal_ruleset(struct nm_ctx *c, const char *digits, const char *ruleset,
                                enum nm_role role)
{
    char *s = ruleset ? nm_spell_ruleset(c->n, ruleset, digits) : nm_spell(c->n, role, digits);
    if (s)
        nm_say(c, s);
    free(s);
}

static size_t match_ordinal(struct nm_ctx *c, size_t i, const struct nm_num *num)
{
    const struct aloud_normaliser *n = c->n;
    if (*num->frac)
        return 0;
    size_t k = 0, e = num->end;
    const struct nm_entry *suf =
        nm_glued(c, e) ? nm_list_match(c, e, &n->ordinal_suffixes, &k) : NULL;
    if (suf && english_suffix_fits(num->whole, &c->t[e])) {
        put_ordinal_ruleset(c, num->whole, NULL, nm_ordinal_for(suf->gender));
        return e + k - i;
    }
    if (num->grouped || e != i + 1)
        return 0;
    /* German: "3." is an ordinal after an article ("am 3.", "der 3.
     * Platz") or before a lower-case word ("3. großer"). */
    if (n->set.ordinal_dot && nm_is_sym(c, i + 1, '.') && nm_glued(c, i + 1) &&
        nm_is_word(c, i + 2) && c->t[i + 2].space && c->t[i].len <= 3) {
        const char *rs = nm_ruleset_after(c, i);
        if (rs || !c->t[i + 2].cap) {
            put_ordinal_ruleset(c, num->whole, rs, RS_ORDINAL);
            return 2;
        }
    }
    return 0;
}

size_t nm_match_ordinal(struct nm_ctx *c, size_t i)
{
    struct nm_num num;
    if (!nm_is_num(c, i) || !nm_parse_number(c, i, &num))
        return 0;
    return match_ordinal(c, i, &num);
}

/* --- Decades ------------------------------------------------------------------------ */

/* "nineteen ninety" -> "nineteen nineties", "hundred" -> "hundreds". */
static void put_english_plural(struct nm_ctx *c, char *words)
{
    size_t len = strlen(words);
    if (len && words[len - 1] == 'y') {
        words[len - 1] = '\0';
        nm_say(c, words);
        nm_put(c, "ies");
    } else {
        nm_say(c, words);
        nm_put(c, "s");
    }
}

/* "100s", "1,000s", "10,000s" of people, in English: "hundreds",
 * "thousands", "tens of thousands" (not "one thousand seconds"). */
static size_t round_plural(struct nm_ctx *c, size_t i)
{
    static const struct {
        const char *digits, *said;
    } rounds[] = {{"100", "hundreds"},
                  {"1000", "thousands"},
                  {"10000", "tens of thousands"},
                  {"100000", "hundreds of thousands"},
                  {"1000000", "millions"}};
    struct nm_num num;
    if (!c->n->set.decade_plural_en || !nm_is_num(c, i) || !nm_parse_number(c, i, &num) ||
        *num.frac || (i > 0 && nm_glued(c, i) && c->t[i - 1].kind != TK_SYM))
        return 0;
    size_t s = num.end;
    if (!nm_glued(c, s) || !nm_is_text(c, s, "s") ||
        (nm_glued(c, s + 1) && (nm_is_word(c, s + 1) || nm_is_num(c, s + 1))))
        return 0;
    for (size_t k = 0; k < sizeof rounds / sizeof rounds[0]; k++) {
        if (strcmp(num.whole, rounds[k].digits) == 0 && (k < 1 || num.grouped)) {
            nm_say(c, rounds[k].said);
            return s + 1 - i;
        }
    }
    return 0;
}

/* "les années 1990", "los años 1920": the decade by its last two digits. */
static size_t decade_after_word(struct nm_ctx *c, size_t i)
{
    /* The 1900s only: "los años 2010" is "dos mil diez". */
    if (!nm_is_num(c, i) || c->t[i].len != 4 || c->t[i].s[3] != '0' || c->t[i].s[2] == '0' ||
        memcmp(c->t[i].s, "19", 2) != 0 || !nm_list_before(c, i, &c->n->ctx[CX_DECADE_BEFORE], 1) ||
        (nm_glued(c, i + 1) && (nm_is_num(c, i + 1) || nm_is_word(c, i + 1))))
        return 0;
    char tens[3] = {c->t[i].s[2], '0', '\0'};
    nm_put_int(c, tens, RS_NUMBERING);
    return 1;
}

size_t nm_match_decade(struct nm_ctx *c, size_t i)
{
    const struct aloud_normaliser *n = c->n;
    const char *suffix = n->set.decade_suffix;
    size_t used = decade_after_word(c, i);
    if (!used)
        used = round_plural(c, i);
    if (used || !*suffix)
        return used;
    size_t d = i;
    int apostrophe = nm_is_sym(c, i, '\'') || nm_is_sym(c, i, 0x2019);
    if (apostrophe)
        d = i + 1;
    if (!nm_is_num(c, d) || (apostrophe && !nm_glued(c, d)))
        return 0;
    size_t len = c->t[d].len;
    /* "class of '98", "in '05": a year of its century, in English. */
    if (apostrophe && len == 2 && n->set.decade_plural_en &&
        (i == 0 || c->t[i].space || c->t[i - 1].kind == TK_SYM) &&
        !(nm_glued(c, d + 1) && (nm_is_word(c, d + 1) || nm_is_num(c, d + 1) ||
                                 nm_is_sym(c, d + 1, '\'') || nm_is_sym(c, d + 1, 0x2019)))) {
        if (c->t[d].s[0] == '0') {
            nm_say_word(c, W_ZERO, 0);
            nm_put_digits(c, c->t[d].s + 1, 1, 1);
        } else {
            char digits[3] = {c->t[d].s[0], c->t[d].s[1], '\0'};
            nm_put_int(c, digits, RS_CARDINAL);
        }
        return d + 1 - i;
    }
    /* "the over-21s": a number made plural, in English. */
    int plural_number = n->set.decade_plural_en && len <= 2 && !apostrophe && d > 0 &&
                        nm_glued(c, d) && nm_is_dash(c, d - 1);
    if ((len != 2 && len != 4) && !plural_number)
        return 0;
    if ((c->t[d].s[len - 1] != '0' && !plural_number) || (apostrophe && len != 2))
        return 0;
    if (apostrophe && i > 0 && !c->t[i].space && c->t[i - 1].kind != TK_SYM)
        return 0;
    size_t s = d + 1;
    if ((nm_is_sym(c, s, '\'') || nm_is_sym(c, s, 0x2019)) && nm_glued(c, s) &&
        n->set.decade_plural_en)
        s++;
    /* German declines the decade: "in den 90ern". */
    size_t sl = strlen(suffix);
    if (!nm_glued(c, s) || !nm_is_word(c, s) || c->t[s].len < sl || c->t[s].len > sl + 1 ||
        strncasecmp(c->t[s].s, suffix, sl) != 0 || (c->t[s].len > sl && n->set.decade_plural_en))
        return 0;
    long v = strtol(c->t[d].s, NULL, 10);
    char *words = NULL;
    if (len == 4) {
        if (v < 1000)
            return 0;
        struct aloud_buf tmp = {0};
        struct nm_ctx sub = *c;
        sub.out = &tmp;
        sub.mark = 0;
        nm_put_year(&sub, v);
        words = aloud_buf_steal(&tmp);
    } else {
        char digits[8];
        snprintf(digits, sizeof digits, "%ld", v);
        words = nm_spell(n, RS_CARDINAL, digits);
    }
    if (!words)
        return 0;
    if (n->set.decade_plural_en) {
        put_english_plural(c, words);
    } else {
        nm_say(c, words);
        nm_put_n(c, c->t[s].s, c->t[s].len);
    }
    free(words);
    return s + 1 - i;
}

/* --- Numbers alone ------------------------------------------------------------------- */

static enum nm_role count_role(const struct nm_ctx *c, size_t after);

enum nm_role nm_role_for_noun(const struct nm_ctx *c, size_t i)
{
    return count_role(c, i);
}

/* A number before a word counts it: the cardinal for the word's gender
 * ("veintiún años", "doscientas personas"), else the number said alone. */
static enum nm_role count_role(const struct nm_ctx *c, size_t after)
{
    if (!nm_is_word(c, after) || !c->t[after].space ||
        nm_in_list(c, after, &c->n->ctx[CX_FUNCTION_WORDS]))
        return RS_NUMBERING;
    /* The words the endings get wrong: "días", "mujeres". */
    if (nm_in_list(c, after, &c->n->ctx[CX_NOUNS_FEMININE]))
        return RS_CARDINAL_F;
    const char *endings = c->n->set.feminine_endings;
    if (*endings && !nm_in_list(c, after, &c->n->ctx[CX_NOUNS_MASCULINE])) {
        char copy[sizeof c->n->set.feminine_endings];
        snprintf(copy, sizeof copy, "%s", endings);
        for (char *e = strtok(copy, ", "); e; e = strtok(NULL, ", ")) {
            size_t el = strlen(e);
            /* An ending, or a whole word of four letters or more
             * ("Person", "Nacht" for the endings "person", "nacht"). */
            size_t len = c->t[after].len;
            if ((len > el + 1 || (len >= el && el >= 4)) &&
                nm_utf8_casecmp(c->t[after].s + len - el, el, e, el) == 0)
                return RS_CARDINAL_F;
        }
    }
    return nm_cardinal_for(c->n->set.count_gender ? c->n->set.count_gender : 'm');
}

/* "1.2.3", "192.168.0.1": each part a number, "point" or "dot" between. */
static size_t match_dotted(struct nm_ctx *c, size_t i)
{
    size_t j = i, parts = 1;
    while (parts < 16 && nm_is_sym(c, j + 1, '.') && nm_glued(c, j + 1) && nm_is_num(c, j + 2) &&
           nm_glued(c, j + 2)) {
        j += 2;
        parts++;
    }
    if (parts < 3 || c->n->set.ordinal_dot)
        return 0;
    /* "3.271.500" where "." groups thousands: a number; elsewhere too in
     * three parts ("1.200.000 people" in English copy), but four are an
     * address ("192.168.100.100"). */
    int grouped = (strcmp(c->n->set.group, ".") == 0 || parts == 3) && c->t[i].len <= 3;
    for (size_t k = i + 2; k <= j && grouped; k += 2)
        grouped = c->t[k].len == 3;
    if (grouped)
        return 0;
    for (size_t k = i; k <= j; k += 2) {
        if (k > i)
            nm_say_word(c, parts == 4 ? W_DOT : W_POINT, 0);
        char digits[32];
        snprintf(digits, sizeof digits, "%.*s", (int)(c->t[k].len < 30 ? c->t[k].len : 30),
                 c->t[k].s);
        if (digits[0] == '0' && digits[1])
            nm_put_digits(c, digits, strlen(digits), 0);
        else
            nm_put_int(c, digits, RS_NUMBERING);
    }
    return j + 1 - i;
}

/* A code of digit groups joined by hyphens, "978-3-16-148410-0",
 * "123-45-6789": each group digit by digit, a pause between them. Three
 * groups or more, seven digits or more and one group of three: "4-3-3"
 * (a formation) and dates are not codes. */
static size_t match_code(struct nm_ctx *c, size_t i)
{
    if (i > 0 && nm_glued(c, i) && c->t[i - 1].kind != TK_SYM)
        return 0;
    size_t j = i, groups = 1, digits = c->t[i].len, longest = c->t[i].len;
    while (groups < 12 && nm_is_sym(c, j + 1, '-') && nm_glued(c, j + 1) && nm_is_num(c, j + 2) &&
           nm_glued(c, j + 2)) {
        j += 2;
        groups++;
        digits += c->t[j].len;
        if (c->t[j].len > longest)
            longest = c->t[j].len;
    }
    if (groups < 3 || digits < 7 || longest < 3 ||
        (nm_glued(c, j + 1) && (nm_is_word(c, j + 1) || nm_is_num(c, j + 1))))
        return 0;
    /* "555-123-4567", "1-800-555-0199": a telephone number's groups. */
    size_t last = c->t[j].len;
    if (last == 4 && c->t[j - 2].len == 3 && c->t[j - 4].len == 3 &&
        (groups == 3 || (groups == 4 && c->t[i].len == 1)))
        return 0;
    for (size_t k = i; k <= j; k += 2) {
        if (k > i)
            nm_put(c, ",");
        nm_put_digits(c, c->t[k].s, c->t[k].len, 1);
    }
    return j + 1 - i;
}

/* Three digits of a model's or a road's code in two parts: "380" "three
 * eighty", "303" "three oh three", "900" "nine hundred". */
static void say_model_number(struct nm_ctx *c, const struct nm_tok *t)
{
    char d[8];
    snprintf(d, sizeof d, "%.*s", (int)(t->len < 7 ? t->len : 7), t->s);
    if (t->len != 3 || (d[1] == '0' && d[2] == '0')) {
        nm_put_int(c, d, RS_CARDINAL);
        return;
    }
    char first[2] = {d[0], '\0'};
    nm_put_int(c, first, RS_CARDINAL);
    if (d[1] == '0')
        nm_put_digits(c, d + 1, 2, 1);
    else
        nm_put_int(c, d + 1, RS_CARDINAL);
}

/* "787-9", "737-800": a variant's number after a model's. */
static size_t model_variant(struct nm_ctx *c, size_t j)
{
    if (!nm_is_sym(c, j, '-') || !nm_glued(c, j) || !nm_is_num(c, j + 1) || !nm_glued(c, j + 1) ||
        c->t[j + 1].len > 4 || (nm_glued(c, j + 2) && nm_is_num(c, j + 2)))
        return 0;
    say_model_number(c, &c->t[j + 1]);
    return 2;
}

/* An aircraft's number said digit by digit ([contexts] model_digits)
 * beside a word of model_near, a variant or a letter: "Boeing 737",
 * "the 787 Dreamliner", "787-9", "777X". */
static size_t match_model_digits(struct nm_ctx *c, size_t i)
{
    const struct nm_list *near = &c->n->ctx[CX_MODEL_NEAR];
    if (!nm_is_num(c, i) || !nm_in_list(c, i, &c->n->ctx[CX_MODEL_DIGITS]) ||
        (i > 0 && nm_glued(c, i) && c->t[i - 1].kind != TK_SYM))
        return 0;
    size_t end = i + 1;
    int variant = nm_is_sym(c, end, '-') && nm_glued(c, end) && nm_is_num(c, end + 1) &&
                  nm_glued(c, end + 1);
    int letter = nm_is_word(c, end) && nm_glued(c, end) &&
                 (c->t[end].upper || (c->t[end].len == 1 && (nm_list_before(c, i, near, 3) ||
                                                              nm_in_list(c, end + 1, near))));
    if (!variant && !letter && !nm_list_before(c, i, near, 3) && !nm_in_list(c, end, near) &&
        !(nm_is_word(c, end) && nm_in_list(c, end + 1, near)))
        return 0;
    if (nm_glued(c, end) && !variant && !letter)
        return 0;
    nm_put_digits(c, c->t[i].s, c->t[i].len, 0);
    return end - i + model_variant(c, end);
}

/* A video resolution, "1080p", "720p", "1080i": the number in two parts
 * and its letter ([contexts] resolutions), "ten eighty p". */
static size_t match_resolution(struct nm_ctx *c, size_t i)
{
    if (!nm_is_num(c, i) || !nm_in_list(c, i, &c->n->ctx[CX_RESOLUTIONS]) ||
        !nm_is_word(c, i + 1) || !nm_glued(c, i + 1) || c->t[i + 1].len != 1 ||
        !strchr("piPI", c->t[i + 1].s[0]) ||
        (nm_glued(c, i + 2) && (nm_is_word(c, i + 2) || nm_is_num(c, i + 2))) ||
        (i > 0 && nm_glued(c, i) && c->t[i - 1].kind != TK_SYM))
        return 0;
    const struct nm_tok *t = &c->t[i];
    if (t->len == 4) {
        char hi[3] = {t->s[0], t->s[1], '\0'}, lo[3] = {t->s[2], t->s[3], '\0'};
        nm_put_int(c, hi, RS_CARDINAL);
        nm_put_int(c, lo, RS_CARDINAL);
    } else {
        say_model_number(c, t);
    }
    nm_say_letters(c, c->t[i + 1].s, 1);
    return 2;
}

/* A US ZIP code after a state's code ([contexts] zip_before): "CA
 * 94107", "NY 10001-1234", digit by digit. */
static size_t zip_code(struct nm_ctx *c, size_t i)
{
    if (!nm_is_num(c, i) || c->t[i].len != 5 || !c->t[i].space || i == 0 ||
        !nm_in_list(c, i - 1, &c->n->ctx[CX_ZIP_BEFORE]) || !c->t[i - 1].upper)
        return 0;
    size_t end = i + 1;
    if (nm_is_sym(c, end, '-') && nm_glued(c, end) && nm_is_num(c, end + 1) && nm_glued(c, end + 1) &&
        c->t[end + 1].len == 4)
        end += 2;
    if ((nm_glued(c, end) && (nm_is_num(c, end) || nm_is_word(c, end))) ||
        (nm_is_word(c, end) && !c->t[end].cap))
        return 0;
    nm_put_digits(c, c->t[i].s, 5, 1);
    if (end > i + 1) {
        nm_say_word(c, W_DASH, 0);
        nm_put_digits(c, c->t[i + 2].s, 4, 1);
    }
    return end - i;
}

/* A model's or a road's code: capitals and three digits, "A380",
 * "F-150", "MH370", "the A303": the letters, then the number in two
 * parts ([settings] model_pairs). */
size_t nm_match_model(struct nm_ctx *c, size_t i)
{
    size_t used = match_model_digits(c, i);
    if (!used)
        used = match_resolution(c, i);
    if (!used)
        used = zip_code(c, i);
    if (used || !c->n->set.model_pairs)
        return used;
    const struct nm_tok *t = &c->t[i];
    if (!nm_is_word(c, i) || !t->upper || t->len > 3 ||
        (i > 0 && nm_glued(c, i) && c->t[i - 1].kind != TK_SYM) ||
        nm_list_match(c, i, &c->n->cur_symbols, &(size_t){0}))
        return 0;
    size_t j = i + 1;
    if (nm_is_sym(c, j, '-') && nm_glued(c, j))
        j++;
    if (!nm_is_num(c, j) || !nm_glued(c, j) || c->t[j].len != 3 || c->t[j].s[0] == '0')
        return 0;
    /* Not a number that goes on or an amount: "A380,000", "F150.5",
     * "N500m" (naira). */
    if (nm_list_match(c, j + 1, &c->n->scales, &(size_t){0}) && nm_glued(c, j + 1))
        return 0;
    if (nm_glued(c, j + 1) &&
        (nm_is_num(c, j + 1) ||
         ((nm_is_sym(c, j + 1, '.') || nm_is_sym(c, j + 1, ',')) && nm_is_num(c, j + 2) &&
          nm_glued(c, j + 2))))
        return 0;
    /* Letters eSpeak NG would read as a word keep to the number: "A-". */
    int word_letter = 0;
    for (size_t k = 0; k < c->n->ctx[CX_LETTER_WORDS].n; k++)
        word_letter |= t->len == 1 && c->n->ctx[CX_LETTER_WORDS].v[k].key[0] == t->s[0] &&
                       !c->n->ctx[CX_LETTER_WORDS].v[k].key[1];
    if (word_letter) {
        char letter[3] = {t->s[0], '-', '\0'};
        nm_say(c, letter);
    } else {
        nm_say_letters(c, t->s, t->len);
    }
    say_model_number(c, &c->t[j]);
    return j + 1 - i + model_variant(c, j + 1);
}

/* A minus sign: "-5", "−5" at the start or after a space or bracket. */
static int minus_at(const struct nm_ctx *c, size_t i)
{
    if (!(nm_is_sym(c, i, '-') || nm_is_sym(c, i, 0x2212)) || !nm_is_num(c, i + 1) ||
        !nm_glued(c, i + 1))
        return 0;
    return i == 0 || c->t[i].space || nm_is_sym(c, i - 1, '(');
}

/* A golfer's score against par, "-12", "+3", near a word of golf
 * ([contexts] golf_near): "twelve under", "three over". */
static size_t golf_score(struct nm_ctx *c, size_t i)
{
    const struct nm_list *l = &c->n->ctx[CX_GOLF_NEAR];
    int under = nm_is_sym(c, i, '-') || nm_is_sym(c, i, 0x2212);
    if (!l->n || !(under || nm_is_sym(c, i, '+')) || !nm_is_num(c, i + 1) || !nm_glued(c, i + 1) ||
        c->t[i + 1].len > 2 || (i > 0 && !c->t[i].space && !nm_is_sym(c, i - 1, '(')) ||
        (nm_glued(c, i + 2) && (nm_is_num(c, i + 2) || nm_is_word(c, i + 2) ||
                                ((nm_is_sym(c, i + 2, '.') || nm_is_sym(c, i + 2, ',')) &&
                                 nm_is_num(c, i + 3)))))
        return 0;
    size_t from = i > 12 ? i - 12 : 0, to = i + 14 < c->nt ? i + 14 : c->nt, k;
    for (k = from; k < to; k++)
        if (nm_is_word(c, k) && nm_in_list(c, k, l))
            break;
    if (k == to)
        return 0;
    char digits[8];
    snprintf(digits, sizeof digits, "%.*s", (int)c->t[i + 1].len, c->t[i + 1].s);
    char *w = nm_spell(c->n, RS_CARDINAL, digits);
    const char *names[] = {"n"};
    const char *values[] = {w};
    nm_put_pattern(c, nm_word(c->n, under ? W_GOLF_UNDER : W_GOLF_OVER), names, values, 1);
    free(w);
    return 2;
}

/* A motorway's junction, "J25", in a sentence that names a motorway
 * ([contexts] junction_near: "M62", "motorway"): "junction twenty-five". */
static size_t junction(struct nm_ctx *c, size_t i)
{
    const char *word = c->n->word[W_JUNCTION];
    if (!word || !*word || !nm_is_text(c, i, "J") || !nm_is_num(c, i + 1) ||
        !nm_glued(c, i + 1) || c->t[i + 1].len > 2 ||
        (nm_glued(c, i + 2) && (nm_is_num(c, i + 2) || nm_is_word(c, i + 2))) ||
        (i > 0 && nm_glued(c, i) && c->t[i - 1].kind != TK_SYM))
        return 0;
    size_t from = i > 15 ? i - 15 : 0, to = i + 15 < c->nt ? i + 15 : c->nt, k;
    for (k = from; k < to; k++) {
        const struct nm_tok *t = &c->t[k];
        /* "M6", "M62": a motorway's name */
        if (t->kind == TK_WORD && t->len == 1 && t->s[0] == 'M' && nm_is_num(c, k + 1) &&
            nm_glued(c, k + 1))
            break;
        if (nm_is_word(c, k) && nm_in_list(c, k, &c->n->ctx[CX_JUNCTION_NEAR]))
            break;
    }
    if (k == to)
        return 0;
    nm_say(c, word);
    char digits[8];
    snprintf(digits, sizeof digits, "%.*s", (int)c->t[i + 1].len, c->t[i + 1].s);
    nm_put_int(c, digits, RS_CARDINAL);
    return 2;
}

size_t nm_match_number(struct nm_ctx *c, size_t i)
{
    size_t used;
    if ((used = nm_match_fraction(c, i)) || (used = golf_score(c, i)) || (used = junction(c, i)))
        return used;
    int negative = minus_at(c, i);
    size_t start = negative ? i + 1 : i;
    if (!negative && !nm_is_num(c, i) && !nm_is_sym(c, i, (uint32_t)c->n->set.decimal[0]))
        return 0;
    if (nm_is_num(c, start) && (used = match_dotted(c, start)))
        return used + (start - i);
    if (!negative && nm_is_num(c, i) && (used = match_code(c, i)))
        return used;
    struct nm_num num;
    if (!nm_parse_number(c, start, &num))
        return 0;
    num.negative = negative;
    size_t len = strlen(num.whole);
    if (!negative && !num.grouped && !*num.frac && len == 4 &&
        nm_year_context(c, start, nm_num_value(&num))) {
        nm_put_year(c, nm_num_value(&num));
        return num.end - i;
    }
    /* "007": digits; French and Spanish say what follows the zeros as a
     * number ("016": "cero dieciséis"). */
    if (len > 1 && num.whole[0] == '0' && !num.grouped) {
        if (negative)
            nm_say_word(c, W_MINUS, 0);
        size_t zeros = strspn(num.whole, "0");
        if (c->n->set.phone_numbers && zeros < len && len - zeros <= 2) {
            nm_put_digits(c, num.whole, zeros, 0);
            nm_put_int(c, num.whole + zeros, RS_NUMBERING);
        } else {
            nm_put_digits(c, num.whole, len, 0);
        }
        if (*num.frac) {
            nm_say_word(c, W_POINT, 0);
            put_fraction_digits(c, num.frac, RS_NUMBERING);
        }
        return num.end - i;
    }
    /* "a las 1": an hour ("a la una"). */
    enum nm_role role = nm_case_role(c, start, count_role(c, num.end));
    long v = nm_num_value(&num);
    if (!negative && !*num.frac && !num.grouped && v >= 0 && v <= 24 && role == RS_NUMBERING &&
        nm_list_before(c, start, &c->n->ctx[CX_TIME_BEFORE], 1))
        role = RS_HOUR_ALONE;
    nm_put_number(c, &num, role);
    return num.end - i;
}
