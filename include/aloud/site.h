/* The site builder, aloud's main job: every article in DIR/content/ becomes
 * an episode in DIR/out/ (MP3, WAV master, WebVTT transcript, chapters and
 * a listening page), and the podcast feed and index page list them.
 *
 * Editors' safety: an article that fails is reported and its published
 * episode, if any, stays in the feed exactly as it was (from the manifest
 * in out/.aloud/); new audio goes under new, content-hashed names, the feed
 * is written last and atomically, and files of older versions are removed
 * only after it. */
#ifndef ALOUD_SITE_H
#define ALOUD_SITE_H

#include <stdio.h>

struct aloud_site_options {
    const char *dir;        /* the site: content/, voices/, out/ inside */
    const char *voices_dir; /* voice profiles when DIR has no voices/ */
    FILE *log;              /* one line per article ("new", "unchanged",
                               "updated"), or NULL for none */
    const char *cache_dir;  /* the segment cache; NULL: DIR/out/.aloud/cache */
    int jobs;               /* worker processes that render at once (-j) */
    int shard_index;        /* --shard K/N: render only share K of N into the */
    int shard_count;        /* cache and write nothing to out/; N <= 1: all */
};

struct aloud_site_result {
    size_t articles;  /* articles found */
    size_t rendered;  /* episodes rendered this run */
    size_t unchanged; /* episodes whose audio was already there */
    size_t skipped;   /* drafts and articles with audio: false */
    size_t failed;    /* articles that could not be built */
};

/* Builds the site. Problems with single articles are printed to stderr
 * ("aloud: FILE: reason"), counted in result->failed, and make the return
 * value 1; the rest is built. Returns 0 when everything was built, 1 when
 * some article failed, or a negative errno with *err for what stops the
 * whole build: -EINVAL for bad settings (podcast.ini), others for out/
 * that cannot be written. */
int aloud_site_build(const struct aloud_site_options *options, struct aloud_site_result *result,
                     char **err);

#endif
