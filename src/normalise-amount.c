/* Amounts: money ("£1.5bn", "$1,200.50", "50p", "12,50 €", "USD 5m"),
 * measures ("5km", "20°C", "3.5GB", "15 mins", "m/s"), percentages, and
 * ranges of any of these or of plain numbers ("£5-10m", "10–12", "2024–25",
 * "18-25") with the language's range word; a score ("won 3-1") or a ratio
 * ("3:1") is not a range. An amount is read from its parts: the currency
 * before or after the number, the scale ("m", "bn", "Mio."), the unit or
 * the per cent sign; the words come from the rules and the number's
 * plural category from ICU. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "normalise-internal.h"

struct amount {
    int cur;   /* currency index, or -1 */
    int minor; /* written in minor units ("50p") */
    struct nm_num num;
    const struct nm_entry *scale; /* "bn", or NULL */
    const struct nm_entry *unit;  /* "km", or NULL */
    const struct nm_entry *per;   /* the unit after "/" ("m/s"), or NULL */
    int percent;
    size_t per_word;  /* "£5.99/month": the word after "/", or 0 */
    int attributive;  /* before a noun: "a five pound note" */
    size_t num_start; /* the number's first token */
    size_t end;       /* the token after the amount */
};

/* --- Reading an amount --------------------------------------------------------- */

static int is_percent(const struct nm_ctx *c, size_t i)
{
    return nm_is_sym(c, i, '%') || nm_is_sym(c, i, 0x066A) || nm_is_sym(c, i, 0xFF05);
}

/* A currency symbol or code at i that is a word of its own. */
static const struct nm_entry *currency_at(const struct nm_ctx *c, size_t i, size_t *ntok)
{
    const struct nm_entry *e = nm_list_match(c, i, &c->n->cur_symbols, ntok);
    if (!e)
        return NULL;
    /* A code is a word of its own: "EUR", not the start of "EURO". */
    if (c->t[i].kind == TK_WORD && i > 0 && nm_glued(c, i) && c->t[i - 1].kind == TK_WORD)
        return NULL;
    return e;
}

/* A lower-case word after the number that is a plural noun, not one a
 * measure describes ("the 400m hurdles"). */
static int counts_people(const struct nm_ctx *c, size_t i)
{
    if (!nm_is_word(c, i) || c->t[i].cap || nm_in_list(c, i, &c->n->ctx[CX_MEASURE_AFTER]))
        return 0;
    return nm_in_list(c, i, &c->n->ctx[CX_COUNT_AFTER]) || nm_plural_noun(c, i);
}

/* "7.6m", "a population of 67m", "the 1.2m-strong union": a count in
 * millions, not metres, by the words around it ([contexts] count_before,
 * measure_after). A number with one decimal is a count unless a measure's
 * word follows ("2.3m above", "a 1.5m-high wall"). */
static int counts_by_context(const struct nm_ctx *c, size_t i, const struct nm_num *num,
                             size_t after)
{
    const struct aloud_normaliser *n = c->n;
    if (!n->ctx[CX_MEASURE_AFTER].n)
        return 0;
    size_t next = after;
    if (nm_is_dash(c, next) && nm_glued(c, next) && nm_glued(c, next + 1))
        next++;
    if (nm_in_list(c, next, &n->ctx[CX_COUNT_AFTER]) ||
        nm_in_list(c, next, &n->ctx[CX_COUNT_BEFORE]))
        return 1;
    if (nm_in_list(c, next, &n->ctx[CX_MEASURE_AFTER]) || next > after)
        return 0;
    if (nm_list_before(c, i, &n->ctx[CX_COUNT_BEFORE], 4))
        return 1;
    /* One decimal is how counts are written ("7.6m"); two are measures
     * ("cleared 2.35m"). */
    return strlen(num->frac) == 1;
}

/* A unit at i after a number: its spacing must fit the unit's options. */
static const struct nm_entry *unit_at(const struct nm_ctx *c, size_t i, size_t *ntok)
{
    if (i >= c->nt)
        return NULL;
    const struct nm_entry *u = nm_list_match(c, i, &c->n->units, ntok);
    if (!u)
        return NULL;
    int glued = c->t[i].space == 0;
    /* A unit written attached, spaced but ending the sentence or the
     * phrase: "a screen of 10 in." */
    size_t next = i + *ntok;
    int ends = next >= c->nt || (nm_is_sym(c, next, '.') && next + 1 >= c->nt) ||
               nm_is_sym(c, next, ')');
    if ((u->flags & NM_ATTACHED) && !glued && !ends)
        return NULL;
    /* "iPhone 5s", "Galaxy 7s": a model's letter after a product's name
     * (capitalised, not starting a sentence), not seconds. */
    if ((u->flags & NM_ATTACHED) && glued && strlen(u->key) == 1 && i >= 2 &&
        nm_is_num(c, i - 1) && c->t[i - 1].space && nm_is_word(c, i - 2) &&
        (c->t[i - 2].cap || (c->t[i - 2].len > 1 && c->t[i - 2].s[1] >= 'A' &&
                             c->t[i - 2].s[1] <= 'Z')) &&
        !nm_sentence_start(c, i - 2) && !nm_in_list(c, i - 2, &c->n->ctx[CX_FUNCTION_WORDS]))
        return NULL;
    if ((u->flags & NM_SPACED) && glued)
        return NULL;
    /* A unit is not the start of a word ("5 m" but not "5 m-dash"). */
    size_t after = i + *ntok;
    if (nm_glued(c, after) && (nm_is_word(c, after) || nm_is_num(c, after)))
        return NULL;
    return u;
}

/* One side of an amount at i: [currency] [-] number [scale] [currency |
 * minor unit | unit | %]; money: the other side of a range has a
 * currency. Returns 1 and *a, or 0 when there is no number. */
static int read_amount(const struct nm_ctx *c, size_t i, int money, struct amount *a)
{
    const struct aloud_normaliser *n = c->n;
    memset(a, 0, sizeof *a);
    a->cur = -1;
    size_t j = i, k = 0;
    const struct nm_entry *cur = currency_at(c, j, &k);
    /* A currency's name written out follows the number ("50 Euro"); before
     * one it names something else ("die Abgasnorm Euro 6"). Signs and
     * codes ("€", "EUR") go first. */
    if (cur && c->t[j].kind == TK_WORD && !c->t[j].upper && c->t[j].len > 3)
        cur = NULL;
    if (cur) {
        a->cur = cur->value;
        j += k;
    }
    int negative = 0;
    if ((nm_is_sym(c, j, '-') || nm_is_sym(c, j, 0x2212)) && nm_is_num(c, j + 1) &&
        nm_glued(c, j + 1) && (j == 0 || c->t[j].space || cur || nm_is_sym(c, j - 1, '('))) {
        negative = 1;
        j++;
    }
    if (!nm_is_num(c, j))
        return 0;
    a->num_start = j;
    if (!nm_parse_number(c, j, &a->num))
        return 0;
    a->num.negative = negative;
    j = a->num.end;
    /* The scale: "m" and "k" only in money or before a plural noun. */
    const struct nm_entry *sc = nm_list_match(c, j, &n->scales, &k);
    if (sc && !(nm_glued(c, j + k) && (nm_is_word(c, j + k) || nm_is_num(c, j + k)))) {
        int money_ok = money || a->cur >= 0 || currency_at(c, j + k, &(size_t){0}) ||
                       counts_people(c, j + k) || counts_by_context(c, i, &a->num, j + k);
        if (!(sc->flags & NM_MONEY) || money_ok) {
            a->scale = sc;
            j += k;
        }
    }
    if (a->cur < 0) {
        size_t kk = 0;
        if ((cur = currency_at(c, j, &kk))) {
            a->cur = cur->value;
            j += kk;
        } else if (!a->scale && (cur = nm_list_match(c, j, &n->minor_symbols, &kk)) &&
                   (nm_glued(c, j) || strlen(cur->key) >= 2 || c->t[j].cp == 0xA2) &&
                   !(nm_glued(c, j + kk) && (nm_is_word(c, j + kk) || nm_is_num(c, j + kk)))) {
            a->cur = cur->value;
            a->minor = 1;
            j += kk;
        }
    }
    if (a->cur < 0) {
        size_t ku = 0;
        if (is_percent(c, j)) {
            a->percent = 1;
            j++;
        } else if ((a->unit = unit_at(c, j, &ku))) {
            j += ku;
            size_t kp = 0;
            if (nm_is_sym(c, j, '/') && nm_glued(c, j) && nm_glued(c, j + 1) &&
                (a->per = nm_list_match(c, j + 1, &n->units, &kp)) &&
                !(nm_glued(c, j + 1 + kp) && nm_is_word(c, j + 1 + kp)))
                j += 1 + kp;
            else
                a->per = NULL;
        }
    }
    /* "$0.03/kWh": per a unit. */
    size_t kp = 0;
    if (a->cur >= 0 && !a->unit && nm_is_sym(c, j, '/') && nm_glued(c, j) && nm_glued(c, j + 1) &&
        (a->per = nm_list_match(c, j + 1, &n->units, &kp)) &&
        !(nm_glued(c, j + 1 + kp) && (nm_is_word(c, j + 1 + kp) || nm_is_num(c, j + 1 + kp))))
        j += 1 + kp;
    else if (a->cur >= 0)
        a->per = NULL;
    /* "£5.99/month", "5kg/day": "per month". */
    if ((a->cur >= 0 || a->unit) && !a->per && nm_is_sym(c, j, '/') && nm_glued(c, j) &&
        nm_is_word(c, j + 1) && nm_glued(c, j + 1) && !c->t[j + 1].cap &&
        !(nm_glued(c, j + 2) && (nm_is_word(c, j + 2) || nm_is_num(c, j + 2)))) {
        a->per_word = j + 1;
        j += 2;
    }
    a->end = j;
    return 1;
}

static int has_suffix(const struct amount *a)
{
    return a->cur >= 0 || a->scale || a->unit || a->percent;
}

/* --- Saying it -------------------------------------------------------------------- */

/* Is the amount said with a plural noun? Not before the noun it
 * describes, in English: "a £300 payment", "a 10km run". */
static int amount_plural(const struct nm_ctx *c, const struct amount *a, const struct nm_num *num)
{
    return !a->attributive && nm_plural(c->n, num);
}

/* A cardinal for a noun of gender g: the number as written, its fraction
 * read after the decimal word. */
static char *number_words(struct nm_ctx *c, const struct nm_num *num, char gender)
{
    struct aloud_buf tmp = {0};
    struct nm_ctx sub = *c;
    sub.out = &tmp;
    sub.mark = 0;
    nm_put_number(&sub, num, nm_case_role(c, num->start, nm_cardinal_for(gender)));
    return aloud_buf_steal(&tmp);
}

static char *int_words(struct nm_ctx *c, const char *digits, char gender)
{
    struct nm_num num = {0};
    snprintf(num.whole, sizeof num.whole, "%s", digits);
    return number_words(c, &num, gender);
}

static void say_pattern2(struct nm_ctx *c, enum nm_word w, const char *amount, const char *unit)
{
    const char *names[] = {"amount", "unit"};
    const char *values[] = {amount, unit};
    nm_put_pattern(c, nm_word(c->n, w), names, values, 2);
}

/* Money with a scale: "one point five billion pounds". */
static void say_scaled(struct nm_ctx *c, const struct amount *a, const char *unit_pl)
{
    char *amount = number_words(c, &a->num, a->scale->gender);
    int plural = nm_plural(c->n, &a->num);
    const char *scale = plural && a->scale->say_pl ? a->scale->say_pl : a->scale->say;
    if (a->attributive && unit_pl)
        unit_pl = a->cur >= 0 ? c->n->cur[a->cur].name : unit_pl;
    const char *names[] = {"amount", "scale", "unit"};
    const char *values[] = {amount, scale, unit_pl};
    if (unit_pl)
        nm_put_pattern(c, nm_word(c->n, W_SCALED), names, values, 3);
    else
        nm_put_pattern(c, "{amount} {scale}", names, values, 2);
    free(amount);
}

/* "$1,200.50": "one thousand two hundred dollars and fifty cents". */
static void say_per_word(struct nm_ctx *c, const struct amount *a)
{
    if (!a->per_word)
        return;
    nm_say_word(c, W_PER, 0);
    /* "$4.99/mo": a unit's short form said as the unit. */
    size_t k = 0;
    const struct nm_entry *u = nm_list_match(c, a->per_word, &c->n->units, &k);
    if (u && k == 1)
        nm_say(c, u->say);
    else
        nm_say_n(c, c->t[a->per_word].s, c->t[a->per_word].len);
}

static void say_money(struct nm_ctx *c, const struct amount *a, int bare)
{
    const struct nm_currency *cur = &c->n->cur[a->cur];
    if (a->scale) {
        say_scaled(c, a, bare ? NULL : cur->name_pl);
        return;
    }
    if (bare) {
        char *w = number_words(c, &a->num, a->minor ? cur->minor_gender : cur->gender);
        nm_say(c, w);
        free(w);
        return;
    }
    int plural = amount_plural(c, a, &a->num);
    if (a->minor) {
        /* "a 20p coin": "a twenty pence coin", minor units stay plural. */
        plural = nm_plural(c->n, &a->num);
        char *w = number_words(c, &a->num, cur->minor_gender);
        say_pattern2(c, W_MONEY, w, plural ? cur->minor_pl : cur->minor);
        free(w);
        return;
    }
    size_t fl = strlen(a->num.frac);
    if (fl == 2 && cur->minor && !a->num.negative) {
        struct nm_num major = a->num, minor = {0};
        major.frac[0] = '\0';
        snprintf(minor.whole, sizeof minor.whole, "%d", atoi(a->num.frac));
        long major_v = nm_num_value(&major);
        int minor_plural = nm_plural(c->n, &minor);
        char *mw = int_words(c, minor.whole, cur->minor_gender);
        const char *mu = minor_plural ? cur->minor_pl : cur->minor;
        if (major_v == 0 && (!*major.whole || major.whole[0] == '0')) {
            say_pattern2(c, W_MONEY, mw, mu);
        } else if (strcmp(minor.whole, "0") == 0) {
            char *w = number_words(c, &major, cur->gender);
            say_pattern2(c, W_MONEY, w, amount_plural(c, a, &major) ? cur->name_pl : cur->name);
            free(w);
        } else {
            char *w = number_words(c, &major, cur->gender);
            const char *names[] = {"amount", "unit", "minor", "minor_unit"};
            const char *values[] = {w, nm_plural(c->n, &major) ? cur->name_pl : cur->name, mw, mu};
            const char *pattern =
                cur->minor_pattern ? cur->minor_pattern : nm_word(c->n, W_MONEY_MINOR);
            nm_put_pattern(c, pattern, names, values, 4);
            free(w);
        }
        free(mw);
        return;
    }
    char *w = number_words(c, &a->num, cur->gender);
    say_pattern2(c, W_MONEY, w, plural ? cur->name_pl : cur->name);
    free(w);
}

/* "1500m", "3000m steeplechase": a measure of whole hundreds written
 * without a separator, said in hundreds ([settings] measure_hundreds):
 * "fifteen hundred metres"; NULL when the plain reading is right. */
static char *hundreds_words(struct nm_ctx *c, const struct nm_num *num)
{
    if (!c->n->set.measure_hundreds || num->grouped || *num->frac || num->negative ||
        strlen(num->whole) != 4)
        return NULL;
    long v = nm_num_value(num);
    if (v < 1100 || v % 100 != 0 || v % 1000 == 0)
        return NULL;
    char digits[24];
    snprintf(digits, sizeof digits, "%ld", v / 100);
    char *h = nm_spell(c->n, RS_CARDINAL, digits);
    if (!h)
        return NULL;
    char *r = aloud_xasprintf("%s %s", h, nm_word(c->n, W_HUNDRED));
    free(h);
    return r;
}

/* A measure, a percentage, or a number with a scale alone. bare: the
 * number only (the first side of a range that shares its unit). */
static void say_amount(struct nm_ctx *c, const struct amount *a, int bare)
{
    if (a->cur >= 0) {
        say_money(c, a, bare);
        if (!bare)
            say_per_word(c, a);
        if (!bare && a->per) {
            nm_say_word(c, W_PER, 0);
            nm_say(c, a->per->say);
        }
        return;
    }
    if (a->scale) {
        say_scaled(c, a, NULL);
        if (!bare && a->unit)
            nm_say(c, a->unit->say_pl ? a->unit->say_pl : a->unit->say);
        else if (!bare && a->percent)
            nm_say_word(c, W_PERCENT, 1);
        return;
    }
    /* "ein Prozent": a percentage counts as a neuter noun. */
    char gender = a->unit ? a->unit->gender : a->percent ? 'n' : 0;
    char *w = a->unit ? hundreds_words(c, &a->num) : NULL;
    if (!w)
        w = number_words(c, &a->num, gender);
    if (bare || (!a->unit && !a->percent)) {
        nm_say(c, w);
    } else if (a->percent) {
        nm_say(c, w);
        nm_say_word(c, W_PERCENT, nm_plural(c->n, &a->num));
    } else {
        int plural = amount_plural(c, a, &a->num);
        say_pattern2(c, W_MONEY, w, plural && a->unit->say_pl ? a->unit->say_pl : a->unit->say);
        if (a->per) {
            nm_say_word(c, W_PER, 0);
            nm_say(c, a->per->say);
        }
    }
    say_per_word(c, a);
    free(w);
}

static int ends_with(const struct nm_tok *t, const char *suffix)
{
    size_t n = strlen(suffix);
    return t->len > n + 1 && memcmp(t->s + t->len - n, suffix, n) == 0;
}

/* A determiner before the amount at start, perhaps with adjectives
 * between ("a record £85m fee", "the new £5m deal", "Labour's £28bn
 * pledge"): the amount describes a noun. */
static int determined(const struct nm_ctx *c, size_t start)
{
    for (size_t back = 1; back <= 3 && back <= start; back++) {
        size_t k = start - back;
        if (nm_in_list(c, k, &c->n->ctx[CX_DETERMINERS]))
            return 1;
        if (nm_is_word(c, k) && k > 1 &&
            (nm_is_sym(c, k - 1, '\'') || nm_is_sym(c, k - 1, 0x2019)) && nm_glued(c, k) &&
            nm_is_text(c, k, "s"))
            return 1;
        if (!nm_is_word(c, k) || nm_in_list(c, k, &c->n->ctx[CX_FUNCTION_WORDS]))
            return 0;
    }
    return 0;
}

/* A noun after the amount, which it describes ("a £5m deal", "£300
 * payments"): a lower-case word that is not a function word, an adverb
 * in -ly or a verb in -ing or -ed, after a determiner ([contexts]
 * determiners) or a plural noun. "He was awarded £300 compensation" is
 * no attributive. */
static int attributive(const struct nm_ctx *c, size_t start, size_t i)
{
    const struct nm_tok *t = &c->t[i < c->nt ? i : 0];
    /* "a 2m-high fence", "a 10km-long tunnel": a compound adjective (not
     * "£5m-a-year"). */
    if (c->n->set.attributive && nm_is_dash(c, i) && nm_glued(c, i) && nm_is_word(c, i + 1) &&
        nm_glued(c, i + 1) && !c->t[i + 1].cap && c->t[i + 1].len >= 3 &&
        !nm_is_itext(c, i + 1, "the") && !nm_is_itext(c, i + 1, "per") &&
        !nm_is_itext(c, i + 1, "plus"))
        return 1;
    if (!c->n->set.attributive || !nm_is_word(c, i) || t->cap || !t->space || t->len < 3 ||
        nm_in_list(c, i, &c->n->ctx[CX_FUNCTION_WORDS]))
        return 0;
    /* A race is named in the plural: "the 400 metres hurdles"; money paid
     * as a sum: "£5,000 damages". */
    if (nm_in_list(c, i, &c->n->ctx[CX_EVENT_AFTER]) ||
        (!determined(c, start) && nm_in_list(c, i, &c->n->ctx[CX_SUM_AFTER])))
        return 0;
    if (t->len > 3 && memcmp(t->s + t->len - 2, "ly", 2) == 0)
        return 0;
    /* "spent £5m buying", "£5m raised"; but "the $49 charging brick". */
    if ((ends_with(t, "ing") && !determined(c, start)) || ends_with(t, "ed"))
        return 0;
    if (c->n->ctx[CX_DETERMINERS].n && !determined(c, start) && !nm_plural_noun(c, i))
        return 0;
    /* "£5m-a-year": no noun follows, a phrase does. */
    return !(nm_glued(c, i + 1) && nm_is_dash(c, i + 1));
}

/* --- Ranges, scores, ratios ---------------------------------------------------------- */

static int plain(const struct amount *a)
{
    return !has_suffix(a);
}

static int small_integer(const struct amount *a)
{
    return !*a->num.frac && !a->num.grouped && strlen(a->num.whole) <= 2 && !a->num.negative;
}

/* A tennis set at k: "6-4", "7-6", "3-6": one side six or seven, the
 * other no more. */
static int set_at(const struct nm_ctx *c, size_t k)
{
    if (!nm_is_num(c, k) || !nm_is_dash(c, k + 1) || !nm_glued(c, k + 1) || !nm_is_num(c, k + 2) ||
        !nm_glued(c, k + 2) || c->t[k].len != 1 || c->t[k + 2].len != 1)
        return 0;
    int a = c->t[k].s[0] - '0', b = c->t[k + 2].s[0] - '0';
    return a != b && (a >= 6 || b >= 6) && a <= 7 && b <= 7;
}

/* Sets in a row are a match's score: "6-4, 6-3", "3-6 6-3 7-6 (0)".
 * first is a set's first token. */
static int in_sets(const struct nm_ctx *c, size_t first)
{
    /* A tie-break's points after a set: "7-6 (7-4)". */
    if (first >= 4 && nm_is_sym(c, first - 1, '(') && set_at(c, first - 4))
        return 1;
    if (!set_at(c, first))
        return 0;
    size_t e = first + 3;
    if (nm_is_sym(c, e, '(') && nm_is_num(c, e + 1) && nm_is_sym(c, e + 2, ')'))
        e += 3;
    else if (nm_is_sym(c, e, '(') && nm_is_num(c, e + 1) && nm_is_dash(c, e + 2) &&
             nm_is_num(c, e + 3) && nm_is_sym(c, e + 4, ')'))
        e += 5;
    if (nm_is_sym(c, e, ','))
        e++;
    if (set_at(c, e))
        return 1;
    size_t p = first;
    if (p >= 1 && nm_is_sym(c, p - 1, ','))
        p--;
    if (p >= 3 && nm_is_sym(c, p - 1, ')') && nm_is_sym(c, p - 3, '('))
        p -= 3;
    return p >= 3 && set_at(c, p - 3);
}

/* A score: "won 3-1", "a 2-0 win", "beat them 3–2". */
static int score_context(const struct nm_ctx *c, size_t first, size_t after)
{
    const struct aloud_normaliser *n = c->n;
    if (in_sets(c, first))
        return 1;
    /* A set after a set: "won 6-4, 6-3", "won 6-4 6-3". */
    size_t prev = first >= 1 && nm_is_sym(c, first - 1, ',') ? first - 1 : first;
    if (prev >= 3 && nm_is_num(c, prev - 1) && nm_is_dash(c, prev - 2) && nm_is_num(c, prev - 3) &&
        c->t[prev - 1].len <= 2 && c->t[prev - 3].len <= 2 && nm_glued(c, prev - 2) &&
        nm_glued(c, prev - 1) && c->t[first].space)
        return score_context(c, prev - 3, prev);
    /* A result between two names: "Leeds 2-1 Spurs". */
    if (first > 0 && nm_is_name(c, first - 1) && nm_is_name(c, after))
        return 1;
    /* "scored 40-50 points": a range of a count. */
    if (nm_plural_noun(c, after) || nm_in_list(c, after, &n->ctx[CX_COUNT_AFTER]))
        return 0;
    if (nm_list_before(c, first, &n->ctx[CX_SCORE_BEFORE], 3))
        return 1;
    for (size_t fwd = 0; fwd < 3; fwd++)
        if (nm_in_list(c, after + fwd, &n->ctx[CX_SCORE_AFTER]))
            return 1;
    return 0;
}

static void say_score(struct nm_ctx *c, enum nm_word w, const struct amount *a,
                      const struct amount *b)
{
    char *x = number_words(c, &a->num, 0), *y = number_words(c, &b->num, 0);
    const char *zero = nm_word(c->n, W_SCORE_ZERO);
    const char *names[] = {"a", "b"};
    const char *values[] = {strcmp(a->num.whole, "0") == 0 && *zero ? zero : x,
                            strcmp(b->num.whole, "0") == 0 && *zero ? zero : y};
    nm_put_pattern(c, nm_word(c->n, w), names, values, 2);
    free(x);
    free(y);
}

/* A word of wickets_near within a dozen tokens of [first, after): the
 * score is cricket's ("England were 287-6 at stumps"), not a model's
 * variant ("the 787-9 Dreamliner"). */
static int cricket_near(const struct nm_ctx *c, size_t first, size_t after)
{
    const struct nm_list *l = &c->n->ctx[CX_WICKETS_NEAR];
    size_t from = first > 12 ? first - 12 : 0, to = after + 12 < c->nt ? after + 12 : c->nt;
    for (size_t k = from; k < to; k++)
        if ((k < first || k >= after) && nm_is_word(c, k) &&
            (nm_in_list(c, k, l) || nm_list_match(c, k, l, &(size_t){0})))
            return 1;
    return 0;
}

/* Years: "1990–95", "2024-25", "1939–1945". */
static int year_range(const struct nm_ctx *c, const struct amount *a, const struct amount *b)
{
    if (!plain(a) || !plain(b) || *a->num.frac || *b->num.frac || a->num.grouped ||
        b->num.grouped || strlen(a->num.whole) != 4)
        return 0;
    long y = nm_num_value(&a->num);
    size_t bl = strlen(b->num.whole);
    long z = nm_num_value(&b->num);
    if (y < 1000 || y > 2099 || !nm_year_context(c, a->num_start, y))
        return 0;
    return (bl == 4 && z > y && z <= 2099) || (bl == 2 && z > y % 100);
}

static void say_year_range(struct nm_ctx *c, const struct amount *a, const struct amount *b)
{
    nm_put_year(c, nm_num_value(&a->num));
    nm_say_word(c, W_RANGE, 0);
    if (strlen(b->num.whole) == 4)
        nm_put_year(c, nm_num_value(&b->num));
    else if (b->num.whole[0] == '0')
        nm_put_digits(c, b->num.whole, 2, 1);
    else
        nm_put_int(c, b->num.whole, RS_CARDINAL);
}

/* The dash of a range: glued on both sides, or spaced on both. */
static int range_dash(const struct nm_ctx *c, size_t i)
{
    if (!nm_is_dash(c, i) || i + 1 >= c->nt)
        return 0;
    int before = c->t[i].space != 0, after = c->t[i + 1].space != 0;
    return before == after;
}

static size_t match_range(struct nm_ctx *c, size_t i, struct amount *a)
{
    size_t d = a->end;
    struct amount b;
    /* "the 2022/23 season": a span of years written with a slash. */
    if (nm_is_sym(c, d, '/') && nm_glued(c, d) && nm_glued(c, d + 1) &&
        read_amount(c, d + 1, 0, &b) && !(nm_glued(c, b.end) && !nm_is_sym(c, b.end, '.') &&
                                          !nm_is_sym(c, b.end, ',')) &&
        year_range(c, a, &b)) {
        say_year_range(c, a, &b);
        return b.end - i;
    }
    if (!range_dash(c, d) || !read_amount(c, d + 1, a->cur >= 0, &b) || b.num.negative)
        return 0;
    /* More dashes: a code, a serial number or a formation ("978-3-16",
     * "3-2-1"), not a range. */
    if ((nm_is_dash(c, b.end) && nm_is_num(c, b.end + 1) && nm_glued(c, b.end + 1)) ||
        (i > 1 && nm_is_dash(c, i - 1) && nm_glued(c, i) && nm_is_num(c, i - 2)))
        return 0;
    if (nm_glued(c, b.end) && (nm_is_word(c, b.end) || nm_is_num(c, b.end)))
        return 0;
    if (plain(a) && plain(&b) && small_integer(a) && small_integer(&b) &&
        score_context(c, i, b.end)) {
        say_score(c, W_SCORE, a, &b);
        return b.end - i;
    }
    /* "a 50-50 chance": even odds, said as a score. */
    if (plain(a) && plain(&b) && !*a->num.frac && !*b.num.frac &&
        strcmp(a->num.whole, b.num.whole) == 0 && strlen(a->num.whole) <= 3) {
        say_score(c, W_SCORE, a, &b);
        return b.end - i;
    }
    if (year_range(c, a, &b)) {
        say_year_range(c, a, &b);
        return b.end - i;
    }
    /* "287-6": runs for wickets. No range falls, no match's score runs
     * to twenty, ten wickets are all there are, and a word of cricket is
     * near. */
    if (c->n->word[W_WICKETS] && plain(a) && plain(&b) && !*a->num.frac && !*b.num.frac &&
        !a->num.grouped && strlen(a->num.whole) <= 3 && strlen(b.num.whole) <= 2 &&
        nm_num_value(&a->num) >= 20 && nm_num_value(&b.num) <= 10 && nm_glued(c, d) &&
        !nm_is_num(c, b.end) && !a->unit && !b.unit && a->cur < 0 && !a->percent && !b.percent &&
        cricket_near(c, i, b.end)) {
        say_score(c, W_WICKETS, a, &b);
        return b.end - i;
    }
    /* "£5-10m", "5-10km", "10-15%": the first side shares the second's
     * currency and unit, said once after the second ("five to ten
     * million pounds"). */
    if (a->cur >= 0 && b.cur < 0 && !b.unit && !b.percent) {
        b.cur = a->cur;
        b.minor = a->minor;
    }
    if (a->cur < 0 && b.cur >= 0 && !a->unit && !a->percent) {
        a->cur = b.cur;
        a->minor = b.minor;
    }
    int shares = a->cur == b.cur && a->minor == b.minor && a->percent <= b.percent &&
                 (!a->unit || (b.unit && strcmp(a->unit->say, b.unit->say) == 0));
    b.attributive = attributive(c, i, b.end);
    say_amount(c, a, shares);
    /* "between 10-15": "between ten and fifteen". */
    int between = i > 0 && nm_in_list(c, i - 1, &c->n->ctx[CX_RANGE_AND_BEFORE]);
    nm_say_word(c, between ? W_AND : W_RANGE, 0);
    say_amount(c, &b, 0);
    return b.end - i;
}

/* "3:1": a score in a match, else a ratio. */
static size_t match_ratio(struct nm_ctx *c, size_t i, struct amount *a)
{
    size_t d = a->end;
    struct amount b;
    if (!plain(a) || !small_integer(a) || !nm_is_sym(c, d, ':') || !nm_glued(c, d) ||
        !nm_glued(c, d + 1) || !read_amount(c, d + 1, 0, &b) || !plain(&b) || !small_integer(&b))
        return 0;
    /* "10:30" is a time (normalise-date.c); "3:10" could be either. */
    if (strlen(b.num.whole) == 2 && !score_context(c, i, b.end))
        return 0;
    if (nm_glued(c, b.end) && (nm_is_word(c, b.end) || nm_is_num(c, b.end)))
        return 0;
    say_score(c, score_context(c, i, b.end) ? W_SCORE : W_RATIO, a, &b);
    return b.end - i;
}

static int prime_at(const struct nm_ctx *c, size_t i, int twice)
{
    if (!nm_glued(c, i))
        return 0;
    if (twice)
        return nm_is_sym(c, i, '"') || nm_is_sym(c, i, 0x2033) || nm_is_sym(c, i, 0x201D);
    return nm_is_sym(c, i, '\'') || nm_is_sym(c, i, 0x2032) || nm_is_sym(c, i, 0x2019);
}

/* A height in feet and inches: 5'10", 6′2″: "five feet ten inches". */
static size_t feet_inches(struct nm_ctx *c, size_t i)
{
    const struct nm_entry *ft = NULL, *in = NULL;
    for (size_t k = 0; k < c->n->units.n; k++) {
        if (strcmp(c->n->units.v[k].key, "ft") == 0)
            ft = &c->n->units.v[k];
        if (strcmp(c->n->units.v[k].key, "in") == 0)
            in = &c->n->units.v[k];
    }
    if (!ft || !in || !nm_is_num(c, i) || c->t[i].len > 2 || !prime_at(c, i + 1, 0) ||
        !nm_is_num(c, i + 2) || !nm_glued(c, i + 2) || c->t[i + 2].len > 2 ||
        !prime_at(c, i + 3, 1) || atoi(c->t[i + 2].s) >= 12)
        return 0;
    struct nm_num f = {0}, n = {0};
    snprintf(f.whole, sizeof f.whole, "%.*s", (int)c->t[i].len, c->t[i].s);
    snprintf(n.whole, sizeof n.whole, "%.*s", (int)c->t[i + 2].len, c->t[i + 2].s);
    nm_put_number(c, &f, RS_CARDINAL);
    nm_say(c, nm_plural(c->n, &f) && ft->say_pl ? ft->say_pl : ft->say);
    nm_put_number(c, &n, RS_CARDINAL);
    nm_say(c, nm_plural(c->n, &n) && in->say_pl ? in->say_pl : in->say);
    return 4;
}

/* The currency's name written after its sign, "a $75bn dollar hit": the
 * name is said once, as written. */
static int named_after(const struct nm_ctx *c, const struct amount *a)
{
    if (a->cur < 0 || a->minor || a->per_word || !nm_is_word(c, a->end))
        return 0;
    const struct nm_currency *cur = &c->n->cur[a->cur];
    return (cur->name && nm_is_itext(c, a->end, cur->name)) ||
           (cur->name_pl && nm_is_itext(c, a->end, cur->name_pl));
}

size_t nm_match_amount(struct nm_ctx *c, size_t i)
{
    struct amount a;
    size_t used = feet_inches(c, i);
    if (used)
        return used;
    if (nm_is_word(c, i) && !currency_at(c, i, &(size_t){0}))
        return 0;
    if (!read_amount(c, i, 0, &a))
        return 0;
    /* A number glued to a word after it that is no unit ("5G", "3D") is
     * read by the number matcher. */
    if (nm_glued(c, a.end) && (nm_is_word(c, a.end) || nm_is_num(c, a.end)))
        return 0;
    if ((used = match_range(c, i, &a)) || (used = match_ratio(c, i, &a)))
        return used;
    if (!has_suffix(&a))
        return 0;
    a.attributive = attributive(c, i, a.end);
    say_amount(c, &a, named_after(c, &a));
    /* "10 in." at the end of a sentence: the unit's full stop ends it too. */
    if (a.end > i && nm_is_sym(c, a.end - 1, '.') &&
        (a.end >= c->nt ||
         (nm_is_name(c, a.end) && c->t[a.end].space && !c->n->set.nouns_capitalised)))
        nm_put(c, ".");
    return a.end - i;
}
