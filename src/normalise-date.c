/* Dates and times. A date is read from any of its common written forms
 * (27 Feb 2026, 27th February, February 27, 2026, 27/02/2026 in the
 * language's day/month order, 2026-02-27, Mon 3 Feb, 1er mars 2024,
 * 3. März 2024, 3 de marzo de 2024, day ranges "3-5 March") and said with
 * the language's patterns ("the {day} of {month} {year}"), the day an
 * ordinal or a cardinal as the rules' day rule set says and, in German,
 * inflected after an article ("am dritten März"). A time is H:MM or H.MM
 * with a.m./p.m. or an hour word (Uhr, h), H am/pm, or 14h30; the clock
 * rule says whether 18:00 is "eighteen hundred" or "six p.m.". */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "normalise-internal.h"

struct date {
    int weekday;        /* 1..7 or 0 */
    size_t weekday_tok; /* its first token */
    size_t weekday_end;
    int day, day2;           /* 0: none; day2 the end of a range of days */
    int month;               /* 1..12 */
    long year;               /* 0: none */
    int year_digits;         /* 2 or 4 */
    int month_first;         /* written "February 27" */
    int numeric;             /* written 27/02/2026 */
    int of_written;          /* "the 1st of May": said in that order in any variety */
    const char *day_ruleset; /* the day's ordinal rule set when the text
                                before the date does not give it, or NULL */
    size_t end;              /* the token after the date */
};

/* --- Reading -------------------------------------------------------------- */

static int two_digit_num(const struct nm_ctx *c, size_t i, int lo, int hi, int *out)
{
    if (!nm_is_num(c, i) || c->t[i].len > 2)
        return 0;
    int v = atoi(c->t[i].s);
    if (v < lo || v > hi)
        return 0;
    *out = v;
    return 1;
}

/* A month's name at i, with the full stop of an abbreviation. */
static int month_at(const struct nm_ctx *c, size_t i, size_t *end)
{
    size_t k;
    const struct nm_entry *m = nm_list_match(c, i, &c->n->months, &k);
    if (!m)
        return 0;
    /* "Mar" and "May" as words: a month written in lower case in
     * English is a verb; the rules' keys say the case. */
    size_t j = i + k;
    if (nm_is_sym(c, j, '.') && nm_glued(c, j) && strchr(m->key, '.') == NULL &&
        strlen(m->key) <= 4 && nm_is_num(c, j + 1))
        j++;
    *end = j;
    return m->value;
}

/* The connector of a date ("of" in "25th of July", "de" in Spanish). */
static size_t skip_of(const struct nm_ctx *c, size_t i)
{
    const char *of = nm_word(c->n, W_DATE_OF);
    if (*of && nm_is_itext(c, i, of) && c->t[i].space)
        return i + 1;
    return i;
}

/* A year after a date's month: four digits, not the start of a number
 * that goes on ("2026,5"), nor a time ("2026" in "May 20 2026"). */
static int year_at(const struct nm_ctx *c, size_t i, long *year)
{
    if (!nm_is_num(c, i) || c->t[i].len != 4 || !c->t[i].space)
        return 0;
    if (nm_glued(c, i + 1) && (nm_is_num(c, i + 2) || nm_is_word(c, i + 1)) &&
        !nm_is_sym(c, i + 1, '.'))
        return 0;
    if (nm_glued(c, i + 1) && nm_is_sym(c, i + 1, ',') && nm_is_num(c, i + 2) && nm_glued(c, i + 2))
        return 0;
    *year = strtol(c->t[i].s, NULL, 10);
    return *year >= 1000 && *year <= 2999;
}

/* The day's ordinal mark: "27th", "1er", "3.", "1.º". */
static size_t day_suffix(const struct nm_ctx *c, size_t i)
{
    size_t k;
    if (nm_glued(c, i) && nm_list_match(c, i, &c->n->ordinal_suffixes, &k))
        return i + k;
    if (c->n->set.ordinal_dot && nm_is_sym(c, i, '.') && nm_glued(c, i))
        return i + 1;
    return i;
}

/* 27 Feb 2026, 27th of February, 3. März 2024, 3 de marzo de 2024, 3-5 March. */
static int day_first(const struct nm_ctx *c, size_t i, struct date *d)
{
    size_t j;
    if (!two_digit_num(c, i, 1, 31, &d->day))
        return 0;
    j = day_suffix(c, i + 1);
    /* "3-5 March"; "the night of 24/25 June", two days in a row. */
    if (nm_is_dash(c, j) && two_digit_num(c, j + 1, 1, 31, &d->day2) && d->day2 > d->day)
        j = day_suffix(c, j + 2);
    else if (nm_is_sym(c, j, '/') && nm_glued(c, j) && nm_glued(c, j + 1) &&
             two_digit_num(c, j + 1, 1, 31, &d->day2) && d->day2 == d->day + 1)
        j = day_suffix(c, j + 2);
    else
        d->day2 = 0;
    size_t of = skip_of(c, j);
    d->of_written = of != j && c->n->word[W_DATE_D];
    j = of;
    size_t end;
    if (j >= c->nt || !c->t[j].space || !(d->month = month_at(c, j, &end)))
        return 0;
    j = end;
    size_t y = j;
    if (nm_is_sym(c, y, ',') && nm_glued(c, y))
        y++;
    y = skip_of(c, y);
    if (year_at(c, y, &d->year)) {
        d->year_digits = 4;
        j = y + 1;
    }
    d->end = j;
    return 1;
}

/* February 27, 2026; Feb. 27th; June 2024. */
static int month_first(const struct nm_ctx *c, size_t i, struct date *d)
{
    size_t j;
    if (!(d->month = month_at(c, i, &j)))
        return 0;
    d->month_first = 1;
    if (year_at(c, j, &d->year)) {
        d->year_digits = 4;
        d->end = j + 1;
        return 1;
    }
    if (!nm_is_num(c, j) || !c->t[j].space || !two_digit_num(c, j, 1, 31, &d->day))
        return 0;
    j = day_suffix(c, j + 1);
    if (nm_is_dash(c, j) && two_digit_num(c, j + 1, 1, 31, &d->day2) && d->day2 > d->day)
        j = day_suffix(c, j + 2);
    else
        d->day2 = 0;
    /* "May 5 people": a day needs something that ends a date after it. */
    size_t y = j;
    if (nm_is_sym(c, y, ',') && nm_glued(c, y))
        y++;
    if (year_at(c, y, &d->year)) {
        d->year_digits = 4;
        j = y + 1;
    } else if (nm_plural_noun(c, j) || nm_in_list(c, j, &c->n->ctx[CX_COUNT_AFTER])) {
        return 0;
    }
    d->end = j;
    return 1;
}

/* 27/02/2026, 27.02.2026, 2026-02-27, 02/27/26, German 3.3. */
static int numeric(const struct nm_ctx *c, size_t i, struct date *d)
{
    if (!nm_is_num(c, i) || i + 1 >= c->nt || c->t[i + 1].kind != TK_SYM)
        return 0;
    uint32_t sep = c->t[i + 1].cp;
    if (sep != '/' && sep != '.' && sep != '-')
        return 0;
    if (!nm_glued(c, i + 1) || !nm_is_num(c, i + 2) || !nm_glued(c, i + 2))
        return 0;
    /* "version 2.6.29", "Python 3.6.10": a version, not a date. */
    if (sep == '.' && i > 0 && nm_in_list(c, i - 1, &c->n->ctx[CX_VERSION_BEFORE]))
        return 0;
    int a, b;
    if (c->t[i].len == 4) { /* ISO */
        if (!nm_is_sym(c, i + 3, sep) || !nm_glued(c, i + 3) || !nm_glued(c, i + 4) ||
            !two_digit_num(c, i + 2, 1, 12, &d->month) || !two_digit_num(c, i + 4, 1, 31, &d->day))
            return 0;
        d->year = strtol(c->t[i].s, NULL, 10);
        d->year_digits = 4;
        d->end = i + 5;
    } else {
        if (!two_digit_num(c, i, 1, 31, &a) || !two_digit_num(c, i + 2, 1, 31, &b))
            return 0;
        int has_year = nm_is_sym(c, i + 3, sep) && nm_glued(c, i + 3) && nm_is_num(c, i + 4) &&
                       nm_glued(c, i + 4) && (c->t[i + 4].len == 4 || c->t[i + 4].len == 2);
        if (!has_year) {
            /* Only German writes day and month alone: "am 3.3." */
            if (sep != '.' || !c->n->set.ordinal_dot || !nm_is_sym(c, i + 3, '.') ||
                !nm_glued(c, i + 3) || nm_is_num(c, i + 4))
                return 0;
            d->end = i + 4;
        } else {
            d->year = strtol(c->t[i + 4].s, NULL, 10);
            d->year_digits = (int)c->t[i + 4].len;
            d->end = i + 5;
            if (sep == '.' && nm_is_sym(c, d->end, '.') && nm_is_num(c, d->end + 1))
                return 0; /* "1.2.3.4": a version, not a date */
        }
        int mdy = c->n->set.mdy;
        if (a > 12)
            mdy = 0;
        else if (b > 12)
            mdy = 1;
        d->day = mdy ? b : a;
        d->month = mdy ? a : b;
        if (d->month > 12)
            return 0;
    }
    if (nm_glued(c, d->end) && (nm_is_num(c, d->end) || nm_is_word(c, d->end) ||
                                (nm_is_sym(c, d->end, sep) && sep != '.') ||
                                (nm_is_sym(c, d->end, '.') && nm_is_num(c, d->end + 1))))
        return 0;
    d->numeric = 1;
    return 1;
}

static int read_date(const struct nm_ctx *c, size_t i, struct date *d, int depth);

/* A day alone before "and", "to" or a comma and the date whose month it
 * shares: "12 and 13 March", "Tue 12 and Wed 13 March". */
static int lone_day(const struct nm_ctx *c, size_t i, struct date *d, int depth)
{
    const struct aloud_normaliser *n = c->n;
    if (depth > 6 || !two_digit_num(c, i, 1, 31, &d->day))
        return 0;
    size_t j = day_suffix(c, i + 1), k = j;
    if (nm_is_sym(c, k, ',') && nm_glued(c, k))
        k++;
    else if (nm_is_itext(c, k, nm_word(n, W_AND)) || nm_is_itext(c, k, nm_word(n, W_RANGE)))
        k++;
    else
        return 0;
    struct date next;
    if (!read_date(c, k, &next, depth + 1) || !next.day || next.numeric)
        return 0;
    d->month = 0;
    d->end = j;
    return 1;
}

static int read_date(const struct nm_ctx *c, size_t i, struct date *d, int depth)
{
    memset(d, 0, sizeof *d);
    size_t k;
    const struct nm_entry *wd = nm_list_match(c, i, &c->n->days, &k);
    if (wd) {
        size_t j = i + k;
        if (nm_is_sym(c, j, '.') && nm_glued(c, j))
            j++;
        if (nm_is_sym(c, j, ',') && nm_glued(c, j))
            j++;
        j = skip_of(c, j);
        if (!nm_is_num(c, j) && !nm_list_match(c, j, &c->n->months, NULL))
            return 0;
        struct date inner;
        if (!read_date(c, j, &inner, depth) || inner.weekday)
            return 0;
        *d = inner;
        d->weekday = wd->value;
        d->weekday_tok = i;
        d->weekday_end = i + k;
        return 1;
    }
    if (nm_is_word(c, i))
        return month_first(c, i, d);
    if (!nm_is_num(c, i))
        return 0;
    return numeric(c, i, d) || day_first(c, i, d) || lone_day(c, i, d, depth);
}

/* --- Saying ------------------------------------------------------------- */

static char *words_of(struct nm_ctx *c, void (*put)(struct nm_ctx *, long), long v)
{
    struct aloud_buf tmp = {0};
    struct nm_ctx sub = *c;
    sub.out = &tmp;
    sub.mark = 0;
    put(&sub, v);
    return aloud_buf_steal(&tmp);
}

static void put_year_words(struct nm_ctx *c, long y)
{
    nm_put_year(c, y);
}

static char *day_words(struct nm_ctx *c, size_t i, int day, const char *ruleset)
{
    const struct aloud_normaliser *n = c->n;
    if (day == 1 && n->word[W_DAY_ONE] && *n->word[W_DAY_ONE])
        return aloud_xstrdup(n->word[W_DAY_ONE]);
    char digits[16];
    snprintf(digits, sizeof digits, "%d", day);
    const char *rs = ruleset ? ruleset : nm_ruleset_after(c, i);
    return rs ? nm_spell_ruleset(n, rs, digits) : nm_spell(n, RS_DAY, digits);
}

static char *two_digit_year(struct nm_ctx *c, long y)
{
    struct aloud_buf tmp = {0};
    struct nm_ctx sub = *c;
    sub.out = &tmp;
    sub.mark = 0;
    char digits[16];
    snprintf(digits, sizeof digits, "%02ld", y);
    if (digits[0] == '0')
        nm_put_digits(&sub, digits, 2, 1);
    else
        nm_put_int(&sub, digits, RS_CARDINAL);
    return aloud_buf_steal(&tmp);
}

static const char *month_name(const struct nm_ctx *c, int month)
{
    for (size_t k = 0; k < c->n->months.n; k++)
        if (c->n->months.v[k].value == month)
            return c->n->months.v[k].say;
    return NULL;
}

/* A day said alone: "the twelfth" (the rules' date_d). */
static char *lone_day_words(struct nm_ctx *c, const char *day)
{
    const char *pattern = c->n->word[W_DATE_D] ? c->n->word[W_DATE_D] : "{day}";
    struct aloud_buf tmp = {0};
    struct nm_ctx sub = *c;
    sub.out = &tmp;
    sub.mark = 0;
    const char *names[] = {"day"};
    const char *values[] = {day};
    nm_put_pattern(&sub, pattern, names, values, 1);
    return aloud_buf_steal(&tmp);
}

static void say_date(struct nm_ctx *c, size_t i, const struct date *d)
{
    const struct aloud_normaliser *n = c->n;
    char *day = d->day ? day_words(c, i, d->day, d->day_ruleset) : NULL;
    if (day && d->day2) {
        /* "the fifth to the seventh of May" */
        char *day2 = day_words(c, i, d->day2, d->day_ruleset);
        char *said2 = d->month_first ? aloud_xstrdup(day2 ? day2 : "") : lone_day_words(c, day2);
        char *both = aloud_xasprintf("%s %s %s", day, nm_word(n, W_RANGE), said2);
        free(said2);
        free(day2);
        free(day);
        day = both;
    }
    if (!d->month) {
        /* "the 2nd and 3rd of May": the article is written already. */
        size_t first = d->weekday ? d->weekday_end : i;
        int the = first > 0 && n->word[W_DATE_D] && strncmp(n->word[W_DATE_D], "the ", 4) == 0 &&
                  nm_is_itext(c, first - 1, "the");
        char *said = the ? aloud_xstrdup(day) : lone_day_words(c, day);
        nm_say(c, said);
        free(said);
        free(day);
        return;
    }
    char *year = !d->year              ? NULL
                 : d->year_digits == 2 ? two_digit_year(c, d->year)
                                       : words_of(c, put_year_words, d->year);
    const char *month = month_name(c, d->month);
    char *of = aloud_xasprintf(" %s ", nm_word(n, W_DATE_OF));
    int pattern_has_of = strstr(nm_word(n, d->year ? W_DATE_DMY : W_DATE_DM), of) != NULL;
    free(of);
    if (d->of_written && !d->day2 && !pattern_has_of) {
        /* "the 1st of May": "the first of May", also in American English. */
        size_t first = d->weekday ? d->weekday_end : i;
        int the = first > 0 && nm_is_word(c, first - 1) &&
                  strncmp(nm_word(n, W_DATE_D), "the ", 4) == 0 && nm_is_itext(c, first - 1, "the");
        char *said = the ? aloud_xstrdup(day) : lone_day_words(c, day);
        nm_say(c, said);
        nm_say_word(c, W_DATE_OF, 0);
        nm_say(c, month);
        nm_say(c, year);
        free(said);
        free(day);
        free(year);
        return;
    }
    int mdy = d->month_first || (d->numeric && n->set.mdy);
    enum nm_word w = !d->day ? W_DATE_MY
                     : mdy   ? (year ? W_DATE_MDY : W_DATE_MD)
                             : (year ? W_DATE_DMY : W_DATE_DM);
    const char *pattern = nm_word(n, w);
    /* "the 25th of July": the article is written already. */
    size_t first = d->weekday ? d->weekday_end : i;
    if (first > 0 && nm_is_word(c, first - 1)) {
        const char *sp = strchr(pattern, ' ');
        if (sp && nm_utf8_casecmp(pattern, (size_t)(sp - pattern), c->t[first - 1].s,
                                  c->t[first - 1].len) == 0)
            pattern = sp + 1;
    }
    const char *names[] = {"day", "month", "year"};
    const char *values[] = {day, month, year};
    nm_put_pattern(c, pattern, names, values, 3);
    free(day);
    free(year);
}

static const char *weekday_name(const struct nm_ctx *c, int day)
{
    for (size_t k = 0; k < c->n->days.n; k++)
        if (c->n->days.v[k].value == day)
            return c->n->days.v[k].say;
    return NULL;
}

/* "Mon-Fri", "Mo.–Fr.": "Monday to Friday"; "April-June", "Jan–Mar":
 * "April to June". */
static size_t name_range(struct nm_ctx *c, size_t i, const struct nm_list *l,
                         const char *(*name)(const struct nm_ctx *, int))
{
    size_t k, m;
    const struct nm_entry *a = nm_list_match(c, i, l, &k);
    if (!a)
        return 0;
    size_t j = i + k;
    if (nm_is_sym(c, j, '.') && nm_glued(c, j) && !strchr(a->key, '.'))
        j++;
    if (!nm_is_dash(c, j))
        return 0;
    const struct nm_entry *b = nm_list_match(c, j + 1, l, &m);
    if (!b || b->value == a->value || !name(c, a->value) || !name(c, b->value))
        return 0;
    j += 1 + m;
    if (nm_is_sym(c, j, '.') && nm_glued(c, j) && !strchr(b->key, '.') &&
        !(j + 1 >= c->nt || nm_is_name(c, j + 1)))
        j++;
    nm_say(c, name(c, a->value));
    nm_say_word(c, W_RANGE, 0);
    nm_say(c, name(c, b->value));
    return j - i;
}

/* A dash glued on both sides or spaced on both. */
static int range_dash_glued(const struct nm_ctx *c, size_t i)
{
    return i + 1 < c->nt && (c->t[i].space != 0) == (c->t[i + 1].space != 0);
}

/* A day's short name alone, after a word of weekday_before or a time
 * ("on Sat", "from 6pm Sat until 9am Sun"): its full name. */
static size_t lone_weekday(struct nm_ctx *c, size_t i)
{
    size_t k;
    const struct aloud_normaliser *n = c->n;
    const struct nm_entry *d = nm_list_match(c, i, &n->days, &k);
    const char *full = d ? weekday_name(c, d->value) : NULL;
    if (!full || !c->t[i].cap || !c->t[i].space || strcmp(d->key, full) == 0 ||
        nm_is_name(c, i + k) || !n->ctx[CX_WEEKDAY_BEFORE].n)
        return 0;
    int after_time = i > 0 && nm_list_match(c, i - 1, &n->ampm, &(size_t){0}) != NULL;
    /* "p.m." ends on its full stop: the token before the day is "." */
    if (!after_time && i > 1 && nm_is_sym(c, i - 1, '.'))
        after_time = nm_list_match(c, i - 2, &n->ampm, &(size_t){0}) != NULL ||
                     (i > 3 && nm_list_match(c, i - 4, &n->ampm, &(size_t){0}) != NULL);
    if (!after_time && !nm_list_before(c, i, &n->ctx[CX_WEEKDAY_BEFORE], 1))
        return 0;
    nm_say(c, full);
    /* "since Wed.": the full stop ends the sentence too. */
    if (d->key[strlen(d->key) - 1] == '.' && (i + k >= c->nt || nm_sentence_start(c, i + k)))
        nm_put(c, ".");
    return k;
}

size_t nm_match_date(struct nm_ctx *c, size_t i)
{
    struct date d;
    size_t used = name_range(c, i, &c->n->days, weekday_name);
    if (!used)
        used = name_range(c, i, &c->n->months, month_name);
    if (used)
        return used;
    struct date d0;
    if (!read_date(c, i, &d0, 0) && (used = lone_weekday(c, i)))
        return used;
    if (!read_date(c, i, &d, 0))
        return 0;
    size_t start = i;
    if (d.weekday) {
        nm_say(c, weekday_name(c, d.weekday));
        /* The comma after the weekday, as written; German says the date
         * after it in apposition: "am Freitag, dem dreizehnten Oktober". */
        int comma = 0;
        for (size_t j = d.weekday_end; j < c->nt && c->t[j].kind == TK_SYM && j < d.end; j++)
            if (c->t[j].cp == ',')
                comma = 1;
        if (comma) {
            nm_put(c, ",");
            if (c->n->word[W_APPOSITION] && d.day && (d.day_ruleset = nm_ruleset_after(c, start)))
                nm_say(c, c->n->word[W_APPOSITION]);
        }
        i = d.weekday_end;
        while (i < c->nt && c->t[i].kind == TK_SYM)
            i++;
    }
    size_t date_start = i;
    while (date_start < d.end && !nm_is_num(c, date_start) &&
           !nm_list_match(c, date_start, &c->n->months, NULL))
        date_start++;
    say_date(c, date_start, &d);
    /* "on 5 Oct." at the end: the abbreviation's full stop ends the
     * sentence too. */
    if (nm_is_sym(c, d.end - 1, '.') &&
        (d.end >= c->nt || (nm_is_name(c, d.end) && c->t[d.end].space)))
        nm_put(c, ".");
    /* "14 June-14 July": a range to the date after the dash. */
    struct date next;
    if (d.month && nm_is_dash(c, d.end) && range_dash_glued(c, d.end) &&
        read_date(c, d.end + 1, &next, 0) && next.month) {
        nm_say_word(c, W_RANGE, 0);
        return d.end + 1 - start;
    }
    return d.end - start;
}

/* --- Times ------------------------------------------------------------- */

struct clock {
    int hour, minute, second; /* minute -1: none written */
    int ampm;                 /* -1 none, 0 am, 1 pm */
    int hour_word;            /* "Uhr", "h" written */
    int timetable;            /* "the 07:32 from York": a service named by its time */
    size_t end;
};

static int ampm_at(const struct nm_ctx *c, size_t i, size_t *end)
{
    size_t k;
    const struct nm_entry *e = nm_list_match(c, i, &c->n->ampm, &k);
    if (!e)
        return -1;
    /* "a.m" needs its end: not "am" in "I am". */
    if (nm_glued(c, i + k) && (nm_is_word(c, i + k) || nm_is_num(c, i + k)))
        return -1;
    *end = i + k;
    return e->value;
}

static int hour_word_at(const struct nm_ctx *c, size_t i, size_t *end)
{
    size_t k;
    if (!nm_list_match(c, i, &c->n->hour_words, &k))
        return 0;
    *end = i + k;
    return 1;
}

/* A percentage or a unit after "at 5.25": the number is an amount. */
static int amount_follows(const struct nm_ctx *c, size_t j)
{
    size_t ntok;
    if (nm_is_sym(c, j, '%') || nm_is_sym(c, j, 0x2030) || nm_is_itext(c, j, "per") ||
        nm_is_itext(c, j, "percent") || nm_is_itext(c, j, "pc"))
        return 1;
    const struct nm_entry *e = nm_list_match(c, j, &c->n->units, &ntok);
    return e && (e->flags & NM_ATTACHED) == 0;
}

/* "–17 Uhr", "–17.00 Uhr" at j: the end of a range of times with its hour word. */
static int hour_range_follows(const struct nm_ctx *c, size_t j)
{
    size_t e;
    if (!nm_is_dash(c, j) || !nm_is_num(c, j + 1))
        return 0;
    size_t k = j + 2;
    if ((nm_is_sym(c, k, '.') || nm_is_sym(c, k, ':')) && nm_glued(c, k) && nm_is_num(c, k + 1) &&
        nm_glued(c, k + 1))
        k += 2;
    return hour_word_at(c, k, &e);
}

/* H:MM[:SS], H.MM, 14h30, each with a.m./p.m. or an hour word after;
 * bare: a lone hour (the first of "9-5pm"). */
static int read_clock(const struct nm_ctx *c, size_t i, struct clock *t, int bare)
{
    memset(t, 0, sizeof *t);
    t->ampm = -1;
    t->minute = -1;
    if (!two_digit_num(c, i, 0, 24, &t->hour))
        return 0;
    size_t j = i + 1, e;
    int sep_colon = nm_is_sym(c, j, ':') || nm_is_sym(c, j, 0xFF1A);
    int sep_dot = nm_is_sym(c, j, '.');
    if (!sep_colon && !sep_dot && nm_glued(c, j) && hour_word_at(c, j, &e) && nm_is_num(c, e) &&
        nm_glued(c, e) && c->t[e].len == 2) {
        /* 14h30 */
        t->hour_word = 1;
        t->minute = atoi(c->t[e].s);
        j = e + 1;
    } else if ((sep_colon || sep_dot) && nm_glued(c, j) && nm_is_num(c, j + 1) &&
               nm_glued(c, j + 1) && c->t[j + 1].len == 2) {
        t->minute = atoi(c->t[j + 1].s);
        j += 2;
        if (sep_colon && nm_is_sym(c, j, ':') && nm_glued(c, j) && nm_is_num(c, j + 1) &&
            nm_glued(c, j + 1) && c->t[j + 1].len == 2) {
            t->second = atoi(c->t[j + 1].s);
            j += 2;
        }
    }
    if (t->minute > 59 || t->second > 59)
        return 0;
    int am = ampm_at(c, j, &e);
    if (am >= 0 && t->hour <= 12 && !t->hour_word) {
        t->ampm = am;
        j = e;
    } else if (hour_word_at(c, j, &e) && !(nm_glued(c, e) && nm_is_num(c, e))) {
        t->hour_word = 1;
        j = e;
        /* "0 h 30": the minutes after a spaced hour word. */
        if (t->minute < 0 && nm_is_num(c, j) && c->t[j].len == 2 && c->t[j].space &&
            atoi(c->t[j].s) < 60 &&
            !(nm_glued(c, j + 1) && !nm_is_sym(c, j + 1, '.') && !nm_is_sym(c, j + 1, ','))) {
            t->minute = atoi(c->t[j].s);
            j++;
        }
    }
    if (t->minute < 0 && t->ampm < 0 && !t->hour_word && !bare)
        return 0;
    /* "7.15" is a decimal; "7.15pm", "at 7.15", "the 8.15 from Paddington"
     * and "7.15 Uhr" are times, "at 5.25%" and "at 7.50 per cent" are not. */
    int named = (i > 0 && nm_in_list(c, i - 1, &c->n->ctx[CX_DETERMINERS]) &&
                 nm_in_list(c, j, &c->n->ctx[CX_TIME_AFTER])) ||
                hour_range_follows(c, j);
    if (sep_dot && t->ampm < 0 && !t->hour_word &&
        !(t->minute >= 0 && (nm_list_before(c, i, &c->n->ctx[CX_TIME_BEFORE], 1) || named) &&
          !amount_follows(c, j)))
        return 0;
    if (nm_glued(c, j) && (nm_is_num(c, j) || nm_is_word(c, j)))
        return 0;
    t->timetable = named && c->t[i].len == 2 && c->t[i].s[0] == '0';
    t->end = j;
    return 1;
}

static char *int_words(struct nm_ctx *c, int v, enum nm_role role)
{
    char digits[16];
    snprintf(digits, sizeof digits, "%d", v);
    return nm_spell(c->n, role, digits);
}

static void say_clock(struct nm_ctx *c, const struct clock *t, int say_ampm)
{
    const struct aloud_normaliser *n = c->n;
    int hour = t->hour, ampm = t->ampm;
    int minute = t->minute < 0 ? 0 : t->minute;
    if (ampm < 0 && n->set.clock12 && !t->hour_word && t->minute >= 0 && (hour > 12 || hour == 0)) {
        ampm = hour >= 12 && hour < 24;
        hour = hour % 12 ? hour % 12 : 12;
    }
    char *h = int_words(c, hour, RS_HOUR);
    char *m = int_words(c, minute, RS_MINUTE);
    struct nm_num count = {0};
    snprintf(count.whole, sizeof count.whole, "%d", hour);
    const char *hw = nm_plural(n, &count) && n->word_pl[W_HOUR_WORD] ? n->word_pl[W_HOUR_WORD]
                                                                     : nm_word(n, W_HOUR_WORD);
    const char *names[] = {"hour", "minute", "hour_word"};
    const char *values[] = {h, m, hw};
    /* "12pm": "midday"; "12 a.m.", "0 h", "00:00": "midnight". */
    int on_hour = minute == 0 && t->second == 0;
    const char *special =
        !on_hour                                                     ? NULL
        : t->hour == 12 && (ampm == 1 || (ampm < 0 && t->hour_word)) ? n->word[W_NOON]
        : (t->hour == 12 && ampm == 0) || ((t->hour == 0 || t->hour == 24) && ampm < 0)
            ? n->word[W_MIDNIGHT]
            : NULL;
    if (special && *special) {
        nm_say(c, special);
        free(h);
        free(m);
        return;
    }
    if (minute == 0 && ampm >= 0) {
        nm_say(c, h); /* "3pm", "3:00 p.m.": "three p.m." */
    } else {
        enum nm_word w = minute ? (minute < 10 && n->word[W_TIME_OH] ? W_TIME_OH : W_TIME)
                         : hour > 12 && !t->hour_word && n->word[W_TIME_HOURS] ? W_TIME_HOURS
                                                                               : W_TIME_OCLOCK;
        nm_put_pattern(c, nm_word(n, w), names, values, 3);
    }
    if (t->second > 0) {
        char *s = int_words(c, t->second, RS_CARDINAL);
        nm_say(c, s);
        free(s);
    }
    if (ampm >= 0 && say_ampm)
        nm_say_word(c, ampm ? W_PM : W_AM, 0);
    free(h);
    free(m);
}

/* A four-digit time of the twenty-four hour clock: "oh nine hundred",
 * "fourteen thirty", "oh eight oh five" (the leading nought said where it
 * is written). */
static void say_four_digits(struct nm_ctx *c, int hour, int minute, int nought)
{
    if (nought)
        nm_put_digits(c, "0", 1, 1);
    char *h = int_words(c, hour, RS_HOUR);
    if (minute == 0) {
        const char *names[] = {"hour"};
        const char *values[] = {h};
        nm_put_pattern(c, nm_word(c->n, W_TIME_HOURS), names, values, 1);
    } else {
        nm_say(c, h);
        if (minute < 10)
            nm_put_digits(c, "0", 1, 1);
        char *m = int_words(c, minute, RS_MINUTE);
        nm_say(c, m);
        free(m);
    }
    free(h);
}

/* "2100 GMT", "0930 BST": a time of four digits before a time zone
 * ([contexts] time_zones). */
static size_t zoned_clock(struct nm_ctx *c, size_t i)
{
    if (!nm_is_num(c, i) || c->t[i].len != 4 || !nm_in_list(c, i + 1, &c->n->ctx[CX_TIME_ZONES]) ||
        (i > 0 && nm_glued(c, i) && c->t[i - 1].kind != TK_SYM))
        return 0;
    struct clock t = {.ampm = -1, .end = i + 1};
    t.hour = (c->t[i].s[0] - '0') * 10 + (c->t[i].s[1] - '0');
    t.minute = (c->t[i].s[2] - '0') * 10 + (c->t[i].s[3] - '0');
    if (t.hour > 24 || t.minute > 59)
        return 0;
    /* English says the four digits: "oh one hundred GMT". */
    if (c->n->word[W_CLOCK_HOURS] && *c->n->word[W_CLOCK_HOURS])
        say_four_digits(c, t.hour, t.minute, c->t[i].s[0] == '0');
    else
        say_clock(c, &t, 1);
    return 1;
}

/* A time zone after a time written in lower case ("3 pm est"), which
 * eSpeak NG would read as a word: its letters. Returns the tokens used. */
static size_t lower_zone(struct nm_ctx *c, size_t j)
{
    if (j >= c->nt || !c->t[j].space || !nm_is_word(c, j) || c->t[j].cap ||
        !nm_in_list(c, j, &c->n->ctx[CX_TIME_ZONES]))
        return 0;
    nm_say_letters(c, c->t[j].s, c->t[j].len);
    return 1;
}

/* The unit of [units] written key: "h", "min", "s". */
static const struct nm_entry *unit_named(const struct nm_ctx *c, const char *key)
{
    for (size_t k = 0; k < c->n->units.n; k++)
        if (strcmp(c->n->units.v[k].key, key) == 0)
            return &c->n->units.v[k];
    return NULL;
}

/* A count and its unit: "two hours", "forty-three point one three seconds". */
static void say_part(struct nm_ctx *c, const struct nm_num *num, const struct nm_entry *u)
{
    nm_put_number(c, num, nm_cardinal_for(u->gender));
    nm_say(c, nm_plural(c->n, num) && u->say_pl ? u->say_pl : u->say);
}

/* A race's time, "2:01:09" (hours, minutes, seconds) or "3:43.13",
 * "8:36,51 min" (minutes, seconds and their fraction): not a clock, a
 * duration, each part with its unit, "three minutes forty-three point
 * one three seconds". A clock's a.m., p.m. or hour word after it says
 * otherwise. */
static size_t race_time(struct nm_ctx *c, size_t i)
{
    const struct nm_entry *uh = unit_named(c, "h"), *um = unit_named(c, "min"),
                          *us = unit_named(c, "s");
    int first, minutes, seconds;
    if (!uh || !um || !us || !two_digit_num(c, i, 0, 59, &first) || !nm_is_sym(c, i + 1, ':') ||
        !nm_glued(c, i + 1) || !nm_glued(c, i + 2) || c->t[i + 2].len != 2 ||
        !two_digit_num(c, i + 2, 0, 59, &minutes) ||
        (i > 0 && nm_glued(c, i) && (nm_is_num(c, i - 1) || nm_is_sym(c, i - 1, ':'))))
        return 0;
    size_t j = i + 3;
    int hms = nm_is_sym(c, j, ':') && nm_glued(c, j) && nm_glued(c, j + 1) &&
              c->t[j + 1].len == 2 && two_digit_num(c, j + 1, 0, 59, &seconds);
    int frac = !hms && nm_is_sym(c, j, (uint32_t)c->n->set.decimal[0]) && nm_glued(c, j) &&
               nm_is_num(c, j + 1) && nm_glued(c, j + 1) && c->t[j + 1].len <= 3;
    if (!hms && !frac)
        return 0;
    struct nm_num part = {0}, sec;
    size_t secs_at = hms ? j + 1 : i + 2;
    if (!nm_parse_number(c, secs_at, &sec))
        return 0;
    size_t end = sec.end, e;
    if (nm_glued(c, end) && (nm_is_num(c, end) || nm_is_word(c, end) ||
                             nm_is_sym(c, end, ':') || nm_is_sym(c, end, '.')) &&
        !(nm_is_sym(c, end, '.') && !nm_is_num(c, end + 1)))
        return 0;
    if (ampm_at(c, end, &e) >= 0 || hour_word_at(c, end, &e))
        return 0;
    int say_secs = !hms || seconds || *sec.frac, parts = 0;
    if (hms) {
        snprintf(part.whole, sizeof part.whole, "%d", first);
        if (first)
            say_part(c, &part, uh), parts++;
        snprintf(part.whole, sizeof part.whole, "%d", minutes);
        if (minutes || !first) {
            /* "two hours and thirty minutes": "and" before the last part */
            if (parts && !say_secs)
                nm_say_word(c, W_AND, 0);
            say_part(c, &part, um), parts++;
        }
    } else {
        snprintf(part.whole, sizeof part.whole, "%d", first);
        if (first)
            say_part(c, &part, um), parts++;
    }
    if (say_secs) {
        if (parts >= 2 || (parts && hms))
            nm_say_word(c, W_AND, 0);
        say_part(c, &sec, us);
    }
    /* "8:36,51 min": the unit written after is said already. */
    size_t k = 0;
    const struct nm_entry *after = nm_list_match(c, end, &c->n->units, &k);
    if (after && c->t[end].space && (after == um || after == us || after == uh) &&
        !(nm_glued(c, end + k) && nm_is_word(c, end + k)))
        end += k;
    return end - i;
}

/* "0900hrs", "1430 hours", "20:00hrs": the twenty-four hour clock of
 * police and forces ([contexts] hours_after), "oh nine hundred hours". */
static size_t hours_clock(struct nm_ctx *c, size_t i)
{
    const struct nm_list *l = &c->n->ctx[CX_HOURS_AFTER];
    if (!l->n || !nm_is_num(c, i) || (i > 0 && nm_glued(c, i) && c->t[i - 1].kind != TK_SYM))
        return 0;
    int hour, minute;
    size_t j;
    if (c->t[i].len == 4) {
        hour = (c->t[i].s[0] - '0') * 10 + (c->t[i].s[1] - '0');
        minute = (c->t[i].s[2] - '0') * 10 + (c->t[i].s[3] - '0');
        j = i + 1;
    } else if (c->t[i].len <= 2 && nm_is_sym(c, i + 1, ':') && nm_glued(c, i + 1) &&
               nm_is_num(c, i + 2) && nm_glued(c, i + 2) && c->t[i + 2].len == 2) {
        hour = atoi(c->t[i].s);
        minute = atoi(c->t[i + 2].s);
        j = i + 3;
    } else {
        return 0;
    }
    size_t k = 0;
    if (hour > 24 || minute > 59 || !nm_list_match(c, j, l, &k) ||
        (nm_glued(c, j + k) && (nm_is_word(c, j + k) || nm_is_num(c, j + k))) ||
        nm_is_itext(c, j + k, "of"))
        return 0;
    /* "gave 2000 hours" is a count: a time is glued to its word, starts
     * with a nought, is written "hrs" or follows "at". */
    if (!nm_glued(c, j) && c->t[i].s[0] != '0' && !nm_is_itext(c, j, "hrs") &&
        !nm_is_itext(c, j, "hr") && !nm_list_before(c, i, &c->n->ctx[CX_TIME_BEFORE], 1))
        return 0;
    say_four_digits(c, hour, minute, c->t[i].s[0] == '0');
    nm_say(c, nm_word(c->n, W_CLOCK_HOURS));
    return j + k - i;
}

size_t nm_match_time(struct nm_ctx *c, size_t i)
{
    struct clock a, b;
    size_t zoned = zoned_clock(c, i);
    if (zoned || (zoned = hours_clock(c, i)) || (zoned = race_time(c, i)))
        return zoned;
    if (!read_clock(c, i, &a, 1))
        return 0;
    /* A range: "9am-5pm", "9-5pm", "10:00–12:00". */
    size_t d = a.end;
    if (nm_is_dash(c, d) && (c->t[d].space != 0) == (d + 1 < c->nt && c->t[d + 1].space != 0) &&
        read_clock(c, d + 1, &b, 0)) {
        if (a.minute < 0 && a.ampm < 0 && b.ampm < 0 && !b.hour_word)
            return 0;
        if (a.ampm < 0 && b.ampm >= 0 && a.hour <= 12)
            a.ampm = b.ampm;
        /* "9–17 Uhr": the hour word once, after the second. */
        if (a.minute < 0 && a.ampm < 0 && !a.hour_word && b.hour_word) {
            char *h = int_words(c, a.hour, RS_HOUR);
            nm_say(c, h);
            free(h);
        } else {
            say_clock(c, &a, a.ampm != b.ampm || a.end != d);
        }
        nm_say_word(c, W_RANGE, 0);
        say_clock(c, &b, 1);
        return b.end - i;
    }
    if (a.minute < 0 && a.ampm < 0 && !a.hour_word)
        return 0;
    /* "12:00 noon", "12.00 midnight": "twelve noon", the word says the rest. */
    if (a.hour == 12 && a.minute <= 0 && a.ampm < 0 && a.end < c->nt && c->t[a.end].space &&
        (nm_is_itext(c, a.end, "noon") || nm_is_itext(c, a.end, "midnight") ||
         (c->n->word[W_NOON] && nm_is_itext(c, a.end, c->n->word[W_NOON])) ||
         (c->n->word[W_MIDNIGHT] && nm_is_itext(c, a.end, c->n->word[W_MIDNIGHT])))) {
        char *h = int_words(c, 12, RS_HOUR);
        nm_say(c, h);
        free(h);
        return a.end - i;
    }
    /* A service named by its time is read as the timetable writes it:
     * "the oh seven thirty-two from York". */
    if (a.timetable && c->n->word[W_CLOCK_HOURS] && *c->n->word[W_CLOCK_HOURS])
        nm_put_digits(c, "0", 1, 1);
    say_clock(c, &a, 1);
    return a.end + lower_zone(c, a.end) - i;
}
