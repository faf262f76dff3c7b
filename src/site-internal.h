/* What the site build's two files share: the site (settings and places,
 * read once) in site-setup.c, and the build that uses it in site.c. */
#ifndef ALOUD_SITE_INTERNAL_H
#define ALOUD_SITE_INTERNAL_H

#include <stddef.h>

#include "aloud/content.h"
#include "aloud/fetch.h"
#include "aloud/podcast.h"
#include "aloud/publish.h"
#include "aloud/site.h"
#include "aloud/util.h"

/* What a build works with: settings and places, fixed once read. */
struct site {
    const struct aloud_site_options *o;
    struct aloud_podcast *podcast;
    char *content;      /* DIR/content */
    char *content_real; /* its real path */
    char *out;          /* DIR/out */
    char *state;        /* DIR/out/.aloud */
    char *masters;      /* DIR/masters */
    char *own_voices;   /* DIR/voices */
    const char *voices; /* DIR/voices when there is one, else o->voices_dir */
    char *cache_dir;    /* the segment cache */
    char *env;          /* the key of all that shapes episodes besides their
                           articles: settings, voices, versions */
    struct aloud_publish publish;
    struct aloud_content_item *items; /* the articles, sorted by file */
    size_t n_items;
    struct aloud_fetched_page *fetched; /* content/web/'s pages and URLs */
    size_t n_fetched;
    struct aloud_strmap fetched_by_file; /* into fetched */
};

/* Reads the settings (podcast.ini, the voice profiles, the artwork) and
 * finds the articles and the places. Returns 0, or a negative errno with
 * *err: -EINVAL for bad settings. s is zeroed first; free it with
 * site_close, also on failure. */
int site_open(struct site *s, const struct aloud_site_options *o, char **err);
void site_close(struct site *s);

/* The article's file must be inside content/: a symbolic link out of it
 * is refused (-EPERM with *err naming display). Returns 0 or -errno. */
int site_check_inside(const struct site *s, const char *path, const char *display, char **err);

/* SHA-256 of a file's bytes as hex, or NULL when it cannot be read. */
char *site_file_hash(const char *path);

#endif
