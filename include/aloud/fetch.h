/* The fetch stage, in front of the markup stages: a live site's articles,
 * found through its feeds, sitemaps or a list of URLs, kept as HTML files
 * in content/web/ with their URLs and HTTP validators in
 * content/web/.sources.json (docs/sources.md).
 *
 * The pure parts (settings, robots.txt rules, feed and sitemap reading, URL
 * patterns and file names) take buffers and return structs, so they test
 * and fuzz without a network; the HTTP client (libcurl) and
 * aloud_fetch_run, which writes the files, are the edges. */
#ifndef ALOUD_FETCH_H
#define ALOUD_FETCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* --- Settings: [sources] in content/podcast.ini ---------------------------- */

struct aloud_fetch_settings {
    char **feeds; /* RSS 2.0 or Atom URLs, owned */
    size_t n_feeds;
    char **sitemaps; /* sitemap or sitemap index URLs, owned */
    size_t n_sitemaps;
    char *urls_file; /* a file in content/, one URL a line, or NULL; owned */
    int urls_line;   /* its line in podcast.ini, for messages */
    char **include;  /* URL patterns (fnmatch), owned; none: all */
    size_t n_include;
    char **exclude; /* URL patterns (fnmatch), owned */
    size_t n_exclude;
    int limit;         /* the newest N articles; 0: all */
    int prune;         /* a page that has gone loses its file */
    size_t max_bytes;  /* largest page (default 10 MB) */
    int timeout_s;     /* whole transfer (default 30) */
    int host_delay_ms; /* between two requests to one host (default 500) */
};

#define ALOUD_FETCH_MAX_BYTES_DEFAULT (10u * 1024 * 1024)
#define ALOUD_FETCH_TIMEOUT_DEFAULT 30
#define ALOUD_FETCH_HOST_DELAY_DEFAULT 500

/* Fills s with the defaults (nothing to fetch). */
void aloud_fetch_settings_init(struct aloud_fetch_settings *s);
/* Frees what s owns; s may be used again after aloud_fetch_settings_init. */
void aloud_fetch_settings_clear(struct aloud_fetch_settings *s);
/* Checks and sets one [sources] key. Returns 0, or -EINVAL with *msg (the
 * caller frees it; it names the key, not the file) for an unknown key or a
 * bad value. */
int aloud_fetch_settings_set(struct aloud_fetch_settings *s, const char *key, const char *value,
                             char **msg);

/* --- URLs: patterns and file names ---------------------------------------- */

/* 1 when url is an absolute http or https URL with a host. */
int aloud_fetch_url_valid(const char *url);

/* 1 when url matches the fnmatch pattern (a star matches "/" too, so
 * "https://example.org/news/" with a star after it takes everything below). */
int aloud_fetch_url_match(const char *pattern, const char *url);

/* 1 when url is to be fetched: it matches one of the include patterns (or
 * there are none) and none of the exclude patterns. */
int aloud_fetch_url_wanted(const struct aloud_fetch_settings *s, const char *url);

/* The file name in content/web/ for url: aloud_slugify of the URL's path
 * (and query), without a trailing .html/.php-like extension, plus ".html"
 * ("https://example.org/news/2026/the-story/" -> "news-2026-the-story.html";
 * the site's root page -> the host's slug). With unique set, the first
 * eight hex digits of the URL's SHA-256 are added before ".html", for a
 * name another URL already holds. Never NULL; caller frees. */
char *aloud_fetch_file_name(const char *url, int unique);

/* --- robots.txt (RFC 9309) ------------------------------------------------- */

struct aloud_robots;

/* The rules of robots.txt (data, len bytes, any content) that apply to the
 * crawler whose product token is agent ("aloud"): the groups naming it
 * (case-insensitively), else the '*' groups, merged. Never NULL; free with
 * aloud_robots_free. */
struct aloud_robots *aloud_robots_parse(const char *data, size_t len, const char *agent);
/* Rules for a site whose robots.txt could not be had: allow_all 1 for a
 * missing one (4xx), 0 for an unreachable one (5xx, network), which
 * forbids everything. */
struct aloud_robots *aloud_robots_new(int allow_all);
/* 1 when path (the URL's path and query, as sent: "/a/b?c=d") may be
 * fetched: the longest matching rule decides ('*' any run of characters,
 * a final '$' the end), allow winning a tie; no rule, allowed. */
int aloud_robots_allowed(const struct aloud_robots *r, const char *path);
void aloud_robots_free(struct aloud_robots *r);

/* --- Feeds and sitemaps ---------------------------------------------------- */

enum aloud_listing_kind {
    ALOUD_LISTING_RSS,           /* RSS 2.0 (and RSS 1.0/RDF items) */
    ALOUD_LISTING_ATOM,          /* Atom 1.0 */
    ALOUD_LISTING_SITEMAP,       /* <urlset> */
    ALOUD_LISTING_SITEMAP_INDEX, /* <sitemapindex>: entries are sitemaps */
};

/* An article (or, in a sitemap index, a sitemap) a listing names; every
 * string is owned by the listing, NULL when absent. */
struct aloud_listing_entry {
    char *url;     /* absolute http(s) URL, resolved against the listing's */
    char *title;   /* feeds only; NULL when absent */
    char *author;  /* feeds only; names joined with ", " */
    char *summary; /* RSS description, Atom summary (HTML) */
    char *content; /* content:encoded, Atom content (HTML) */
    char *language;
    int64_t date;    /* published (pubDate, Atom published), Unix time; 0 unknown */
    int64_t lastmod; /* sitemap lastmod, Atom updated; 0 unknown */
};

struct aloud_listing {
    enum aloud_listing_kind kind;
    struct aloud_listing_entry *entries; /* in document order, owned */
    size_t n_entries;
};

/* Reads a feed or sitemap (data, len bytes) with libxml2; relative links
 * resolve against base_url (the listing's own URL). Entries without a
 * usable http(s) URL are left out. Returns 0 and *out (free with
 * aloud_listing_free), or -EINVAL with *err ("not an RSS or Atom feed nor
 * a sitemap", or libxml2's message). */
int aloud_listing_read(const char *data, size_t len, const char *base_url,
                       struct aloud_listing **out, char **err);
void aloud_listing_free(struct aloud_listing *l);

/* 1 when e's content holds the whole article, so its page need not be
 * fetched: its text is at least ALOUD_FETCH_WHOLE_WORDS words, differs from
 * the summary's text, and does not end in an excerpt's ellipsis or "read
 * more" link (docs/sources.md). e is borrowed. */
int aloud_listing_entry_whole(const struct aloud_listing_entry *e);
#define ALOUD_FETCH_WHOLE_WORDS 150

/* A small HTML document for a whole entry (borrowed): title, author, date,
 * canonical link, language and the content. Caller frees; *len its length. */
char *aloud_listing_entry_html(const struct aloud_listing_entry *e, size_t *len);

/* --- HTTP (libcurl) -------------------------------------------------------- */

/* What a request is for: what it accepts and what limits it has. */
enum aloud_http_kind {
    ALOUD_HTTP_PAGE,    /* HTML only, settings' max_bytes, robots.txt applies */
    ALOUD_HTTP_LISTING, /* a feed or sitemap: XML of up to 50 MB */
};

enum aloud_http_outcome {
    ALOUD_HTTP_OK,           /* 200: body and validators */
    ALOUD_HTTP_NOT_MODIFIED, /* 304 to a conditional request */
    ALOUD_HTTP_GONE,         /* 404 or 410 */
    ALOUD_HTTP_DISALLOWED,   /* robots.txt forbids it; never requested */
    ALOUD_HTTP_FAILED,       /* anything else (an unreachable robots.txt
                                too); error says what */
};

struct aloud_http_response {
    enum aloud_http_outcome outcome;
    long status; /* the final HTTP status, 0 when none came */
    char *body;  /* NUL-terminated, ALOUD_HTTP_OK only */
    size_t len;
    char *content_type; /* as sent, or NULL */
    char *etag;         /* validators to keep, or NULL */
    char *last_modified;
    char *final_url; /* after redirects */
    char *error;     /* "404 Not Found", "timed out after 30 s", ... */
};
/* All borrowed by the callback for its duration. */
typedef void (*aloud_http_done)(void *user, const char *url, const struct aloud_http_response *r);

struct aloud_http;

/* A client that runs up to 4 transfers at once, at most 2 to one host,
 * starting requests to a host host_delay_ms apart, following up to 5
 * redirects itself (so each hop is checked against robots.txt), and
 * fetching each host's robots.txt once before its first page. Never
 * NULL; free with aloud_http_free. */
struct aloud_http *aloud_http_new(const struct aloud_fetch_settings *s);
void aloud_http_free(struct aloud_http *h);

/* Queues a GET of url (copied) with the validators of a stored copy
 * (either may be NULL) for a conditional request. done is called once,
 * from aloud_http_run, with user; it may queue more requests. */
void aloud_http_get(struct aloud_http *h, const char *url, enum aloud_http_kind kind,
                    const char *etag, const char *last_modified, aloud_http_done done, void *user);

/* Runs until every queued request is done. Returns 0 or a negative errno
 * when libcurl itself fails (each request's own failure goes to its
 * callback). */
int aloud_http_run(struct aloud_http *h, char **err);

/* The User-Agent sent: "aloud/VERSION (+...)". Static. */
const char *aloud_http_user_agent(void);

/* --- The run -------------------------------------------------------------- */

/* What one run does; everything borrowed for the run. */
struct aloud_fetch_options {
    const char *dir;                             /* the site: DIR/content/web/ */
    const struct aloud_fetch_settings *settings; /* borrowed */
    const char *settings_path;                   /* podcast.ini, for messages */
    const char *const *urls;                     /* from the command line, or NULL */
    size_t n_urls;                               /* when > 0, only these are fetched */
    FILE *log;                                   /* a line per change; NULL: quiet */
};

struct aloud_fetch_result {
    size_t pages;           /* articles looked at */
    size_t added;           /* new files */
    size_t updated;         /* files whose bytes changed */
    size_t unchanged;       /* 304, same bytes, or lastmod not newer */
    size_t failed;          /* errors (a line each on stderr), gone pages too */
    size_t gone;            /* marked gone (404, 410, no longer listed) */
    size_t removed;         /* files removed (prune) */
    size_t skipped;         /* robots.txt forbids them */
    size_t listings_failed; /* feeds or sitemaps that failed (a line each) */
};

/* Fetches what o asks into DIR/content/web/ and updates
 * DIR/content/web/.sources.json. Each page that fails gets one line on
 * stderr ("aloud: fetch: URL: 404 Not Found") and the others go on.
 * Returns 0, 1 when something failed, or a negative errno with *err for a
 * settings error (-EINVAL; the message names the file and line) or when
 * content/web/ cannot be written. */
int aloud_fetch_run(const struct aloud_fetch_options *o, struct aloud_fetch_result *r, char **err);

/* --- What the site build reads ------------------------------------------- */

/* A page aloud fetch keeps, as content/web/.sources.json records it. */
struct aloud_fetched_page {
    char *file; /* relative to content/: "web/NAME.html"; owned */
    char *url;  /* the page's public URL; owned */
    int gone;   /* 1: the site no longer has it */
};
/* Reads content_dir/web/.sources.json into *pages (*n of them; free with
 * aloud_fetch_sources_free). No file is no pages. Returns 0, or -EINVAL
 * for a file aloud fetch did not write (then no pages). */
int aloud_fetch_sources_read(const char *content_dir, struct aloud_fetched_page **pages,
                             size_t *n);
void aloud_fetch_sources_free(struct aloud_fetched_page *pages, size_t n);

#endif
