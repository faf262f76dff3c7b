/* Voice profiles: reads the INI files in voices/ (through inih) into struct
 * aloud_voice, checking every value so that a typo in a profile is an error
 * naming the file, the line and the key rather than a silently different
 * voice; loads the pronunciation lexicons and applies them to text; and
 * picks the profile for an article by name or by language tag. */
#define _GNU_SOURCE
#include "aloud/voice.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "aloud/ini.h"
#include "aloud/util.h"

/* Profiles and lexicons are small; anything bigger is a mistake. */
#define PROFILE_MAX_BYTES (1024 * 1024)

static const char *const english_months[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

struct aloud_voice *aloud_voice_default(void)
{
    struct aloud_voice *v = aloud_xcalloc(1, sizeof *v);
    v->id = aloud_xstrdup("en-gb");
    v->name = aloud_xstrdup("English (British)");
    v->language = aloud_xstrdup("en-GB");
    v->espeak_voice = aloud_xstrdup("en");
    v->rate = 165;
    v->pitch = 50;
    v->range = 50;
    v->word_gap = 0;
    v->volume = 100;
    v->pauses = (struct aloud_pauses){
        .after_title = 1000,
        .intro_line = 400,
        .before_heading = 900,
        .after_heading = 500,
        .paragraph = 650,
        .list_item = 350,
        .list_end = 600,
        .quote = 500,
        .caption = 500,
        .end = 1000,
        .announcement = 300,
    };
    struct aloud_announce *a = &v->announce;
    a->byline = aloud_xstrdup("By");
    a->and_word = aloud_xstrdup("and");
    a->quote_start = aloud_xstrdup("Quote.");
    a->quote_end = aloud_xstrdup("End quote.");
    a->image = aloud_xstrdup("Image:");
    a->list_intro = aloud_xstrdup("");
    for (int i = 0; i < 12; i++)
        a->months[i] = aloud_xstrdup(english_months[i]);
    a->date_order = aloud_xstrdup("dmy");
    a->date_format = NULL;
    a->read_images = 1;
    a->read_captions = 1;
    a->table_caption = aloud_xstrdup("Table: {caption}.");
    a->table_size = aloud_xstrdup("Table with {rows} rows and {columns} columns.");
    a->table_end = aloud_xstrdup("End of table.");
    a->notes = ALOUD_NOTES_END;
    a->notes_heading = aloud_xstrdup("Notes");
    a->note = aloud_xstrdup("Note {label}.");
    a->code_start = aloud_xstrdup("Code.");
    a->code_end = aloud_xstrdup("End of code.");
    a->code_skipped = aloud_xstrdup("A code listing is not read.");
    a->read_code = 1;
    return v;
}

void aloud_voice_free(struct aloud_voice *v)
{
    if (!v)
        return;
    free(v->id);
    free(v->name);
    free(v->path);
    free(v->language);
    free(v->espeak_voice);
    free(v->espeak_file);
    free(v->default_for);
    struct aloud_announce *a = &v->announce;
    free(a->byline);
    free(a->and_word);
    free(a->quote_start);
    free(a->quote_end);
    free(a->image);
    free(a->list_intro);
    for (int i = 0; i < 12; i++)
        free(a->months[i]);
    free(a->date_order);
    free(a->date_format);
    free(a->table_caption);
    free(a->table_size);
    free(a->table_end);
    free(a->notes_heading);
    free(a->note);
    free(a->code_start);
    free(a->code_end);
    free(a->code_skipped);
    aloud_lexicon_clear(&v->lexicon);
    free(v);
}

void aloud_strv_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

/* --- INI files ------------------------------------------------------------ */

/* Profiles and lexicons are read through aloud_ini (src/ini.c), which gives
 * every error its file and line; each parse's context keeps the parse
 * going on (ini), and ctx_fail records the first error at its line. */
#define ctx_fail(c, ...) aloud_ini_fail((c)->ini, __VA_ARGS__)

/* --- Profiles ------------------------------------------------------------ */

struct profile_ctx {
    struct aloud_ini *ini;
    struct aloud_voice *v;
    char *dir;        /* the profile's directory */
    int load_lexicon; /* 0 while only looking at languages */
    int saw_espeak;
    int saw_file;
};

/* Letters, digits and hyphens, starting with a letter: a BCP 47 tag. */
static int valid_tag(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-')
            return 0;
    return 1;
}

/* A file name inside the voices directory: no directories, no dot files. */
static int valid_plain_name(const char *s)
{
    return *s && *s != '.' && !strchr(s, '/') && !strchr(s, '\\');
}

static void set_str(char **field, const char *value)
{
    free(*field);
    *field = aloud_xstrdup(value);
}

static int voice_key(struct profile_ctx *c, const char *name, const char *value)
{
    struct aloud_voice *v = c->v;
    long n;
    if (strcmp(name, "name") == 0) {
        if (!*value) {
            ctx_fail(c, "name: expected the voice's name, got nothing");
            return 0;
        }
        set_str(&v->name, value);
    } else if (strcmp(name, "language") == 0) {
        if (!valid_tag(value)) {
            ctx_fail(c, "language: expected a language tag such as en-GB, got '%s'", value);
            return 0;
        }
        set_str(&v->language, value);
    } else if (strcmp(name, "default_for") == 0) {
        set_str(&v->default_for, value);
    } else if (strcmp(name, "espeak") == 0) {
        if (c->saw_file) {
            ctx_fail(c, "espeak: give either espeak or file, not both");
            return 0;
        }
        if (!*value || strspn(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789-_/+") != strlen(value)) {
            ctx_fail(c, "espeak: expected an installed eSpeak NG voice such as en-us, got '%s'",
                     value);
            return 0;
        }
        c->saw_espeak = 1;
        set_str(&v->espeak_voice, value);
        free(v->espeak_file);
        v->espeak_file = NULL;
    } else if (strcmp(name, "file") == 0) {
        if (c->saw_espeak) {
            ctx_fail(c, "file: give either espeak or file, not both");
            return 0;
        }
        if (!valid_plain_name(value)) {
            ctx_fail(c, "file: expected the name of a voice file in %s, got '%s'", c->dir,
                     value);
            return 0;
        }
        char *path = aloud_xasprintf("%s/%s", c->dir, value);
        char *abs = realpath(path, NULL);
        struct stat st;
        if (!abs || stat(abs, &st) != 0 || !S_ISREG(st.st_mode)) {
            ctx_fail(c, "file: no eSpeak NG voice file %s", path);
            free(path);
            free(abs);
            return 0;
        }
        free(path);
        c->saw_file = 1;
        free(v->espeak_file);
        v->espeak_file = abs;
        free(v->espeak_voice);
        v->espeak_voice = NULL;
    } else if (strcmp(name, "rate") == 0) {
        if (!aloud_ini_measure(c->ini, name, value, 80, 450, "words per minute", &n))
            return 0;
        v->rate = (int)n;
    } else if (strcmp(name, "pitch") == 0 || strcmp(name, "range") == 0) {
        if (!aloud_ini_measure(c->ini, name, value, 0, 100, "a number", &n))
            return 0;
        *(name[0] == 'p' ? &v->pitch : &v->range) = (int)n;
    } else if (strcmp(name, "word_gap") == 0) {
        if (!aloud_ini_measure(c->ini, name, value, 0, 100, "tens of milliseconds", &n))
            return 0;
        v->word_gap = (int)n;
    } else if (strcmp(name, "volume") == 0) {
        if (!aloud_ini_measure(c->ini, name, value, 0, 200, "a number", &n))
            return 0;
        v->volume = (int)n;
    } else {
        ctx_fail(c,
                 "unknown key '%s' in [voice] (expected name, language, default_for, espeak, "
                 "file, rate, pitch, range, word_gap, volume)",
                 name);
        return 0;
    }
    return 1;
}

static int pauses_key(struct profile_ctx *c, const char *name, const char *value)
{
    struct aloud_pauses *p = &c->v->pauses;
    static const struct {
        const char *key;
        size_t offset;
    } keys[] = {
        {"after_title", offsetof(struct aloud_pauses, after_title)},
        {"intro_line", offsetof(struct aloud_pauses, intro_line)},
        {"before_heading", offsetof(struct aloud_pauses, before_heading)},
        {"after_heading", offsetof(struct aloud_pauses, after_heading)},
        {"paragraph", offsetof(struct aloud_pauses, paragraph)},
        {"list_item", offsetof(struct aloud_pauses, list_item)},
        {"list_end", offsetof(struct aloud_pauses, list_end)},
        {"quote", offsetof(struct aloud_pauses, quote)},
        {"caption", offsetof(struct aloud_pauses, caption)},
        {"end", offsetof(struct aloud_pauses, end)},
        {"announcement", offsetof(struct aloud_pauses, announcement)},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(name, keys[i].key) != 0)
            continue;
        long n;
        if (!aloud_ini_measure(c->ini, name, value, 0, 10000, "milliseconds", &n))
            return 0;
        *(int *)((char *)p + keys[i].offset) = (int)n;
        return 1;
    }
    ctx_fail(c,
             "unknown key '%s' in [pauses] (expected after_title, intro_line, before_heading, "
             "after_heading, paragraph, list_item, list_end, quote, caption, announcement, end)",
             name);
    return 0;
}

static int parse_months(struct profile_ctx *c, const char *value)
{
    char *names[12] = {0};
    int n = 0;
    const char *p = value;
    int ok = 1;
    while (ok) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char *name = aloud_text_squeeze(aloud_xstrndup(p, len));
        if (!*name || n == 12) {
            free(name);
            ok = 0;
            break;
        }
        names[n++] = name;
        if (!comma)
            break;
        p = comma + 1;
    }
    if (!ok || n != 12) {
        for (int i = 0; i < n; i++)
            free(names[i]);
        ctx_fail(c, "months: expected the twelve month names separated by commas, got '%s'",
                 value);
        return 0;
    }
    for (int i = 0; i < 12; i++) {
        free(c->v->announce.months[i]);
        c->v->announce.months[i] = names[i];
    }
    return 1;
}

/* An announcement with placeholders: an empty value (say nothing) or one
 * that has them. */
static int set_pattern(struct profile_ctx *c, char **field, const char *name, const char *value,
                       const char *needs, const char *needs_too)
{
    if (*value && (!strstr(value, needs) || (needs_too && !strstr(value, needs_too)))) {
        ctx_fail(c, "%s: expected words with %s%s%s, or nothing, got '%s'", name, needs,
                 needs_too ? " and " : "", needs_too ? needs_too : "", value);
        return 0;
    }
    set_str(field, value);
    return 1;
}

static int announce_key(struct profile_ctx *c, const char *name, const char *value)
{
    struct aloud_announce *a = &c->v->announce;
    if (strcmp(name, "byline") == 0)
        set_str(&a->byline, value);
    else if (strcmp(name, "and") == 0)
        set_str(&a->and_word, value);
    else if (strcmp(name, "quote_start") == 0)
        set_str(&a->quote_start, value);
    else if (strcmp(name, "quote_end") == 0)
        set_str(&a->quote_end, value);
    else if (strcmp(name, "image") == 0)
        set_str(&a->image, value);
    else if (strcmp(name, "list_intro") == 0)
        set_str(&a->list_intro, value);
    else if (strcmp(name, "table_caption") == 0)
        return set_pattern(c, &a->table_caption, name, value, "{caption}", NULL);
    else if (strcmp(name, "table_size") == 0)
        return set_pattern(c, &a->table_size, name, value, "{rows}", "{columns}");
    else if (strcmp(name, "table_end") == 0)
        set_str(&a->table_end, value);
    else if (strcmp(name, "notes_heading") == 0)
        set_str(&a->notes_heading, value);
    else if (strcmp(name, "note") == 0)
        return set_pattern(c, &a->note, name, value, "{label}", NULL);
    else if (strcmp(name, "code_start") == 0)
        set_str(&a->code_start, value);
    else if (strcmp(name, "code_end") == 0)
        set_str(&a->code_end, value);
    else if (strcmp(name, "code_skipped") == 0)
        set_str(&a->code_skipped, value);
    else if (strcmp(name, "read_code") == 0)
        return aloud_ini_bool(c->ini, name, value, &a->read_code);
    else if (strcmp(name, "notes") == 0) {
        if (strcmp(value, "end") != 0 && strcmp(value, "after") != 0) {
            ctx_fail(c, "notes: expected end (gathered under a heading at the end) or after (after "
                        "the paragraph that cites them), got '%s'",
                     value);
            return 0;
        }
        a->notes = value[0] == 'a' ? ALOUD_NOTES_AFTER : ALOUD_NOTES_END;
    }
    else if (strcmp(name, "read_images") == 0 || strcmp(name, "read_captions") == 0) {
        int *field = strcmp(name, "read_images") == 0 ? &a->read_images : &a->read_captions;
        if (!aloud_ini_bool(c->ini, name, value, field))
            return 0;
    } else if (strcmp(name, "date_order") == 0) {
        if (strcmp(value, "dmy") != 0 && strcmp(value, "mdy") != 0) {
            ctx_fail(c, "date_order: expected dmy or mdy, got '%s'", value);
            return 0;
        }
        set_str(&a->date_order, value);
    } else if (strcmp(name, "date_format") == 0) {
        if (!strstr(value, "{day}") || !strstr(value, "{month}") || !strstr(value, "{year}")) {
            ctx_fail(c, "date_format: expected a pattern with {day}, {month} and {year}, got '%s'",
                     value);
            return 0;
        }
        set_str(&a->date_format, value);
    } else if (strcmp(name, "months") == 0) {
        return parse_months(c, value);
    } else {
        ctx_fail(c,
                 "unknown key '%s' in [announce] (expected byline, and, quote_start, quote_end, "
                 "image, list_intro, read_images, read_captions, date_order, date_format, months, "
                 "table_caption, table_size, table_end, notes, notes_heading, note, code_start, "
                 "code_end, code_skipped, read_code)",
                 name);
        return 0;
    }
    return 1;
}

static int lexicon_key(struct profile_ctx *c, const char *name, const char *value)
{
    if (strcmp(name, "file") != 0) {
        ctx_fail(c, "unknown key '%s' in [lexicon] (expected file)", name);
        return 0;
    }
    if (!valid_plain_name(value)) {
        ctx_fail(c, "file: expected the name of a lexicon file in %s, got '%s'", c->dir,
                 value);
        return 0;
    }
    if (!c->load_lexicon)
        return 1;
    char *path = aloud_xasprintf("%s/%s", c->dir, value);
    char *lerr = NULL;
    int rc = aloud_lexicon_load(path, &c->v->lexicon, &lerr);
    if (rc == -ENOENT)
        ctx_fail(c, "file: no lexicon %s", path);
    else if (rc)
        ctx_fail(c, "file: lexicon %s", lerr);
    free(lerr);
    free(path);
    return rc == 0;
}

static int profile_handler(struct aloud_ini *ini, void *user, const char *section,
                           const char *name, const char *value)
{
    struct profile_ctx *c = user;
    c->ini = ini;
    if (strcmp(section, "voice") == 0)
        return voice_key(c, name, value);
    if (strcmp(section, "pauses") == 0)
        return pauses_key(c, name, value);
    if (strcmp(section, "announce") == 0)
        return announce_key(c, name, value);
    if (strcmp(section, "lexicon") == 0)
        return lexicon_key(c, name, value);
    if (!*section)
        ctx_fail(c, "'%s' is outside any section (start with [voice])", name);
    else
        ctx_fail(c, "unknown section [%s] (expected voice, pauses, announce, lexicon)",
                 section);
    return 0;
}

/* The profile's id: its file name without the directory and ".ini". */
static char *id_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".ini") == 0)
        len -= 4;
    return aloud_xstrndup(base, len);
}

static int profile_load(const char *path, int load_lexicon, struct aloud_voice **out, char **err)
{
    *out = NULL;
    struct aloud_voice *v = aloud_voice_default();
    struct profile_ctx c = {.v = v, .load_lexicon = load_lexicon};
    const char *slash = strrchr(path, '/');
    c.dir = slash ? aloud_xstrndup(path, (size_t)(slash - path) + (slash == path)) : aloud_xstrdup(".");
    /* Every profile starts from the defaults but its own lexicon only. */
    int rc = aloud_ini_parse_file(path, PROFILE_MAX_BYTES, profile_handler, &c, err);
    free(c.dir);
    if (rc) {
        aloud_voice_free(v);
        return rc;
    }
    free(v->id);
    v->id = id_of(path);
    v->path = aloud_xstrdup(path);
    *out = v;
    return 0;
}

int aloud_voice_load(const char *path, struct aloud_voice **out, char **err)
{
    return profile_load(path, 1, out, err);
}

/* --- Finding profiles ------------------------------------------------- */

static int is_profile_name(const char *name)
{
    size_t len = strlen(name);
    if (len <= 4 || name[0] == '.' || strcmp(name + len - 4, ".ini") != 0)
        return 0;
    /* lexicons live beside the profiles */
    return !(len > 12 && strcmp(name + len - 12, ".lexicon.ini") == 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int aloud_voice_list(const char *voices_dir, char ***ids, char **err)
{
    *ids = NULL;
    DIR *d = opendir(voices_dir);
    if (!d) {
        int e = errno;
        aloud_error_set(err, "%s: cannot open the voices directory: %s", voices_dir, strerror(e));
        return -e;
    }
    size_t n = 0;
    char **v = aloud_xcalloc(1, sizeof *v);
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (!is_profile_name(ent->d_name))
            continue;
        v = aloud_xrealloc(v, (n + 2) * sizeof *v);
        v[n++] = id_of(ent->d_name);
        v[n] = NULL;
    }
    closedir(d);
    qsort(v, n, sizeof *v, cmp_str);
    *ids = v;
    return (int)n;
}

static char *profiles_listing(const char *voices_dir)
{
    char **ids = NULL;
    int n = aloud_voice_list(voices_dir, &ids, NULL);
    struct aloud_buf b = {0};
    if (n <= 0) {
        aloud_buf_printf(&b, "no profiles in %s", voices_dir);
    } else {
        aloud_buf_puts(&b, "profiles: ");
        for (int i = 0; i < n; i++) {
            if (i)
                aloud_buf_puts(&b, ", ");
            aloud_buf_puts(&b, ids[i]);
        }
    }
    aloud_strv_free(ids);
    return aloud_buf_steal(&b);
}

/* The primary language subtag's length ("en" of "en-GB"). */
static size_t primary_len(const char *tag)
{
    return strcspn(tag, "-_");
}

/* Does the comma-separated list name tag (or tag's primary language)? */
static int list_has(const char *list, const char *tag)
{
    if (!list)
        return 0;
    const char *p = list;
    while (*p) {
        p += strspn(p, " ,");
        size_t len = strcspn(p, ",");
        while (len && p[len - 1] == ' ')
            len--;
        if (len && (strlen(tag) == len || primary_len(tag) == len) && strncasecmp(p, tag, len) == 0)
            return 1;
        p += len;
    }
    return 0;
}

/* Finds the profile for name: a path to a profile file, an id, or a
 * language tag. Returns 0, -ENOENT when nothing matches (without *err), or
 * another -errno with *err (a broken profile, an unreadable directory). */
static int find_profile(const char *voices_dir, const char *name, struct aloud_voice **out,
                        char **err)
{
    *out = NULL;
    size_t nlen = strlen(name);
    if (nlen > 4 && strcmp(name + nlen - 4, ".ini") == 0 && strchr(name, '/')) {
        struct stat st;
        if (stat(name, &st) == 0)
            return aloud_voice_load(name, out, err);
    }
    char **ids = NULL;
    int n = aloud_voice_list(voices_dir, &ids, err);
    if (n < 0)
        return n == -ENOENT ? -ENOENT : n;
    int rc = -ENOENT;
    /* 1. the profile's id, in any case */
    for (int i = 0; i < n; i++) {
        if (strcasecmp(ids[i], name) == 0) {
            char *path = aloud_xasprintf("%s/%s.ini", voices_dir, ids[i]);
            rc = aloud_voice_load(path, out, err);
            free(path);
            goto out;
        }
    }
    if (!valid_tag(name))
        goto out;
    /* 2. a language tag: the exact language, then the profile marked as
     * the default for the primary language, then the first profile of
     * that language. */
    int exact = -1, preferred = -1, first = -1;
    for (int i = 0; i < n; i++) {
        char *path = aloud_xasprintf("%s/%s.ini", voices_dir, ids[i]);
        struct aloud_voice *v = NULL;
        int lrc = profile_load(path, 0, &v, err);
        free(path);
        if (lrc) {
            rc = lrc;
            goto out;
        }
        if (exact < 0 && strcasecmp(v->language, name) == 0)
            exact = i;
        if (preferred < 0 && list_has(v->default_for, name))
            preferred = i;
        if (first < 0 && aloud_lang_same(v->language, name))
            first = i;
        aloud_voice_free(v);
    }
    int pick = exact >= 0 ? exact : preferred >= 0 ? preferred : first;
    if (pick >= 0) {
        char *path = aloud_xasprintf("%s/%s.ini", voices_dir, ids[pick]);
        rc = aloud_voice_load(path, out, err);
        free(path);
    }
out:
    aloud_strv_free(ids);
    return rc;
}

int aloud_voice_find(const char *voices_dir, const char *name, struct aloud_voice **out,
                     char **err)
{
    int rc = find_profile(voices_dir, name, out, err);
    if (rc == -ENOENT) {
        char *list = profiles_listing(voices_dir);
        aloud_error_set(err, "unknown voice '%s'; %s", name, list);
        free(list);
    }
    return rc;
}

int aloud_voice_select(const char *voices_dir, const char *requested, const char *article_voice,
                       const char *language, struct aloud_voice **out, char **err)
{
    *out = NULL;
    if (requested && *requested)
        return aloud_voice_find(voices_dir, requested, out, err);
    if (article_voice && *article_voice)
        return aloud_voice_find(voices_dir, article_voice, out, err);
    if (language && *language) {
        int rc = find_profile(voices_dir, language, out, err);
        if (rc != -ENOENT)
            return rc;
    }
    int rc = find_profile(voices_dir, ALOUD_VOICE_DEFAULT_ID, out, err);
    if (rc == -ENOENT) {
        /* No profiles installed at all: the built-in British English. */
        *out = aloud_voice_default();
        return 0;
    }
    return rc;
}

/* --- Voices for other languages ------------------------------------------ */


struct aloud_voice *aloud_voice_for_language(const struct aloud_voice *base, const char *lang)
{
    struct aloud_voice *v = aloud_xcalloc(1, sizeof *v);
    *v = *base;
    v->id = aloud_xasprintf("espeak-%s", lang);
    v->name = aloud_xasprintf("eSpeak NG's voice for %s", lang);
    v->path = NULL;
    v->language = aloud_xstrdup(lang);
    /* eSpeak NG names its voices by lower-case language tags. */
    v->espeak_voice = aloud_xstrdup(lang);
    for (char *p = v->espeak_voice; *p; p++)
        *p = *p == '_' ? '-' : (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
    v->espeak_file = NULL;
    v->default_for = NULL;
    struct aloud_announce *a = &v->announce;
    const struct aloud_announce *b = &base->announce;
    a->byline = aloud_xstrdup(b->byline);
    a->and_word = aloud_xstrdup(b->and_word);
    a->quote_start = aloud_xstrdup(b->quote_start);
    a->quote_end = aloud_xstrdup(b->quote_end);
    a->image = aloud_xstrdup(b->image);
    a->list_intro = aloud_xstrdup(b->list_intro);
    for (int i = 0; i < 12; i++)
        a->months[i] = aloud_xstrdup(b->months[i]);
    a->date_order = aloud_xstrdup(b->date_order);
    a->date_format = aloud_xstrdup(b->date_format);
    a->table_caption = aloud_xstrdup(b->table_caption);
    a->table_size = aloud_xstrdup(b->table_size);
    a->table_end = aloud_xstrdup(b->table_end);
    a->notes_heading = aloud_xstrdup(b->notes_heading);
    a->note = aloud_xstrdup(b->note);
    a->code_start = aloud_xstrdup(b->code_start);
    a->code_end = aloud_xstrdup(b->code_end);
    a->code_skipped = aloud_xstrdup(b->code_skipped);
    v->lexicon = (struct aloud_lexicon){NULL, 0};
    return v;
}

void aloud_voice_set_add(struct aloud_voice_set *set, const char *lang, struct aloud_voice *voice)
{
    set->others = aloud_xrealloc(set->others, (set->n_others + 1) * sizeof *set->others);
    set->others[set->n_others++] = (struct aloud_voice_choice){aloud_xstrdup(lang), voice};
}

const struct aloud_voice *aloud_voice_set_for(const struct aloud_voice_set *set, const char *lang)
{
    if (!lang || (set->primary && aloud_lang_same(lang, set->primary->language)))
        return set->primary;
    for (size_t i = 0; i < set->n_others; i++)
        if (strcasecmp(set->others[i].lang, lang) == 0)
            return set->others[i].voice;
    for (size_t i = 0; i < set->n_others; i++)
        if (aloud_lang_same(set->others[i].lang, lang))
            return set->others[i].voice;
    return set->primary;
}

void aloud_voice_set_clear(struct aloud_voice_set *set)
{
    aloud_voice_free(set->primary);
    for (size_t i = 0; i < set->n_others; i++) {
        free(set->others[i].lang);
        aloud_voice_free(set->others[i].voice);
    }
    free(set->others);
    memset(set, 0, sizeof *set);
}
