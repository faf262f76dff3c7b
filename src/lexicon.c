/* Pronunciation lexicons (voice.h): INI files of words and how to say
 * them, read through aloud_ini, and applied to whole words. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aloud/ini.h"
#include "aloud/util.h"
#include "aloud/voice.h"

#define LEXICON_MAX_BYTES (1024 * 1024)
#define ctx_fail(c, ...) aloud_ini_fail((c)->ini, __VA_ARGS__)

void aloud_lexicon_clear(struct aloud_lexicon *lex)
{
    for (size_t i = 0; i < lex->n; i++) {
        free(lex->entries[i].word);
        free(lex->entries[i].say);
    }
    free(lex->entries);
    lex->entries = NULL;
    lex->n = 0;
}

struct lexicon_ctx {
    struct aloud_ini *ini;
    struct aloud_lexicon *lex;
};

static int lexicon_handler(struct aloud_ini *ini, void *user, const char *section,
                           const char *name, const char *value)
{
    struct lexicon_ctx *c = user;
    c->ini = ini;
    if (strcmp(section, "words") != 0) {
        ctx_fail(c, "unknown section [%s] (a lexicon has one section, [words])", section);
        return 0;
    }
    if (!*value) {
        ctx_fail(c, "%s: the replacement is empty", name);
        return 0;
    }
    struct aloud_lexicon *lex = c->lex;
    lex->entries = aloud_xrealloc(lex->entries, (lex->n + 1) * sizeof *lex->entries);
    lex->entries[lex->n].word = aloud_xstrdup(name);
    lex->entries[lex->n].say = aloud_xstrdup(value);
    lex->n++;
    return 1;
}

int aloud_lexicon_load(const char *path, struct aloud_lexicon *lex, char **err)
{
    struct lexicon_ctx c = {.lex = lex};
    return aloud_ini_parse_file(path, LEXICON_MAX_BYTES, lexicon_handler, &c, err);
}

static int is_word_byte(unsigned char c)
{
    /* Bytes of multi-byte UTF-8 characters count as letters: accented
     * letters must not split a word. */
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c >= 0x80;
}

static int all_lower(const char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            return 0;
    return 1;
}

char *aloud_lexicon_apply(const struct aloud_lexicon *lex, const char *text)
{
    struct aloud_buf b = {0};
    const char *p = text;
    size_t n_entries = lex ? lex->n : 0;
    while (*p) {
        int at_start = p == text || !is_word_byte((unsigned char)p[-1]);
        const struct aloud_lexeme *best = NULL;
        size_t best_len = 0;
        for (size_t i = 0; i < n_entries; i++) {
            const struct aloud_lexeme *e = &lex->entries[i];
            size_t wl = strlen(e->word);
            /* later entries win over earlier ones of the same length */
            if (wl == 0 || wl < best_len)
                continue;
            /* Whole words: a key that starts with a letter starts a word,
             * one that ends with a letter ends it ("NHS" is not in
             * "NHSX"). */
            if (is_word_byte((unsigned char)e->word[0]) && !at_start)
                continue;
            int same = all_lower(e->word) ? strncasecmp(p, e->word, wl) == 0
                                          : strncmp(p, e->word, wl) == 0;
            if (!same)
                continue;
            if (is_word_byte((unsigned char)e->word[wl - 1]) && is_word_byte((unsigned char)p[wl]))
                continue;
            best = e;
            best_len = wl;
        }
        if (best) {
            aloud_buf_puts(&b, best->say);
            p += best_len;
        } else {
            aloud_buf_putc(&b, *p++);
        }
    }
    return aloud_buf_steal(&b);
}

