/* [sources] in content/podcast.ini: where `aloud fetch` finds articles and
 * how politely it fetches them. Each key is checked as it is set, so that
 * podcast.c can name the line of a bad one. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aloud/fetch.h"
#include "aloud/util.h"

void aloud_fetch_settings_init(struct aloud_fetch_settings *s)
{
    memset(s, 0, sizeof *s);
    s->max_bytes = ALOUD_FETCH_MAX_BYTES_DEFAULT;
    s->timeout_s = ALOUD_FETCH_TIMEOUT_DEFAULT;
    s->host_delay_ms = ALOUD_FETCH_HOST_DELAY_DEFAULT;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void aloud_fetch_settings_clear(struct aloud_fetch_settings *s)
{
    free_list(s->feeds, s->n_feeds);
    free_list(s->sitemaps, s->n_sitemaps);
    free_list(s->include, s->n_include);
    free_list(s->exclude, s->n_exclude);
    free(s->urls_file);
    memset(s, 0, sizeof *s);
}

static void push(char ***v, size_t *n, const char *value)
{
    *v = aloud_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = aloud_xstrdup(value);
}

/* A whole number from min to max; a K or M suffix (KB, MB) multiplies it
 * by 1024 or 1024 * 1024. */
static int parse_count(const char *value, long long min, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(value, &end, 10);
    if (end == value || errno)
        return -EINVAL;
    long long scale = 1;
    if (strcasecmp(end, "k") == 0 || strcasecmp(end, "kb") == 0)
        scale = 1024;
    else if (strcasecmp(end, "m") == 0 || strcasecmp(end, "mb") == 0)
        scale = 1024 * 1024;
    else if (*end)
        return -EINVAL;
    if (v < min / scale || v > max / scale)
        return -EINVAL;
    *out = v * scale;
    return 0;
}

/* A relative path inside content/: no "..", no absolute path. */
static int is_content_file(const char *s)
{
    if (!*s || s[0] == '/' || strchr(s, '\\'))
        return 0;
    for (const char *p = s; *p; p++) {
        if ((unsigned char)*p < ' ')
            return 0;
    }
    for (const char *p = s; (p = strstr(p, "..")); p += 2) {
        if ((p == s || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
            return 0;
    }
    return 1;
}

int aloud_fetch_settings_set(struct aloud_fetch_settings *s, const char *key, const char *value,
                             char **msg)
{
    int is_feed = strcmp(key, "feed") == 0;
    if (is_feed || strcmp(key, "sitemap") == 0) {
        if (!aloud_fetch_url_valid(value)) {
            aloud_error_set(msg, "%s: must be an absolute http(s) URL, got '%s'", key, value);
            return -EINVAL;
        }
        if (is_feed)
            push(&s->feeds, &s->n_feeds, value);
        else
            push(&s->sitemaps, &s->n_sitemaps, value);
        return 0;
    }
    if (strcmp(key, "urls") == 0) {
        if (!is_content_file(value)) {
            aloud_error_set(msg,
                            "urls: '%s' is not a file in content/ (a relative name such as "
                            "urls.txt, without '..')",
                            value);
            return -EINVAL;
        }
        free(s->urls_file);
        s->urls_file = aloud_xstrdup(value);
        return 0;
    }
    if (strcmp(key, "include") == 0 || strcmp(key, "exclude") == 0) {
        if (!*value) {
            aloud_error_set(msg, "%s: the pattern is empty", key);
            return -EINVAL;
        }
        if (key[0] == 'i')
            push(&s->include, &s->n_include, value);
        else
            push(&s->exclude, &s->n_exclude, value);
        return 0;
    }
    if (strcmp(key, "prune") == 0) {
        static const char *const yes[] = {"true", "yes", "on", "1"};
        static const char *const no[] = {"false", "no", "off", "0"};
        for (int i = 0; i < 4; i++) {
            if (strcasecmp(value, yes[i]) == 0 || strcasecmp(value, no[i]) == 0) {
                s->prune = strcasecmp(value, yes[i]) == 0;
                return 0;
            }
        }
        aloud_error_set(msg, "prune: expected true or false, got '%s'", value);
        return -EINVAL;
    }
    long long v;
    if (strcmp(key, "limit") == 0) {
        if (parse_count(value, 1, 1000000, &v) || strpbrk(value, "kKmM")) {
            aloud_error_set(msg, "limit: expected a number of articles from 1 to 1000000, got '%s'",
                            value);
            return -EINVAL;
        }
        s->limit = (int)v;
        return 0;
    }
    if (strcmp(key, "max_bytes") == 0) {
        if (parse_count(value, 1024, 1024LL * 1024 * 1024, &v)) {
            aloud_error_set(msg,
                            "max_bytes: expected a size from 1K to 1024M (bytes, or with K or M), "
                            "got '%s'",
                            value);
            return -EINVAL;
        }
        s->max_bytes = (size_t)v;
        return 0;
    }
    if (strcmp(key, "timeout") == 0) {
        if (parse_count(value, 1, 3600, &v) || strpbrk(value, "kKmM")) {
            aloud_error_set(msg, "timeout: expected seconds from 1 to 3600, got '%s'", value);
            return -EINVAL;
        }
        s->timeout_s = (int)v;
        return 0;
    }
    if (strcmp(key, "host_delay") == 0) {
        char *end;
        errno = 0;
        double d = strtod(value, &end);
        if (end == value || *end || errno || !(d >= 0 && d <= 60)) {
            aloud_error_set(msg,
                            "host_delay: expected seconds from 0 to 60 (0.5 for half a "
                            "second), got '%s'",
                            value);
            return -EINVAL;
        }
        s->host_delay_ms = (int)(d * 1000 + 0.5);
        return 0;
    }
    aloud_error_set(msg,
                    "unknown key '%s' in [sources] (expected feed, sitemap, urls, include, "
                    "exclude, limit, prune, max_bytes, timeout or host_delay)",
                    key);
    return -EINVAL;
}
