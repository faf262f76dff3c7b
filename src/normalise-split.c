/* Words run together in web addresses, tags and handles ("nationalrail",
 * "@metpoliceuk", "#climatechange") split into the words of the
 * language's word list, so that they are said as words: "national rail",
 * "met police U K"; and a word written without its accents in an address
 * gets them back ("impots": "impôts"). The list is the plain word list Debian ships for the
 * language (wbritish, wamerican, wfrench, wspanish, wngerman), named by the
 * rules' `word_list` setting; it is read once per process, the first time
 * a run of letters needs it, so text without such runs costs nothing. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise-internal.h"

/* A word of the list: its letters folded to ASCII lower case (the key),
 * and the word as the list writes it ("météo"), which is what is said. */
struct word {
    const char *key;
    const char *form;
};

struct word_list {
    char *path;
    char *text; /* the file, its lines cut in place */
    char *keys; /* the folded keys, one after another */
    struct word *v;
    size_t n;
    struct word_list *next;
};

static pthread_mutex_t lists_lock = PTHREAD_MUTEX_INITIALIZER;
static struct word_list *lists;

/* Latin letters with accents, as UTF-8 two-byte sequences after 0xC3,
 * folded to their base letter; 0 for a character that is no letter. */
static char fold_c3(unsigned char b)
{
    static const char map[64] = "AAAAAAACEEEEIIII"
                                "DNOOOOO\0OUUUUY\0s"
                                "aaaaaaaceeeeiiii"
                                "dnooooo\0ouuuuy\0y";
    return b >= 0x80 && b < 0xC0 ? map[b - 0x80] : 0;
}

/* The folded key of a word, or 0 when it holds other than letters (an
 * apostrophe, a digit, a letter beyond Latin-1). */
static int fold(const char *w, char *out, size_t cap)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)w; *p; p++) {
        char ch;
        if (*p >= 'a' && *p <= 'z')
            ch = (char)*p;
        else if (*p >= 'A' && *p <= 'Z')
            ch = (char)(*p - 'A' + 'a');
        else if (*p == 0xC3 && p[1] && (ch = fold_c3(p[1])) != 0) {
            p++;
            if (ch >= 'A' && ch <= 'Z')
                ch = (char)(ch - 'A' + 'a');
            if (ch == 's' && o + 1 < cap) /* ß */
                out[o++] = 's';
        } else
            return 0;
        if (o + 1 >= cap)
            return 0;
        out[o++] = ch;
    }
    out[o] = '\0';
    return o > 0;
}

/* Of the words with one key, the one written as its key comes first
 * ("demande" before "demandé"), then those in lower case ("rail" before
 * "Rail"). */
static int rank(const struct word *w)
{
    return w->form == w->key ? 0 : (w->form[0] >= 'A' && w->form[0] <= 'Z') ? 2 : 1;
}

static int by_key(const void *a, const void *b)
{
    const struct word *x = a, *y = b;
    int d = strcmp(x->key, y->key);
    return d ? d : rank(x) != rank(y) ? rank(x) - rank(y) : strcmp(x->form, y->form);
}

static struct word_list *load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct aloud_buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        aloud_buf_append(&b, chunk, got);
    fclose(f);
    struct word_list *l = aloud_xcalloc(1, sizeof *l);
    l->path = aloud_xstrdup(path);
    l->text = aloud_buf_steal(&b);
    size_t lines = 0;
    for (char *p = l->text; *p; p++)
        lines += *p == '\n';
    l->v = aloud_xcalloc(lines + 1, sizeof *l->v);
    /* Keys are no longer than their words (ß, two letters in two bytes). */
    l->keys = aloud_xmalloc(strlen(l->text) + lines + 2);
    char *k = l->keys;
    for (char *line = l->text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char key[64];
        if (strlen(line) < 2 || !fold(line, key, sizeof key))
            continue;
        l->v[l->n].form = line;
        if (strcmp(key, line) == 0) {
            l->v[l->n].key = line; /* most words are their own key */
        } else {
            strcpy(k, key);
            l->v[l->n].key = k;
            k += strlen(key) + 1;
        }
        l->n++;
    }
    qsort(l->v, l->n, sizeof *l->v, by_key);
    return l;
}

/* The word list at path, loaded on first use; NULL when it cannot be read
 * (the text is then said as written). */
static const struct word_list *word_list(const char *path)
{
    pthread_mutex_lock(&lists_lock);
    struct word_list *l = lists;
    while (l && strcmp(l->path, path) != 0)
        l = l->next;
    if (!l && (l = load(path)) != NULL) {
        l->next = lists;
        lists = l;
    }
    pthread_mutex_unlock(&lists_lock);
    return l;
}

/* The word whose key is s[0, len), or NULL. */
static const struct word *find(const struct word_list *l, const char *s, size_t len)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strncmp(l->v[mid].key, s, len);
        if (d == 0 && l->v[mid].key[len] != '\0')
            d = 1;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->n && strncmp(l->v[lo].key, s, len) == 0 && l->v[lo].key[len] == '\0' ? &l->v[lo]
                                                                                        : NULL;
}

/* A piece of a run: a word of three letters or more, or its plural in -s
 * ("pics"); the word as said, or NULL. */
static const char *piece(const struct word_list *l, const char *s, size_t len, int *plural)
{
    const struct word *w;
    *plural = 0;
    if (len < 3)
        return NULL;
    if ((w = find(l, s, len)) != NULL)
        return w->form;
    if (len > 3 && s[len - 1] == 's' && (w = find(l, s, len - 1)) != NULL) {
        *plural = 1;
        return w->form;
    }
    return NULL;
}

enum { MAX_RUN = 40, MAX_PIECES = 4 };

char *nm_split_words(const struct nm_ctx *c, const char *s, size_t len,
                     int (*spelt_end)(const char *, size_t))
{
    const char *path = c->n->set.word_list;
    if (!*path || len < 6 || len > MAX_RUN)
        return NULL;
    for (size_t k = 0; k < len; k++)
        if (s[k] < 'a' || s[k] > 'z')
            return NULL;
    const struct word_list *l = word_list(path);
    if (!l)
        return NULL;
    /* A word already: said as written, or with the accents an address
     * leaves out ("impots": "impôts"). */
    const struct word *whole = find(l, s, len);
    if (whole)
        return strlen(whole->form) != len ? aloud_xstrdup(whole->form) : NULL;
    /* Fewest pieces: best[i] for the first i letters, from[i] where its
     * last piece starts. A last piece of two letters that the caller
     * spells ("uk" of "metpoliceuk") may end it. */
    int best[MAX_RUN + 1], from[MAX_RUN + 1];
    for (size_t i = 0; i <= len; i++)
        best[i] = i ? MAX_PIECES + 1 : 0;
    for (size_t i = 3; i <= len; i++) {
        for (size_t j = 0; j + 3 <= i; j++) {
            int plural;
            if (best[j] >= MAX_PIECES || !piece(l, s + j, i - j, &plural))
                continue;
            if (best[j] + 1 < best[i] || (best[j] + 1 == best[i] && (int)j > from[i])) {
                best[i] = best[j] + 1;
                from[i] = (int)j;
            }
        }
    }
    size_t end = len;
    int tail = 0;
    if (best[len] > MAX_PIECES && spelt_end && len >= 8 && best[len - 2] <= MAX_PIECES - 1 &&
        spelt_end(s + len - 2, 2)) {
        end = len - 2;
        tail = 1;
    }
    if (best[end] > MAX_PIECES || best[end] + tail < 2)
        return NULL;
    /* Short pieces mostly split a name that is no phrase ("ins tag ram"
     * of "instagram"): the words must be four letters long on average. */
    if (end < 4 * (size_t)best[end])
        return NULL;
    size_t starts[MAX_PIECES + 1], n = 0;
    for (size_t i = end; i > 0; i = (size_t)from[i])
        starts[n++] = (size_t)from[i];
    struct aloud_buf out = {0};
    for (size_t k = n; k-- > 0;) {
        size_t a = starts[k], z = k ? starts[k - 1] : end;
        int plural;
        const char *form = piece(l, s + a, z - a, &plural);
        aloud_buf_printf(&out, "%s%s%s", out.len ? " " : "", form, plural ? "s" : "");
    }
    if (tail)
        aloud_buf_printf(&out, " %c %c", s[len - 2] - 'a' + 'A', s[len - 1] - 'a' + 'A');
    return aloud_buf_steal(&out);
}
