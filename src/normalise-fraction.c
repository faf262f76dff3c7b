/* Fractions: 3/4 and 1 1/2, the vulgar fraction characters (½, ¾...),
 * one part alone ("a third", "half a mile", "media hora") and mixed
 * numbers ("one and a half", "eineinhalb"), by the rules' [fractions]
 * and patterns. */
#include <stdlib.h>
#include <string.h>

#include "normalise-internal.h"

static const struct {
    uint32_t cp;
    int num, den;
} vulgar[] = {
    {0xBD, 1, 2},   {0x2153, 1, 3}, {0x2154, 2, 3}, {0xBC, 1, 4},   {0xBE, 3, 4},   {0x2155, 1, 5},
    {0x2156, 2, 5}, {0x2157, 3, 5}, {0x2158, 4, 5}, {0x2159, 1, 6}, {0x215A, 5, 6}, {0x2150, 1, 7},
    {0x215B, 1, 8}, {0x215C, 3, 8}, {0x215D, 5, 8}, {0x215E, 7, 8}, {0x2151, 1, 9}, {0x2152, 1, 10},
};

static int vulgar_at(const struct nm_ctx *c, size_t i, int *num, int *den)
{
    if (i >= c->nt || c->t[i].kind != TK_SYM)
        return 0;
    for (size_t k = 0; k < sizeof vulgar / sizeof vulgar[0]; k++) {
        if (c->t[i].cp == vulgar[k].cp) {
            *num = vulgar[k].num;
            *den = vulgar[k].den;
            return 1;
        }
    }
    return 0;
}

/* The denominator's word: "half", "quarters", "cinquièmes", "Zwanzigstel". */
static char *denominator(const struct aloud_normaliser *n, int den, int plural)
{
    for (size_t k = 0; k < n->fractions.n; k++) {
        const struct nm_entry *e = &n->fractions.v[k];
        if (e->value == den)
            return aloud_xstrdup(plural && e->say_pl ? e->say_pl : e->say);
    }
    char digits[16];
    snprintf(digits, sizeof digits, "%d", den);
    const char *rule = n->set.fraction_other;
    if (strcmp(rule, "cardinal-avo") == 0) {
        char *s = nm_spell(n, RS_CARDINAL, digits);
        char *r = s ? aloud_xasprintf("%savo%s", s, plural ? "s" : "") : NULL;
        free(s);
        return r;
    }
    char *s = nm_spell(n, RS_ORDINAL, digits);
    if (!s)
        return NULL;
    if (strcmp(rule, "ordinal-tel") == 0) {
        size_t len = strlen(s);
        if (len && s[len - 1] == 'e')
            s[len - 1] = '\0';
        char *r = aloud_xasprintf("%sel", s);
        free(s);
        return r;
    }
    if (plural) {
        char *r = aloud_xasprintf("%ss", s);
        free(s);
        return r;
    }
    return s;
}

static char denominator_gender(const struct aloud_normaliser *n, int den)
{
    for (size_t k = 0; k < n->fractions.n; k++)
        if (n->fractions.v[k].value == den)
            return n->fractions.v[k].gender;
    return 0;
}

/* One part alone: "a third" in English prose, "half" before "a" ("half a
 * mile"), "one half" before the noun it measures ("1/2 cup"). Returns 0
 * when the plain reading is right. */
static int put_one_part(struct nm_ctx *c, int den, const char *den_word, size_t after)
{
    const struct aloud_normaliser *n = c->n;
    /* "½ a mile", "½ of voters": "half". */
    if (den == 2 && n->word[W_HALF] &&
        (nm_is_itext(c, after, "a") || nm_is_itext(c, after, "an") ||
         nm_is_itext(c, after, "of"))) {
        nm_say(c, n->word[W_HALF]);
        return 1;
    }
    const struct nm_tok *t = after < c->nt ? &c->t[after] : NULL;
    int before_noun = t && t->kind == TK_WORD && (!t->cap || n->set.nouns_capitalised) &&
                      !nm_in_list(c, after, &n->ctx[CX_FUNCTION_WORDS]);
    /* Spanish "½ hora": "media hora", "½ litro": "medio litro". */
    if (den == 2 && before_noun && n->word[W_HALF_NOUN]) {
        int feminine = nm_role_for_noun(c, after) == RS_CARDINAL_F;
        nm_say(c, feminine && n->word_pl[W_HALF_NOUN] ? n->word_pl[W_HALF_NOUN]
                                                      : n->word[W_HALF_NOUN]);
        return 1;
    }
    if (!n->word[W_FRACTION_ONE] ||
        (before_noun && !(t->len > 3 && memcmp(t->s + t->len - 2, "er", 2) == 0)))
        return 0;
    /* "by a ¼": the article is written already. */
    const char *pattern = n->word[W_FRACTION_ONE];
    const char *sp = strchr(pattern, ' ');
    size_t start = after >= 3 && nm_is_sym(c, after - 2, '/') ? after - 3 : after - 1;
    /* A fraction alone, a table's cell or a label: "one eighth". */
    if (start == 0 && after >= c->nt)
        return 0;
    if (sp && start > 0 && nm_is_word(c, start - 1) &&
        nm_utf8_casecmp(pattern, (size_t)(sp - pattern), c->t[start - 1].s, c->t[start - 1].len) ==
            0)
        pattern = sp + 1;
    /* "a {den}" before "eighth": "an eighth". */
    if (strcmp(pattern, "a {den}") == 0 && strchr("aeio", den_word[0]))
        pattern = "an {den}";
    const char *names[] = {"den"};
    const char *values[] = {den_word};
    nm_put_pattern(c, pattern, names, values, 1);
    return 1;
}

/* "three quarters"; with whole, "one and a half". after: the token after
 * the fraction. */
static void put_fraction(struct nm_ctx *c, const char *whole, int num, int den, size_t after)
{
    const struct aloud_normaliser *n = c->n;
    struct nm_num count = {0};
    snprintf(count.whole, sizeof count.whole, "%d", num);
    char *den_word = denominator(n, den, nm_plural(n, &count));
    if (!whole && num == 1 && den_word && put_one_part(c, den, den_word, after)) {
        free(den_word);
        return;
    }
    char gender = denominator_gender(n, den);
    char *num_word = nm_spell(n, nm_cardinal_for(gender ? gender : 'm'), count.whole);
    char *fraction = aloud_xasprintf("%s %s", num_word ? num_word : "", den_word ? den_word : "");
    if (!whole) {
        nm_say(c, fraction);
    } else {
        char *whole_word = nm_spell(n, RS_MIXED, whole);
        const char *names[] = {"whole", "fraction", "den"};
        const char *values[] = {whole_word, fraction, den_word};
        const char *pattern = nm_word(n, W_MIXED);
        /* "mixed = {whole} and {fraction} | {whole} and a {den}": the
         * second for one half, one quarter... */
        if (num == 1 && n->word_pl[W_MIXED])
            pattern = n->word_pl[W_MIXED];
        nm_put_pattern(c, pattern, names, values, 3);
        free(whole_word);
    }
    free(fraction);
    free(num_word);
    free(den_word);
}

/* A mark or a rating: "scored 9/10", "4/5 stars", "18/20" in French:
 * "{a} out of {b}" (the rules' `rating`), after a word of
 * `rating_before` or before one of `rating_after`. */
static int rating(struct nm_ctx *c, size_t i, size_t after, int num, int den)
{
    const struct aloud_normaliser *n = c->n;
    if (!n->word[W_RATING] || num < 0 || num > den ||
        (den != 5 && den != 10 && den != 20 && den != 100))
        return 0;
    if (!nm_list_before(c, i, &n->ctx[CX_RATING_BEFORE], 2) &&
        !nm_in_list(c, after, &n->ctx[CX_RATING_AFTER]))
        return 0;
    char a[16], b[16];
    snprintf(a, sizeof a, "%d", num);
    snprintf(b, sizeof b, "%d", den);
    char *x = nm_spell(n, RS_CARDINAL, a), *y = nm_spell(n, RS_CARDINAL, b);
    const char *names[] = {"a", "b"};
    const char *values[] = {x, y};
    nm_put_pattern(c, n->word[W_RATING], names, values, 2);
    free(x);
    free(y);
    return 1;
}

/* French "½ heure": "une demi-heure", a half_noun ending in a hyphen
 * joined to its noun. */
static int half_joined(struct nm_ctx *c, size_t noun)
{
    const struct aloud_normaliser *n = c->n;
    const char *half = n->word[W_HALF_NOUN];
    if (!half || !*half || half[strlen(half) - 1] != '-' || !nm_is_word(c, noun) ||
        !c->t[noun].space || c->t[noun].cap || nm_in_list(c, noun, &n->ctx[CX_FUNCTION_WORDS]))
        return 0;
    if (nm_role_for_noun(c, noun) == RS_CARDINAL_F && n->word_pl[W_HALF_NOUN])
        half = n->word_pl[W_HALF_NOUN];
    nm_say(c, half);
    nm_put_tok(c, noun);
    return 1;
}

/* Spanish "2½ tazas": "dos tazas y media", the half after the noun it
 * measures, in the noun's gender (the rules' `half_after`). */
static int half_after_noun(struct nm_ctx *c, const char *whole, int num, int den, size_t noun)
{
    const struct aloud_normaliser *n = c->n;
    if (!n->word[W_HALF_AFTER] || num != 1 || den != 2 || atoi(whole) < 2 || !nm_is_word(c, noun) ||
        !c->t[noun].space || c->t[noun].cap || nm_in_list(c, noun, &n->ctx[CX_FUNCTION_WORDS]))
        return 0;
    enum nm_role role = nm_role_for_noun(c, noun);
    char *w = nm_spell(n, role, whole);
    nm_say(c, w);
    free(w);
    nm_put_space(c, noun);
    nm_put_tok(c, noun);
    nm_say_word(c, W_HALF_AFTER, role == RS_CARDINAL_F);
    return 1;
}

size_t nm_match_fraction(struct nm_ctx *c, size_t i)
{
    int num, den;
    if (vulgar_at(c, i, &num, &den)) {
        if (num == 1 && den == 2 && half_joined(c, i + 1))
            return 2;
        put_fraction(c, NULL, num, den, i + 1);
        return 1;
    }
    if (!nm_is_num(c, i) || c->t[i].len > 6)
        return 0;
    char whole[8];
    snprintf(whole, sizeof whole, "%.*s", (int)c->t[i].len, c->t[i].s);
    if (nm_glued(c, i + 1) && vulgar_at(c, i + 1, &num, &den)) {
        if (half_after_noun(c, whole, num, den, i + 2))
            return 3;
        put_fraction(c, whole, num, den, i + 2);
        return 2;
    }
    /* 3/4 and 1 1/2; a numerator smaller than its denominator, which is
     * not a year or a date ("24/7" and "9/11" are not fractions). */
    size_t f = i;
    int mixed = nm_is_num(c, i + 1) && c->t[i + 1].space && c->t[i].len <= 3;
    if (mixed)
        f = i + 1;
    if (!((nm_is_sym(c, f + 1, '/') || nm_is_sym(c, f + 1, 0x2044)) && nm_glued(c, f + 1) &&
          nm_is_num(c, f + 2) && nm_glued(c, f + 2) && c->t[f].len <= 3 && c->t[f + 2].len <= 3) ||
        nm_is_sym(c, f + 3, '/') ||
        (nm_glued(c, f + 3) && !nm_is_sym(c, f + 3, ',') && !nm_is_sym(c, f + 3, '.') &&
         nm_is_num(c, f + 3)))
        return 0;
    num = atoi(c->t[f].s);
    den = atoi(c->t[f + 2].s);
    if (!mixed && rating(c, i, f + 3, num, den))
        return 3;
    /* Denominators over ten are fractions when they measure ("5/16",
     * "1/100"); "9/11" is a date said as written. */
    int measuring =
        den <= 10 || num == 1 || den == 12 || den == 16 || den == 32 || den == 64 || den == 100;
    if (num <= 0 || den < 2 || num >= den || den > 100 || !measuring)
        return 0;
    put_fraction(c, mixed ? whole : NULL, num, den, f + 3);
    return f + 3 - i;
}
