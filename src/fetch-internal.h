/* What the parts of aloud fetch share (fetch.c, the run; fetch-state.c,
 * content/web/.sources.json and the listings' copies): one run's state and
 * small helpers. Internal: not installed, not part of fetch.h. */
#ifndef ALOUD_FETCH_INTERNAL_H
#define ALOUD_FETCH_INTERNAL_H

#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>

#include "aloud/fetch.h"
#include "aloud/util.h"

#define STATE_MAX_BYTES (256u * 1024 * 1024)

/* A page aloud keeps: one entry of .sources.json. */
struct page {
    char *file; /* in content/web/ */
    char *url;
    char *etag, *last_modified;
    char *fetched; /* ISO 8601, UTC */
    int gone;
};

/* A feed's or sitemap's last copy, in content/web/.fetch/. */
struct listing_copy {
    char *url;
    char *etag, *last_modified;
};

/* An article to fetch this run. */
struct target {
    char *url;
    char *file;
    int64_t date, lastmod;
    char *whole; /* the feed's whole article as HTML, or NULL */
    size_t whole_len;
    size_t order;
};

struct run {
    const struct aloud_fetch_options *o;
    struct aloud_fetch_result *r;
    char *content; /* DIR/content */
    char *web;     /* DIR/content/web */
    char *cache;   /* DIR/content/web/.fetch */
    char *shown;   /* "content/web" or "DIR/content/web", for messages */
    struct page *pages;
    size_t n_pages;
    struct listing_copy *copies;
    size_t n_copies;
    char **pinned; /* URLs fetched by name on the command line */
    size_t n_pinned;
    struct target *targets;
    size_t n_targets;
    struct aloud_strmap page_urls, page_files;     /* into pages */
    struct aloud_strmap target_urls, target_files; /* into targets */
    char **listed;                           /* URLs the sources name this run, sorted */
    size_t n_listed;
    char **visited; /* listings read this run */
    size_t n_visited;
    struct aloud_http *http;
    char *now;   /* this run's time, ISO 8601 */
    int lock_fd; /* content/web/.lock, held for the run */
    int fatal;   /* a write into content/web failed */
    char *fatal_err;
};

struct listing_req {
    struct run *run;
    int depth;
};

/* --- Helpers (fetch.c) ------------------------------------------------------ */

int fetch_file_exists(const char *path);
/* Replaces *dst with a copy of value (NULL allowed). */
void fetch_replace(char **dst, const char *value);
/* The first 16 hex digits of url's SHA-256 and ext; caller frees. */
char *fetch_hash_name(const char *url, const char *ext);
int fetch_in_list(char *const *v, size_t n, const char *s);
void fetch_push_str(char ***v, size_t *n, const char *s);

/* The index key has in m, or -1. */
static inline long fetch_lookup(const struct aloud_strmap *m, const char *key)
{
    size_t i;
    return aloud_strmap_get(m, key, &i) ? (long)i : -1;
}

/* --- .sources.json and the listings' copies (fetch-state.c) ----------------- */

const char *fetch_json_str(json_object *o, const char *key);
struct page *fetch_page_by_url(struct run *run, const char *url);
struct page *fetch_page_by_file(struct run *run, const char *file);
void fetch_index_pages(struct run *run);
struct page *fetch_add_page(struct run *run, const char *file, const char *url);
void fetch_remove_page(struct run *run, struct page *p);
/* Reads .sources.json and the listings' copies into run. Returns 0, or
 * -EINVAL with *err for a .sources.json aloud did not write. */
int fetch_load_state(struct run *run, char **err);
/* Writes them (only when their bytes change). Returns 0 or -errno. */
int fetch_save_state(struct run *run, char **err);

#endif
