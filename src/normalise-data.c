/* The normaliser's rules: reads voices/normalise/LANG.ini files (through
 * src/ini.c, so every mistake is reported as FILE:LINE with its key) into
 * struct aloud_normaliser, checking that ICU has the rule sets they name
 * (normalise-rules.c opens them). A more specific file (en-gb.ini) is loaded after its
 * base (en.ini) and overrides it key by key: an entry of a list section
 * ([units], [abbreviations]...) replaces the base's entries of the same
 * written form, a word list of [contexts] the whole base list. The file
 * format is documented in docs/normalisation.md. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "aloud/ini.h"
#include "normalise-internal.h"

#define RULES_MAX_BYTES (1024 * 1024)

static const char *const role_names[RS_COUNT] = {
    [RS_CARDINAL] = "cardinal",
    [RS_CARDINAL_M] = "cardinal_m",
    [RS_CARDINAL_F] = "cardinal_f",
    [RS_CARDINAL_N] = "cardinal_n",
    [RS_NUMBERING] = "numbering",
    [RS_ORDINAL] = "ordinal",
    [RS_ORDINAL_M] = "ordinal_m",
    [RS_ORDINAL_F] = "ordinal_f",
    [RS_ORDINAL_N] = "ordinal_n",
    [RS_YEAR] = "year",
    [RS_DAY] = "day",
    [RS_HOUR] = "hour",
    [RS_MIXED] = "mixed",
    [RS_MINUTE] = "minute",
    [RS_HOUR_ALONE] = "hour_alone",
    [RS_CARDINAL_DAT] = "cardinal_dat",
    [RS_CARDINAL_DAT_F] = "cardinal_dat_f",
};

static const char *const word_names[W_COUNT] = {
    [W_POINT] = "point",
    [W_MINUS] = "minus",
    [W_RANGE] = "range",
    [W_PER] = "per",
    [W_AND] = "and",
    [W_PERCENT] = "percent",
    [W_HASHTAG] = "hashtag",
    [W_AT] = "at",
    [W_DOT] = "dot",
    [W_SLASH] = "slash",
    [W_DASH] = "dash",
    [W_UNDERSCORE] = "underscore",
    [W_PLUS] = "plus",
    [W_ZERO] = "zero",
    [W_AM] = "am",
    [W_PM] = "pm",
    [W_WWW] = "www",
    [W_SCORE] = "score",
    [W_SCORE_ZERO] = "score_zero",
    [W_RATIO] = "ratio",
    [W_DATE_DMY] = "date_dmy",
    [W_DATE_DM] = "date_dm",
    [W_DATE_MDY] = "date_mdy",
    [W_DATE_MD] = "date_md",
    [W_DATE_MY] = "date_my",
    [W_DAY_ONE] = "day_one",
    [W_DATE_OF] = "date_of",
    [W_TIME] = "time",
    [W_TIME_OCLOCK] = "time_oclock",
    [W_TIME_OH] = "time_oh",
    [W_TIME_HOURS] = "time_hours",
    [W_HOUR_WORD] = "hour_word",
    [W_CLOCK_HOURS] = "clock_hours",
    [W_GOLF_UNDER] = "golf_under",
    [W_GOLF_OVER] = "golf_over",
    [W_JUNCTION] = "junction",
    [W_MONEY] = "money",
    [W_MONEY_MINOR] = "money_minor",
    [W_SCALED] = "scaled",
    [W_REGNAL] = "regnal",
    [W_REGNAL_F] = "regnal_f",
    [W_REGNAL_ONE] = "regnal_one",
    [W_MIXED] = "mixed",
    [W_NOON] = "noon",
    [W_MIDNIGHT] = "midnight",
    [W_FRACTION_ONE] = "fraction_one",
    [W_HALF] = "half",
    [W_DATE_D] = "date_d",
    [W_HUNDRED] = "hundred",
    [W_ZERO_WHOLE] = "zero_whole",
    [W_HALF_NOUN] = "half_noun",
    [W_RATING] = "rating",
    [W_HALF_AFTER] = "half_after",
    [W_AND_I] = "and_i",
    [W_APPOSITION] = "apposition",
    [W_REGNAL_GEN] = "regnal_genitive",
    [W_REGNAL_DAT] = "regnal_dative",
    [W_WICKETS] = "wickets",
};

/* What a parse is loading. */
struct load_ctx {
    struct aloud_normaliser *n;
    int layer;
    struct aloud_ini *ini;
    int currency;      /* index of the [currency CODE] being read, or -1 */
    char last_key[96]; /* the key before, to tell continuation lines */
    char last_section[64];
};

/* --- Small parsers ---------------------------------------------------------- */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* Splits s (modified) at sep into at most max trimmed fields. */
static size_t split(char *s, char sep, char **fields, size_t max)
{
    size_t n = 0;
    char *p = s;
    while (n < max) {
        char *q = strchr(p, sep);
        if (q)
            *q = '\0';
        fields[n++] = trim(p);
        if (!q)
            break;
        p = q + 1;
    }
    return n;
}

static void put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        out[1] = '\0';
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        out[2] = '\0';
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        out[3] = '\0';
    } else {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        out[4] = '\0';
    }
}

/* A written form as a key: "U+003D" stands for "=", which INI cannot
 * hold in a key. Returns a new string or NULL (error recorded). */
static char *written_form(struct load_ctx *c, const char *key)
{
    if (strncmp(key, "U+", 2) == 0 && key[2]) {
        char *end;
        unsigned long cp = strtoul(key + 2, &end, 16);
        if (*end || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            aloud_ini_fail(c->ini, "%s: expected a code point U+XXXX", key);
            return NULL;
        }
        char buf[8];
        put_utf8(buf, (uint32_t)cp);
        return aloud_xstrdup(buf);
    }
    return aloud_xstrdup(key);
}

static const struct {
    const char *name;
    unsigned flag;
} option_names[] = {
    {"before-name", NM_BEFORE_NAME},
    {"after-name", NM_AFTER_NAME},
    {"before-number", NM_BEFORE_NUMBER},
    {"after-number", NM_AFTER_NUMBER},
    {"attached", NM_ATTACHED},
    {"money", NM_MONEY},
    {"between-words", NM_BETWEEN_WORDS},
    {"between-numbers", NM_BETWEEN_NUMBERS},
    {"spaced", NM_SPACED},
    {"word-end", NM_WORD_END},
    {"after-place", NM_AFTER_PLACE},
    {"dimension", NM_DIMENSION},
};

/* Options ("before-name f attached") into e. Returns 0 after recording an
 * error. */
static int parse_options(struct load_ctx *c, const char *key, char *s, struct nm_entry *e)
{
    for (char *w = strtok(s, " \t"); w; w = strtok(NULL, " \t")) {
        if (strlen(w) == 1 && strchr("mfn", w[0])) {
            e->gender = w[0];
            continue;
        }
        size_t k;
        for (k = 0; k < sizeof option_names / sizeof option_names[0]; k++)
            if (strcmp(w, option_names[k].name) == 0)
                break;
        if (k == sizeof option_names / sizeof option_names[0]) {
            aloud_ini_fail(c->ini,
                           "%s: unknown option '%s' (expected m, f, n, before-name, after-name, "
                           "before-number, after-number, attached, spaced, money, between-words, "
                           "between-numbers, word-end, after-place, dimension)",
                           key, w);
            return 0;
        }
        e->flags |= option_names[k].flag;
    }
    return 1;
}

/* --- Lists ---------------------------------------------------------------- */

static void list_drop_older(struct nm_list *l, const char *key, int layer)
{
    size_t w = 0;
    for (size_t r = 0; r < l->n; r++) {
        if (l->v[r].layer < layer && (!key || strcmp(l->v[r].key, key) == 0)) {
            nm_entry_free(&l->v[r]);
            continue;
        }
        l->v[w++] = l->v[r];
    }
    l->n = w;
}

/* Adds an entry (taking key); an older file's entries of that key go. */
static struct nm_entry *list_add(struct nm_list *l, char *key, int layer)
{
    list_drop_older(l, key, layer);
    l->v = aloud_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    struct nm_entry *e = &l->v[l->n++];
    memset(e, 0, sizeof *e);
    e->key = key;
    e->layer = layer;
    return e;
}

/* "said | plural | options" (with_plural) or "said | options". */
static int add_said(struct load_ctx *c, struct nm_list *l, const char *key, const char *value,
                    int with_plural, int may_be_silent)
{
    char *form = written_form(c, key);
    if (!form)
        return 0;
    char *copy = aloud_xstrdup(value);
    char *f[3];
    size_t nf = split(copy, '|', f, 3);
    int ok = 1;
    if (!*f[0] && !may_be_silent) {
        aloud_ini_fail(c->ini, "%s: nothing to say (expected 'words%s')", key,
                       with_plural ? " | plural words | options" : " | options");
        ok = 0;
    } else if (nf == 3 && !with_plural) {
        aloud_ini_fail(c->ini, "%s: too many fields (expected 'words | options')", key);
        ok = 0;
    }
    struct nm_entry tmp = {0};
    const char *opts = with_plural ? (nf > 2 ? f[2] : NULL) : (nf > 1 ? f[1] : NULL);
    if (ok && opts) {
        char *o = aloud_xstrdup(opts);
        ok = parse_options(c, key, o, &tmp);
        free(o);
    }
    if (!ok) {
        free(form);
        free(copy);
        return 0;
    }
    struct nm_entry *e = list_add(l, form, c->layer);
    e->say = aloud_xstrdup(f[0]);
    e->say_pl = with_plural && nf > 1 && *f[1] ? aloud_xstrdup(f[1]) : NULL;
    e->gender = tmp.gender;
    e->flags = tmp.flags;
    free(copy);
    return 1;
}

/* A comma-separated list of written forms, each an entry with value. A
 * continuation line (the same key again) adds to the list. */
static void add_forms(struct load_ctx *c, struct nm_list *l, const char *value, int v,
                      const char *said, int replace)
{
    char *copy = aloud_xstrdup(value);
    char *f[64];
    size_t nf = split(copy, ',', f, 64);
    for (size_t k = 0; k < nf; k++) {
        if (!*f[k])
            continue;
        struct nm_entry *e;
        if (replace) {
            e = list_add(l, aloud_xstrdup(f[k]), c->layer);
        } else {
            l->v = aloud_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
            e = &l->v[l->n++];
            memset(e, 0, sizeof *e);
            e->key = aloud_xstrdup(f[k]);
            e->layer = c->layer;
        }
        e->value = v;
        e->say = aloud_xstrdup(said ? said : f[0]);
    }
    free(copy);
}

/* --- Sections ----------------------------------------------------------------- */

/* [settings]: each key with its kind and place. A choice is "a|b" (the
 * setting is 0 for a, 1 for b); text must fit its field and hold only
 * the characters "allowed" names (NULL: any). */
enum setting_kind { SET_TEXT, SET_CHOICE, SET_BOOL, SET_INT, SET_GENDER };

static const struct {
    const char *key;
    enum setting_kind kind;
    size_t offset, size;
    const char *choices; /* SET_CHOICE: "a|b"; SET_TEXT: characters allowed */
} settings[] = {
#define SET(key, kind, field, choices)                                                             \
    {                                                                                              \
        key, kind, offsetof(struct nm_settings, field), sizeof(((struct nm_settings *)0)->field),  \
            choices                                                                                \
    }
    SET("decimal", SET_TEXT, decimal, NULL),
    SET("group", SET_TEXT, group, NULL),
    SET("decade_suffix", SET_TEXT, decade_suffix, NULL),
    SET("phone_shapes", SET_TEXT, phone_shapes, "0123456789-, "),
    SET("shorten", SET_TEXT, shorten, NULL),
    SET("feminine_endings", SET_TEXT, feminine_endings, NULL),
    SET("word_list", SET_TEXT, word_list, NULL),
    SET("date_order", SET_CHOICE, mdy, "dmy|mdy"),
    SET("decimals", SET_CHOICE, decimals_as_number, "digits|number"),
    SET("clock", SET_CHOICE, clock12, "24|12"),
    SET("phone", SET_CHOICE, phone_numbers, "digits|numbers"),
    SET("group_space", SET_BOOL, group_space, NULL),
    SET("decimals_agree", SET_BOOL, decimals_agree, NULL),
    SET("short_digits", SET_BOOL, short_digits, NULL),
    SET("elision", SET_BOOL, elision, NULL),
    SET("ordinal_dot", SET_BOOL, ordinal_dot, NULL),
    SET("decade_plural_en", SET_BOOL, decade_plural_en, NULL),
    SET("plural_s", SET_BOOL, plural_s, NULL),
    SET("nouns_capitalised", SET_BOOL, nouns_capitalised, NULL),
    SET("attributive", SET_BOOL, attributive, NULL),
    SET("model_pairs", SET_BOOL, model_pairs, NULL),
    SET("split_years", SET_BOOL, split_years, NULL),
    SET("measure_hundreds", SET_BOOL, measure_hundreds, NULL),
    SET("regnal_ordinal_max", SET_INT, regnal_ordinal_max, NULL),
    SET("count_gender", SET_GENDER, count_gender, NULL),
#undef SET
};

static int set_choice(struct load_ctx *c, const char *key, const char *value, const char *choices,
                      int *out)
{
    const char *bar = strchr(choices, '|');
    size_t first = (size_t)(bar - choices);
    if (strlen(value) == first && strncmp(value, choices, first) == 0) {
        *out = 0;
        return 1;
    }
    if (strcmp(value, bar + 1) == 0) {
        *out = 1;
        return 1;
    }
    aloud_ini_fail(c->ini, "%s: expected %.*s or %s, got '%s'", key, (int)first, choices, bar + 1,
                   value);
    return 0;
}

static int settings_key(struct load_ctx *c, const char *key, const char *value)
{
    char *s = (char *)&c->n->set;
    for (size_t k = 0; k < sizeof settings / sizeof settings[0]; k++) {
        if (strcmp(key, settings[k].key) != 0)
            continue;
        void *field = s + settings[k].offset;
        long v;
        switch (settings[k].kind) {
        case SET_TEXT:
            /* A continuation line goes on the value before it, a list's
             * next items ("feminine_endings = a, as,\n    ción"). */
            if (strcmp(c->last_key, key) == 0 && *(char *)field) {
                const char *was = field;
                size_t wl = strlen(was);
                char *joined =
                    aloud_xasprintf("%s%s%s", was, was[wl - 1] == ',' ? " " : ", ", value);
                int fits = strlen(joined) < settings[k].size;
                if (fits)
                    strcpy(field, joined);
                else
                    aloud_ini_fail(c->ini, "%s: expected at most %zu bytes, got '%s'", key,
                                   settings[k].size - 1, joined);
                free(joined);
                return fits;
            }
            if (strlen(value) >= settings[k].size ||
                (settings[k].choices && strspn(value, settings[k].choices) != strlen(value))) {
                aloud_ini_fail(c->ini, "%s: expected at most %zu bytes%s%s, got '%s'", key,
                               settings[k].size - 1, settings[k].choices ? " of " : "",
                               settings[k].choices ? settings[k].choices : "", value);
                return 0;
            }
            strcpy(field, value);
            return 1;
        case SET_CHOICE:
            return set_choice(c, key, value, settings[k].choices, field);
        case SET_BOOL:
            return aloud_ini_bool(c->ini, key, value, field);
        case SET_INT:
            if (!aloud_ini_int(c->ini, key, value, 0, 3999, &v))
                return 0;
            *(int *)field = (int)v;
            return 1;
        case SET_GENDER:
            if (strlen(value) != 1 || !strchr("mfn", value[0])) {
                aloud_ini_fail(c->ini, "%s: expected m, f or n, got '%s'", key, value);
                return 0;
            }
            *(char *)field = value[0];
            return 1;
        }
    }
    if (strcmp(key, "fraction_other") == 0) {
        if (strcmp(value, "ordinal-s") && strcmp(value, "ordinal-tel") &&
            strcmp(value, "cardinal-avo")) {
            aloud_ini_fail(
                c->ini, "fraction_other: expected ordinal-s, ordinal-tel or cardinal-avo, got '%s'",
                value);
            return 0;
        }
        strcpy(c->n->set.fraction_other, value);
        return 1;
    }
    aloud_ini_fail(c->ini, "unknown key '%s' in [settings] (docs/normalisation.md lists them)",
                   key);
    return 0;
}

static int check_ruleset(struct load_ctx *c, const char *key, const char *value)
{
    if (!nm_ruleset_exists(c->n, value)) {
        aloud_ini_fail(c->ini, "%s: ICU has no spellout rule set '%s' for %s", key, value,
                       c->n->lang);
        return 0;
    }
    return 1;
}

static int rulesets_key(struct load_ctx *c, const char *key, const char *value)
{
    for (int r = 0; r < RS_COUNT; r++) {
        if (strcmp(key, role_names[r]) == 0) {
            if (!check_ruleset(c, key, value))
                return 0;
            free(c->n->ruleset[r]);
            c->n->ruleset[r] = aloud_xstrdup(value);
            return 1;
        }
    }
    aloud_ini_fail(
        c->ini,
        "unknown key '%s' in [rulesets] (expected cardinal, cardinal_m, cardinal_f, "
        "cardinal_n, numbering, ordinal, ordinal_m, ordinal_f, ordinal_n, year, day, hour, "
        "mixed, "
        "minute)",
        key);
    return 0;
}

static int words_key(struct load_ctx *c, const char *key, const char *value)
{
    for (int w = 0; w < W_COUNT; w++) {
        if (strcmp(key, word_names[w]) == 0) {
            char *copy = aloud_xstrdup(value);
            char *f[2];
            size_t nf = split(copy, '|', f, 2);
            free(c->n->word[w]);
            free(c->n->word_pl[w]);
            c->n->word[w] = aloud_xstrdup(f[0]);
            c->n->word_pl[w] = nf > 1 ? aloud_xstrdup(f[1]) : NULL;
            free(copy);
            return 1;
        }
    }
    aloud_ini_fail(c->ini, "unknown key '%s' in [words] (docs/normalisation.md lists them)", key);
    return 0;
}

/* [months] and [days]: "1 = January, Jan, Jan." */
static int calendar_key(struct load_ctx *c, struct nm_list *l, const char *key, const char *value,
                        long max)
{
    long v;
    if (!aloud_ini_int(c->ini, key, key, 1, max, &v))
        return 0;
    if (!*value) {
        aloud_ini_fail(c->ini, "%s: expected the name and its abbreviations", key);
        return 0;
    }
    /* A new definition of this number replaces the base's. */
    int continuation = strcmp(c->last_key, key) == 0;
    if (!continuation) {
        size_t w = 0;
        for (size_t r = 0; r < l->n; r++) {
            if (l->v[r].layer < c->layer && l->v[r].value == v) {
                nm_entry_free(&l->v[r]);
                continue;
            }
            l->v[w++] = l->v[r];
        }
        l->n = w;
    }
    char *copy = aloud_xstrdup(value);
    char *first = copy;
    char *comma = strchr(copy, ',');
    if (comma)
        *comma = '\0';
    const char *said = NULL;
    for (size_t k = 0; k < l->n; k++)
        if (l->v[k].value == v && l->v[k].layer == c->layer)
            said = l->v[k].say;
    char *name = aloud_xstrdup(said ? said : trim(first));
    free(copy);
    add_forms(c, l, value, (int)v, name, 0);
    free(name);
    return 1;
}

static const char *const context_names[CX_COUNT] = {
    [CX_YEAR_BEFORE] = "year_before",
    [CX_ROMAN_CARDINAL_BEFORE] = "roman_cardinal_before",
    [CX_REGNAL_NAMES] = "regnal_names",
    [CX_REGNAL_FEMININE] = "regnal_feminine",
    [CX_SCORE_BEFORE] = "score_before",
    [CX_SCORE_AFTER] = "score_after",
    [CX_PHONE_BEFORE] = "phone_before",
    [CX_COUNT_AFTER] = "count_after",
    [CX_CARDINAL_BEFORE] = "cardinal_before",
    [CX_FUNCTION_WORDS] = "function_words",
    [CX_HASHTAG_BEFORE] = "hashtag_before",
    [CX_DECADE_BEFORE] = "decade_before",
    [CX_ROMAN_ORDINAL_M] = "roman_ordinal_m",
    [CX_ROMAN_ORDINAL_F] = "roman_ordinal_f",
    [CX_SPELL_LABELS] = "spell_labels",
    [CX_WORD_LABELS] = "word_labels",
    [CX_LETTER_WORDS] = "letter_words",
    [CX_TIME_BEFORE] = "time_before",
    [CX_WORD_ONSETS] = "word_onsets",
    [CX_WORD_CODAS] = "word_codas",
    [CX_INITIALISM_WORDS] = "initialism_words",
    [CX_INITIALISM_LETTERS] = "initialism_letters",
    [CX_SERVICE_NUMBERS] = "service_numbers",
    [CX_COUNT_BEFORE] = "count_before",
    [CX_MEASURE_AFTER] = "measure_after",
    [CX_DETERMINERS] = "determiners",
    [CX_NAME_PARTICLES] = "name_particles",
    [CX_RANGE_AND_BEFORE] = "range_and_before",
    [CX_TIME_ZONES] = "time_zones",
    [CX_RATING_BEFORE] = "rating_before",
    [CX_RATING_AFTER] = "rating_after",
    [CX_NOUNS_MASCULINE] = "nouns_masculine",
    [CX_NOUNS_FEMININE] = "nouns_feminine",
    [CX_TIME_AFTER] = "time_after",
    [CX_EVENT_AFTER] = "event_after",
    [CX_DATIVE_BEFORE] = "dative_before",
    [CX_WEEKDAY_BEFORE] = "weekday_before",
    [CX_SERVICE_AFTER] = "service_after",
    [CX_SUM_AFTER] = "sum_after",
    [CX_WICKETS_NEAR] = "wickets_near",
    [CX_VERSION_BEFORE] = "version_before",
    [CX_HOURS_AFTER] = "hours_after",
    [CX_SERVICE_BEFORE] = "service_before",
    [CX_MODEL_DIGITS] = "model_digits",
    [CX_MODEL_NEAR] = "model_near",
    [CX_RESOLUTIONS] = "resolutions",
    [CX_FAR_YEAR_BEFORE] = "far_year_before",
    [CX_FILE_EXTENSIONS] = "file_extensions",
    [CX_GOLF_NEAR] = "golf_near",
    [CX_ZIP_BEFORE] = "zip_before",
    [CX_JUNCTION_NEAR] = "junction_near",
};

static struct nm_list *context_list(struct aloud_normaliser *n, const char *key)
{
    for (int k = 0; k < CX_COUNT; k++)
        if (strcmp(key, context_names[k]) == 0)
            return &n->ctx[k];
    return NULL;
}

static int contexts_key(struct load_ctx *c, const char *key, const char *value)
{
    struct nm_list *l = context_list(c->n, key);
    if (!l) {
        aloud_ini_fail(c->ini, "unknown key '%s' in [contexts] (docs/normalisation.md lists them)",
                       key);
        return 0;
    }
    if (strcmp(c->last_key, key) != 0)
        list_drop_older(l, NULL, c->layer);
    add_forms(c, l, value, 0, NULL, 0);
    return 1;
}

static int time_key(struct load_ctx *c, const char *key, const char *value)
{
    struct aloud_normaliser *n = c->n;
    int continuation = strcmp(c->last_key, key) == 0;
    if (strcmp(key, "am") == 0 || strcmp(key, "pm") == 0) {
        int v = key[0] == 'p';
        if (!continuation) {
            size_t w = 0;
            for (size_t r = 0; r < n->ampm.n; r++) {
                if (n->ampm.v[r].layer < c->layer && n->ampm.v[r].value == v) {
                    nm_entry_free(&n->ampm.v[r]);
                    continue;
                }
                n->ampm.v[w++] = n->ampm.v[r];
            }
            n->ampm.n = w;
        }
        add_forms(c, &n->ampm, value, v, NULL, 0);
        return 1;
    }
    if (strcmp(key, "hour") == 0) {
        if (!continuation)
            list_drop_older(&n->hour_words, NULL, c->layer);
        add_forms(c, &n->hour_words, value, 0, NULL, 0);
        return 1;
    }
    aloud_ini_fail(c->ini, "unknown key '%s' in [time] (expected am, pm, hour)", key);
    return 0;
}

/* [currency CODE] */
static int currency_section(struct load_ctx *c, const char *code)
{
    struct aloud_normaliser *n = c->n;
    for (size_t i = 0; i < n->n_cur; i++) {
        if (strcmp(n->cur[i].code, code) == 0) {
            c->currency = (int)i;
            return 1;
        }
    }
    if (!*code || strchr(code, ' ')) {
        aloud_ini_fail(c->ini, "[currency %s]: expected a currency code such as GBP", code);
        return 0;
    }
    n->cur = aloud_xrealloc(n->cur, (n->n_cur + 1) * sizeof *n->cur);
    memset(&n->cur[n->n_cur], 0, sizeof *n->cur);
    n->cur[n->n_cur].code = aloud_xstrdup(code);
    c->currency = (int)n->n_cur++;
    /* The code itself is a written form ("GBP 500", "500 EUR"). */
    struct nm_entry *e = list_add(&n->cur_symbols, aloud_xstrdup(code), c->layer);
    e->value = c->currency;
    e->say = aloud_xstrdup(code);
    return 1;
}

static void drop_currency_forms(struct nm_list *l, int currency, int layer)
{
    size_t w = 0;
    for (size_t r = 0; r < l->n; r++) {
        if (l->v[r].value == currency && l->v[r].layer < layer) {
            nm_entry_free(&l->v[r]);
            continue;
        }
        l->v[w++] = l->v[r];
    }
    l->n = w;
}

static int set_pair(struct load_ctx *c, const char *key, const char *value, char **one, char **many)
{
    char *copy = aloud_xstrdup(value);
    char *f[2];
    size_t nf = split(copy, '|', f, 2);
    if (!*f[0]) {
        aloud_ini_fail(c->ini, "%s: expected 'singular | plural'", key);
        free(copy);
        return 0;
    }
    free(*one);
    free(*many);
    *one = aloud_xstrdup(f[0]);
    *many = aloud_xstrdup(nf > 1 && *f[1] ? f[1] : f[0]);
    free(copy);
    return 1;
}

static int currency_key(struct load_ctx *c, const char *key, const char *value)
{
    struct aloud_normaliser *n = c->n;
    struct nm_currency *cur = &n->cur[c->currency];
    int continuation = strcmp(c->last_key, key) == 0;
    if (strcmp(key, "symbols") == 0) {
        if (!continuation)
            drop_currency_forms(&n->cur_symbols, c->currency, c->layer);
        add_forms(c, &n->cur_symbols, value, c->currency, NULL, 1);
        return 1;
    }
    if (strcmp(key, "minor_symbols") == 0) {
        if (!continuation)
            drop_currency_forms(&n->minor_symbols, c->currency, c->layer);
        add_forms(c, &n->minor_symbols, value, c->currency, NULL, 1);
        return 1;
    }
    if (strcmp(key, "name") == 0)
        return set_pair(c, key, value, &cur->name, &cur->name_pl);
    if (strcmp(key, "money_minor") == 0) {
        free(cur->minor_pattern);
        cur->minor_pattern = aloud_xstrdup(value);
        return 1;
    }
    if (strcmp(key, "minor") == 0)
        return set_pair(c, key, value, &cur->minor, &cur->minor_pl);
    if (strcmp(key, "gender") == 0 || strcmp(key, "minor_gender") == 0) {
        if (strlen(value) != 1 || !strchr("mfn", value[0])) {
            aloud_ini_fail(c->ini, "%s: expected m, f or n, got '%s'", key, value);
            return 0;
        }
        *(key[0] == 'g' ? &cur->gender : &cur->minor_gender) = value[0];
        return 1;
    }
    aloud_ini_fail(c->ini,
                   "unknown key '%s' in [currency %s] (expected symbols, name, minor, "
                   "minor_symbols, gender, minor_gender, money_minor)",
                   key, cur->code);
    return 0;
}

static int fractions_key(struct load_ctx *c, const char *key, const char *value)
{
    long v;
    if (!aloud_ini_int(c->ini, key, key, 2, 1000, &v))
        return 0;
    if (!add_said(c, &c->n->fractions, key, value, 1, 0))
        return 0;
    c->n->fractions.v[c->n->fractions.n - 1].value = (int)v;
    return 1;
}

static int ordinal_suffix_key(struct load_ctx *c, const char *key, const char *value)
{
    if (strcmp(value, "any") && (strlen(value) != 1 || !strchr("mfn", value[0]))) {
        aloud_ini_fail(c->ini, "%s: expected the gender m, f, n or any, got '%s'", key, value);
        return 0;
    }
    struct nm_entry *e = list_add(&c->n->ordinal_suffixes, aloud_xstrdup(key), c->layer);
    e->say = aloud_xstrdup(value);
    e->gender = value[1] ? 0 : value[0];
    return 1;
}

static int ordinal_after_key(struct load_ctx *c, const char *key, const char *value)
{
    if (!check_ruleset(c, key, value))
        return 0;
    struct nm_entry *e = list_add(&c->n->ordinal_after, aloud_xstrdup(key), c->layer);
    e->say = aloud_xstrdup(value);
    return 1;
}

static int handler(struct aloud_ini *ini, void *user, const char *section, const char *key,
                   const char *value)
{
    struct load_ctx *c = user;
    struct aloud_normaliser *n = c->n;
    c->ini = ini;
    if (!section || !key || !value)
        return 0;
    if (strcmp(section, c->last_section) != 0) {
        c->last_key[0] = '\0';
        snprintf(c->last_section, sizeof c->last_section, "%s", section);
        c->currency = -1;
        if (strncmp(section, "currency ", 9) == 0 && !currency_section(c, section + 9))
            return 0;
    }
    int ok;
    if (strcmp(section, "settings") == 0)
        ok = settings_key(c, key, value);
    else if (strcmp(section, "rulesets") == 0)
        ok = rulesets_key(c, key, value);
    else if (strcmp(section, "words") == 0)
        ok = words_key(c, key, value);
    else if (strcmp(section, "months") == 0)
        ok = calendar_key(c, &n->months, key, value, 12);
    else if (strcmp(section, "days") == 0)
        ok = calendar_key(c, &n->days, key, value, 7);
    else if (strcmp(section, "units") == 0)
        ok = add_said(c, &n->units, key, value, 1, 0);
    else if (strcmp(section, "scales") == 0)
        ok = add_said(c, &n->scales, key, value, 1, 0);
    else if (strcmp(section, "abbreviations") == 0)
        ok = add_said(c, &n->abbrevs, key, value, 0, 0);
    else if (strcmp(section, "symbols") == 0)
        ok = add_said(c, &n->symbols, key, value, 0, 1);
    else if (strcmp(section, "fractions") == 0)
        ok = fractions_key(c, key, value);
    else if (strcmp(section, "ordinal_suffixes") == 0)
        ok = ordinal_suffix_key(c, key, value);
    else if (strcmp(section, "ordinal_after") == 0)
        ok = ordinal_after_key(c, key, value);
    else if (strcmp(section, "contexts") == 0)
        ok = contexts_key(c, key, value);
    else if (strcmp(section, "time") == 0)
        ok = time_key(c, key, value);
    else if (c->currency >= 0)
        ok = currency_key(c, key, value);
    else {
        aloud_ini_fail(ini,
                       "unknown section [%s] (expected settings, rulesets, words, months, days, "
                       "units, scales, abbreviations, symbols, fractions, ordinal_suffixes, "
                       "ordinal_after, contexts, time, currency CODE)",
                       section);
        ok = 0;
    }
    snprintf(c->last_key, sizeof c->last_key, "%s", key);
    return ok;
}

int nm_load_file(struct aloud_normaliser *n, const char *path, int layer, char **err)
{
    struct load_ctx c = {.n = n, .layer = layer, .currency = -1};
    n->has_rules = 1;
    return aloud_ini_parse_file(path, RULES_MAX_BYTES, handler, &c, err);
}
