/* The language of a text by libexttextcat's n-gram fingerprints (the
 * guesser of LibreOffice), for the markup stages' articles that declare
 * none, and the comparison of language tags. */
#include "aloud/language.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <textcat.h>

#include "aloud/util.h"

/* The guesser's fingerprints, loaded once; its answer lives in the handle,
 * so one call at a time. */
static void *guesser;
static pthread_once_t guesser_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t guesser_lock = PTHREAD_MUTEX_INITIALIZER;

static void load_guesser(void)
{
    guesser = special_textcat_Init(ALOUD_TEXTCAT_DIR "/fpdb.conf", ALOUD_TEXTCAT_DIR "/");
}

/* The BCP 47 tag of a fingerprint's name ("en--utf8", "zh-TW-utf8",
 * "emk-Latn-utf8", "az-cyrillic-utf8"): the language, and the region or
 * script when the name gives a valid one. */
static int tag_of(const char *name, size_t n, char out[ALOUD_LANGUAGE_TAG_MAX])
{
    size_t lang = strcspn(name, "-]");
    if (lang < 2 || lang > 3 || lang > n)
        return -ENODATA;
    memcpy(out, name, lang);
    out[lang] = '\0';
    if (name[lang] != '-')
        return 0;
    const char *sub = name + lang + 1;
    size_t sn = strcspn(sub, "-]");
    int region = sn == 2 && isupper((unsigned char)sub[0]) && isupper((unsigned char)sub[1]);
    int script = sn == 4 && isupper((unsigned char)sub[0]);
    for (size_t i = 1; script && i < 4; i++)
        script = islower((unsigned char)sub[i]) != 0;
    if ((region || script) && strncmp(sub, "utf8", 4) != 0) {
        out[lang] = '-';
        memcpy(out + lang + 1, sub, sn);
        out[lang + 1 + sn] = '\0';
    }
    return 0;
}

int aloud_language_guess(const char *text, size_t len, char out[ALOUD_LANGUAGE_TAG_MAX])
{
    out[0] = '\0';
    if (!text || len < ALOUD_LANGUAGE_MIN_BYTES)
        return -ENODATA;
    pthread_once(&guesser_once, load_guesser);
    if (!guesser)
        return -ENOENT;
    if (len > 4096)
        len = 4096;
    int rc = -ENODATA;
    pthread_mutex_lock(&guesser_lock);
    /* "[en--utf8][sco--utf8]": the candidates, best first; "SHORT" or
     * "UNKNOWN" when there is no answer. */
    const char *r = textcat_Classify(guesser, text, len);
    if (r && r[0] == '[')
        rc = tag_of(r + 1, strcspn(r + 1, "]"), out);
    pthread_mutex_unlock(&guesser_lock);
    return rc;
}

static void gather(const struct aloud_article *a, int paragraphs_only, struct aloud_buf *text)
{
    for (size_t i = 0; i < a->n_blocks && text->len < 2000; i++) {
        enum aloud_block_kind k = a->blocks[i].kind;
        if (paragraphs_only ? k != ALOUD_BLOCK_PARAGRAPH
                            : k == ALOUD_BLOCK_CODE || k == ALOUD_BLOCK_PREFORMATTED)
            continue;
        aloud_buf_puts(text, a->blocks[i].text);
        aloud_buf_putc(text, ' ');
    }
}

void aloud_language_guess_article(struct aloud_article *a)
{
    if (a->language && *a->language)
        return;
    struct aloud_buf text = {0};
    gather(a, 1, &text);
    if (text.len < ALOUD_LANGUAGE_MIN_BYTES) {
        text.len = 0;
        gather(a, 0, &text);
    }
    char tag[ALOUD_LANGUAGE_TAG_MAX];
    if (aloud_language_guess(text.data, text.len, tag) == 0)
        aloud_article_set(&a->language, tag);
    aloud_buf_free(&text);
}

int aloud_language_same(const char *a, const char *b)
{
    if (!a || !b || !*a || !*b)
        return 0;
    size_t la = strlen(a), lb = strlen(b);
    size_t n = la < lb ? la : lb;
    if (strncasecmp(a, b, n) != 0)
        return 0;
    return la == lb || (la > n ? a[n] : b[n]) == '-';
}

/* Does the BCP 47 tag lang have the primary language subtag primary? */
int aloud_language_primary_is(const char *lang, const char *primary)
{
    size_t n = strlen(primary);
    return lang && strncasecmp(lang, primary, n) == 0 && (lang[n] == '\0' || lang[n] == '-');
}

/* The script subtag of a BCP 47 tag (four letters after the language),
 * copied into script[5], or "" when there is none. */
static void script_subtag(const char *lang, char script[5])
{
    script[0] = '\0';
    const char *dash = strchr(lang, '-');
    if (!dash)
        return;
    size_t n = strcspn(dash + 1, "-");
    if (n == 4) {
        memcpy(script, dash + 1, 4);
        script[4] = '\0';
    }
}

/* Is lang written right to left? By its script subtag when it has one,
 * else by the languages whose usual script is (CLDR's likely scripts). */
int aloud_language_is_rtl(const char *lang)
{
    static const char *const rtl_scripts[] = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo",
                                              "Adlm", "Rohg", "Samr", "Mand"};
    static const char *const rtl_langs[] = {"ar", "arc", "ckb", "dv",  "fa", "he", "iw",
                                            "ks", "ps",  "sd",  "syr", "ug", "ur", "yi"};
    if (!lang)
        return 0;
    char script[5];
    script_subtag(lang, script);
    if (*script) {
        for (size_t i = 0; i < sizeof rtl_scripts / sizeof rtl_scripts[0]; i++) {
            if (strcasecmp(script, rtl_scripts[i]) == 0)
                return 1;
        }
        return 0;
    }
    for (size_t i = 0; i < sizeof rtl_langs / sizeof rtl_langs[0]; i++) {
        if (aloud_language_primary_is(lang, rtl_langs[i]))
            return 1;
    }
    return 0;
}
