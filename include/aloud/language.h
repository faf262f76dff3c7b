/* Languages: the guess of the language a text is written in, for articles
 * that do not say (libexttextcat, LibreOffice's n-gram guesser), and the
 * comparison of two language tags. Used by the markup stages. */
#ifndef ALOUD_LANGUAGE_H
#define ALOUD_LANGUAGE_H

#include <stddef.h>

#include "aloud/article.h"

/* Texts shorter than this (in bytes) are not guessed: below about a
 * sentence or two the n-gram guess is often wrong. */
#define ALOUD_LANGUAGE_MIN_BYTES 100
/* Room for the longest tag a guess gives ("emk-Latn") and its NUL. */
#define ALOUD_LANGUAGE_TAG_MAX 16

/* Guesses the language of len bytes of UTF-8 text (only its first few
 * thousand bytes are read). Writes a BCP 47 tag ("en", "ru", "zh-TW") into
 * out and returns 0; returns -ENODATA when the text is too short or the
 * guesser cannot tell, -ENOENT when its fingerprints cannot be loaded. The
 * fingerprints are loaded once per process, on the first call (about
 * 10 ms). Safe to call from several threads. */
int aloud_language_guess(const char *text, size_t len, char out[ALOUD_LANGUAGE_TAG_MAX]);

/* Gives an article that names no language (a->language NULL) the language
 * of its text: its paragraphs (or, when they are too short, its other
 * blocks but code), up to the first 2,000 bytes. Leaves a->language NULL
 * when there is too little text to tell. */
void aloud_language_guess_article(struct aloud_article *a);

/* Do two BCP 47 tags name the same language for a listener? Equal but for
 * case, or one a prefix of the other ("en" and "en-GB"); NULL or empty
 * tags never match. */
int aloud_language_same(const char *a, const char *b);

/* Does the BCP 47 tag lang (may be NULL) have the primary language subtag
 * primary ("en-GB" has "en")? */
int aloud_language_primary_is(const char *lang, const char *primary);

/* Is lang (may be NULL) written right to left? By its script subtag when it
 * has one, else by the languages whose usual script is (CLDR's likely
 * scripts). */
int aloud_language_is_rtl(const char *lang);

#endif
