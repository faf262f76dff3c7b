/* The site a build works with (site-internal.h): podcast.ini read and
 * checked, every voice profile checked once, the places (content/, out/,
 * masters/, the cache), the articles found, what aloud fetch knows of the
 * pages it keeps, and the key of everything besides an article that
 * shapes its episode. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aloud/segcache.h"
#include "aloud/source.h"
#include "aloud/synth.h"
#include "aloud/voice.h"
#include "site-internal.h"

/* --- Hashes ------------------------------------------------------------------ */

static void hash_bytes(struct sha256_ctx *ctx, const char *label, const char *data, size_t len)
{
    sha256_update(ctx, strlen(label) + 1, (const uint8_t *)label);
    sha256_update(ctx, sizeof len, (const uint8_t *)&len);
    sha256_update(ctx, len, (const uint8_t *)data);
}

static void hash_file(struct sha256_ctx *ctx, const char *label, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (aloud_file_read(path, ALOUD_SOURCE_MAX_BYTES, &data, &len, NULL) != 0)
        len = 0;
    hash_bytes(ctx, label, data ? data : "", len);
    free(data);
}

static void hex_digest(struct sha256_ctx *ctx, char out[2 * SHA256_DIGEST_SIZE + 1])
{
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(ctx, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* Every file under dir (names sorted), at most depth levels down. */
static void hash_tree(struct sha256_ctx *ctx, const char *dir, int depth)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        char *path = aloud_xasprintf("%s/%s", dir, name);
        struct stat st;
        if (name[0] != '.' && stat(path, &st) == 0) {
            if (S_ISREG(st.st_mode))
                hash_file(ctx, name, path);
            else if (S_ISDIR(st.st_mode) && depth > 0)
                hash_tree(ctx, path, depth - 1);
        }
        free(path);
        free(names[i]);
    }
    free(names);
}

/* The key of everything besides an article that shapes its episode and
 * page: podcast.ini, the voice profiles, lexicons and normalisation rules,
 * the artwork, the versions of aloud, eSpeak NG, LAME and soxr, and the
 * aloud program's own bytes. An
 * article whose bytes and this key are what they were when its episode was
 * published need not be read again. */
static char *environment_key(const struct site *s)
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    hash_file(&ctx, "podcast.ini", s->podcast->path);
    hash_tree(&ctx, s->voices, 2);
    char *art = aloud_publish_artwork_path(&s->publish);
    if (art)
        hash_file(&ctx, "artwork", art);
    free(art);
    const char *versions[] = {ALOUD_VERSION, aloud_synth_version(), aloud_segcache_recipe,
                              aloud_segcache_versions()};
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
        hash_bytes(&ctx, "version", versions[i], strlen(versions[i]));
    /* aloud's own code: a new build of it may read or write pages
     * differently whatever its version number says. */
    hash_file(&ctx, "program", "/proc/self/exe");
    char hex[2 * SHA256_DIGEST_SIZE + 1];
    hex_digest(&ctx, hex);
    return aloud_xstrdup(hex);
}

/* SHA-256 of a file's bytes as hex, or NULL when it cannot be read. */
char *site_file_hash(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (aloud_file_read(path, ALOUD_SOURCE_MAX_BYTES, &data, &len, NULL) != 0)
        return NULL;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const uint8_t *)data);
    free(data);
    char hex[2 * SHA256_DIGEST_SIZE + 1];
    hex_digest(&ctx, hex);
    return aloud_xstrdup(hex);
}

/* The article's file must be inside content/: a symbolic link out of it
 * is refused. */
int site_check_inside(const struct site *s, const char *path, const char *display, char **err)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        int e = errno;
        aloud_error_set(err, "%s: %s", display, strerror(e));
        return -e;
    }
    if (!S_ISLNK(st.st_mode))
        return 0;
    char *real = realpath(path, NULL);
    size_t n = strlen(s->content_real);
    int inside = real && strncmp(real, s->content_real, n) == 0 && real[n] == '/';
    free(real);
    if (inside)
        return 0;
    aloud_error_set(err, "%s: a symbolic link to a file outside content/; not read", display);
    return -EPERM;
}

/* The articles in content/ (content.h), and what aloud fetch knows of
 * those it keeps. */
static int find_articles(struct site *s, char **err)
{
    int rc = aloud_content_find(s->content, &s->items, &s->n_items, err);
    if (rc)
        return rc;
    if (aloud_fetch_sources_read(s->content, &s->fetched, &s->n_fetched) != 0)
        fprintf(stderr, "aloud: %s/web/.sources.json: not as aloud fetch writes it; the fetched "
                        "pages' own links are used\n",
                s->content);
    for (size_t i = 0; i < s->n_fetched; i++)
        aloud_strmap_put(&s->fetched_by_file, s->fetched[i].file, i);
    return 0;
}

/* A profile podcast.ini names that is not there, or a profile in voices/
 * that cannot be read, would fail every article that uses it: said once,
 * as the settings error it is, before anything is built. */
static int check_voice(const struct site *s, char **err)
{
    struct aloud_voice *v = NULL;
    char *msg = NULL;
    int rc = 0;
    if (s->podcast->voice && aloud_voice_find(s->voices, s->podcast->voice, &v, &msg) != 0) {
        aloud_error_set(err, "%s:%d: profile: %s", s->podcast->path, s->podcast->voice_line,
                        msg ? msg : "cannot be read");
        rc = -EINVAL;
    }
    aloud_voice_free(v);
    free(msg);
    char **ids = NULL;
    if (rc || aloud_voice_list(s->voices, &ids, NULL) < 0)
        return rc;
    for (size_t i = 0; ids[i] && !rc; i++) {
        char *path = aloud_xasprintf("%s/%s.ini", s->voices, ids[i]);
        v = NULL;
        if (aloud_voice_load(path, &v, err) != 0)
            rc = -EINVAL;
        aloud_voice_free(v);
        free(path);
    }
    aloud_strv_free(ids);
    return rc;
}

/* Reads the settings and finds the articles and the places. */
int site_open(struct site *s, const struct aloud_site_options *o, char **err)
{
    memset(s, 0, sizeof *s);
    s->o = o;
    /* "content/x.md" rather than "./content/x.md" in messages. */
    const char *dir = strcmp(o->dir, ".") == 0 ? NULL : o->dir;
    s->content = dir ? aloud_xasprintf("%s/content", dir) : aloud_xstrdup("content");
    s->out = dir ? aloud_xasprintf("%s/out", dir) : aloud_xstrdup("out");
    s->state = aloud_xasprintf("%s/.aloud", s->out);
    s->masters = dir ? aloud_xasprintf("%s/masters", dir) : aloud_xstrdup("masters");
    s->own_voices = dir ? aloud_xasprintf("%s/voices", dir) : aloud_xstrdup("voices");
    struct stat st;
    s->voices = stat(s->own_voices, &st) == 0 && S_ISDIR(st.st_mode) ? s->own_voices
                                                                      : o->voices_dir;
    if (stat(s->content, &st) != 0 || !S_ISDIR(st.st_mode)) {
        aloud_error_set(err,
                        "%s: no such directory (aloud build reads DIR/content/; "
                        "name the site with -C DIR)",
                        s->content);
        return -EINVAL;
    }
    char *ini = aloud_xasprintf("%s/podcast.ini", s->content);
    int rc = aloud_podcast_load(ini, &s->podcast, err);
    free(ini);
    if (rc)
        return -EINVAL;
    /* Rendered segments are kept, so an edit renders only what changed. */
    s->cache_dir = o->cache_dir ? aloud_xstrdup(o->cache_dir)
                                : aloud_xasprintf("%s/cache", s->state);
    s->content_real = realpath(s->content, NULL);
    if (!s->content_real) {
        int e = errno;
        aloud_error_set(err, "%s: cannot read: %s", s->content, strerror(e));
        return -e;
    }
    const char *masters = s->podcast->masters == ALOUD_MASTERS_APART ? s->masters
                          : s->podcast->masters == ALOUD_MASTERS_OUT  ? s->out
                                                                      : NULL;
    s->publish = (struct aloud_publish){s->podcast, s->content, s->content_real, s->out,
                                        s->state, masters, s->masters};
    if ((rc = check_voice(s, err)) || (rc = aloud_publish_check_artwork(&s->publish, err)) ||
        (rc = find_articles(s, err)))
        return rc;
    s->env = environment_key(s);
    return 0;
}

void site_close(struct site *s)
{
    aloud_content_free(s->items, s->n_items);
    aloud_fetch_sources_free(s->fetched, s->n_fetched);
    aloud_strmap_free(&s->fetched_by_file);
    aloud_podcast_free(s->podcast);
    free(s->content_real);
    free(s->content);
    free(s->out);
    free(s->state);
    free(s->masters);
    free(s->own_voices);
    free(s->cache_dir);
    free(s->env);
}

