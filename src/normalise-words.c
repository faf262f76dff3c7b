/* Written forms that are words: abbreviations resolved by their context
 * (St: Saint before a name, Street after one; No. before a number; e.g.,
 * z. B., M., Sra.), roman numerals where the context makes them numbers
 * (Henry VIII, Louis XIV, Felipe VI, Chapter IV, World War II, XIXe
 * siècle; never "I" alone, "MIX", "CV" or "DC"), and symbols (& + = × ±
 * ° / % # ~) with the words of the language. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "normalise-internal.h"

/* --- Abbreviations --------------------------------------------------------- */

/* A name that is more than the first word of a sentence. */
static int strong_name(const struct nm_ctx *c, size_t i)
{
    return nm_is_name(c, i) && !nm_sentence_start(c, i);
}

/* How well entry e fits at [i, i + k): 0 not at all; higher is better.
 * A name before ("Oxford St") beats a name after ("St Paul's") unless
 * the name before only starts its sentence. */
static int fit_rank(const struct nm_ctx *c, size_t i, size_t k, const struct nm_entry *e)
{
    if (!nm_entry_fits(c, i, k, e))
        return 0;
    if (e->flags & NM_AFTER_NAME)
        return strong_name(c, i - 1) ? 5 : 2;
    if (e->flags & NM_BEFORE_NAME)
        return 4;
    if (e->flags & (NM_BEFORE_NUMBER | NM_AFTER_NUMBER))
        return 3;
    return 1;
}

/* German compounds end in an abbreviation: "Hauptstr." -> "Hauptstraße". */
static size_t match_word_end(struct nm_ctx *c, size_t i)
{
    const struct nm_list *l = &c->n->abbrevs;
    const struct nm_tok *t = &c->t[i];
    if (t->kind != TK_WORD || !nm_is_sym(c, i + 1, '.') || !nm_glued(c, i + 1))
        return 0;
    for (size_t k = 0; k < l->n; k++) {
        const struct nm_entry *e = &l->v[k];
        if (!(e->flags & NM_WORD_END))
            continue;
        size_t klen = strlen(e->key);
        if (!(e->flags & NM_WORD_END) || klen < 2 || e->key[klen - 1] != '.')
            continue;
        size_t stem = klen - 1;
        if (t->len <= stem || nm_utf8_casecmp(t->s + t->len - stem, stem, e->key, stem) != 0)
            continue;
        char *word = aloud_xasprintf("%.*s%s", (int)(t->len - stem), t->s, e->say);
        nm_say(c, word);
        free(word);
        return 2;
    }
    return 0;
}

size_t nm_match_abbrev(struct nm_ctx *c, size_t i)
{
    const struct nm_list *l = &c->n->abbrevs;
    if (i >= c->nt || (c->t[i].kind == TK_NUM))
        return 0;
    size_t used = match_word_end(c, i);
    if (used)
        return used;
    /* Not the end of a longer word ("piano." is no "no."). */
    if (nm_glued(c, i) && c->t[i].kind == TK_WORD && c->t[i - 1].kind == TK_WORD)
        return 0;
    const struct nm_entry *best = NULL, *e;
    size_t best_len = 0, best_tok = 0;
    int best_rank = 0;
    NM_FOR_BUCKET(l, (unsigned char)c->t[i].s[0], e)
    {
        size_t klen = strlen(e->key);
        if (klen < best_len || (e->flags & NM_WORD_END))
            continue;
        size_t m = nm_key_match(c, i, e->key);
        if (!m)
            continue;
        /* "St." for a key "St": the full stop of the abbreviation. */
        size_t ctx_tok = m;
        if (e->key[klen - 1] != '.' && nm_is_sym(c, i + m, '.') && nm_glued(c, i + m))
            ctx_tok = m + 1;
        int rank = fit_rank(c, i, ctx_tok, e);
        if (!rank && ctx_tok != m)
            rank = fit_rank(c, i, m, e), ctx_tok = m;
        if (!rank || (klen == best_len && rank <= best_rank))
            continue;
        best = e;
        best_len = klen;
        best_tok = ctx_tok;
        best_rank = rank;
    }
    if (!best)
        return 0;
    /* A word after the abbreviation must not run on from it; a number may
     * after its full stop ("c.1850", "No.10"). */
    size_t next = i + best_tok;
    int dot_number =
        c->t[next - 1].kind == TK_SYM && (c->t[next - 1].cp == '.' || c->t[next - 1].cp == 0xB0) &&
        (best->flags & NM_BEFORE_NUMBER) &&
        (nm_is_num(c, next) || nm_list_match(c, next, &c->n->cur_symbols, &(size_t){0}));
    if (nm_glued(c, next) && (nm_is_word(c, next) || nm_is_num(c, next)) && !dot_number)
        return 0;
    nm_say(c, best->say);
    /* "etc." at the end of a sentence ends it too. */
    size_t after = i + best_tok;
    const struct nm_tok *last = &c->t[after - 1];
    int ends_dot = last->kind == TK_SYM && last->cp == '.';
    /* A capital after "etc." starts a sentence; after "Jr." or "St." (a
     * name's) only a function word does ("King Jr. Day", "Oxford St. The"). */
    int next_starts =
        after < c->nt && nm_is_name(c, after) && c->t[after].space &&
        !c->n->set.nouns_capitalised &&
        (!(best->flags & NM_AFTER_NAME) || nm_in_list(c, after, &c->n->ctx[CX_FUNCTION_WORDS]));
    if (ends_dot && !(best->flags & (NM_BEFORE_NAME | NM_BEFORE_NUMBER)) &&
        (after >= c->nt || next_starts))
        nm_put(c, ".");
    return best_tok;
}

/* --- Roman numerals ------------------------------------------------------------ */

static int roman_digit(char ch)
{
    switch (ch) {
    case 'I':
        return 1;
    case 'V':
        return 5;
    case 'X':
        return 10;
    case 'L':
        return 50;
    case 'C':
        return 100;
    case 'D':
        return 500;
    case 'M':
        return 1000;
    default:
        return 0;
    }
}

/* The value of a canonical roman numeral (s, len), or 0: "IIII", "VX"
 * and "IC" are not numbers. */
static int roman_value(const char *s, size_t len)
{
    if (len == 0 || len > 15)
        return 0;
    int total = 0;
    for (size_t k = 0; k < len; k++) {
        int v = roman_digit(s[k]);
        if (!v)
            return 0;
        int next = k + 1 < len ? roman_digit(s[k + 1]) : 0;
        total += v < next ? -v : v;
    }
    if (total <= 0 || total >= 4000)
        return 0;
    /* Canonical form only: write it back and compare. */
    static const struct {
        int v;
        const char *s;
    } parts[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"},
                 {90, "XC"},  {50, "L"},   {40, "XL"}, {10, "X"},   {9, "IX"},
                 {5, "V"},    {4, "IV"},   {1, "I"}};
    char canon[32] = "";
    int rest = total;
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
        while (rest >= parts[k].v) {
            strcat(canon, parts[k].s);
            rest -= parts[k].v;
        }
    return strlen(canon) == len && memcmp(canon, s, len) == 0 ? total : 0;
}

/* Says a regnal pattern with its placeholders: {ordinal}, {Ordinal}
 * (capitalised, German), {ordinal_n} and {Ordinal_n} (the third ordinal
 * rule set: German "-en"), {cardinal}. */
static void say_regnal_pattern(struct nm_ctx *c, const char *pattern, int value, int feminine)
{
    const struct aloud_normaliser *n = c->n;
    char digits[16];
    snprintf(digits, sizeof digits, "%d", value);
    char *ord = nm_spell(n, feminine ? RS_ORDINAL_F : RS_ORDINAL_M, digits);
    char *ord_n = nm_spell(n, RS_ORDINAL_N, digits);
    char *card = nm_spell(n, RS_NUMBERING, digits);
    char *Ord = aloud_xstrdup(ord ? ord : "");
    char *Ord_n = aloud_xstrdup(ord_n ? ord_n : "");
    if (*Ord >= 'a' && *Ord <= 'z')
        *Ord = (char)(*Ord - 'a' + 'A');
    if (*Ord_n >= 'a' && *Ord_n <= 'z')
        *Ord_n = (char)(*Ord_n - 'a' + 'A');
    const char *names[] = {"ordinal", "Ordinal", "ordinal_n", "Ordinal_n", "cardinal"};
    const char *values[] = {ord, Ord, ord_n, Ord_n, card};
    nm_put_pattern(c, pattern, names, values, 5);
    free(ord);
    free(ord_n);
    free(card);
    free(Ord);
    free(Ord_n);
}

/* "Karls III.": a regnal name in the genitive (German). */
static int genitive_of_name(const struct nm_ctx *c, size_t i)
{
    const struct nm_tok *t = &c->t[i];
    if (!nm_is_name(c, i) || t->len < 3 || t->s[t->len - 1] != 's')
        return 0;
    for (size_t k = 0; k < c->n->ctx[CX_REGNAL_NAMES].n; k++) {
        const char *name = c->n->ctx[CX_REGNAL_NAMES].v[k].key;
        if (strlen(name) == t->len - 1 && memcmp(name, t->s, t->len - 1) == 0)
            return 1;
    }
    return 0;
}

/* "the Eighth", "der Vierzehnte", "quatorze", "sexto". */
static void say_regnal(struct nm_ctx *c, int value, int feminine)
{
    const struct aloud_normaliser *n = c->n;
    char digits[16];
    snprintf(digits, sizeof digits, "%d", value);
    if (value == 1 && n->word[W_REGNAL_ONE] && *n->word[W_REGNAL_ONE]) {
        nm_say(c, n->word[W_REGNAL_ONE]);
        return;
    }
    int max = n->set.regnal_ordinal_max;
    if (max && value > max) {
        nm_put_int(c, digits, RS_NUMBERING);
        return;
    }
    const char *pattern =
        feminine && n->word[W_REGNAL_F] ? n->word[W_REGNAL_F] : nm_word(n, W_REGNAL);
    say_regnal_pattern(c, pattern, value, feminine);
}

/* German writes a regnal ordinal's full stop ("Ludwig XIV."): the tokens
 * the numeral at i takes, its full stop put back where it ends a sentence. */
static size_t ordinal_stop(struct nm_ctx *c, size_t i)
{
    if (!c->n->set.ordinal_dot || !nm_is_sym(c, i + 1, '.') || !nm_glued(c, i + 1))
        return 1;
    if (i + 2 >= c->nt || !nm_is_word(c, i + 2))
        nm_put(c, ".");
    return 2;
}

size_t nm_match_roman(struct nm_ctx *c, size_t i)
{
    const struct aloud_normaliser *n = c->n;
    if (!nm_is_word(c, i) || !c->t[i].cap || (!c->t[i].space && i > 0))
        return 0;
    /* "L’Humanité", "D'Arcy": an elided article or a name's, no numeral. */
    if (c->t[i].len == 1 && nm_glued(c, i + 1) &&
        (nm_is_sym(c, i + 1, '\'') || nm_is_sym(c, i + 1, 0x2019)) && !nm_is_text(c, i + 2, "s"))
        return 0;
    const struct nm_tok *t = &c->t[i];
    size_t rl = 0;
    while (rl < t->len && roman_digit(t->s[rl]))
        rl++;
    int value = roman_value(t->s, rl);
    if (!value)
        return 0;
    /* "XIXe siècle", "Ier": a roman ordinal in one word. */
    if (rl < t->len) {
        const struct nm_entry *suf = NULL;
        for (size_t e = 0; e < n->ordinal_suffixes.n && !suf; e++) {
            const char *key = n->ordinal_suffixes.v[e].key;
            if (strlen(key) == t->len - rl && memcmp(key, t->s + rl, t->len - rl) == 0)
                suf = &n->ordinal_suffixes.v[e];
        }
        /* "Dra.", "Mme": an abbreviation, not "D" or "M" with a suffix. */
        if (!suf || (rl == 1 && !strchr("IVX", t->s[0])) || nm_is_sym(c, i + 1, '.'))
            return 0;
        char digits[16];
        snprintf(digits, sizeof digits, "%d", value);
        nm_put_int(c, digits, nm_ordinal_for(suf->gender));
        return 1;
    }
    int cardinal = i > 0 && nm_list_before(c, i, &n->ctx[CX_ROMAN_CARDINAL_BEFORE], 1);
    /* No ruler's number passes forty, and a lone C, D, L or M after a
     * name is an initial: "Matilda C.". */
    int regnal = i > 0 && nm_in_list(c, i - 1, &n->ctx[CX_REGNAL_NAMES]) && c->t[i - 1].cap &&
                 value < 40 && !(rl == 1 && strchr("CDLM", t->s[0]));
    int genitive = !regnal && n->word[W_REGNAL_GEN] && i > 0 && genitive_of_name(c, i - 1);
    /* Another name with a numeral of two letters or more made of I, V and
     * X only: a person's ("John Smith III", a first name and a surname
     * before it) or a title's number ("Rocky IV", "Frozen II"). */
    if (!cardinal && !regnal && !genitive && rl >= 2 && strspn(t->s, "IVX") >= rl && value < 40 &&
        i > 0 && nm_is_name(c, i - 1) && !c->t[i - 1].upper && c->t[i].space) {
        if (i > 1 && nm_is_name(c, i - 2) && !c->t[i - 2].upper && c->t[i - 1].space &&
            !nm_sentence_start(c, i - 1))
            regnal = 1;
        else
            cardinal = 1;
    }
    if (genitive) {
        say_regnal_pattern(c, n->word[W_REGNAL_GEN], value, 0);
        return ordinal_stop(c, i);
    }
    /* Spanish "la II Guerra Mundial": "la Segunda". */
    int ordinal_f =
        i > 0 && nm_list_before(c, i, &n->ctx[CX_ROMAN_ORDINAL_F], 1) && nm_is_name(c, i + 1);
    int ordinal_m =
        i > 0 && nm_list_before(c, i, &n->ctx[CX_ROMAN_ORDINAL_M], 1) && nm_is_name(c, i + 1);
    if (ordinal_f || ordinal_m) {
        char digits[16];
        snprintf(digits, sizeof digits, "%d", value);
        nm_put_int(c, digits, ordinal_f ? RS_ORDINAL_F : RS_ORDINAL_M);
        return 1;
    }
    /* "MCMXCIX", "MMXXIV": a long numeral, a film's or a building's year,
     * whatever is around it; five letters or more are no word. */
    if (!cardinal && !regnal && rl == t->len && rl >= 5 && t->upper) {
        if (value >= 1000 && value < 2100)
            nm_put_year(c, value);
        else
            nm_put_int_value(c, value, RS_NUMBERING);
        return 1;
    }
    if (!cardinal && !regnal)
        return 0;
    /* "I" alone only with a name or a word that asks for a number. */
    if (cardinal) {
        char digits[16];
        snprintf(digits, sizeof digits, "%d", value);
        nm_put_int(c, digits, RS_NUMBERING);
        return 1;
    }
    if (n->word[W_REGNAL_DAT] && i > 1 && nm_list_before(c, i - 1, &n->ctx[CX_DATIVE_BEFORE], 1)) {
        /* "unter Wilhelm II.": "unter Wilhelm dem Zweiten" */
        int feminine = nm_in_list(c, i - 1, &n->ctx[CX_REGNAL_FEMININE]);
        say_regnal_pattern(c,
                           feminine && n->word_pl[W_REGNAL_DAT] ? n->word_pl[W_REGNAL_DAT]
                                                                : n->word[W_REGNAL_DAT],
                           value, feminine);
    } else {
        say_regnal(c, value, nm_in_list(c, i - 1, &n->ctx[CX_REGNAL_FEMININE]));
    }
    return ordinal_stop(c, i);
}

/* --- Symbols ----------------------------------------------------------------- */

/* Initials joined by "&" are said as one word: "AT&T" "A-T-and-T". */
static size_t initials_and(struct nm_ctx *c, size_t i)
{
    if (!nm_is_word(c, i) || !c->t[i].upper || c->t[i].len > 3 || !nm_is_sym(c, i + 1, '&') ||
        !nm_glued(c, i + 1) || !nm_is_word(c, i + 2) || !nm_glued(c, i + 2) || !c->t[i + 2].upper ||
        c->t[i + 2].len > 3 ||
        (nm_glued(c, i + 3) && (nm_is_word(c, i + 3) || nm_is_num(c, i + 3))))
        return 0;
    if (i > 0 && nm_glued(c, i) && c->t[i - 1].kind != TK_SYM)
        return 0;
    /* Letters joined by hyphens; when the first is one eSpeak NG would
     * read as a word ("A" in "A&E", "AT&T"), "and" is joined too:
     * "A-and-E", "A-T-and-T"; else "R and D". */
    struct aloud_buf b = {0};
    for (size_t k = 0; k < c->t[i].len; k++)
        aloud_buf_printf(&b, "%s%c", k ? "-" : "", c->t[i].s[k]);
    char first[2] = {c->t[i].s[0], '\0'};
    int glue = 0;
    for (size_t k = 0; k < c->n->ctx[CX_LETTER_WORDS].n; k++)
        glue |= strcmp(c->n->ctx[CX_LETTER_WORDS].v[k].key, first) == 0;
    aloud_buf_printf(&b, "%s%s%s", glue ? "-" : " ", nm_word(c->n, W_AND), glue ? "-" : " ");
    for (size_t k = 0; k < c->t[i + 2].len; k++)
        aloud_buf_printf(&b, "%s%c", k ? "-" : "", c->t[i + 2].s[k]);
    char *word = aloud_buf_steal(&b);
    nm_say(c, word);
    free(word);
    return 3;
}

size_t nm_match_symbol(struct nm_ctx *c, size_t i)
{
    const struct nm_list *l = &c->n->symbols;
    if (i >= c->nt || c->t[i].kind == TK_NUM)
        return 0;
    size_t used = initials_and(c, i);
    if (used)
        return used;
    const struct nm_entry *best = NULL, *e;
    size_t best_len = 0, best_tok = 0;
    NM_FOR_BUCKET(l, (unsigned char)c->t[i].s[0], e)
    {
        size_t klen = strlen(e->key);
        if (klen < best_len || (klen == best_len && best))
            continue;
        size_t m = nm_key_match_case(c, i, e->key, 1);
        if (!m || !nm_entry_fits(c, i, m, e))
            continue;
        /* A letter symbol ("x") is a word of its own. */
        if (c->t[i].kind == TK_WORD && nm_glued(c, i) && c->t[i - 1].kind == TK_WORD)
            continue;
        best = e;
        best_len = klen;
        best_tok = m;
    }
    if (!best)
        return 0;
    /* Spanish "Pérez & Hijos": "y" is "e" before an i sound. */
    const char *and_i = c->n->word[W_AND_I];
    const struct nm_tok *next = i + best_tok < c->nt ? &c->t[i + best_tok] : NULL;
    if (and_i && next && next->kind == TK_WORD && strcmp(best->say, nm_word(c->n, W_AND)) == 0 &&
        ((next->s[0] | 0x20) == 'i' ||
         ((next->s[0] | 0x20) == 'h' && next->len > 1 && (next->s[1] | 0x20) == 'i' &&
          !(next->len > 2 && strchr("aeiou", next->s[2] | 0x20)))))
        nm_say(c, and_i);
    else
        nm_say(c, best->say);
    return best_tok;
}
