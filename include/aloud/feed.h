/* The podcast feed: RSS 2.0 with the itunes and Podcasting 2.0 namespaces,
 * written with libxml2's xmlTextWriter. */
#ifndef ALOUD_FEED_H
#define ALOUD_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "aloud/episode.h"
#include "aloud/podcast.h"

/* The feed for podcast with episodes (already sorted, newest first) as a
 * UTF-8 XML document; caller frees. last_build is the Unix time written as
 * lastBuildDate (left out when 0 or less). Returns NULL only if libxml2
 * fails. */
char *aloud_feed_xml(const struct aloud_podcast *podcast, const struct aloud_episode *episodes,
                     size_t n, int64_t last_build, size_t *len);

/* RFC 2822 date ("Fri, 27 Feb 2026 09:00:00 +0000") of a Unix time, UTC. */
void aloud_rfc2822(int64_t t, char out[40]);

#endif
