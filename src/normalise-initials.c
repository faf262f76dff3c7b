/* Initialisms: capitals said letter by letter ("DVLA", "GCSEs") where
 * eSpeak NG would read them as a word or drop the plural's "s". British
 * style writes acronyms said as words with one capital ("Nato", "Aids"),
 * so capitals are letters unless they make a word English can start
 * ("NASA", "OPEC", [contexts] initialism_words) or the language lists
 * them (initialism_letters: "WHO"). Only languages with
 * `initialism_words` have the matcher; letters come out dotted ("D.V.L.A."), which eSpeak
 * NG spells whatever the letters. */
#include <stdlib.h>
#include <string.h>

#include "normalise-internal.h"

static int is_vowel(char ch)
{
    return ch && strchr("AEIOUYaeiouy", ch) != NULL;
}

/* Can English start a word with the letters at s (the consonants before
 * the first vowel): one consonant, or a listed onset ("str", "bl")? */
int nm_starts_like_word(const struct nm_ctx *c, const char *s, size_t len)
{
    size_t k = 0;
    while (k < len && !is_vowel(s[k]))
        k++;
    if (k == len)
        return 0;
    if (k <= 1)
        return 1;
    const struct nm_list *l = &c->n->ctx[CX_WORD_ONSETS];
    for (size_t e = 0; e < l->n; e++)
        if (strlen(l->v[e].key) == k && nm_utf8_casecmp(l->v[e].key, k, s, k) == 0)
            return 1;
    return 0;
}

/* Can English end a word with the consonants after the last vowel: none,
 * one, or a listed coda ("nd", "st")? */
static int ends_like_word(const struct nm_ctx *c, const char *s, size_t len)
{
    size_t k = len;
    while (k > 0 && !is_vowel(s[k - 1]))
        k--;
    size_t run = len - k;
    if (run <= 1)
        return 1;
    const struct nm_list *l = &c->n->ctx[CX_WORD_CODAS];
    for (size_t e = 0; e < l->n; e++)
        if (strlen(l->v[e].key) == run && nm_utf8_casecmp(l->v[e].key, run, s + k, run) == 0)
            return 1;
    return 0;
}

static int listed(const struct nm_list *l, const char *s, size_t len)
{
    for (size_t e = 0; e < l->n; e++)
        if (strlen(l->v[e].key) == len && memcmp(l->v[e].key, s, len) == 0)
            return 1;
    return 0;
}

/* A word in capitals of four letters or more that reads as a word: the
 * text is shouting (a headline in capitals), not abbreviating. */
static int shouted(const struct nm_ctx *c, size_t i)
{
    return nm_is_word(c, i) && c->t[i].upper && c->t[i].len >= 4 &&
           nm_starts_like_word(c, c->t[i].s, c->t[i].len);
}

/* Should the capitals s (len letters, plural: an "s" follows) be spelt? */
static int spell_it(const struct nm_ctx *c, const char *s, size_t len, int plural)
{
    const struct aloud_normaliser *n = c->n;
    if (listed(&n->ctx[CX_INITIALISM_LETTERS], s, len))
        return 1;
    if (listed(&n->ctx[CX_INITIALISM_WORDS], s, len))
        return 0;
    /* Without a vowel eSpeak NG spells them itself ("NHS", "PMQs"), and the
     * voice's lexicon may have its say. */
    size_t vowels = 0;
    for (size_t k = 0; k < len; k++)
        vowels += is_vowel(s[k]);
    if (!vowels)
        return 0;
    if (!nm_starts_like_word(c, s, len) || !ends_like_word(c, s, len))
        return 1;
    /* "UFOs", "NGOs": a short plural is letters. */
    return plural && len <= 3;
}

int nm_capitals_are_word(const struct nm_ctx *c, const char *s, size_t len)
{
    if (!c->n->ctx[CX_INITIALISM_WORDS].n)
        return 0;
    size_t vowels = 0;
    for (size_t k = 0; k < len; k++)
        vowels += is_vowel(s[k]);
    return vowels && !spell_it(c, s, len, 0);
}

size_t nm_match_initialism(struct nm_ctx *c, size_t i)
{
    if (!c->n->ctx[CX_INITIALISM_WORDS].n || !nm_is_word(c, i))
        return 0;
    const struct nm_tok *t = &c->t[i];
    size_t len = t->len;
    int plural = len >= 3 && t->s[len - 1] == 's';
    if (plural)
        len--;
    if (len < 2 || len > 6)
        return 0;
    for (size_t k = 0; k < len; k++)
        if (t->s[k] < 'A' || t->s[k] > 'Z')
            return 0;
    /* Not in a headline in capitals, nor part of a code ("KS2"). */
    if (shouted(c, i - 1) || shouted(c, i + 1) ||
        (nm_glued(c, i + 1) && (nm_is_num(c, i + 1) || nm_is_word(c, i + 1))) ||
        (i > 0 && nm_glued(c, i) && c->t[i - 1].kind != TK_SYM))
        return 0;
    if (!spell_it(c, t->s, len, plural))
        return 0;
    struct aloud_buf b = {0};
    for (size_t k = 0; k < len; k++)
        aloud_buf_printf(&b, "%c.", t->s[k]);
    if (plural)
        aloud_buf_puts(&b, "'s");
    char *word = aloud_buf_steal(&b);
    nm_say(c, word);
    free(word);
    return 1;
}
