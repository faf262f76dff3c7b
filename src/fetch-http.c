/* The fetch stage's HTTP client: libcurl's multi interface running a few
 * transfers at once, politely.
 *
 * - At most 4 transfers at once, 2 to one host, and requests to one host
 *   start host_delay apart.
 * - A host's robots.txt is fetched before its first page and kept for the
 *   run (RFC 9309: a 4xx means no rules, a 5xx or a network failure means
 *   nothing may be fetched; at most 500 KiB are read).
 * - Redirects are followed here, not by libcurl, so that each hop is
 *   checked against its host's robots.txt and a loop is told from a long
 *   chain: at most 5.
 * - TLS is verified (libcurl's default, with the system's certificates, or
 *   the bundle in $CURL_CA_BUNDLE); only http and https are spoken.
 * - Conditional requests (If-None-Match, If-Modified-Since) with the
 *   validators of the stored copy; a page's body is refused as soon as its
 *   Content-Type says it is not HTML or it grows past max_bytes.
 * Every failure becomes one short message for the request's callback. */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "aloud/fetch.h"
#include "aloud/util.h"

#define MAX_TRANSFERS 4
#define MAX_PER_HOST 2
#define MAX_REDIRECTS 5
#define ROBOTS_MAX_BYTES (500 * 1024)
#define LISTING_MAX_BYTES (50u * 1024 * 1024)
#define CONNECT_TIMEOUT_S 10

enum kind { PAGE = ALOUD_HTTP_PAGE, LISTING = ALOUD_HTTP_LISTING, ROBOTS };

struct host {
    char *key; /* scheme://host:port */
    enum { ROBOTS_UNKNOWN, ROBOTS_FETCHING, ROBOTS_KNOWN } robots_state;
    struct aloud_robots *robots;
    char *robots_error; /* why everything is forbidden, or NULL */
    int active;
    int64_t next_ms; /* when the next request may start (monotonic) */
};

struct request {
    struct request *next; /* in the queue */
    char *url;            /* the one being fetched (after redirects) */
    char *asked;          /* as queued, for the callback */
    enum kind kind;
    char *etag, *last_modified;
    aloud_http_done done;
    void *user;
    struct host *robots_for; /* ROBOTS: the host it is for */
    char **chain;            /* URLs already visited */
    size_t n_chain;
    /* The transfer. */
    CURL *easy;
    struct curl_slist *headers;
    struct aloud_buf body;
    size_t limit;
    int too_large, truncated, type_checked;
    char *wrong_type; /* a page's Content-Type that is not HTML */
    char errbuf[CURL_ERROR_SIZE];
    struct host *host;
};

struct aloud_http {
    CURLM *multi;
    size_t max_bytes;
    int timeout_s;
    int host_delay_ms;
    struct host **hosts;
    size_t n_hosts;
    struct request *queue; /* waiting, in order */
    size_t active;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *aloud_http_user_agent(void)
{
    return "aloud/" ALOUD_VERSION " (articles read aloud as a podcast)";
}

struct aloud_http *aloud_http_new(const struct aloud_fetch_settings *s)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct aloud_http *h = aloud_xcalloc(1, sizeof *h);
    h->multi = curl_multi_init();
    if (!h->multi) {
        fprintf(stderr, "aloud: libcurl cannot start\n");
        abort();
    }
    h->max_bytes = s->max_bytes;
    h->timeout_s = s->timeout_s;
    h->host_delay_ms = s->host_delay_ms;
    return h;
}

static void request_free(struct request *r)
{
    if (!r)
        return;
    free(r->url);
    free(r->asked);
    free(r->etag);
    free(r->last_modified);
    for (size_t i = 0; i < r->n_chain; i++)
        free(r->chain[i]);
    free(r->chain);
    curl_slist_free_all(r->headers);
    aloud_buf_free(&r->body);
    free(r->wrong_type);
    free(r);
}

void aloud_http_free(struct aloud_http *h)
{
    if (!h)
        return;
    while (h->queue) {
        struct request *r = h->queue;
        h->queue = r->next;
        request_free(r);
    }
    for (size_t i = 0; i < h->n_hosts; i++) {
        free(h->hosts[i]->key);
        aloud_robots_free(h->hosts[i]->robots);
        free(h->hosts[i]->robots_error);
        free(h->hosts[i]);
    }
    free(h->hosts);
    curl_multi_cleanup(h->multi);
    free(h);
    curl_global_cleanup();
}

static void enqueue(struct aloud_http *h, struct request *r, int front)
{
    if (front) {
        r->next = h->queue;
        h->queue = r;
        return;
    }
    r->next = NULL;
    struct request **p = &h->queue;
    while (*p)
        p = &(*p)->next;
    *p = r;
}

void aloud_http_get(struct aloud_http *h, const char *url, enum aloud_http_kind kind,
                    const char *etag, const char *last_modified, aloud_http_done done, void *user)
{
    struct request *r = aloud_xcalloc(1, sizeof *r);
    r->url = aloud_xstrdup(url);
    r->asked = aloud_xstrdup(url);
    r->kind = (enum kind)kind;
    r->etag = aloud_xstrdup(etag);
    r->last_modified = aloud_xstrdup(last_modified);
    r->done = done;
    r->user = user;
    enqueue(h, r, 0);
}

/* The parts of url robots.txt and politeness need: its host key and the
 * path with query as sent. Returns 0 or -EINVAL. */
static int split_url(const char *url, char **host_key, char **path)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL, *p = NULL, *q = NULL;
    int rc = -EINVAL;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PATH, &p, 0) == CURLUE_OK) {
        if (curl_url_get(u, CURLUPART_QUERY, &q, 0) != CURLUE_OK)
            q = NULL;
        if (host_key)
            *host_key = aloud_xasprintf("%s://%s:%s", scheme, host, port);
        if (path)
            *path = q ? aloud_xasprintf("%s?%s", p, q) : aloud_xstrdup(p);
        rc = 0;
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(p);
    curl_free(q);
    curl_url_cleanup(u);
    return rc;
}

static struct host *host_of(struct aloud_http *h, const char *key)
{
    for (size_t i = 0; i < h->n_hosts; i++) {
        if (strcmp(h->hosts[i]->key, key) == 0)
            return h->hosts[i];
    }
    h->hosts = aloud_xrealloc(h->hosts, (h->n_hosts + 1) * sizeof *h->hosts);
    struct host *host = aloud_xcalloc(1, sizeof *host);
    host->key = aloud_xstrdup(key);
    h->hosts[h->n_hosts++] = host;
    return host;
}

/* Finishes r: its callback with resp, then r is freed. */
static void complete(struct request *r, struct aloud_http_response *resp)
{
    if (r->done)
        r->done(r->user, r->asked, resp);
    free(resp->body);
    free(resp->content_type);
    free(resp->etag);
    free(resp->last_modified);
    free(resp->final_url);
    free(resp->error);
    request_free(r);
}

static void fail(struct request *r, long status, char *error)
{
    struct aloud_http_response resp = {.outcome = ALOUD_HTTP_FAILED,
                                       .status = status,
                                       .error = error,
                                       .final_url = aloud_xstrdup(r->url)};
    complete(r, &resp);
}

static const char *reason(long status)
{
    static const struct {
        long status;
        const char *text;
    } reasons[] = {
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {402, "Payment Required"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {406, "Not Acceptable"},
        {408, "Request Timeout"},
        {410, "Gone"},
        {429, "Too Many Requests"},
        {451, "Unavailable For Legal Reasons"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
    };
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
        if (reasons[i].status == status)
            return reasons[i].text;
    }
    return status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "Unexpected Status";
}

static char *size_text(size_t bytes)
{
    if (bytes % (1024 * 1024) == 0)
        return aloud_xasprintf("%zu MB", bytes / (1024 * 1024));
    if (bytes % 1024 == 0)
        return aloud_xasprintf("%zu KB", bytes / 1024);
    return aloud_xasprintf("%zu bytes", bytes);
}

static int is_html_type(const char *type)
{
    return strncasecmp(type, "text/html", 9) == 0 ||
           strncasecmp(type, "application/xhtml+xml", 21) == 0;
}

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
    struct request *r = user;
    size_t len = size * n;
    long status = 0;
    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299)
        return len; /* a redirect's or an error's body: not wanted */
    if (r->kind == PAGE && !r->type_checked) {
        r->type_checked = 1;
        char *type = NULL;
        curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &type);
        if (type && !is_html_type(type)) {
            r->wrong_type = aloud_xstrndup(type, strcspn(type, "; "));
            return 0;
        }
    }
    if (r->body.len + len > r->limit) {
        if (r->kind == ROBOTS) {
            aloud_buf_append(&r->body, data, r->limit - r->body.len);
            r->truncated = 1;
        } else {
            r->too_large = 1;
        }
        return 0;
    }
    aloud_buf_append(&r->body, data, len);
    return len;
}

static void start(struct aloud_http *h, struct request *r, struct host *host)
{
    r->host = host;
    host->active++;
    host->next_ms = now_ms() + h->host_delay_ms;
    h->active++;
    aloud_buf_free(&r->body);
    r->type_checked = r->too_large = r->truncated = 0;
    free(r->wrong_type);
    r->wrong_type = NULL;
    r->errbuf[0] = '\0';
    r->limit = r->kind == PAGE     ? h->max_bytes
               : r->kind == ROBOTS ? ROBOTS_MAX_BYTES
                                   : LISTING_MAX_BYTES;
    CURL *e = curl_easy_init();
    if (!e) {
        fprintf(stderr, "aloud: libcurl cannot start a transfer\n");
        abort();
    }
    r->easy = e;
    curl_easy_setopt(e, CURLOPT_URL, r->url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, r);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, aloud_http_user_agent());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    long connect = h->timeout_s < CONNECT_TIMEOUT_S ? h->timeout_s : CONNECT_TIMEOUT_S;
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, connect);
    curl_easy_setopt(e, CURLOPT_TIMEOUT, (long)h->timeout_s);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
    if (r->kind != ROBOTS)
        curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)r->limit);
    const char *ca = getenv("CURL_CA_BUNDLE");
    if (ca && *ca)
        curl_easy_setopt(e, CURLOPT_CAINFO, ca);
    curl_slist_free_all(r->headers);
    r->headers = NULL;
    r->headers = curl_slist_append(
        r->headers, r->kind == PAGE ? "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
                    : r->kind == LISTING
                        ? "Accept: application/rss+xml,application/atom+xml,application/xml;"
                          "q=0.9,text/xml;q=0.9,*/*;q=0.1"
                        : "Accept: text/plain,*/*;q=0.1");
    if (r->etag) {
        char *line = aloud_xasprintf("If-None-Match: %s", r->etag);
        r->headers = curl_slist_append(r->headers, line);
        free(line);
    }
    if (r->last_modified) {
        char *line = aloud_xasprintf("If-Modified-Since: %s", r->last_modified);
        r->headers = curl_slist_append(r->headers, line);
        free(line);
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->headers);
    curl_multi_add_handle(h->multi, e);
}

static char *header_value(CURL *e, const char *name)
{
    struct curl_header *hv = NULL;
    if (curl_easy_header(e, name, 0, CURLH_HEADER, -1, &hv) != CURLHE_OK || !hv->value ||
        !*hv->value)
        return NULL;
    return aloud_xstrdup(hv->value);
}

/* robots.txt arrived (or could not be had) for host. */
static void robots_done(struct host *host, long status, CURLcode res, const char *error,
                        const char *body, size_t len)
{
    host->robots_state = ROBOTS_KNOWN;
    if (res == CURLE_OK && status >= 200 && status <= 299) {
        host->robots = aloud_robots_parse(body, len, "aloud");
    } else if (res == CURLE_OK && status >= 400 && status <= 499) {
        host->robots = aloud_robots_new(1);
    } else if (res == CURLE_OK) {
        host->robots = aloud_robots_new(0);
        host->robots_error = aloud_xasprintf("not fetched: the site's robots.txt cannot be "
                                             "read (%s), which forbids everything",
                                             error);
    } else {
        /* The host cannot be reached (or not trusted): its pages would
         * fail the same way; say how. */
        host->robots = aloud_robots_new(0);
        host->robots_error = aloud_xstrdup(error);
    }
}

/* A redirect from r to location: queued again unless it loops or the
 * chain is too long. */
static void redirect(struct aloud_http *h, struct request *r, long status, const char *location)
{
    if (!location) {
        fail(r, status, aloud_xasprintf("%ld redirect without a Location", status));
        return;
    }
    if (strcmp(location, r->url) == 0) {
        fail(r, status, aloud_xstrdup("redirect loop"));
        return;
    }
    for (size_t i = 0; i < r->n_chain; i++) {
        if (strcmp(r->chain[i], location) == 0) {
            fail(r, status, aloud_xstrdup("redirect loop"));
            return;
        }
    }
    if (r->n_chain >= MAX_REDIRECTS) {
        fail(r, status, aloud_xasprintf("more than %d redirects", MAX_REDIRECTS));
        return;
    }
    r->chain = aloud_xrealloc(r->chain, (r->n_chain + 1) * sizeof *r->chain);
    r->chain[r->n_chain++] = r->url;
    r->url = aloud_xstrdup(location);
    enqueue(h, r, 1);
}

static char *transfer_error(struct aloud_http *h, struct request *r, CURLcode res)
{
    const char *detail = r->errbuf[0] ? r->errbuf : curl_easy_strerror(res);
    if (r->wrong_type)
        return aloud_xasprintf("not an HTML page (%s)", r->wrong_type);
    if (r->too_large || res == CURLE_FILESIZE_EXCEEDED) {
        char *limit = size_text(r->limit);
        char *msg = aloud_xasprintf("larger than %s", limit);
        free(limit);
        return msg;
    }
    switch (res) {
    case CURLE_OPERATION_TIMEDOUT: {
        double connect = 0;
        curl_easy_getinfo(r->easy, CURLINFO_CONNECT_TIME, &connect);
        if (connect <= 0 && strstr(detail, "onnect"))
            return aloud_xasprintf("no connection within %d s", h->timeout_s < CONNECT_TIMEOUT_S
                                                                    ? h->timeout_s
                                                                    : CONNECT_TIMEOUT_S);
        return aloud_xasprintf("timed out after %d s", h->timeout_s);
    }
    case CURLE_PEER_FAILED_VERIFICATION:
        return aloud_xasprintf("certificate not trusted: %s", detail);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
        return aloud_xasprintf("TLS failed: %s", detail);
    case CURLE_COULDNT_RESOLVE_HOST:
        return aloud_xasprintf("host not found: %s", detail);
    case CURLE_COULDNT_CONNECT:
        return aloud_xasprintf("cannot connect: %s", detail);
    case CURLE_UNSUPPORTED_PROTOCOL:
        return aloud_xasprintf("not an http(s) URL: %s", detail);
    default:
        return aloud_xstrdup(detail);
    }
}

static void finish(struct aloud_http *h, struct request *r, CURLcode res)
{
    long status = 0;
    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
    r->host->active--;
    h->active--;
    if (r->kind == ROBOTS) {
        struct host *for_host = r->robots_for;
        if (res == CURLE_OK && status >= 300 && status <= 399) {
            char *location = NULL;
            curl_easy_getinfo(r->easy, CURLINFO_REDIRECT_URL, &location);
            int loops = !location || strcmp(location, r->url) == 0;
            for (size_t i = 0; i < r->n_chain && !loops; i++)
                loops = strcmp(r->chain[i], location) == 0;
            if (!loops && r->n_chain < MAX_REDIRECTS) {
                char *copy = aloud_xstrdup(location);
                curl_multi_remove_handle(h->multi, r->easy);
                curl_easy_cleanup(r->easy);
                r->easy = NULL;
                redirect(h, r, status, copy);
                free(copy);
                return;
            }
            /* RFC 9309 2.3.1.2: past five redirects (or in a loop) the
             * file may be taken as unavailable, which allows everything. */
            status = 404;
        }
        char *error = res == CURLE_OK || r->truncated
                          ? aloud_xasprintf("%ld %s", status, reason(status))
                          : transfer_error(h, r, res);
        robots_done(for_host, status, r->truncated ? CURLE_OK : res, error, r->body.data,
                    r->body.len);
        free(error);
        curl_multi_remove_handle(h->multi, r->easy);
        curl_easy_cleanup(r->easy);
        r->easy = NULL;
        request_free(r);
        return;
    }
    struct aloud_http_response resp = {.status = status, .final_url = aloud_xstrdup(r->url)};
    if (res != CURLE_OK) {
        resp.outcome = ALOUD_HTTP_FAILED;
        resp.error = transfer_error(h, r, res);
    } else if (status >= 300 && status <= 399 && status != 304) {
        char *location = NULL;
        curl_easy_getinfo(r->easy, CURLINFO_REDIRECT_URL, &location);
        char *copy = aloud_xstrdup(location);
        curl_multi_remove_handle(h->multi, r->easy);
        curl_easy_cleanup(r->easy);
        r->easy = NULL;
        free(resp.final_url);
        redirect(h, r, status, copy);
        free(copy);
        return;
    } else if (status == 304 && (r->etag || r->last_modified)) {
        resp.outcome = ALOUD_HTTP_NOT_MODIFIED;
    } else if (status == 404 || status == 410) {
        resp.outcome = ALOUD_HTTP_GONE;
        resp.error = aloud_xasprintf("%ld %s", status, reason(status));
    } else if (status == 200 || status == 203) {
        char *type = NULL;
        curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &type);
        resp.content_type = aloud_xstrdup(type);
        const char *b = r->body.data ? r->body.data : "";
        b += strspn(b, " \t\r\n");
        if (r->kind == PAGE && !type && !(*b == '<' || strncmp(b, "\xEF\xBB\xBF<", 4) == 0)) {
            resp.outcome = ALOUD_HTTP_FAILED;
            resp.error = aloud_xstrdup("not an HTML page (no Content-Type, and no markup)");
        } else if (r->kind == PAGE && !*b) {
            resp.outcome = ALOUD_HTTP_FAILED;
            resp.error = aloud_xstrdup("an empty page");
        } else {
            resp.outcome = ALOUD_HTTP_OK;
            resp.len = r->body.len;
            resp.body = r->body.data ? aloud_buf_steal(&r->body) : aloud_xstrdup("");
            resp.etag = header_value(r->easy, "ETag");
            resp.last_modified = header_value(r->easy, "Last-Modified");
        }
    } else {
        resp.outcome = ALOUD_HTTP_FAILED;
        resp.error = aloud_xasprintf("%ld %s", status, reason(status));
    }
    curl_multi_remove_handle(h->multi, r->easy);
    curl_easy_cleanup(r->easy);
    r->easy = NULL;
    complete(r, &resp);
}

/* Starts what may start now. Returns how long (ms) until a waiting
 * request's host allows it, or -1 when none waits on a delay. */
static int start_ready(struct aloud_http *h)
{
    int64_t now = now_ms();
    int64_t wait = -1;
    struct request **p = &h->queue;
    while (*p && h->active < MAX_TRANSFERS) {
        struct request *r = *p;
        char *key = NULL, *path = NULL;
        if (split_url(r->url, &key, &path) != 0) {
            *p = r->next;
            if (r->kind == ROBOTS) {
                robots_done(r->robots_for, 0, CURLE_URL_MALFORMAT, "a bad redirect", NULL, 0);
                request_free(r);
            } else {
                fail(r, 0, aloud_xasprintf("not a URL aloud can fetch: %s", r->url));
            }
            continue;
        }
        struct host *host = host_of(h, key);
        free(key);
        if (r->kind == PAGE && host->robots_state != ROBOTS_KNOWN) {
            if (host->robots_state == ROBOTS_UNKNOWN) {
                host->robots_state = ROBOTS_FETCHING;
                struct request *rr = aloud_xcalloc(1, sizeof *rr);
                rr->kind = ROBOTS;
                rr->robots_for = host;
                rr->url = aloud_xasprintf("%s/robots.txt", host->key);
                rr->asked = aloud_xstrdup(rr->url);
                rr->next = r;
                *p = rr; /* before the page, and looked at next */
            } else {
                p = &r->next;
            }
            free(path);
            continue;
        }
        if (r->kind == PAGE && !aloud_robots_allowed(host->robots, path)) {
            *p = r->next;
            free(path);
            struct aloud_http_response resp = {
                .outcome = host->robots_error ? ALOUD_HTTP_FAILED : ALOUD_HTTP_DISALLOWED,
                .final_url = aloud_xstrdup(r->url),
                .error = host->robots_error ? aloud_xstrdup(host->robots_error)
                                            : aloud_xstrdup("disallowed by robots.txt"),
            };
            complete(r, &resp);
            continue;
        }
        free(path);
        if (host->active >= MAX_PER_HOST || host->next_ms > now) {
            if (host->active < MAX_PER_HOST && (wait < 0 || host->next_ms - now < wait))
                wait = host->next_ms - now;
            p = &r->next;
            continue;
        }
        *p = r->next;
        r->next = NULL;
        start(h, r, host);
    }
    return wait > INT32_MAX ? INT32_MAX : (int)wait;
}

int aloud_http_run(struct aloud_http *h, char **err)
{
    for (;;) {
        int wait = start_ready(h);
        if (!h->queue && !h->active)
            return 0;
        int running = 0;
        CURLMcode mc = curl_multi_perform(h->multi, &running);
        if (mc != CURLM_OK) {
            aloud_error_set(err, "libcurl: %s", curl_multi_strerror(mc));
            return -EIO;
        }
        int finished = 0;
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(h->multi, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            struct request *r = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
            finish(h, r, msg->data.result);
            finished = 1;
        }
        if (finished)
            continue; /* callbacks may have queued what can start now */
        if (!h->active && wait < 0 && h->queue) {
            /* Nothing runs and nothing waits on a delay, yet pages wait:
             * for a robots.txt that is no longer coming. Never wait on it. */
            for (size_t i = 0; i < h->n_hosts; i++) {
                if (h->hosts[i]->robots_state == ROBOTS_FETCHING)
                    robots_done(h->hosts[i], 0, CURLE_RECV_ERROR, "its request was lost", NULL, 0);
            }
            continue;
        }
        /* Wake for the transfers, or when a waiting host allows the next
         * request, whichever comes first. */
        int timeout = wait < 0 || wait > 1000 ? 1000 : wait;
        if (h->active) {
            curl_multi_poll(h->multi, NULL, 0, timeout, NULL);
        } else {
            struct timespec ts = {timeout / 1000, (long)(timeout % 1000) * 1000000};
            nanosleep(&ts, NULL);
        }
    }
}
