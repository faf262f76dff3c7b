/* The show's settings: content/podcast.ini, read with inih. Every key is
 * checked; a missing or invalid setting is an error naming the file, the
 * line (where there is one) and the key. */
#ifndef ALOUD_PODCAST_H
#define ALOUD_PODCAST_H

#include "aloud/audio.h"
#include "aloud/fetch.h"

struct aloud_podcast {
    char *path; /* the file read, owned */
    /* [podcast]; all owned, NULL when not set (only optional ones). */
    char *title;
    char *description;
    char *author;
    char *owner_name;
    char *owner_email;
    char *language;    /* BCP 47 */
    char *base_url;    /* absolute http(s) URL of out/, ending in '/' */
    char *link;        /* the show's web site */
    char *artwork;     /* file in content/ or an absolute URL */
    char *category;    /* one of Apple's categories */
    char *subcategory; /* one of its subcategories, or NULL */
    char *copyright;
    char *guid;     /* podcast:guid; default UUIDv5 of the feed URL */
    char *voice;    /* [voice] profile: default profile for articles */
    int voice_line; /* its line in the file, for messages */
    int explicit_content;
    int feed_limit;                    /* [podcast] feed_limit: the newest N
                                          episodes in feed.xml (default 300) */
    struct aloud_audio_settings audio; /* [audio] */
    enum aloud_masters {
        ALOUD_MASTERS_APART, /* DIR/masters/, beside out/ (the default) */
        ALOUD_MASTERS_OUT,   /* in out/, beside the episodes */
        ALOUD_MASTERS_NONE,  /* no WAV masters */
    } masters;                         /* [audio] masters = masters|out|none */
    struct aloud_fetch_settings sources; /* [sources]: what aloud fetch reads */
    int book_formats; /* [talking_books] formats: ALOUD_BOOK_* flags (book.h),
                         0 for none (the default) */
};

/* Episodes in the feed when podcast.ini does not say (many apps refuse or
 * time out on feeds much longer). */
#define ALOUD_FEED_LIMIT_DEFAULT 300

/* Loads and checks path. Returns 0 and *out (free with aloud_podcast_free)
 * or -errno with *err. */
int aloud_podcast_load(const char *path, struct aloud_podcast **out, char **err);
void aloud_podcast_free(struct aloud_podcast *p);

/* The feed's URL: base_url + "feed.xml". Caller frees. */
char *aloud_podcast_feed_url(const struct aloud_podcast *p);

/* Checks an Apple Podcasts category ("Health & Fitness") and optional
 * subcategory ("Mental Health"). Returns 1 when valid. */
int aloud_podcast_category_valid(const char *category, const char *subcategory);

/* RFC 4122 version 5 UUID of name in namespace ns (both as text; ns is a
 * UUID "xxxxxxxx-xxxx-..."), written into out (37 bytes). Returns 0 or
 * -EINVAL for a malformed namespace. */
int aloud_uuid5(const char *ns, const char *name, char out[37]);

/* The Podcasting 2.0 podcast:guid of a feed URL: UUIDv5 in the namespace
 * ead4c236-bf58-58c6-a2c6-a6b28d128cb6 of the URL without its scheme and
 * trailing slashes. */
void aloud_podcast_guid_for_url(const char *feed_url, char out[37]);

#endif
