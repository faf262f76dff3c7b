/* The embeddable player: out/embed/SLUG.html, a small page meant to live
 * in an <iframe> on the publisher's own article page; the <iframe> code
 * that embeds it; and its oEmbed answer, out/oembed/SLUG.json, so that a
 * CMS that supports oEmbed discovery embeds the player from the episode
 * page's URL alone. Pure writers over a borrowed view, like pages.h: they
 * depend on nothing above them. */
#ifndef ALOUD_EMBED_H
#define ALOUD_EMBED_H

#include "aloud/timeline.h"

/* The iframe's size in the code offered to copy and in the oEmbed answer,
 * in CSS px: the player's height with a one-line title at 16 px text and
 * the chapters closed. The player tells its parent its real height
 * (a postMessage of {type: "aloud:height", height}), and the iframe code
 * stretches its width to the column it is in. */
#define ALOUD_EMBED_WIDTH 600
#define ALOUD_EMBED_HEIGHT 160

/* One episode's player. All strings borrowed. */
struct aloud_embed {
    const char *title;      /* the episode's */
    const char *author;     /* the episode's, else the show's; may be NULL */
    const char *language;   /* the episode's (BCP 47), may be NULL */
    const char *show_title; /* oEmbed's provider_name */
    const char *base_url;   /* where out/ is published, ending in '/' */
    const char *slug;       /* names embed/SLUG.html, oembed/SLUG.json */
    const char *mp3;        /* the episode's file name in out/ */
    const char *page;       /* its listening page's name in out/ */
    double duration_s;
    const struct aloud_timeline *timeline; /* chapters; may be NULL */
};

/* The <iframe> code that embeds e's player (its src absolute, under
 * base_url; its title "Listen to: TITLE"). Caller frees. */
char *aloud_embed_iframe(const struct aloud_embed *e);

/* A script a host page adds once to let every player on it set its
 * iframe's height (it heeds messages only from iframes whose URL is under
 * base_url + "embed/"). Caller frees. */
char *aloud_embed_resize_script(const struct aloud_embed *e);

/* The oEmbed discovery URL of e: base_url + "oembed/SLUG.json". Caller
 * frees. */
char *aloud_embed_oembed_url(const struct aloud_embed *e);

/* Writes e's player page to path (atomically, only when its bytes
 * change). It links to out/ by relative URLs ("../"), so it loads nothing
 * from anywhere but where out/ is. Returns 0 or -errno with *err set
 * (caller frees). */
int aloud_embed_write_page(const char *path, const struct aloud_embed *e, char **err);

/* Writes e's oEmbed answer (JSON, type "rich") to path, likewise. */
int aloud_embed_write_oembed(const char *path, const struct aloud_embed *e, char **err);

#endif
