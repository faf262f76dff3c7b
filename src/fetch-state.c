/* aloud fetch's state (fetch-internal.h): content/web/.sources.json, the
 * pages kept with their URLs and validators, and content/web/.fetch/, the
 * feeds' and sitemaps' last copies; and the public reader of the first,
 * for the site build. */
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aloud/fetch.h"
#include "aloud/util.h"
#include "fetch-internal.h"

const char *fetch_json_str(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

static json_object *read_json(const char *path, int *missing, char **err)
{
    char *data = NULL;
    size_t len = 0;
    *missing = 0;
    if (!fetch_file_exists(path)) {
        *missing = 1;
        return NULL;
    }
    if (aloud_file_read(path, STATE_MAX_BYTES, &data, &len, err) != 0)
        return NULL;
    enum json_tokener_error jerr;
    json_object *root = json_tokener_parse_verbose(data, &jerr);
    free(data);
    if (!root || !json_object_is_type(root, json_type_object)) {
        aloud_error_set(err,
                        "%s: not the JSON aloud fetch writes (%s); move it away to start "
                        "afresh",
                        path, root ? "not an object" : json_tokener_error_desc(jerr));
        json_object_put(root);
        return NULL;
    }
    json_object *version;
    if (!json_object_object_get_ex(root, "version", &version) ||
        json_object_get_int(version) != 1) {
        aloud_error_set(err, "%s: version is not 1: written by another aloud?", path);
        json_object_put(root);
        return NULL;
    }
    return root;
}

struct page *fetch_page_by_url(struct run *run, const char *url)
{
    long i = fetch_lookup(&run->page_urls, url);
    return i < 0 ? NULL : &run->pages[i];
}

struct page *fetch_page_by_file(struct run *run, const char *file)
{
    long i = fetch_lookup(&run->page_files, file);
    return i < 0 ? NULL : &run->pages[i];
}

void fetch_index_pages(struct run *run)
{
    aloud_strmap_free(&run->page_urls);
    aloud_strmap_free(&run->page_files);
    for (size_t i = 0; i < run->n_pages; i++) {
        aloud_strmap_put(&run->page_urls, run->pages[i].url, i);
        aloud_strmap_put(&run->page_files, run->pages[i].file, i);
    }
}

struct page *fetch_add_page(struct run *run, const char *file, const char *url)
{
    run->pages = aloud_xrealloc(run->pages, (run->n_pages + 1) * sizeof *run->pages);
    struct page *p = &run->pages[run->n_pages];
    memset(p, 0, sizeof *p);
    p->file = aloud_xstrdup(file);
    p->url = aloud_xstrdup(url);
    aloud_strmap_put(&run->page_urls, p->url, run->n_pages);
    aloud_strmap_put(&run->page_files, p->file, run->n_pages);
    run->n_pages++;
    return p;
}

void fetch_remove_page(struct run *run, struct page *p)
{
    free(p->file);
    free(p->url);
    free(p->etag);
    free(p->last_modified);
    free(p->fetched);
    size_t i = (size_t)(p - run->pages);
    memmove(p, p + 1, (run->n_pages - i - 1) * sizeof *p);
    run->n_pages--;
    fetch_index_pages(run);
}

/* A file name aloud_fetch_file_name would give is safe; anything else in
 * a hand-edited .sources.json is not used as a path. */
static int safe_file_name(const char *f)
{
    size_t n = strlen(f);
    if (n < 6 || n > 200 || strcmp(f + n - 5, ".html") != 0 || f[0] == '.')
        return 0;
    return strspn(f, "abcdefghijklmnopqrstuvwxyz0123456789-.") == n;
}

int fetch_load_state(struct run *run, char **err)
{
    char *path = aloud_xasprintf("%s/.sources.json", run->web);
    int missing;
    json_object *root = read_json(path, &missing, err);
    int rc = 0;
    if (!root) {
        rc = missing ? 0 : -EINVAL;
        goto listings;
    }
    json_object *pages;
    if (json_object_object_get_ex(root, "pages", &pages) &&
        json_object_is_type(pages, json_type_object)) {
        json_object_object_foreach(pages, file, entry)
        {
            const char *url = fetch_json_str(entry, "url");
            if (!url || !safe_file_name(file) || fetch_page_by_file(run, file))
                continue;
            struct page *p = fetch_add_page(run, file, url);
            p->etag = aloud_xstrdup(fetch_json_str(entry, "etag"));
            p->last_modified = aloud_xstrdup(fetch_json_str(entry, "last_modified"));
            p->fetched = aloud_xstrdup(fetch_json_str(entry, "fetched"));
            json_object *gone;
            p->gone =
                json_object_object_get_ex(entry, "gone", &gone) && json_object_get_boolean(gone);
        }
    }
    json_object_put(root);
listings:
    free(path);
    if (rc)
        return rc;
    path = aloud_xasprintf("%s/listings.json", run->cache);
    root = read_json(path, &missing, NULL);
    free(path);
    if (!root)
        return 0; /* a cache: lost, the listings are fetched whole */
    json_object *listings, *pinned;
    if (json_object_object_get_ex(root, "listings", &listings) &&
        json_object_is_type(listings, json_type_object)) {
        json_object_object_foreach(listings, url, entry)
        {
            run->copies = aloud_xrealloc(run->copies, (run->n_copies + 1) * sizeof *run->copies);
            struct listing_copy *c = &run->copies[run->n_copies++];
            c->url = aloud_xstrdup(url);
            c->etag = aloud_xstrdup(fetch_json_str(entry, "etag"));
            c->last_modified = aloud_xstrdup(fetch_json_str(entry, "last_modified"));
        }
    }
    if (json_object_object_get_ex(root, "pinned", &pinned) &&
        json_object_is_type(pinned, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(pinned); i++) {
            const char *url = json_object_get_string(json_object_array_get_idx(pinned, i));
            if (url && aloud_fetch_url_valid(url) && !fetch_in_list(run->pinned, run->n_pinned, url))
                fetch_push_str(&run->pinned, &run->n_pinned, url);
        }
    }
    json_object_put(root);
    return 0;
}

static json_object *str_or_null(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

static int cmp_pages(const void *a, const void *b)
{
    return strcmp(((const struct page *)a)->file, ((const struct page *)b)->file);
}

static int write_json(json_object *root, const char *path, char **err)
{
    const char *text = json_object_to_json_string_ext(
        root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
    struct aloud_buf b = {0};
    aloud_buf_puts(&b, text);
    aloud_buf_putc(&b, '\n');
    int rc = aloud_file_write_if_changed(path, b.data, b.len, NULL, err);
    aloud_buf_free(&b);
    return rc;
}

int fetch_save_state(struct run *run, char **err)
{
    if (run->n_pages) {
        qsort(run->pages, run->n_pages, sizeof *run->pages, cmp_pages);
        fetch_index_pages(run);
    }
    json_object *root = json_object_new_object();
    json_object_object_add(root, "version", json_object_new_int(1));
    json_object *pages = json_object_new_object();
    for (size_t i = 0; i < run->n_pages; i++) {
        const struct page *p = &run->pages[i];
        json_object *e = json_object_new_object();
        json_object_object_add(e, "url", json_object_new_string(p->url));
        json_object_object_add(e, "etag", str_or_null(p->etag));
        json_object_object_add(e, "last_modified", str_or_null(p->last_modified));
        json_object_object_add(e, "fetched", str_or_null(p->fetched));
        json_object_object_add(e, "gone", json_object_new_boolean(p->gone));
        json_object_object_add(pages, p->file, e);
    }
    json_object_object_add(root, "pages", pages);
    char *path = aloud_xasprintf("%s/.sources.json", run->web);
    int rc = write_json(root, path, err);
    free(path);
    json_object_put(root);
    if (rc || (!run->n_copies && !run->n_pinned))
        return rc;
    if ((rc = aloud_make_dir(run->cache, err)) != 0)
        return rc;
    root = json_object_new_object();
    json_object_object_add(root, "version", json_object_new_int(1));
    json_object *listings = json_object_new_object();
    for (size_t i = 0; i < run->n_copies; i++) {
        const struct listing_copy *c = &run->copies[i];
        if (run->n_visited && !fetch_in_list(run->visited, run->n_visited, c->url)) {
            /* A feed or sitemap no source names any more. */
            char *name = fetch_hash_name(c->url, ".xml");
            char *copy = aloud_xasprintf("%s/%s", run->cache, name);
            unlink(copy);
            free(copy);
            free(name);
            continue;
        }
        json_object *e = json_object_new_object();
        json_object_object_add(e, "etag", str_or_null(c->etag));
        json_object_object_add(e, "last_modified", str_or_null(c->last_modified));
        json_object_object_add(listings, c->url, e);
    }
    json_object_object_add(root, "listings", listings);
    json_object *pinned = json_object_new_array();
    for (size_t i = 0; i < run->n_pinned; i++)
        json_object_array_add(pinned, json_object_new_string(run->pinned[i]));
    json_object_object_add(root, "pinned", pinned);
    path = aloud_xasprintf("%s/listings.json", run->cache);
    rc = write_json(root, path, err);
    free(path);
    json_object_put(root);
    return rc;
}


int aloud_fetch_sources_read(const char *content_dir, struct aloud_fetched_page **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    char *path = aloud_xasprintf("%s/web/.sources.json", content_dir);
    int missing;
    json_object *root = read_json(path, &missing, NULL);
    free(path);
    if (!root)
        return missing ? 0 : -EINVAL;
    json_object *pages;
    if (json_object_object_get_ex(root, "pages", &pages) &&
        json_object_is_type(pages, json_type_object)) {
        json_object_object_foreach(pages, file, entry)
        {
            const char *url = fetch_json_str(entry, "url");
            if (!url || !safe_file_name(file) || !aloud_fetch_url_valid(url))
                continue;
            *out = aloud_xrealloc(*out, (*n + 1) * sizeof **out);
            json_object *gone;
            (*out)[(*n)++] = (struct aloud_fetched_page){
                aloud_xasprintf("web/%s", file), aloud_xstrdup(url),
                json_object_object_get_ex(entry, "gone", &gone) && json_object_get_boolean(gone)};
        }
    }
    json_object_put(root);
    return 0;
}

void aloud_fetch_sources_free(struct aloud_fetched_page *pages, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(pages[i].file);
        free(pages[i].url);
    }
    free(pages);
}
