/* A published episode: everything the feed and the pages say about it,
 * and the files in out/ it consists of. The site builder makes one for
 * each article it renders and keeps them in out/'s manifest, so an episode
 * whose article fails later can be published again exactly as it was. */
#ifndef ALOUD_EPISODE_H
#define ALOUD_EPISODE_H

#include <stdint.h>

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
    int64_t mp3_bytes;
    double duration_s;
    int64_t pub_time; /* Unix time of pubDate */
};

void aloud_episode_clear(struct aloud_episode *e);
void aloud_episode_copy(struct aloud_episode *dst, const struct aloud_episode *src);

#endif
