/* Slugs: path- and URL-safe names for episodes. */
#ifndef ALOUD_SLUG_H
#define ALOUD_SLUG_H

/* The slug of a name: lower-case ASCII letters, digits and '-', common
 * Latin accents transliterated, at most 80 characters. Returns NULL when
 * nothing usable is left. Caller frees. */
char *aloud_slugify(const char *name);

/* A stable slug for a name with nothing usable in it ("episode-" and the
 * first eight hex digits of its SHA-256). Caller frees. */
char *aloud_slug_fallback(const char *name);

#endif
