/* aloud fetch: keeps content/web/ up to date with a live site.
 *
 * One run: read the feeds and sitemaps (conditional requests; their last
 * copies are kept in content/web/.fetch/ so a 304 still lists the
 * articles) and the URL list, keep the URLs the include/exclude patterns
 * want, newest first up to limit; then fetch each page (conditionally)
 * unless its feed entry holds the whole article or its sitemap lastmod is
 * not newer than the copy. Pages are written atomically and only when
 * their bytes change; content/web/.sources.json records each file's URL
 * and validators. A page that answers 404 or 410, or that no source lists
 * any more, is marked gone (or removed, with prune). */
#define _GNU_SOURCE
#include <errno.h>
#include <json-c/json.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aloud/date.h"
#include "aloud/feed.h"
#include "aloud/fetch.h"
#include "aloud/util.h"
#include "fetch-internal.h"

#define URLS_MAX_BYTES (16u * 1024 * 1024)
#define MAX_LISTINGS 1000 /* sitemaps, indexes followed included */
#define MAX_INDEX_DEPTH 3

/* --- Small helpers -------------------------------------------------------- */

static void report(const char *url, const char *msg)
{
    fprintf(stderr, "aloud: fetch: %s: %s\n", url, msg);
}

static void log_line(struct run *run, const char *fmt, ...) ALOUD_PRINTF(2, 3);
static void log_line(struct run *run, const char *fmt, ...)
{
    if (!run->o->log)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(run->o->log, fmt, ap);
    va_end(ap);
    fputc('\n', run->o->log);
    fflush(run->o->log);
}

static void set_fatal(struct run *run, const char *err)
{
    if (!run->fatal) {
        run->fatal = 1;
        run->fatal_err = aloud_xstrdup(err);
    }
}

static char *iso_now(void)
{
    char iso[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return aloud_xstrdup(iso);
}

int fetch_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

void fetch_replace(char **dst, const char *value)
{
    char *copy = aloud_xstrdup(value);
    free(*dst);
    *dst = copy;
}

char *fetch_hash_name(const char *url, const char *ext)
{
    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, strlen(url), (const uint8_t *)url);
    sha256_digest(&ctx, sizeof d, d);
    struct aloud_buf b = {0};
    for (int i = 0; i < 8; i++)
        aloud_buf_printf(&b, "%02x", d[i]);
    aloud_buf_puts(&b, ext);
    return aloud_buf_steal(&b);
}

int fetch_in_list(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i], s) == 0)
            return 1;
    }
    return 0;
}

void fetch_push_str(char ***v, size_t *n, const char *s)
{
    *v = aloud_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = aloud_xstrdup(s);
}

/* --- Targets ---------------------------------------------------------------- */

static struct target *target_by_url(struct run *run, const char *url)
{
    long i = fetch_lookup(&run->target_urls, url);
    return i < 0 ? NULL : &run->targets[i];
}

static void index_targets(struct run *run)
{
    aloud_strmap_free(&run->target_urls);
    aloud_strmap_free(&run->target_files);
    for (size_t i = 0; i < run->n_targets; i++) {
        aloud_strmap_put(&run->target_urls, run->targets[i].url, i);
        if (run->targets[i].file)
            aloud_strmap_put(&run->target_files, run->targets[i].file, i);
    }
}

static struct target *add_target(struct run *run, const char *url)
{
    struct target *t = target_by_url(run, url);
    if (t)
        return t;
    run->targets = aloud_xrealloc(run->targets, (run->n_targets + 1) * sizeof *run->targets);
    t = &run->targets[run->n_targets];
    memset(t, 0, sizeof *t);
    t->url = aloud_xstrdup(url);
    aloud_strmap_put(&run->target_urls, t->url, run->n_targets);
    t->order = run->n_targets++;
    return t;
}

/* Newest first; undated ones after, in the order they were listed. */
static int cmp_targets(const void *a, const void *b)
{
    const struct target *x = a, *y = b;
    int64_t dx = x->date ? x->date : x->lastmod, dy = y->date ? y->date : y->lastmod;
    if (dx != dy)
        return dx > dy ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static void free_targets(struct run *run, size_t from)
{
    for (size_t i = from; i < run->n_targets; i++) {
        free(run->targets[i].url);
        free(run->targets[i].file);
        free(run->targets[i].whole);
    }
    run->n_targets = from;
    index_targets(run);
}

/* --- Listings ------------------------------------------------------------- */

static struct listing_copy *copy_of(struct run *run, const char *url)
{
    for (size_t i = 0; i < run->n_copies; i++) {
        if (strcmp(run->copies[i].url, url) == 0)
            return &run->copies[i];
    }
    return NULL;
}

static void get_listing(struct run *run, const char *url, int depth);

static void take_entries(struct run *run, const struct aloud_listing *l, const char *url, int depth)
{
    if (l->kind == ALOUD_LISTING_SITEMAP_INDEX) {
        if (depth >= MAX_INDEX_DEPTH) {
            report(url, "sitemap indexes nested too deep; the inner ones are not read");
            run->r->listings_failed++;
            return;
        }
        for (size_t i = 0; i < l->n_entries; i++)
            get_listing(run, l->entries[i].url, depth + 1);
        return;
    }
    for (size_t i = 0; i < l->n_entries; i++) {
        const struct aloud_listing_entry *e = &l->entries[i];
        struct target *t = add_target(run, e->url);
        if (!t->date)
            t->date = e->date;
        /* A sitemap's lastmod says when the page last changed; a feed's
         * dates only order (Atom's updated covers "significant" edits). */
        if (l->kind == ALOUD_LISTING_SITEMAP && e->lastmod > t->lastmod)
            t->lastmod = e->lastmod;
        if (!t->date && l->kind != ALOUD_LISTING_SITEMAP)
            t->date = e->lastmod;
        if (!t->whole && aloud_listing_entry_whole(e))
            t->whole = aloud_listing_entry_html(e, &t->whole_len);
    }
}

static void listing_done(void *user, const char *url, const struct aloud_http_response *resp)
{
    struct listing_req *req = user;
    struct run *run = req->run;
    int depth = req->depth;
    free(req);
    char *name = fetch_hash_name(url, ".xml");
    char *path = aloud_xasprintf("%s/%s", run->cache, name);
    free(name);
    char *data = NULL;
    size_t len = 0;
    char *err = NULL;
    struct listing_copy *c = copy_of(run, url);
    if (resp->outcome == ALOUD_HTTP_OK) {
        data = aloud_xstrndup(resp->body, resp->len);
        len = resp->len;
        /* A copy is worth keeping when a conditional request can use it. */
        int rc = 0;
        if (resp->etag || resp->last_modified) {
            rc = aloud_make_dir(run->cache, &err);
            if (!rc)
                rc = aloud_file_write_if_changed(path, data, len, NULL, &err);
        }
        if (rc) {
            set_fatal(run, err);
        } else if (resp->etag || resp->last_modified) {
            if (!c) {
                run->copies =
                    aloud_xrealloc(run->copies, (run->n_copies + 1) * sizeof *run->copies);
                c = &run->copies[run->n_copies++];
                memset(c, 0, sizeof *c);
                c->url = aloud_xstrdup(url);
            }
            fetch_replace(&c->etag, resp->etag);
            fetch_replace(&c->last_modified, resp->last_modified);
        } else if (c) {
            fetch_replace(&c->etag, NULL);
            fetch_replace(&c->last_modified, NULL);
            unlink(path);
        }
    } else if (resp->outcome == ALOUD_HTTP_NOT_MODIFIED) {
        if (aloud_file_read(path, 64u * 1024 * 1024, &data, &len, &err) != 0) {
            report(url, "304 Not Modified, but its last copy is lost; fetched whole next time");
            if (c)
                fetch_replace(&c->etag, NULL), fetch_replace(&c->last_modified, NULL);
            run->r->listings_failed++;
        }
    } else {
        report(url, resp->error ? resp->error : "cannot be fetched");
        run->r->listings_failed++;
    }
    free(err);
    err = NULL;
    free(path);
    if (!data)
        return;
    struct aloud_listing *l = NULL;
    if (aloud_listing_read(data, len, resp->final_url ? resp->final_url : url, &l, &err) != 0) {
        report(url, err);
        run->r->listings_failed++;
    } else {
        take_entries(run, l, url, depth);
    }
    aloud_listing_free(l);
    free(err);
    free(data);
}

static void get_listing(struct run *run, const char *url, int depth)
{
    if (fetch_in_list(run->visited, run->n_visited, url))
        return;
    if (run->n_visited >= MAX_LISTINGS) {
        report(url, "more than 1000 feeds and sitemaps; not read");
        run->r->listings_failed++;
        return;
    }
    fetch_push_str(&run->visited, &run->n_visited, url);
    const struct listing_copy *c = copy_of(run, url);
    char *name = fetch_hash_name(url, ".xml");
    char *path = aloud_xasprintf("%s/%s", run->cache, name);
    int have_copy = fetch_file_exists(path);
    free(name);
    free(path);
    struct listing_req *req = aloud_xcalloc(1, sizeof *req);
    req->run = run;
    req->depth = depth;
    aloud_http_get(run->http, url, ALOUD_HTTP_LISTING, c && have_copy ? c->etag : NULL,
                   c && have_copy ? c->last_modified : NULL, listing_done, req);
}

/* The URL list named by [sources] urls: one URL a line, '#' comments. */
static int read_urls_file(struct run *run, char **err)
{
    const struct aloud_fetch_settings *s = run->o->settings;
    char *path = aloud_xasprintf("%s/%s", run->content, s->urls_file);
    char *data = NULL;
    size_t len = 0;
    char *msg = NULL;
    int rc = aloud_file_read(path, URLS_MAX_BYTES, &data, &len, &msg);
    if (rc) {
        aloud_error_set(err, "%s:%d: urls: %s", run->o->settings_path, s->urls_line, msg);
        free(msg);
        free(path);
        return -EINVAL;
    }
    int line = 0;
    for (char *p = data, *next; p && *p; p = next) {
        line++;
        next = strchr(p, '\n');
        if (next)
            *next++ = '\0';
        char *hash = strchr(p, '#');
        if (hash && (hash == p || hash[-1] == ' ' || hash[-1] == '\t'))
            *hash = '\0';
        aloud_text_squeeze(p);
        if (!*p)
            continue;
        if (!aloud_fetch_url_valid(p)) {
            aloud_error_set(err, "%s:%d: not an absolute http(s) URL: '%s'", path, line, p);
            rc = -EINVAL;
            break;
        }
        add_target(run, p);
    }
    free(data);
    free(path);
    return rc;
}

/* --- Pages ------------------------------------------------------------------ */

/* The file for url: the one it already has, else its plain name unless
 * another URL holds that, else the name with the URL's hash. */
static char *assign_file(struct run *run, const char *url)
{
    struct page *p = fetch_page_by_url(run, url);
    if (p)
        return aloud_xstrdup(p->file);
    char *file = aloud_fetch_file_name(url, 0);
    if (fetch_page_by_file(run, file) || fetch_lookup(&run->target_files, file) >= 0) {
        free(file);
        file = aloud_fetch_file_name(url, 1);
    }
    return file;
}

/* A page whose HTTP header names its character set and whose first 1024
 * bytes do not (where browsers look) gets a <meta charset> in front, so
 * the stored file reads the same without the header. A byte order mark
 * wins over both, as in browsers: such a page is kept as it is. */
static char *with_charset(const char *body, size_t len, const char *content_type, size_t *out_len)
{
    const char *cs = content_type ? strcasestr(content_type, "charset=") : NULL;
    const unsigned char *u = (const unsigned char *)body;
    if (!cs || (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF) ||
                             (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF))))
        return NULL; /* none, or a byte order mark, which wins */
    cs += 8;
    size_t n = strcspn(cs, "; \t\"'");
    if (*cs == '"' || *cs == '\'') {
        cs++;
        n = strcspn(cs, "\"'; \t");
    }
    if (!n || n > 40 || (n == 5 && strncasecmp(cs, "utf-8", 5) == 0))
        return NULL;
    char *head = aloud_xstrndup(body, len < 1024 ? len : 1024);
    int declared = strcasestr(head, "charset") != NULL;
    free(head);
    if (declared)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        char c = cs[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':'))
            return NULL;
    }
    struct aloud_buf b = {0};
    aloud_buf_printf(&b, "<meta charset=\"%.*s\">\n", (int)n, cs);
    aloud_buf_append(&b, body, len);
    *out_len = b.len;
    return aloud_buf_steal(&b);
}

/* Writes a page's bytes; counts it new, updated or unchanged. Returns 0
 * or -1 (after set_fatal). */
static int store(struct run *run, const char *file, const char *url, const char *data, size_t len,
                 struct page **out)
{
    char *path = aloud_xasprintf("%s/%s", run->web, file);
    int existed = fetch_file_exists(path);
    int written = 0;
    char *err = NULL;
    int rc = aloud_file_write_if_changed(path, data, len, &written, &err);
    free(path);
    if (rc) {
        report(url, err);
        set_fatal(run, err);
        free(err);
        run->r->failed++;
        return -1;
    }
    struct page *p = fetch_page_by_url(run, url);
    if (!p) {
        struct page *other = fetch_page_by_file(run, file);
        if (other)
            fetch_remove_page(run, other); /* a stale record of the same file */
        p = fetch_add_page(run, file, url);
    }
    if (!existed) {
        run->r->added++;
        log_line(run, "%s/%s: new, from %s", run->shown, file, url);
    } else if (written) {
        run->r->updated++;
        log_line(run, "%s/%s: updated, from %s", run->shown, file, url);
    } else {
        run->r->unchanged++;
    }
    if (written || !p->fetched)
        fetch_replace(&p->fetched, run->now);
    if (p->gone)
        log_line(run, "%s/%s: back, from %s", run->shown, file, url);
    p->gone = 0;
    *out = p;
    return 0;
}

/* A page that has gone: marked so, or removed with prune. */
static void page_gone(struct run *run, struct page *p, const char *why)
{
    if (run->o->settings->prune) {
        char *path = aloud_xasprintf("%s/%s", run->web, p->file);
        if (unlink(path) != 0 && errno != ENOENT) {
            char *msg = aloud_xasprintf("%s: cannot remove: %s", path, strerror(errno));
            report(p->url, msg);
            free(msg);
        } else {
            run->r->removed++;
            log_line(run, "%s/%s: removed (%s), was %s", run->shown, p->file, why, p->url);
        }
        free(path);
        for (size_t i = 0; i < run->n_pinned; i++) {
            if (strcmp(run->pinned[i], p->url) == 0) {
                free(run->pinned[i]);
                run->pinned[i] = run->pinned[--run->n_pinned];
                break;
            }
        }
        fetch_remove_page(run, p);
        return;
    }
    if (!p->gone) {
        run->r->gone++;
        log_line(run, "%s/%s: gone (%s); its file and episode stay", run->shown, p->file, why);
    }
    p->gone = 1;
}

struct page_req {
    struct run *run;
    size_t target; /* index in run->targets */
};

static void page_done(void *user, const char *url, const struct aloud_http_response *resp)
{
    struct page_req *req = user;
    struct run *run = req->run;
    const struct target *t = &run->targets[req->target];
    free(req);
    struct page *p = fetch_page_by_url(run, url);
    switch (resp->outcome) {
    case ALOUD_HTTP_OK: {
        size_t len = resp->len;
        char *fixed = with_charset(resp->body, resp->len, resp->content_type, &len);
        if (store(run, t->file, url, fixed ? fixed : resp->body, len, &p) == 0) {
            fetch_replace(&p->etag, resp->etag);
            fetch_replace(&p->last_modified, resp->last_modified);
            fetch_replace(&p->fetched, run->now);
            if (run->o->n_urls && !fetch_in_list(run->pinned, run->n_pinned, url))
                fetch_push_str(&run->pinned, &run->n_pinned, url);
        }
        free(fixed);
        break;
    }
    case ALOUD_HTTP_NOT_MODIFIED:
        run->r->unchanged++;
        if (p && p->gone)
            log_line(run, "%s/%s: back, from %s", run->shown, p->file, url);
        if (p)
            p->gone = 0;
        break;
    case ALOUD_HTTP_GONE:
        report(url, resp->error);
        run->r->failed++;
        if (p)
            page_gone(run, p, resp->error);
        break;
    case ALOUD_HTTP_DISALLOWED:
        report(url, resp->error);
        run->r->skipped++;
        break;
    case ALOUD_HTTP_FAILED:
        report(url, resp->error ? resp->error : "failed");
        run->r->failed++;
        break;
    }
}

/* Starts (or settles without a request) every target. */
static void get_pages(struct run *run)
{
    for (size_t i = 0; i < run->n_targets; i++) {
        struct target *t = &run->targets[i];
        struct page *p = fetch_page_by_url(run, t->url);
        char *path = aloud_xasprintf("%s/%s", run->web, t->file);
        int have = fetch_file_exists(path);
        free(path);
        if (t->whole) {
            if (store(run, t->file, t->url, t->whole, t->whole_len, &p) == 0) {
                fetch_replace(&p->etag, NULL);
                fetch_replace(&p->last_modified, NULL);
            }
            continue;
        }
        int64_t fetched = 0;
        if (p && have && !p->gone && t->lastmod && p->fetched &&
            aloud_date_time(p->fetched, &fetched) == 0 && fetched >= t->lastmod) {
            run->r->unchanged++; /* its sitemap says it has not changed since */
            continue;
        }
        struct page_req *req = aloud_xcalloc(1, sizeof *req);
        req->run = run;
        req->target = i;
        aloud_http_get(run->http, t->url, ALOUD_HTTP_PAGE, p && have ? p->etag : NULL,
                       p && have ? p->last_modified : NULL, page_done, req);
    }
}

/* --- The run ---------------------------------------------------------------- */

static void run_free(struct run *run)
{
    free(run->content);
    free(run->web);
    free(run->cache);
    free(run->shown);
    while (run->n_pages)
        fetch_remove_page(run, &run->pages[run->n_pages - 1]);
    free(run->pages);
    for (size_t i = 0; i < run->n_copies; i++) {
        free(run->copies[i].url);
        free(run->copies[i].etag);
        free(run->copies[i].last_modified);
    }
    free(run->copies);
    for (size_t i = 0; i < run->n_pinned; i++)
        free(run->pinned[i]);
    free(run->pinned);
    free_targets(run, 0);
    free(run->targets);
    aloud_strmap_free(&run->page_urls);
    aloud_strmap_free(&run->page_files);
    aloud_strmap_free(&run->target_urls);
    aloud_strmap_free(&run->target_files);
    for (size_t i = 0; i < run->n_visited; i++)
        free(run->visited[i]);
    for (size_t i = 0; i < run->n_listed; i++)
        free(run->listed[i]);
    free(run->listed);
    free(run->visited);
    aloud_http_free(run->http);
    free(run->now);
    free(run->fatal_err);
    if (run->lock_fd >= 0)
        close(run->lock_fd);
}

static int cmp_strs(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_listed(const struct run *run, const char *url)
{
    return run->n_listed &&
           bsearch(&url, run->listed, run->n_listed, sizeof *run->listed, cmp_strs) != NULL;
}

/* The sources' URLs: feeds and sitemaps, the URL list, pinned pages. */
static int list_articles(struct run *run, char **err)
{
    const struct aloud_fetch_settings *s = run->o->settings;
    if (!s->n_feeds && !s->n_sitemaps && !s->urls_file && !run->n_pinned) {
        aloud_error_set(err,
                        "%s: [sources] names no feed, sitemap or urls file; add one (see "
                        "docs/sources.md) or give the pages' URLs: aloud fetch URL...",
                        run->o->settings_path);
        return -EINVAL;
    }
    if (s->urls_file) {
        int rc = read_urls_file(run, err);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < s->n_feeds; i++)
        get_listing(run, s->feeds[i], 0);
    for (size_t i = 0; i < s->n_sitemaps; i++)
        get_listing(run, s->sitemaps[i], 0);
    int rc = aloud_http_run(run->http, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < run->n_pinned; i++)
        add_target(run, run->pinned[i]);
    /* What the patterns do not want is not listed. */
    size_t kept = 0;
    for (size_t i = 0; i < run->n_targets; i++) {
        struct target t = run->targets[i];
        if (fetch_in_list(run->pinned, run->n_pinned, t.url) || aloud_fetch_url_wanted(s, t.url)) {
            run->targets[kept++] = t;
        } else {
            free(t.url);
            free(t.whole);
        }
    }
    run->n_targets = kept;
    index_targets(run);
    run->listed = aloud_xmalloc((run->n_targets + 1) * sizeof *run->listed);
    for (size_t i = 0; i < run->n_targets; i++)
        run->listed[run->n_listed++] = aloud_xstrdup(run->targets[i].url);
    if (run->n_targets) {
        qsort(run->listed, run->n_listed, sizeof *run->listed, cmp_strs);
        qsort(run->targets, run->n_targets, sizeof *run->targets, cmp_targets);
        index_targets(run);
    }
    if (s->limit && run->n_targets > (size_t)s->limit)
        free_targets(run, (size_t)s->limit);
    return 0;
}

int aloud_fetch_run(const struct aloud_fetch_options *o, struct aloud_fetch_result *r, char **err)
{
    memset(r, 0, sizeof *r);
    struct run run = {.o = o, .r = r, .lock_fd = -1};
    run.content = aloud_xasprintf("%s/content", o->dir);
    run.web = aloud_xasprintf("%s/content/web", o->dir);
    run.cache = aloud_xasprintf("%s/content/web/.fetch", o->dir);
    run.shown = strcmp(o->dir, ".") == 0 ? aloud_xstrdup("content/web")
                                         : aloud_xasprintf("%s/content/web", o->dir);
    run.now = iso_now();
    int rc = 0;
    for (size_t i = 0; i < o->n_urls; i++) {
        if (!aloud_fetch_url_valid(o->urls[i])) {
            aloud_error_set(err, "fetch: '%s' is not an absolute http(s) URL", o->urls[i]);
            rc = -EINVAL;
            goto out;
        }
    }
    struct stat st;
    if (stat(run.content, &st) != 0 || !S_ISDIR(st.st_mode)) {
        aloud_error_set(err, "%s: no such directory (aloud fetch writes DIR/content/web/)",
                        run.content);
        rc = -EINVAL;
        goto out;
    }
    if ((rc = aloud_make_dir(run.web, err)) != 0)
        goto out;
    /* One run at a time: two would each write .sources.json from what
     * they alone saw. The lock goes with the process. */
    char *lock_path = aloud_xasprintf("%s/.lock", run.web);
    run.lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    free(lock_path);
    if (run.lock_fd < 0 || flock(run.lock_fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        aloud_error_set(err, "%s: %s", run.shown,
                        e == EWOULDBLOCK ? "another aloud fetch is writing here; try again later"
                                         : strerror(e));
        rc = e == EWOULDBLOCK ? -EBUSY : -e;
        goto out;
    }
    aloud_atomic_sweep(run.web, 3600);
    aloud_atomic_sweep(run.cache, 3600);
    if ((rc = fetch_load_state(&run, err)) != 0)
        goto out;
    run.http = aloud_http_new(o->settings);
    if (o->n_urls) {
        for (size_t i = 0; i < o->n_urls; i++)
            add_target(&run, o->urls[i]);
    } else if ((rc = list_articles(&run, err)) != 0) {
        goto out;
    }
    for (size_t i = 0; i < run.n_targets; i++) {
        run.targets[i].file = assign_file(&run, run.targets[i].url);
        aloud_strmap_put(&run.target_files, run.targets[i].file, i);
    }
    r->pages = run.n_targets;
    get_pages(&run);
    if ((rc = aloud_http_run(run.http, err)) != 0)
        goto out;
    /* Pages no source lists any more have gone, unless a source could not
     * be read (then nobody knows). */
    if (!o->n_urls && !r->listings_failed && !run.fatal) {
        for (size_t i = run.n_pages; i-- > 0;) {
            struct page *p = &run.pages[i];
            if ((!p->gone || o->settings->prune) && !is_listed(&run, p->url))
                page_gone(&run, p, "no source lists it any more");
        }
    }
    rc = fetch_save_state(&run, err);
    if (!rc && run.fatal) {
        aloud_error_set(err, "%s", run.fatal_err);
        rc = -EIO;
    }
    if (!rc && (r->failed || r->listings_failed))
        rc = 1;
out:
    run_free(&run);
    return rc;
}
