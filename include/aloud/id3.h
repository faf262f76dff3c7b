/* ID3v2.4 tags for MP3 episodes: title, author, podcast, date, description,
 * cover art and chapters (CHAP frames under one top-level, ordered CTOC, as
 * the ID3v2 Chapter Frame Addendum describes). No Debian C library writes
 * chapter frames, so the tag is composed here; text is UTF-8 (encoding 3),
 * sizes are synchsafe, nothing is unsynchronised. */
#ifndef ALOUD_ID3_H
#define ALOUD_ID3_H

#include <stddef.h>
#include <stdint.h>

#include "aloud/util.h"

/* Tags written into the WAV (title, artist) and the MP3's ID3v2 tag.
 * All borrowed; any may be NULL. */
struct aloud_episode_tags {
    const char *title;
    const char *author;      /* the authors joined (aloud_article_authors) */
    const char *podcast;     /* the show's name (album) */
    const char *date;        /* ISO 8601 */
    const char *description;
    const char *cover_path;  /* JPEG or PNG file for APIC, or NULL */
};

/* CTOC counts its entries in one byte: later chapters are left out. */
#define ALOUD_ID3_MAX_CHAPTERS 255

struct aloud_id3_chapter {
    const char *title; /* borrowed, UTF-8 */
    uint32_t start_ms;
    uint32_t end_ms;
};

/* Appends a complete ID3v2.4 tag to out. tags (borrowed) gives the text
 * frames and cover art (read from tags->cover_path: JPEG or PNG); chapters
 * (n of them, at most ALOUD_ID3_MAX_CHAPTERS used) become CHAP frames.
 * When time_offsets is not NULL, time_offsets[i] receives the offset in
 * the tag of chapter i's start time (its end time follows at +4), so the
 * times can be rewritten in place once known. Returns 0 or a negative
 * errno with *err (an unreadable or unknown cover file). */
int aloud_id3_build(const struct aloud_episode_tags *tags, const struct aloud_id3_chapter *chapters,
                    size_t n, struct aloud_buf *out, size_t *time_offsets, char **err);

/* Writes v as four big-endian bytes at p. */
void aloud_id3_put_u32(unsigned char *p, uint32_t v);

#endif
