/* Publishing into out/: everything the site build writes there besides
 * the audio. An episode's transcript, chapters and timeline; its listening
 * page; the artwork, the feed, the index page and the manifest; and, once
 * the feed no longer names them, the removal of old files. Each file is
 * written atomically, and only when its bytes change. */
#ifndef ALOUD_PUBLISH_H
#define ALOUD_PUBLISH_H

#include "aloud/episode.h"
#include "aloud/podcast.h"
#include "aloud/timeline.h"

/* Where a site is. All borrowed. */
struct aloud_publish {
    const struct aloud_podcast *podcast;
    const char *content;      /* DIR/content */
    const char *content_real; /* its real path (symbolic links resolved) */
    const char *out;          /* DIR/out */
    const char *state;        /* DIR/out/.aloud: the manifest, timelines */
    const char *masters;      /* where WAV masters go (DIR/masters or DIR/out),
                                 or NULL for none ([audio] masters) */
    const char *masters_apart; /* DIR/masters, where they go by default */
};

/* The artwork podcast.ini names in content/ must be a readable file
 * inside content/ (a symbolic link out of it is refused), or the feed
 * would name an image that is not published: -EINVAL with *err naming
 * podcast.ini. An artwork URL is not checked. */
int aloud_publish_check_artwork(const struct aloud_publish *p, char **err);
/* The artwork's path in content/ (for the MP3's cover), or NULL when it
 * is a URL or missing. Caller frees. */
char *aloud_publish_artwork_path(const struct aloud_publish *p);

/* Where the previous version of an episode's large files (ext ".mp3" or
 * ".wav") is kept once it is no longer published, for the next episode
 * rendered to be written over (aloud_atomic_open_reusing): one file of
 * each kind, so at most the disk space of one MP3 and one master. The
 * MP3's in out/.aloud/, the master's beside the masters (hidden) or, when
 * they are in out/, in out/.aloud/. Caller frees. */
char *aloud_publish_spare(const struct aloud_publish *p, const char *ext);

/* Before prev's episode is rendered again: its MP3 and WAV master (which
 * stay published until the new ones replace them) will not be read by
 * this build, so their page-cache pages are handed back
 * (aloud_file_release_cache) for the new files to take, unless a spare of
 * their kind is there for the new file to be written over (then the old
 * file, its pages kept, becomes the next spare). prev may be NULL. */
void aloud_publish_release(const struct aloud_publish *p, const struct aloud_episode *prev);

/* Fills in e's size and duration from files published before, when they
 * are all in out/ (and its master in p->masters) under e's names (prev, the manifest's entry for the slug,
 * names them under the same key). Returns 1 when they are there and whole
 * (the timeline is written last, so its presence means all are), else 0.
 *
 * Files under the right names that the manifest does not name (a build
 * killed before writing it) are not trusted: a build must give the same
 * bytes however it was interrupted (tests/e2e-crash.py). */
/* A master kept elsewhere before (out/ before masters/ existed, or the
 * other place after [audio] masters changed) is moved to where masters go
 * now, so nothing is lost and nothing rendered again. */
int aloud_publish_reuse(const struct aloud_publish *p, const struct aloud_episode *prev,
                        struct aloud_episode *e);

/* Are all of e's published files where the manifest says, whole (the MP3
 * of e->mp3_bytes bytes), with its page? A stat of each, nothing read:
 * for an episode whose article has not changed. A master elsewhere is
 * moved in place, as aloud_publish_reuse does. */
int aloud_publish_in_place(const struct aloud_publish *p, const struct aloud_episode *e);

/* After e's MP3 was rendered under its name: fills in its size and
 * duration (from t) and writes its transcript, chapters, talking books
 * (aloud_publish_books), the keys of its segments in the cache (keys: one
 * a line) and its timeline. */
int aloud_publish_episode_files(const struct aloud_publish *p, struct aloud_episode *e,
                                const struct aloud_timeline *t, const char *keys, char **err);

/* e's talking books, as [talking_books] asks (book.h): names them in e
 * ("SLUG.KEY8.epub", ".daisy.zip"; none when switched off) and makes those
 * missing from out/ from e's MP3 and timeline there. For an episode reused
 * as it was published (a new episode gets its books with its files). */
int aloud_publish_books(const struct aloud_publish *p, struct aloud_episode *e, char **err);

/* The keys e's segments have in the cache (its .keys file in out/.aloud/),
 * one a line; NULL when there is no such file. Caller frees. */
char *aloud_publish_read_keys(const struct aloud_publish *p, const struct aloud_episode *e);

/* e's player (embed/SLUG.html), its oEmbed answer (oembed/SLUG.json) and
 * then its listening page, from its timeline in out/.aloud/; -EIO with
 * *err, and nothing written, when the timeline cannot be read. */
int aloud_publish_page(const struct aloud_publish *p, const struct aloud_episode *e, char **err);

/* The artwork, the feed, the index page and the manifest for eps (sorted,
 * newest first), in that order: the feed is written once every file it
 * names is whole. The feed lists the newest feed_limit episodes
 * (podcast.ini); the pages list them all. */
int aloud_publish_site(const struct aloud_publish *p, struct aloud_episodes *eps, char **err);

/* Removes what the new feed (current) no longer names: the files of older
 * versions and removed articles, and files a killed run wrote for versions
 * that were never published. */
void aloud_publish_remove_stale(const struct aloud_publish *p, struct aloud_episodes *previous,
                                struct aloud_episodes *current);

/* The episode's length in seconds of t, in whole milliseconds. */
double aloud_publish_duration(const struct aloud_timeline *t);

#endif
