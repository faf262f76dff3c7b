/* content/podcast.ini: the show's settings, checked key by key. */
#include "aloud/podcast.h"

#include "aloud/book.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <nettle/sha1.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aloud/fetch.h"
#include "aloud/ini.h"
#include "aloud/util.h"

#define PODCAST_MAX_BYTES (1024 * 1024)

/* Apple Podcasts categories and subcategories. */
static const char *const categories[][16] = {
    {"Arts", "Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"},
    {"Business", "Careers", "Entrepreneurship", "Investing", "Management", "Marketing",
     "Non-Profit"},
    {"Comedy", "Comedy Interviews", "Improv", "Stand-Up"},
    {"Education", "Courses", "How To", "Language Learning", "Self-Improvement"},
    {"Fiction", "Comedy Fiction", "Drama", "Science Fiction"},
    {"Government"},
    {"History"},
    {"Health & Fitness", "Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition",
     "Sexuality"},
    {"Kids & Family", "Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"},
    {"Leisure", "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
     "Home & Garden", "Video Games"},
    {"Music", "Music Commentary", "Music History", "Music Interviews"},
    {"News", "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
     "Sports News", "Tech News"},
    {"Religion & Spirituality", "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism",
     "Religion", "Spirituality"},
    {"Science", "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
     "Natural Sciences", "Nature", "Physics", "Social Sciences"},
    {"Society & Culture", "Documentary", "Personal Journals", "Philosophy", "Places & Travel",
     "Relationships"},
    {"Sports", "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
     "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness"},
    {"Technology"},
    {"True Crime"},
    {"TV & Film", "After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"},
};

int aloud_podcast_category_valid(const char *category, const char *subcategory)
{
    for (size_t i = 0; i < sizeof categories / sizeof categories[0]; i++) {
        if (strcmp(categories[i][0], category) != 0)
            continue;
        if (!subcategory)
            return 1;
        for (size_t j = 1; j < 16 && categories[i][j]; j++) {
            if (strcmp(categories[i][j], subcategory) == 0)
                return 1;
        }
        return 0;
    }
    return 0;
}

static int is_http_url(const char *s)
{
    const char *rest = NULL;
    if (strncasecmp(s, "https://", 8) == 0)
        rest = s + 8;
    else if (strncasecmp(s, "http://", 7) == 0)
        rest = s + 7;
    if (!rest || !*rest || *rest == '/')
        return 0;
    for (const char *p = s; *p; p++) {
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>')
            return 0;
    }
    return 1;
}

static int is_email(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at != s && strchr(at + 1, '.') && !strchr(at + 1, '@') && !strpbrk(s, " <>\"");
}

/* Artwork: an absolute http(s) URL, or a PNG or JPEG file named relative
 * to content/ that stays inside it (no "..", no absolute path). */
static int is_artwork(const char *s)
{
    if (strstr(s, "://"))
        return is_http_url(s);
    if (s[0] == '/' || strstr(s, "..") || strchr(s, '\\'))
        return 0;
    for (const char *p = s; *p; p++) {
        if ((unsigned char)*p < ' ')
            return 0;
    }
    const char *dot = strrchr(s, '.');
    const char *slash = strrchr(s, '/');
    if (slash && !slash[1])
        return 0;
    return dot && (!slash || dot > slash) &&
           (strcasecmp(dot, ".png") == 0 || strcasecmp(dot, ".jpg") == 0 ||
            strcasecmp(dot, ".jpeg") == 0);
}

/* A BCP 47 tag's shape: letters, digits and '-', starting with 2-3 letters. */
static int is_language(const char *s)
{
    size_t n = 0;
    while (s[n] && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z')))
        n++;
    if (n < 2 || n > 3)
        return 0;
    for (const char *p = s + n; *p; p++) {
        if (!(*p == '-' || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
              (*p >= 'A' && *p <= 'Z')))
            return 0;
    }
    return 1;
}

struct field {
    const char *key;
    size_t offset;
    int required;
};

/* clang-format off */
#define FIELD(name, req) {#name, offsetof(struct aloud_podcast, name), req}
/* clang-format on */
static const struct field fields[] = {
    FIELD(title, 1),       FIELD(description, 1), FIELD(author, 1),    FIELD(owner_name, 0),
    FIELD(owner_email, 0), FIELD(language, 1),    FIELD(base_url, 1),  FIELD(link, 0),
    FIELD(artwork, 0),     FIELD(category, 1),    FIELD(copyright, 0), FIELD(guid, 0),
};

static char **field_ptr(struct aloud_podcast *p, const struct field *f)
{
    return (char **)((char *)p + f->offset);
}

struct load_ctx {
    struct aloud_podcast *p;
    int have_explicit;
};

static int set_podcast_key(struct aloud_ini *ini, struct load_ctx *c, const char *key,
                           const char *value)
{
    struct aloud_podcast *p = c->p;
    if (strcmp(key, "explicit") == 0) {
        c->have_explicit = 1;
        return aloud_ini_bool(ini, key, value, &p->explicit_content);
    }
    if (strcmp(key, "feed_limit") == 0) {
        long n;
        if (!aloud_ini_measure(ini, key, value, 1, 100000, "a number of episodes", &n))
            return 0;
        p->feed_limit = (int)n;
        return 1;
    }
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (strcmp(fields[i].key, key) != 0)
            continue;
        if (!*value) {
            aloud_ini_fail(ini, "%s: the value is empty", key);
            return 0;
        }
        if (!aloud_utf8_valid(value, strlen(value))) {
            aloud_ini_fail(ini, "%s: not UTF-8 text", key);
            return 0;
        }
        if (strcmp(key, "base_url") == 0 && !is_http_url(value)) {
            aloud_ini_fail(ini, "base_url: must be an absolute http(s) URL, got '%s'", value);
            return 0;
        }
        if (strcmp(key, "link") == 0 && !is_http_url(value)) {
            aloud_ini_fail(ini, "link: must be an absolute http(s) URL, got '%s'", value);
            return 0;
        }
        if (strcmp(key, "artwork") == 0 && !is_artwork(value)) {
            aloud_ini_fail(ini,
                           "artwork: '%s' is neither an http(s) URL nor a .png or .jpg "
                           "file in content/",
                           value);
            return 0;
        }
        if (strcmp(key, "owner_email") == 0 && !is_email(value)) {
            aloud_ini_fail(ini, "owner_email: not an e-mail address: '%s'", value);
            return 0;
        }
        if (strcmp(key, "language") == 0 && !is_language(value)) {
            aloud_ini_fail(ini, "language: not a language tag such as en-GB: '%s'", value);
            return 0;
        }
        if (strcmp(key, "guid") == 0) {
            char check[37];
            if (aloud_uuid5(value, "x", check) != 0) {
                aloud_ini_fail(ini, "guid: not a UUID: '%s'", value);
                return 0;
            }
        }
        if (strcmp(key, "category") == 0) {
            char *copy = aloud_xstrdup(value);
            char *slash = strchr(copy, '/');
            if (slash)
                *slash++ = '\0';
            if (!aloud_podcast_category_valid(copy, slash)) {
                aloud_ini_fail(ini,
                               "category: '%s' is not an Apple Podcasts category "
                               "(e.g. 'News' or 'Health & Fitness/Mental Health')",
                               value);
                free(copy);
                return 0;
            }
            free(p->category);
            free(p->subcategory);
            p->category = aloud_xstrdup(copy);
            p->subcategory = slash ? aloud_xstrdup(slash) : NULL;
            free(copy);
            return 1;
        }
        char **dst = field_ptr(p, &fields[i]);
        free(*dst);
        if (strcmp(key, "base_url") == 0 && value[strlen(value) - 1] != '/')
            *dst = aloud_xasprintf("%s/", value);
        else
            *dst = aloud_xstrdup(value);
        return 1;
    }
    aloud_ini_fail(ini, "unknown key '%s' in [podcast]", key);
    return 0;
}

/* [audio]: each key read as a number here; what values are allowed is the
 * audio stage's to say (aloud_audio_settings_check), checked as each key
 * is set so the error names its line. */
static int set_audio_key(struct aloud_ini *ini, struct aloud_audio_settings *a,
                         enum aloud_masters *masters, const char *key, const char *value)
{
    long v = 0;
    double d = 0;
    struct aloud_audio_settings next = *a;
    if (strcmp(key, "masters") == 0) {
        static const char *const names[] = {"masters", "out", "none"};
        for (int i = 0; i < 3; i++)
            if (strcmp(value, names[i]) == 0) {
                *masters = (enum aloud_masters)i;
                return 1;
            }
        aloud_ini_fail(ini,
                       "masters: expected masters (WAV masters in masters/ beside out/), out "
                       "or none, got '%s'",
                       value);
        return 0;
    }
    if (strcmp(key, "target_lufs") == 0 || strcmp(key, "max_true_peak") == 0) {
        if (!aloud_ini_double(ini, key, value, -1000, 1000, &d))
            return 0;
        *(key[0] == 't' ? &next.target_lufs : &next.max_true_peak) = d;
    } else if (strcmp(key, "mp3_bitrate") == 0 || strcmp(key, "mp3_sample_rate") == 0 ||
               strcmp(key, "mp3_quality") == 0) {
        if (!aloud_ini_int(ini, key, value, -1000000, 1000000, &v))
            return 0;
        *(strcmp(key, "mp3_bitrate") == 0       ? &next.mp3_bitrate_kbps
          : strcmp(key, "mp3_sample_rate") == 0 ? &next.mp3_sample_rate
                                                : &next.mp3_quality) = (int)v;
    } else {
        aloud_ini_fail(ini, "unknown key '%s' in [audio]", key);
        return 0;
    }
    char *msg = NULL;
    if (aloud_audio_settings_check(&next, &msg) != 0) {
        aloud_ini_fail(ini, "%s", msg);
        free(msg);
        return 0;
    }
    *a = next;
    return 1;
}

/* [sources]: what `aloud fetch` reads; each key checked by the fetch stage. */
static int set_sources_key(struct aloud_ini *ini, struct aloud_fetch_settings *s, const char *key,
                           const char *value)
{
    char *msg = NULL;
    if (aloud_fetch_settings_set(s, key, value, &msg) != 0) {
        aloud_ini_fail(ini, "%s", msg);
        free(msg);
        return 0;
    }
    if (strcmp(key, "urls") == 0)
        s->urls_line = aloud_ini_line(ini);
    return 1;
}

/* [talking_books] formats = epub3, daisy202: a list of formats (book.h). */
static int set_books_key(struct aloud_ini *ini, int *formats, const char *key, const char *value)
{
    if (strcmp(key, "formats") != 0) {
        aloud_ini_fail(ini, "unknown key '%s' in [talking_books] (expected formats)", key);
        return 0;
    }
    *formats = 0;
    char *list = aloud_xstrdup(value), *save = NULL;
    int ok = 1;
    for (char *name = strtok_r(list, ", \t", &save); name && ok;
         name = strtok_r(NULL, ", \t", &save)) {
        const struct aloud_book_writer *w = aloud_book_writer_named(name);
        if (!w && strcmp(name, "none") != 0) {
            aloud_ini_fail(ini, "formats: '%s' is not a talking-book format (expected epub3, "
                                "daisy202 or none, separated by commas)", name);
            ok = 0;
        }
        *formats |= w ? (int)w->format : 0;
    }
    free(list);
    return ok;
}

static int handler(struct aloud_ini *ini, void *user, const char *section, const char *key,
                   const char *value)
{
    struct load_ctx *c = user;
    if (strcmp(section, "podcast") == 0)
        return set_podcast_key(ini, c, key, value);
    if (strcmp(section, "audio") == 0)
        return set_audio_key(ini, &c->p->audio, &c->p->masters, key, value);
    if (strcmp(section, "voice") == 0) {
        if (strcmp(key, "profile") != 0) {
            aloud_ini_fail(ini, "unknown key '%s' in [voice] (expected profile)", key);
            return 0;
        }
        free(c->p->voice);
        c->p->voice = aloud_xstrdup(value);
        c->p->voice_line = aloud_ini_line(ini);
        return 1;
    }
    if (strcmp(section, "sources") == 0)
        return set_sources_key(ini, &c->p->sources, key, value);
    if (strcmp(section, "talking_books") == 0)
        return set_books_key(ini, &c->p->book_formats, key, value);
    aloud_ini_fail(ini, "unknown section [%s] (expected [podcast], [audio], [voice], [sources] "
                        "or [talking_books])", section);
    return 0;
}

int aloud_podcast_load(const char *path, struct aloud_podcast **out, char **err)
{
    *out = NULL;
    struct aloud_podcast *p = aloud_xcalloc(1, sizeof *p);
    p->path = aloud_xstrdup(path);
    aloud_audio_settings_default(&p->audio);
    p->feed_limit = ALOUD_FEED_LIMIT_DEFAULT;
    p->masters = ALOUD_MASTERS_APART;
    aloud_fetch_settings_init(&p->sources);
    struct load_ctx c = {.p = p};
    int rc = aloud_ini_parse_file(path, PODCAST_MAX_BYTES, handler, &c, err);
    if (rc)
        goto fail;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (fields[i].required && !*field_ptr(p, &fields[i])) {
            aloud_error_set(err, "%s: [podcast] %s is required", path, fields[i].key);
            rc = -EINVAL;
            goto fail;
        }
    }
    if (!c.have_explicit) {
        aloud_error_set(err, "%s: [podcast] explicit is required (true or false)", path);
        rc = -EINVAL;
        goto fail;
    }
    if (!p->guid) {
        char *feed = aloud_podcast_feed_url(p);
        char guid[37];
        aloud_podcast_guid_for_url(feed, guid);
        p->guid = aloud_xstrdup(guid);
        free(feed);
    }
    *out = p;
    return 0;
fail:
    aloud_podcast_free(p);
    return rc;
}

void aloud_podcast_free(struct aloud_podcast *p)
{
    if (!p)
        return;
    free(p->path);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        free(*field_ptr(p, &fields[i]));
    free(p->subcategory);
    free(p->voice);
    aloud_fetch_settings_clear(&p->sources);
    free(p);
}

char *aloud_podcast_feed_url(const struct aloud_podcast *p)
{
    return aloud_xasprintf("%sfeed.xml", p->base_url);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int aloud_uuid5(const char *ns, const char *name, char out[37])
{
    uint8_t ns_bytes[16];
    size_t n = 0;
    for (const char *p = ns; *p; p++) {
        if (*p == '-')
            continue;
        int hi = hex_value(p[0]);
        int lo = p[1] ? hex_value(p[1]) : -1;
        if (hi < 0 || lo < 0 || n == 16)
            return -EINVAL;
        ns_bytes[n++] = (uint8_t)(hi << 4 | lo);
        p++;
    }
    if (n != 16 || strlen(ns) != 36)
        return -EINVAL;
    struct sha1_ctx ctx;
    uint8_t digest[SHA1_DIGEST_SIZE];
    sha1_init(&ctx);
    sha1_update(&ctx, sizeof ns_bytes, ns_bytes);
    sha1_update(&ctx, strlen(name), (const uint8_t *)name);
    sha1_digest(&ctx, sizeof digest, digest);
    digest[6] = (uint8_t)((digest[6] & 0x0F) | 0x50);
    digest[8] = (uint8_t)((digest[8] & 0x3F) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
             digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14],
             digest[15]);
    return 0;
}

void aloud_podcast_guid_for_url(const char *feed_url, char out[37])
{
    const char *s = strstr(feed_url, "://");
    s = s ? s + 3 : feed_url;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '/')
        n--;
    char *name = aloud_xstrndup(s, n);
    aloud_uuid5("ead4c236-bf58-58c6-a2c6-a6b28d128cb6", name, out);
    free(name);
}
