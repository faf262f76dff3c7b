/* URLs for the fetch stage: which are valid, which the [sources] patterns
 * want, and the stable file name each gets in content/web/. URLs are
 * taken apart by libcurl's URL API, never by hand. */
#include <curl/curl.h>
#include <fnmatch.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aloud/fetch.h"
#include "aloud/slug.h"
#include "aloud/util.h"

/* A part of url (CURLUPART_*), with flags; NULL when absent. Caller frees. */
static char *url_part(const char *url, CURLUPart part, unsigned flags)
{
    CURLU *u = curl_url();
    char *got = NULL, *copy = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, part, &got, flags) == CURLUE_OK)
        copy = aloud_xstrdup(got);
    curl_free(got);
    curl_url_cleanup(u);
    return copy;
}

int aloud_fetch_url_valid(const char *url)
{
    if (!url || strncasecmp(url, "http", 4) != 0)
        return 0;
    for (const char *p = url; *p; p++) {
        if ((unsigned char)*p <= ' ' || *p == 0x7F)
            return 0;
    }
    const char *rest = strstr(url, "://");
    if (!rest || rest[3] == '/')
        return 0; /* "https:///path", which libcurl would read leniently */
    char *scheme = url_part(url, CURLUPART_SCHEME, 0);
    char *host = url_part(url, CURLUPART_HOST, 0);
    int ok =
        scheme && host && *host && (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);
    free(scheme);
    free(host);
    return ok;
}

int aloud_fetch_url_match(const char *pattern, const char *url)
{
    return fnmatch(pattern, url, 0) == 0;
}

int aloud_fetch_url_wanted(const struct aloud_fetch_settings *s, const char *url)
{
    int wanted = s->n_include == 0;
    for (size_t i = 0; i < s->n_include && !wanted; i++)
        wanted = aloud_fetch_url_match(s->include[i], url);
    for (size_t i = 0; i < s->n_exclude && wanted; i++)
        wanted = !aloud_fetch_url_match(s->exclude[i], url);
    return wanted;
}

/* Extensions that say how a page was made, not what it is. */
static void drop_extension(char *path)
{
    static const char *const exts[] = {".html", ".htm",  ".xhtml", ".shtml", ".php",
                                       ".asp",  ".aspx", ".jsp",   ".cfm"};
    char *slash = strrchr(path, '/');
    char *dot = strrchr(slash ? slash : path, '.');
    if (!dot)
        return;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        if (strcasecmp(dot, exts[i]) == 0) {
            *dot = '\0';
            return;
        }
    }
}

char *aloud_fetch_file_name(const char *url, int unique)
{
    char *path = url_part(url, CURLUPART_PATH, CURLU_URLDECODE);
    char *query = url_part(url, CURLUPART_QUERY, CURLU_URLDECODE);
    struct aloud_buf name = {0};
    if (path) {
        size_t n = strlen(path);
        while (n > 0 && path[n - 1] == '/')
            path[--n] = '\0';
        drop_extension(path);
        aloud_buf_puts(&name, path);
    }
    if (query) {
        aloud_buf_putc(&name, '-');
        aloud_buf_puts(&name, query);
    }
    char *joined = aloud_buf_steal(&name);
    char *slug = aloud_slugify(joined);
    if (!slug) {
        char *host = url_part(url, CURLUPART_HOST, 0);
        slug = host ? aloud_slugify(host) : NULL;
        free(host);
    }
    if (!slug)
        slug = aloud_xstrdup("index");
    char *file;
    if (unique) {
        struct sha256_ctx ctx;
        uint8_t d[SHA256_DIGEST_SIZE];
        sha256_init(&ctx);
        sha256_update(&ctx, strlen(url), (const uint8_t *)url);
        sha256_digest(&ctx, sizeof d, d);
        file = aloud_xasprintf("%s-%02x%02x%02x%02x.html", slug, d[0], d[1], d[2], d[3]);
    } else {
        file = aloud_xasprintf("%s.html", slug);
    }
    free(slug);
    free(joined);
    free(path);
    free(query);
    return file;
}
