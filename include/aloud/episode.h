/* A published episode: everything the feed and the pages say about it,
 * and the files in out/ it consists of. The site builder makes one for
 * each article it renders and keeps them in out/'s manifest, so an episode
 * whose article fails later can be published again exactly as it was. */
#ifndef ALOUD_EPISODE_H
#define ALOUD_EPISODE_H

#include <stddef.h>
#include <stdint.h>

#include "aloud/util.h"

struct aloud_episode {
    /* All strings owned; NULL when unknown. */
    char *slug;   /* path- and URL-safe name */
    char *source; /* the article's file, relative to content/ */
    char *guid;   /* never changes for a slug */
    char *title;
    char *description;
    char *author; /* authors joined: "A, B and C" */
    char *date;   /* ISO 8601 publication date, or NULL */
    char *link;   /* the written article's URL */
    char *language;
    char *key; /* hash of everything that shapes the audio */
    char *mp3; /* file names in out/ */
    char *wav;
    char *vtt;
    char *chapters;
    char *page;
    char *timeline; /* the timeline as JSON (sentences, chapters), in out/.aloud/ */
    char *keys;     /* its segments' keys in the cache, one a line, in out/.aloud/ */
    char *epub;     /* its talking books in out/ ("SLUG.KEY8.epub",
                       "SLUG.KEY8.daisy.zip"), or NULL when [talking_books]
                       does not ask for them */
    char *daisy;
    char *source_hash; /* SHA-256 of the article file's bytes */
    char *env;         /* the key of what else shapes it (settings, voices,
                          versions) when it was built */
    int64_t mp3_bytes;
    double duration_s;
    int season;           /* itunes:season, 0 when none */
    int episode;          /* itunes:episode, 0 when none */
    int explicit_content; /* -1: the show's; 0 or 1: the article's own */
    int64_t pub_time; /* Unix time of pubDate */
};

/* Frees e's strings and zeroes it. */
void aloud_episode_clear(struct aloud_episode *e);
/* Makes dst a deep copy of src (dst's old contents are not freed). */
void aloud_episode_copy(struct aloud_episode *dst, const struct aloud_episode *src);

/* Names e's files from its slug and its key (the first eight hex digits):
 * "SLUG.KEY8.mp3", ".wav", ".vtt", ".chapters.json", ".timeline.json",
 * ".keys", and
 * the page "SLUG.html" (its name never changes). The talking books
 * (".epub", ".daisy.zip") are named by the publisher, which knows whether
 * there are any. */
void aloud_episode_name_files(struct aloud_episode *e, const char *key);

/* Is name "SLUG.HASH.EXT", a file aloud makes for an episode of slug (HASH
 * eight hex digits, EXT one of aloud's)? No editor's file looks like that,
 * so such files are safe to remove when no episode uses them. */
int aloud_episode_file_of(const char *name, const char *slug);

/* A file name aloud itself writes into out/: no directories, nothing
 * hidden. Names read back from a manifest must pass. */
int aloud_episode_safe_name(const char *name);

/* A growable list of episodes; zero-initialise to start. Lookups by slug,
 * source and file name go through maps built as they are needed, so a
 * site of thousands of articles is built in time linear in their number. */
struct aloud_episodes {
    struct aloud_episode *list;
    size_t n;
    size_t cap;
    struct aloud_strmap by_slug, by_source, by_name; /* index into list */
    size_t indexed; /* list[0..indexed) are in the maps */
};
/* A new zeroed entry at the end (the pointer is valid until the next add;
 * fill it in before the next lookup). */
struct aloud_episode *aloud_episodes_add(struct aloud_episodes *e);
/* The first episode with the slug, or with the source file; NULL if none. */
struct aloud_episode *aloud_episodes_find(struct aloud_episodes *e, const char *slug);
struct aloud_episode *aloud_episodes_find_source(struct aloud_episodes *e, const char *source);
/* Does an episode of eps use the file name? */
int aloud_episodes_use(struct aloud_episodes *eps, const char *name);
/* Sorts the list (the maps follow). */
void aloud_episodes_sort(struct aloud_episodes *e,
                         int (*cmp)(const struct aloud_episode *, const struct aloud_episode *));
void aloud_episodes_free(struct aloud_episodes *e);

/* The manifest, out/.aloud/manifest.json: what was published. load
 * appends the entries of path to out; a missing file adds nothing, and a
 * file that is not a manifest is reported on stderr and adds nothing (the
 * build then renders as if nothing was published). Entries that name files
 * aloud could not have written are left out. */
void aloud_manifest_load(const char *path, struct aloud_episodes *out);
/* The manifest's JSON for eps; caller frees. */
char *aloud_manifest_json(const struct aloud_episodes *eps);

#endif
