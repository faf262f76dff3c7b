/* Slugs: the path- and URL-safe names of episodes (file names in out/,
 * parts of URLs), from front matter or file names. Latin letters with
 * accents become their ASCII letters; everything else that is not a letter
 * or digit separates words with one '-'. */
#include "aloud/slug.h"

#include <nettle/sha2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/util.h"

#define SLUG_MAX 80

/* ASCII for a Latin letter with an accent (two-byte UTF-8), or NULL. */
static const char *transliterate(unsigned cp)
{
    static const struct {
        unsigned from, to;
        const char *ascii;
    } table[] = {
        /* clang-format off */
        {0xC0, 0xC5, "a"}, {0xC6, 0xC6, "ae"}, {0xC7, 0xC7, "c"}, {0xC8, 0xCB, "e"},
        {0xCC, 0xCF, "i"}, {0xD0, 0xD0, "d"},  {0xD1, 0xD1, "n"}, {0xD2, 0xD6, "o"},
        {0xD8, 0xD8, "o"}, {0xD9, 0xDC, "u"},  {0xDD, 0xDD, "y"}, {0xDF, 0xDF, "ss"},
        {0xE0, 0xE5, "a"}, {0xE6, 0xE6, "ae"}, {0xE7, 0xE7, "c"}, {0xE8, 0xEB, "e"},
        {0xEC, 0xEF, "i"}, {0xF0, 0xF0, "d"},  {0xF1, 0xF1, "n"}, {0xF2, 0xF6, "o"},
        {0xF8, 0xF8, "o"}, {0xF9, 0xFC, "u"},  {0xFD, 0xFD, "y"}, {0xFF, 0xFF, "y"},
        {0xDE, 0xDE, "th"}, {0xFE, 0xFE, "th"},
        /* Latin Extended-A, the whole block (Central European, Baltic,
         * Turkish, Maltese, Welsh letters). */
        {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
        {0x11C, 0x123, "g"}, {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"},
        {0x134, 0x135, "j"}, {0x136, 0x138, "k"}, {0x139, 0x142, "l"}, {0x143, 0x14B, "n"},
        {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"}, {0x15A, 0x161, "s"},
        {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
        {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
        /* clang-format on */
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (cp >= table[i].from && cp <= table[i].to)
            return table[i].ascii;
    }
    return NULL;
}

char *aloud_slugify(const char *name)
{
    struct aloud_buf b = {0};
    int dash = 1; /* no leading dash */
    const unsigned char *p = (const unsigned char *)name;
    while (*p && b.len < SLUG_MAX) {
        unsigned c = *p;
        const char *ascii = NULL;
        char one[2] = {0, 0};
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            one[0] = (char)c;
            ascii = one;
            p++;
        } else if (c >= 'A' && c <= 'Z') {
            one[0] = (char)(c - 'A' + 'a');
            ascii = one;
            p++;
        } else if ((c & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
            ascii = transliterate(((c & 0x1F) << 6) | (p[1] & 0x3F));
            p += 2;
        } else {
            p++;
            while ((*p & 0xC0) == 0x80)
                p++;
        }
        if (ascii) {
            aloud_buf_puts(&b, ascii);
            dash = 0;
        } else if (!dash) {
            aloud_buf_putc(&b, '-');
            dash = 1;
        }
    }
    char *s = aloud_buf_steal(&b);
    size_t n = strlen(s);
    if (n > SLUG_MAX)
        n = SLUG_MAX;
    while (n > 0 && s[n - 1] == '-')
        n--;
    s[n] = '\0';
    if (!*s) {
        free(s);
        return NULL;
    }
    return s;
}

char *aloud_slug_fallback(const char *name)
{
    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, strlen(name), (const uint8_t *)name);
    sha256_digest(&ctx, sizeof d, d);
    return aloud_xasprintf("episode-%02x%02x%02x%02x", d[0], d[1], d[2], d[3]);
}
