/* The listening pages: a static, accessible web site beside the feed.
 * index.html lists the show's episodes; each episode has a page with an
 * audio player, speed buttons, chapters that seek the player and the
 * transcript with the sentence being spoken highlighted. Pages are built as
 * libxml2 HTML trees and serialised by libxml2, self-contained (no external
 * fonts, scripts or trackers) and usable with scripts off. */
#ifndef ALOUD_PAGES_H
#define ALOUD_PAGES_H

#include <stddef.h>

#include "aloud/timeline.h"

/* The show. All strings borrowed; any but title may be NULL. */
struct aloud_page_show {
    const char *title;
    const char *description;
    const char *language;    /* BCP 47, for <html lang> */
    const char *feed_url;    /* the feed's URL (shown to copy into an app) */
    const char *feed_href;   /* link to the feed from the pages, e.g. "feed.xml" */
    const char *artwork_src; /* image for the show, relative or absolute, or NULL */
    const char *link;        /* the show's web site, or NULL */
};

/* One episode. All strings borrowed. URLs are relative to out/. */
struct aloud_page_episode {
    const char *title;
    const char *author;      /* may be NULL */
    const char *date;        /* ISO 8601, may be NULL */
    const char *description; /* may be NULL */
    const char *language;    /* the article's language, may be NULL */
    const char *page_href;   /* e.g. "slug.html" */
    const char *mp3_href;
    const char *vtt_href;    /* may be NULL */
    const char *chapters_href; /* may be NULL */
    const char *article_url; /* the written article, may be NULL */
    const char *epub_href;   /* its talking books (book.h), may be NULL */
    const char *daisy_href;
    double duration_s;
    const struct aloud_timeline *timeline; /* chapters and sentences; may be NULL */
    /* Embedding (embed.h), all may be NULL: the <iframe> code offered to
     * copy, the script that lets it fit its height, and the oEmbed URL
     * named by the page's discovery link. */
    const char *embed_code;
    const char *embed_script;
    const char *oembed_url;
};

/* Writes an episode's page to path (atomically). Returns 0 or -errno with
 * *err set (caller frees). */
int aloud_pages_write_episode(const char *path, const struct aloud_page_show *show,
                              const struct aloud_page_episode *episode, char **err);

/* "1:02:03" or "2:03" for a time in seconds, into buf. */
void aloud_pages_clock_text(double seconds, char *buf, size_t size);

/* Episodes listed on each page of the index when the caller gives 0. */
#define ALOUD_PAGES_PER_INDEX_PAGE 50

/* Writes the index of episodes (given newest first) into the directory
 * out_dir: index.html lists the first per_page episodes (0 means
 * ALOUD_PAGES_PER_INDEX_PAGE), page/2.html, page/3.html... the rest, and
 * every page carries a navigation to all of them when there is more than
 * one. Pages page/N.html left from a longer list are removed. All
 * arguments borrowed. Returns 0 or -errno with *err set (caller frees). */
int aloud_pages_write_index(const char *out_dir, const struct aloud_page_show *show,
                            const struct aloud_page_episode *episodes, size_t n, size_t per_page,
                            char **err);

#endif
