/* Text normalisation: written forms in, the words a person says out.
 * "£1.5bn" becomes "one point five billion pounds", "Henry VIII" "Henry
 * the Eighth", "25 July 2012" "the twenty-fifth of July twenty twelve".
 * The rules of a language are data (voices/normalise/LANG.ini: currencies,
 * units, abbreviations, month names, word patterns); numbers are spelt out
 * by ICU's rule-based number formats. The script stage runs it on every
 * piece of written text before the text is made speakable and the voice's
 * lexicon applied (docs/normalisation.md). */
#ifndef ALOUD_NORMALISE_H
#define ALOUD_NORMALISE_H

/* One language's rules, with the ICU formatters they need; opaque. */
struct aloud_normaliser;

/* Loads the rules for lang, a BCP 47 tag ("en-GB", "fr-CA"), from
 * voices_dir/normalise/: the most specific file wins (en-gb.ini), over
 * its base (en.ini), subtag by subtag. A language with no rule file gives
 * a normaliser that returns text unchanged (eSpeak NG's own reading).
 * voices_dir and lang are borrowed. Returns 0 and *out (free with
 * aloud_normaliser_free), or a negative errno and *err (caller frees)
 * naming FILE:LINE and the key of the first mistake in the rules. */
int aloud_normaliser_open(const char *voices_dir, const char *lang, struct aloud_normaliser **out,
                          char **err);

/* The voices directory whose normalise/ rules to use: voices_dir (may be
 * NULL) when it has them, else the installed voices, else the source
 * tree's (a site's own older voices, the built-in voice). Returns voices_dir
 * or a constant string; nothing to free. */
const char *aloud_normalise_rules_dir(const char *voices_dir);

/* The language tag the normaliser was opened for (owned by n). */
const char *aloud_normaliser_language(const struct aloud_normaliser *n);

/* Written text in (a paragraph, UTF-8, borrowed), the words to hand to
 * eSpeak NG out: a new string the caller frees. Sentence punctuation and
 * the words' case are kept; what needs no change is left as written. A
 * pure function of the text and the rules; n may be NULL (text copied). */
char *aloud_normalise_text(const struct aloud_normaliser *n, const char *text);

/* Frees n and its formatters; NULL is fine. */
void aloud_normaliser_free(struct aloud_normaliser *n);

/* Hands back the pages of ICU's code and data that normalising brought
 * into this process (about 3 MB), once its normalisers are freed, so that
 * a build's peak memory is what it was without the stage; they are read
 * again from the page cache if ICU is used later. Only pages that hold
 * nothing of this process's own are dropped. */
void aloud_normalise_release_pages(void);

#endif
