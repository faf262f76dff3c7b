/* The normaliser's rules once loaded: ICU's spellout formats (one per rule
 * set, opened as the rules name them, so a number never opens one), the
 * plural rules, the patterns a rule file may leave out, the index of every
 * word list by its keys' first byte, and freeing it all. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>

#include "normalise-internal.h"

void nm_entry_free(struct nm_entry *e)
{
    free(e->key);
    free(e->say);
    free(e->say_pl);
}

static void list_free(struct nm_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        nm_entry_free(&l->v[i]);
    free(l->v);
    free(l->order);
    l->v = NULL;
    l->order = NULL;
    l->n = 0;
}

/* A stable counting sort of the entries by their key's first byte. */
static void list_index(struct nm_list *l)
{
    free(l->order);
    l->order = aloud_xcalloc(l->n ? l->n : 1, sizeof *l->order);
    size_t count[257] = {0};
    for (size_t k = 0; k < l->n; k++)
        count[nm_bucket_of((unsigned char)l->v[k].key[0]) + 1]++;
    for (int b = 0; b < 256; b++)
        count[b + 1] += count[b];
    memcpy(l->bucket, count, sizeof l->bucket);
    for (size_t k = 0; k < l->n; k++)
        l->order[count[nm_bucket_of((unsigned char)l->v[k].key[0])]++] = k;
}

/* Drops entries of an earlier file that match pred (key equal, or all). */

/* The formatter for a rule set, opened on first use; -1 when ICU has no
 * such rule set for the language. */
int nm_ruleset_exists(struct aloud_normaliser *n, const char *ruleset)
{
    if (!n->ruleset_names) {
        UErrorCode st = U_ZERO_ERROR;
        UNumberFormat *f = unum_open(UNUM_SPELLOUT, NULL, 0, n->icu_locale, NULL, &st);
        UChar names[4096];
        int32_t len =
            U_SUCCESS(st) ? unum_getTextAttribute(f, UNUM_PUBLIC_RULESETS, names, 4096, &st) : 0;
        char utf8[8192];
        int32_t out = 0;
        if (U_SUCCESS(st))
            u_strToUTF8(utf8, sizeof utf8, &out, names, len, &st);
        n->ruleset_names = aloud_xasprintf(";%.*s;", U_SUCCESS(st) ? (int)out : 0, utf8);
        if (f)
            unum_close(f);
    }
    char *needle = aloud_xasprintf(";%s;", ruleset);
    int found = strstr(n->ruleset_names, needle) != NULL;
    free(needle);
    return found;
}

int nm_format_index(struct aloud_normaliser *n, const char *ruleset)
{
    for (size_t i = 0; i < n->n_formats; i++)
        if (strcmp(n->formats[i].ruleset, ruleset) == 0)
            return (int)i;
    /* Each rule set in use gets its own formatter: the rule set is a
     * formatter's state, and formatting must not change it. */
    UErrorCode st = U_ZERO_ERROR;
    UNumberFormat *f = unum_open(UNUM_SPELLOUT, NULL, 0, n->icu_locale, NULL, &st);
    if (U_FAILURE(st))
        return -1;
    UChar name[64];
    if (strlen(ruleset) >= sizeof name / sizeof name[0]) {
        unum_close(f);
        return -1;
    }
    u_uastrcpy(name, ruleset);
    unum_setTextAttribute(f, UNUM_DEFAULT_RULESET, name, -1, &st);
    if (U_FAILURE(st)) {
        unum_close(f);
        return -1;
    }
    n->formats = aloud_xrealloc(n->formats, (n->n_formats + 1) * sizeof *n->formats);
    n->formats[n->n_formats].ruleset = aloud_xstrdup(ruleset);
    n->formats[n->n_formats].fmt = f;
    return (int)n->n_formats++;
}

/* --- ICU ------------------------------------------------------------------- */

/* Patterns a language's rules need not write: the plainest order. */
static const struct {
    enum nm_word w;
    const char *pattern;
} default_patterns[] = {
    {W_SCORE, "{a} {b}"},
    {W_RATIO, "{a} {b}"},
    {W_DATE_DMY, "{day} {month} {year}"},
    {W_DATE_DM, "{day} {month}"},
    {W_DATE_MDY, "{month} {day} {year}"},
    {W_DATE_MD, "{month} {day}"},
    {W_DATE_MY, "{month} {year}"},
    {W_TIME, "{hour} {minute}"},
    {W_TIME_OCLOCK, "{hour}"},
    {W_MONEY, "{amount} {unit}"},
    {W_MONEY_MINOR, "{amount} {unit} {minor} {minor_unit}"},
    {W_SCALED, "{amount} {scale} {unit}"},
    {W_REGNAL, "{ordinal}"},
    {W_MIXED, "{whole} {fraction}"},
};

int nm_open_icu(struct aloud_normaliser *n, char **err)
{
    for (size_t k = 0; k < sizeof default_patterns / sizeof default_patterns[0]; k++)
        if (!n->word[default_patterns[k].w])
            n->word[default_patterns[k].w] = aloud_xstrdup(default_patterns[k].pattern);
    UErrorCode st = U_ZERO_ERROR;
    for (int r = 0; r < RS_COUNT; r++)
        n->role_format[r] = n->ruleset[r] ? nm_format_index(n, n->ruleset[r]) : -1;
    for (size_t k = 0; k < n->ordinal_after.n; k++)
        nm_format_index(n, n->ordinal_after.v[k].say);
    /* Roles not named fall back to the nearest that is. */
    static const int fallback[RS_COUNT] = {
        [RS_CARDINAL] = -1,
        [RS_CARDINAL_M] = RS_CARDINAL,
        [RS_CARDINAL_F] = RS_CARDINAL,
        [RS_CARDINAL_N] = RS_CARDINAL,
        [RS_NUMBERING] = RS_CARDINAL,
        [RS_ORDINAL] = -1,
        [RS_ORDINAL_M] = RS_ORDINAL,
        [RS_ORDINAL_F] = RS_ORDINAL,
        [RS_ORDINAL_N] = RS_ORDINAL_M,
        [RS_YEAR] = RS_CARDINAL,
        [RS_DAY] = RS_ORDINAL,
        [RS_HOUR] = RS_CARDINAL,
        [RS_MIXED] = RS_CARDINAL,
        [RS_MINUTE] = RS_CARDINAL,
        [RS_HOUR_ALONE] = RS_NUMBERING,
        [RS_CARDINAL_DAT] = RS_CARDINAL_M,
        [RS_CARDINAL_DAT_F] = RS_CARDINAL_F,
    };
    for (int r = 0; r < RS_COUNT; r++)
        if (n->role_format[r] < 0 && fallback[r] >= 0)
            n->role_format[r] = n->role_format[fallback[r]];
    if (n->role_format[RS_CARDINAL] < 0 || n->role_format[RS_ORDINAL] < 0) {
        aloud_error_set(err, "normalise rules for %s: [rulesets] needs cardinal and ordinal",
                        n->lang);
        return -EINVAL;
    }
    n->plural = uplrules_open(n->icu_locale, &st);
    static const char *const skeletons[4] = {"precision-integer", ".0", ".00", ".000"};
    for (int k = 0; k < 4 && U_SUCCESS(st); k++) {
        UChar sk[32];
        u_uastrcpy(sk, skeletons[k]);
        n->plural_fmt[k] = unumf_openForSkeletonAndLocale(sk, -1, n->icu_locale, &st);
    }
    if (U_FAILURE(st)) {
        aloud_error_set(err, "ICU cannot make plural rules for %s: %s", n->lang, u_errorName(st));
        return -EINVAL;
    }
    return 0;
}

/* Calls fn on every word list of n: the sections' and [contexts]'. */
static void each_list(struct aloud_normaliser *n, void (*fn)(struct nm_list *))
{
    struct nm_list *lists[] = {
        &n->months,        &n->days,    &n->units,       &n->scales,
        &n->abbrevs,       &n->symbols, &n->fractions,   &n->ordinal_suffixes,
        &n->ordinal_after, &n->ampm,    &n->cur_symbols, &n->minor_symbols,
        &n->hour_words,
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        fn(lists[i]);
    for (int k = 0; k < CX_COUNT; k++)
        fn(&n->ctx[k]);
}

void nm_index_lists(struct aloud_normaliser *n)
{
    each_list(n, list_index);
}

void nm_free_rules(struct aloud_normaliser *n)
{
    for (int r = 0; r < RS_COUNT; r++)
        free(n->ruleset[r]);
    for (int w = 0; w < W_COUNT; w++) {
        free(n->word[w]);
        free(n->word_pl[w]);
    }
    each_list(n, list_free);
    for (size_t i = 0; i < n->n_cur; i++) {
        free(n->cur[i].code);
        free(n->cur[i].minor_pattern);
        free(n->cur[i].name);
        free(n->cur[i].name_pl);
        free(n->cur[i].minor);
        free(n->cur[i].minor_pl);
    }
    free(n->cur);
    for (size_t i = 0; i < n->n_formats; i++) {
        free(n->formats[i].ruleset);
        unum_close(n->formats[i].fmt);
    }
    free(n->formats);
    free(n->ruleset_names);
    if (n->plural)
        uplrules_close(n->plural);
    for (int k = 0; k < 4; k++)
        if (n->plural_fmt[k])
            unumf_close(n->plural_fmt[k]);
}

/* ICU's libraries are mapped read-only from their files; the pages that
 * normalising touched stay in this process's resident set until it exits.
 * madvise(MADV_DONTNEED) takes them out of it. That is safe only for
 * pages that are the file's own: a mapping with private (copy-on-write)
 * pages, such as relocated data made read-only after (RELRO), would lose
 * them, so only read-only mappings whose smaps show no anonymous pages are
 * dropped. */
void aloud_normalise_release_pages(void)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return;
    char line[512];
    unsigned long start = 0, end = 0;
    int candidate = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long a, b;
        char perms[8];
        int name_at = 0;
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &a, &b, perms, &name_at) == 3 &&
            name_at > 0) {
            start = a;
            end = b;
            candidate = perms[1] != 'w' && strstr(line + name_at, "/libicu") != NULL;
        } else if (candidate && strncmp(line, "Anonymous:", 10) == 0) {
            if (strtol(line + 10, NULL, 10) == 0)
                madvise((void *)start, end - start, MADV_DONTNEED);
            candidate = 0;
        }
    }
    fclose(f);
}
