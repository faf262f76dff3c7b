/* Fuzz target: what aloud fetch reads from the network before any page:
 * feeds and sitemaps (aloud_listing_read, with the whole-article rule and
 * the HTML written for a whole entry) and robots.txt (every input is read
 * as one too, and asked about a few paths). */
#include <stdint.h>
#include <stdlib.h>

#include "aloud/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct aloud_listing *l = NULL;
    char *err = NULL;
    if (aloud_listing_read(text, size, "https://example.org/feeds/feed.xml", &l, &err) == 0) {
        for (size_t i = 0; i < l->n_entries; i++) {
            if (aloud_listing_entry_whole(&l->entries[i])) {
                size_t len;
                free(aloud_listing_entry_html(&l->entries[i], &len));
            }
            free(aloud_fetch_file_name(l->entries[i].url, i & 1));
        }
    }
    aloud_listing_free(l);
    free(err);

    struct aloud_robots *r = aloud_robots_parse(text, size, "aloud");
    static const char *const paths[] = {"/", "/a/b.html", "/private/x?y=1", "/%E3%83%84/*$",
                                        "/robots.txt"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        aloud_robots_allowed(r, paths[i]);
    aloud_robots_free(r);
    return 0;
}
