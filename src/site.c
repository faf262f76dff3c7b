/* The site builder: content/ in, out/ (episodes, feed, pages) out.
 *
 * Order of work, chosen so that a run killed at any moment leaves the
 * previous feed and every file it names whole:
 *   1. read podcast.ini and out/.aloud/manifest.json (what was published);
 *   2. for each article: extract, script, hash everything that shapes the
 *      audio; when out/ already has audio for that hash, reuse it, else
 *      render under the new hashed names (atomically, file by file);
 *   3. write the pages, the feed (atomically, last of the published
 *      files), the index and the manifest;
 *   4. remove files that the previous manifest named and the new one
 *      does not.
 * An article that fails keeps its previous manifest entry, so its episode
 * stays in the feed as it was. */
#define _GNU_SOURCE
#include "aloud/site.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aloud/date.h"
#include "aloud/episode.h"
#include "aloud/feed.h"
#include "aloud/pages.h"
#include "aloud/podcast.h"
#include "aloud/render.h"
#include "aloud/script.h"
#include "aloud/source.h"
#include "aloud/synth.h"
#include "aloud/transcript.h"
#include "aloud/util.h"
#include "aloud/voice.h"

#define MANIFEST_MAX_BYTES (64u * 1024 * 1024)
#define SLUG_MAX 80

/* --- Slugs ---------------------------------------------------------------- */

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

/* --- The manifest: what out/ holds and the feed says ----------------------- */

struct episodes {
    struct aloud_episode *list;
    size_t n;
    size_t cap;
};

static struct aloud_episode *episodes_add(struct episodes *e)
{
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 16;
        e->list = aloud_xrealloc(e->list, e->cap * sizeof *e->list);
    }
    struct aloud_episode *ep = &e->list[e->n++];
    memset(ep, 0, sizeof *ep);
    return ep;
}

static void episodes_free(struct episodes *e)
{
    for (size_t i = 0; i < e->n; i++)
        aloud_episode_clear(&e->list[i]);
    free(e->list);
    memset(e, 0, sizeof *e);
}

static struct aloud_episode *episodes_find(struct episodes *e, const char *slug)
{
    for (size_t i = 0; i < e->n; i++) {
        if (e->list[i].slug && strcmp(e->list[i].slug, slug) == 0)
            return &e->list[i];
    }
    return NULL;
}

#define EPISODE_STRINGS(X)                                                                         \
    X(slug)                                                                                        \
    X(source) X(guid) X(title) X(description) X(author) X(date) X(link) X(language) X(key) X(mp3)  \
        X(wav) X(vtt) X(chapters) X(page) X(timeline)

static json_object *episode_json(const struct aloud_episode *e)
{
    json_object *o = json_object_new_object();
#define PUT(f)                                                                                     \
    if (e->f)                                                                                      \
        json_object_object_add(o, #f, json_object_new_string(e->f));
    EPISODE_STRINGS(PUT)
#undef PUT
    json_object_object_add(o, "mp3_bytes", json_object_new_int64(e->mp3_bytes));
    char num[32];
    snprintf(num, sizeof num, "%.3f", e->duration_s);
    json_object_object_add(o, "duration_s", json_object_new_double_s(e->duration_s, num));
    json_object_object_add(o, "pub_time", json_object_new_int64(e->pub_time));
    return o;
}

/* A file name aloud wrote into out/: no directories, nothing hidden. */
static int safe_name(const char *name)
{
    return name && *name && name[0] != '.' && !strchr(name, '/') && !strchr(name, '\\');
}

static int episode_from_json(json_object *o, struct aloud_episode *e)
{
    json_object *v;
#define GET(f)                                                                                     \
    if (json_object_object_get_ex(o, #f, &v) && json_object_is_type(v, json_type_string))          \
        e->f = aloud_xstrdup(json_object_get_string(v));
    EPISODE_STRINGS(GET)
#undef GET
    if (json_object_object_get_ex(o, "mp3_bytes", &v))
        e->mp3_bytes = json_object_get_int64(v);
    if (json_object_object_get_ex(o, "duration_s", &v))
        e->duration_s = json_object_get_double(v);
    if (json_object_object_get_ex(o, "pub_time", &v))
        e->pub_time = json_object_get_int64(v);
    /* Only names aloud itself could have written are trusted. */
    if (!e->slug || !e->guid || !e->title || !safe_name(e->mp3) || (e->wav && !safe_name(e->wav)) ||
        (e->vtt && !safe_name(e->vtt)) || (e->chapters && !safe_name(e->chapters)) ||
        (e->page && !safe_name(e->page)) || (e->timeline && !safe_name(e->timeline)))
        return -EINVAL;
    return 0;
}

static void manifest_load(const char *path, struct episodes *out)
{
    char *data = NULL;
    size_t len = 0;
    if (access(path, F_OK) != 0)
        return;
    if (aloud_file_read(path, MANIFEST_MAX_BYTES, &data, &len, NULL) != 0) {
        fprintf(stderr, "aloud: %s: cannot read; building as if nothing was published\n", path);
        return;
    }
    json_object *root = json_tokener_parse(data);
    free(data);
    json_object *list;
    if (!root || !json_object_object_get_ex(root, "episodes", &list) ||
        !json_object_is_type(list, json_type_array)) {
        fprintf(stderr, "aloud: %s: not a manifest; building as if nothing was published\n", path);
        json_object_put(root);
        return;
    }
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        struct aloud_episode e = {0};
        if (episode_from_json(json_object_array_get_idx(list, i), &e) == 0)
            aloud_episode_copy(episodes_add(out), &e);
        aloud_episode_clear(&e);
    }
    json_object_put(root);
}

static char *manifest_json(const struct episodes *eps)
{
    json_object *root = json_object_new_object();
    json_object_object_add(root, "version", json_object_new_int(1));
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < eps->n; i++)
        json_object_array_add(list, episode_json(&eps->list[i]));
    json_object_object_add(root, "episodes", list);
    char *s = aloud_xstrdup(json_object_to_json_string_ext(
        root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
    return s;
}

/* --- One article ------------------------------------------------------------- */

struct build {
    const struct aloud_site_options *o;
    struct aloud_podcast *podcast;
    char *content;      /* DIR/content */
    char *content_real; /* its real path */
    char *out;          /* DIR/out */
    char *state;        /* DIR/out/.aloud */
    const char *voices;
    struct episodes previous;
    struct episodes current;
    struct aloud_site_result *result;
    int prerender;         /* in a worker: fill the segment cache, nothing else */
    int report_fd;         /* a worker's pipe to the build, or -1 */
    size_t *synthesised;   /* per file: segments a worker synthesised, or -1 */
    size_t *segments;      /* per file: segments a worker found */
    size_t file_index;     /* of the article being built */
    /* Progress on a terminal: one line under the per-article lines. */
    int progress;          /* shown (the log is a terminal) */
    size_t done;           /* articles built */
    double audio_s;        /* audio of the episodes built */
    struct timespec start;
};

static int is_article_name(const char *name)
{
    return name[0] != '.' && aloud_source_type_of(name) != ALOUD_SOURCE_AUTO;
}

static char *join_authors(const struct aloud_article *a)
{
    if (!a->n_authors)
        return NULL;
    struct aloud_buf b = {0};
    for (size_t i = 0; i < a->n_authors; i++) {
        if (i > 0)
            aloud_buf_puts(&b, i + 1 == a->n_authors ? " and " : ", ");
        aloud_buf_puts(&b, a->authors[i]);
    }
    return aloud_buf_steal(&b);
}

#define SUMMARY_MAX 300

/* An episode description for an article that gives none: its first
 * paragraph, cut at a word before SUMMARY_MAX bytes with an ellipsis, so
 * podcast apps show what the episode is about rather than its title again.
 * NULL when the article has no paragraph. */
static char *summary_of(const struct aloud_article *a)
{
    const char *text = NULL;
    for (size_t i = 0; i < a->n_blocks && !text; i++) {
        if (a->blocks[i].kind == ALOUD_BLOCK_PARAGRAPH)
            text = a->blocks[i].text;
    }
    if (!text)
        return NULL;
    size_t n = strlen(text);
    if (n <= SUMMARY_MAX)
        return aloud_xstrdup(text);
    n = SUMMARY_MAX;
    while (n > 0 && text[n] != ' ')
        n--;
    if (n == 0) /* one long word: cut between characters */
        for (n = SUMMARY_MAX; n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80; n--)
            ;
    while (n > 0 && strchr(" ,;:-", text[n - 1]))
        n--;
    return aloud_xasprintf("%.*s\xe2\x80\xa6", (int)n, text); /* U+2026 */
}

static void hash_str(struct sha256_ctx *ctx, const char *label, const char *s)
{
    sha256_update(ctx, strlen(label) + 1, (const uint8_t *)label);
    if (s)
        sha256_update(ctx, strlen(s) + 1, (const uint8_t *)s);
    else
        sha256_update(ctx, 1, (const uint8_t *)"\x01");
}

/* Adds a file's bytes (artwork, a voice file) to the key. */
static void hash_file(struct sha256_ctx *ctx, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (path && aloud_file_read(path, ALOUD_SOURCE_MAX_BYTES, &data, &len, NULL) == 0) {
        sha256_update(ctx, len, (const uint8_t *)data);
        free(data);
    }
}

/* The key of everything that shapes an episode's files: the spoken script
 * (text, display text and pauses), the voice's speech settings, eSpeak NG's
 * version, the audio settings and the tags written into the audio. */
static char *episode_key(const struct aloud_script *script, const struct aloud_voice *v,
                         const struct aloud_audio_settings *a,
                         const struct aloud_episode_tags *tags)
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    char *json = aloud_script_to_json(script);
    hash_str(&ctx, "script", json);
    free(json);
    char *speech = aloud_xasprintf("%s|%d|%d|%d|%d|%d", v->espeak_voice ? v->espeak_voice : "",
                                   v->rate, v->pitch, v->range, v->word_gap, v->volume);
    hash_str(&ctx, "voice", speech);
    free(speech);
    hash_file(&ctx, v->espeak_file);
    hash_str(&ctx, "espeak", aloud_synth_version());
    char *audio = aloud_xasprintf("%.3f|%.3f|%d|%d|%d", a->target_lufs, a->max_true_peak,
                                  a->mp3_bitrate_kbps, a->mp3_sample_rate, a->mp3_quality);
    hash_str(&ctx, "audio", audio);
    free(audio);
    hash_str(&ctx, "title", tags->title);
    hash_str(&ctx, "author", tags->author);
    hash_str(&ctx, "podcast", tags->podcast);
    hash_str(&ctx, "date", tags->date);
    hash_str(&ctx, "description", tags->description);
    hash_file(&ctx, tags->cover_path);
    hash_str(&ctx, "version", ALOUD_VERSION);
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    char hex[2 * SHA256_DIGEST_SIZE + 1];
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    return aloud_xstrdup(hex);
}

static int file_exists(const char *dir, const char *name)
{
    if (!name)
        return 0;
    char *path = aloud_xasprintf("%s/%s", dir, name);
    struct stat st;
    int ok = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    return ok;
}

static int write_text(const char *dir, const char *name, const char *text, char **err)
{
    char *path = aloud_xasprintf("%s/%s", dir, name);
    int rc = aloud_file_write_if_changed(path, text, strlen(text), NULL, err);
    free(path);
    return rc;
}

/* The artwork as a file in content/ (for the MP3's cover), or NULL. */
static char *artwork_path(const struct build *b)
{
    const char *art = b->podcast->artwork;
    if (!art || strstr(art, "://"))
        return NULL;
    char *path = aloud_xasprintf("%s/%s", b->content, art);
    if (access(path, R_OK) != 0) {
        free(path);
        return NULL;
    }
    return path;
}

/* The episode page for e, from its timeline in out/.aloud/. */
static int write_page(const struct build *b, const struct aloud_episode *e, char **err)
{
    struct aloud_timeline *t = NULL;
    if (e->timeline) {
        char *path = aloud_xasprintf("%s/%s", b->state, e->timeline);
        char *json = NULL;
        size_t len = 0;
        if (aloud_file_read(path, MANIFEST_MAX_BYTES, &json, &len, NULL) == 0)
            aloud_timeline_from_json(json, &t);
        free(json);
        free(path);
    }
    char *feed_url = aloud_podcast_feed_url(b->podcast);
    struct aloud_page_show show = {.title = b->podcast->title,
                                   .description = b->podcast->description,
                                   .language = b->podcast->language,
                                   .feed_url = feed_url,
                                   .feed_href = "feed.xml",
                                   .link = b->podcast->link};
    struct aloud_page_episode pe = {.title = e->title,
                                    .author = e->author,
                                    .date = e->date,
                                    .description = e->description,
                                    .language = e->language,
                                    .page_href = e->page,
                                    .mp3_href = e->mp3,
                                    .vtt_href = e->vtt,
                                    .chapters_href = e->chapters,
                                    .article_url = e->link,
                                    .duration_s = e->duration_s,
                                    .timeline = t};
    char *path = aloud_xasprintf("%s/%s", b->out, e->page);
    int rc = aloud_pages_write_episode(path, &show, &pe, err);
    free(path);
    free(feed_url);
    aloud_timeline_free(t);
    return rc;
}

/* The episode's length in seconds, whole milliseconds: a number the
 * manifest's "%.3f" keeps exactly, so a duration read back from it rounds
 * to the same itunes:duration as the one just rendered. */
static double duration_of(const struct aloud_timeline *t)
{
    if (!t->sample_rate)
        return 0;
    uint64_t ms = (t->n_samples * 1000 + t->sample_rate / 2) / t->sample_rate;
    return (double)ms / 1000.0;
}

/* Files of e published before (prev names them under the same key) and
 * still in out/: the timeline is written last, each file atomically, so
 * its presence means all are whole. Fills in the size and duration.
 * Returns 1 when they are there.
 *
 * Files in out/ under the right names that the manifest does not name (a
 * build killed before writing it) are not trusted: eSpeak NG's output
 * depends on what the process spoke before, so a killed run's audio can
 * differ from what a whole build makes, and a build must give the same
 * bytes however it was interrupted (tests/e2e-crash.py). */
static int rendered_before(const struct build *b, const struct aloud_episode *prev,
                           struct aloud_episode *e)
{
    if (!prev || !prev->key || strcmp(prev->key, e->key) != 0)
        return 0;
    if (!file_exists(b->out, e->mp3) || !file_exists(b->out, e->wav) ||
        !file_exists(b->out, e->vtt) || !file_exists(b->out, e->chapters) ||
        !file_exists(b->state, e->timeline))
        return 0;
    char *mp3 = aloud_xasprintf("%s/%s", b->out, e->mp3);
    char *path = aloud_xasprintf("%s/%s", b->state, e->timeline);
    char *json = NULL;
    size_t len = 0;
    struct aloud_timeline *t = NULL;
    struct stat st;
    int ok = stat(mp3, &st) == 0 &&
             aloud_file_read(path, MANIFEST_MAX_BYTES, &json, &len, NULL) == 0 &&
             aloud_timeline_from_json(json, &t) == 0;
    if (ok) {
        e->mp3_bytes = st.st_size;
        e->duration_s = duration_of(t);
    }
    aloud_timeline_free(t);
    free(json);
    free(path);
    free(mp3);
    return ok;
}

/* Renders the episode's files under their hashed names. */
static int render(struct build *b, struct aloud_episode *e, const struct aloud_script *script,
                  const struct aloud_voice *voice, const struct aloud_episode_tags *tags,
                  const char *name, char **err)
{
    char *mp3 = aloud_xasprintf("%s/%s", b->out, e->mp3);
    char *wav = aloud_xasprintf("%s/%s", b->out, e->wav);
    struct aloud_timeline *t = NULL;
    int rc = aloud_render_episode(script, voice, &b->podcast->audio, tags, name, wav, mp3, &t, err);
    if (rc)
        goto out;
    struct stat st;
    if (stat(mp3, &st) != 0) {
        rc = -errno;
        aloud_error_set(err, "%s: %s", mp3, strerror(errno));
        goto out;
    }
    e->mp3_bytes = st.st_size;
    e->duration_s = duration_of(t);
    char *vtt = aloud_vtt_from_timeline(t);
    rc = write_text(b->out, e->vtt, vtt, err);
    free(vtt);
    if (rc)
        goto out;
    char *chapters = aloud_chapters_json(t, e->title);
    rc = write_text(b->out, e->chapters, chapters, err);
    free(chapters);
    if (rc)
        goto out;
    char *json = aloud_timeline_to_json(t);
    rc = write_text(b->state, e->timeline, json, err);
    free(json);
out:
    aloud_timeline_free(t);
    free(mp3);
    free(wav);
    return rc;
}

static int pick_voice(const struct build *b, const struct aloud_article *a,
                      struct aloud_voice **voice, char **err)
{
    const char *requested = NULL;
    if (!a->voice && !a->language)
        requested = b->podcast->voice;
    return aloud_voice_select(b->voices, requested, a->voice, a->language, voice, err);
}

static void log_line(const struct build *b, const char *fmt, ...) ALOUD_PRINTF(2, 3);
static void log_line(const struct build *b, const char *fmt, ...)
{
    if (!b->o->log)
        return;
    if (b->progress)
        fputs("\r\033[K", b->o->log); /* the progress line gives way */
    va_list ap;
    va_start(ap, fmt);
    vfprintf(b->o->log, fmt, ap);
    va_end(ap);
    fputc('\n', b->o->log);
    fflush(b->o->log);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The progress line, under the article lines: articles done, minutes of
 * audio built, and the time left at the pace so far. */
static void show_progress(const struct build *b, size_t n_files)
{
    if (!b->progress)
        return;
    double spent = seconds_since(&b->start);
    double left = b->done ? spent / (double)b->done * (double)(n_files - b->done) : 0;
    fprintf(b->o->log, "\r\033[K%zu of %zu articles, %.1f min of audio, about %.0f s left", b->done,
            n_files, b->audio_s / 60, left);
    fflush(b->o->log);
}

/* Is slug this shard's (--shard K/N)? A stable assignment: the first 32
 * bits of the slug's SHA-256, modulo N. */
static int shard_mine(const struct aloud_site_options *o, const char *slug)
{
    if (o->shard_count <= 1)
        return 1;
    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, strlen(slug), (const uint8_t *)slug);
    sha256_digest(&ctx, sizeof d, d);
    uint32_t h = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
    return h % (uint32_t)o->shard_count == (uint32_t)o->shard_index;
}

/* Builds one article into b->current. Returns 0 or -errno with *err. */
static int build_article(struct build *b, const char *file, char **err)
{
    char *path = aloud_xasprintf("%s/%s", b->content, file);
    char *display = aloud_xstrdup(path);
    struct aloud_article *a = NULL;
    struct aloud_voice *voice = NULL;
    struct aloud_script *script = NULL;
    char *slug = NULL, *author = NULL, *key = NULL, *cover = NULL;
    int rc = 0;

    struct stat st;
    if (lstat(path, &st) != 0) {
        rc = -errno;
        aloud_error_set(err, "%s: %s", display, strerror(errno));
        goto out;
    }
    if (S_ISLNK(st.st_mode)) {
        char *real = realpath(path, NULL);
        size_t n = strlen(b->content_real);
        if (!real || strncmp(real, b->content_real, n) != 0 || real[n] != '/') {
            free(real);
            rc = -EPERM;
            aloud_error_set(err, "%s: a symbolic link to a file outside content/; not read",
                            display);
            goto out;
        }
        free(real);
    }
    char *load_err = NULL;
    rc = aloud_source_load(path, ALOUD_SOURCE_AUTO, &a, &load_err);
    if (rc) {
        /* Messages name the path we passed; show it as the editor knows it. */
        aloud_error_set(err, "%s", load_err);
        free(load_err);
        goto out;
    }
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    char *stem = aloud_xstrdup(base);
    char *dot = strrchr(stem, '.');
    if (dot)
        *dot = '\0';
    slug = aloud_slugify(a->slug ? a->slug : stem);
    if (!slug) {
        /* Nothing usable in the name: a stable fallback from the file name. */
        struct sha256_ctx ctx;
        uint8_t d[SHA256_DIGEST_SIZE];
        sha256_init(&ctx);
        sha256_update(&ctx, strlen(file), (const uint8_t *)file);
        sha256_digest(&ctx, sizeof d, d);
        slug = aloud_xasprintf("episode-%02x%02x%02x%02x", d[0], d[1], d[2], d[3]);
    }
    free(stem);
    struct aloud_episode *same = episodes_find(&b->current, slug);
    if (same) {
        rc = -EEXIST;
        aloud_error_set(err, "%s: slug '%s' is already used by content/%s", display, slug,
                        same->source);
        goto out;
    }
    if (!a->title) {
        rc = -EINVAL;
        aloud_error_set(err, "%s: no title found (add one: front matter title, or <h1>)", display);
        goto out;
    }
    rc = pick_voice(b, a, &voice, err);
    if (rc)
        goto out;
    rc = aloud_script_build(a, voice, &script, err);
    if (rc)
        goto out;
    author = join_authors(a);
    cover = artwork_path(b);
    struct aloud_episode_tags tags = {.title = a->title,
                                      .author = author ? author : b->podcast->author,
                                      .podcast = b->podcast->title,
                                      .date = a->date,
                                      .description = a->description,
                                      .cover_path = cover};
    key = episode_key(script, voice, &b->podcast->audio, &tags);

    const struct aloud_episode *prev = episodes_find(&b->previous, slug);
    struct aloud_episode e = {0};
    e.slug = aloud_xstrdup(slug);
    e.source = aloud_xstrdup(file);
    e.title = aloud_xstrdup(a->title);
    e.description = a->description ? aloud_xstrdup(a->description) : summary_of(a);
    e.author = aloud_xstrdup(author);
    e.date = aloud_xstrdup(a->date);
    e.link = aloud_xstrdup(a->url);
    e.language = aloud_xstrdup(a->language ? a->language : voice->language);
    e.key = aloud_xstrdup(key);
    e.mp3 = aloud_xasprintf("%s.%.8s.mp3", slug, key);
    e.wav = aloud_xasprintf("%s.%.8s.wav", slug, key);
    e.vtt = aloud_xasprintf("%s.%.8s.vtt", slug, key);
    e.chapters = aloud_xasprintf("%s.%.8s.chapters.json", slug, key);
    e.timeline = aloud_xasprintf("%s.%.8s.timeline.json", slug, key);
    e.page = aloud_xasprintf("%s.html", slug);
    if (prev) {
        e.guid = aloud_xstrdup(prev->guid);
    } else {
        char guid[37];
        aloud_uuid5(b->podcast->guid, slug, guid);
        e.guid = aloud_xstrdup(guid);
    }
    int64_t t;
    if (a->date && aloud_date_time(a->date, &t) == 0)
        e.pub_time = t;
    else if (prev)
        e.pub_time = prev->pub_time;
    else
        e.pub_time = (int64_t)time(NULL);

    if (b->prerender) {
        /* A worker (-j, --shard): render into the segment cache only; the
         * build proper assembles the episode from it. */
        if (!shard_mine(b->o, slug) || rendered_before(b, prev, &e)) {
            aloud_episode_clear(&e);
            goto out;
        }
        char *tmp = aloud_xasprintf("%s/.prerender-%ld.mp3", b->podcast->audio.cache_dir,
                                    (long)getpid());
        rc = aloud_render_episode(script, voice, &b->podcast->audio, &tags, display, NULL, tmp,
                                  NULL, err);
        unlink(tmp);
        free(tmp);
        struct aloud_render_stats rs;
        aloud_render_stats_get(&rs);
        if (!rc && b->report_fd >= 0) {
            char line[64];
            int n = snprintf(line, sizeof line, "%zu %zu %zu\n", b->file_index, rs.synthesised,
                             rs.segments);
            if (write(b->report_fd, line, (size_t)n) != n)
                rc = -EIO;
        }
        aloud_episode_clear(&e);
        goto out;
    }
    if (rendered_before(b, prev, &e)) {
        b->result->unchanged++;
        log_line(b, "%s: unchanged", display);
    } else {
        rc = render(b, &e, script, voice, &tags, display, err);
        if (rc) {
            aloud_episode_clear(&e);
            goto out;
        }
        b->result->rendered++;
        struct aloud_render_stats rs;
        aloud_render_stats_get(&rs);
        if (b->synthesised && b->synthesised[b->file_index] != (size_t)-1) {
            /* A worker rendered it: its count is the one that tells. */
            rs.synthesised = b->synthesised[b->file_index];
            rs.segments = b->segments[b->file_index];
        }
        if (prev)
            log_line(b, "%s: updated: %zu of %zu segments re-synthesised (%s, %.0f s)", display,
                     rs.synthesised, rs.segments, e.mp3, e.duration_s);
        else
            log_line(b, "%s: new (%s, %.0f s)", display, e.mp3, e.duration_s);
    }
    rc = write_page(b, &e, err);
    if (rc) {
        aloud_episode_clear(&e);
        goto out;
    }
    *episodes_add(&b->current) = e;
out:
    free(cover);
    free(key);
    free(author);
    free(slug);
    aloud_script_free(script);
    aloud_voice_free(voice);
    aloud_article_free(a);
    free(display);
    free(path);
    return rc;
}

/* --- The whole site ------------------------------------------------------------- */

/* Worker processes that render articles into the segment cache ahead of
 * the build proper (-j, --shard), up to o->jobs at a time, handed out in
 * file order (eSpeak NG runs once per process). Each reports "FILE_INDEX
 * SYNTHESISED SEGMENTS" on a pipe before it exits. The build proper
 * assembles article i as soon as its worker is done, while the others go
 * on. A worker that fails or dies is noted here and its article is then
 * built (and its error reported) by the build proper. */
struct pool {
    char **files;
    size_t n_files;
    size_t next;    /* the next file to hand out */
    size_t running; /* workers alive */
    pid_t *pid;     /* per file: its worker while it runs, else 0 */
    int fds[2];     /* the report pipe; fds[0] does not block */
    char line[256]; /* a report read in part */
    size_t line_len;
};

static void pool_fill(struct build *b, struct pool *p)
{
    while (p->running < (size_t)b->o->jobs && p->next < p->n_files) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            close(p->fds[0]);
            b->prerender = 1;
            b->progress = 0;
            b->report_fd = p->fds[1];
            b->file_index = p->next;
            char *msg = NULL;
            int rc = build_article(b, p->files[p->next], &msg);
            _exit(rc ? 1 : 0);
        }
        if (pid < 0)
            return; /* the build proper renders what is left */
        p->pid[p->next++] = pid;
        p->running++;
    }
}

/* Takes in the reports the pipe holds. */
static void pool_read(struct build *b, struct pool *p)
{
    for (;;) {
        ssize_t got = read(p->fds[0], p->line + p->line_len, sizeof p->line - 1 - p->line_len);
        if (got <= 0)
            return;
        p->line_len += (size_t)got;
        p->line[p->line_len] = '\0';
        char *nl;
        while ((nl = strchr(p->line, '\n'))) {
            size_t index, synthesised, segments;
            if (sscanf(p->line, "%zu %zu %zu", &index, &synthesised, &segments) == 3 &&
                index < p->n_files) {
                b->synthesised[index] = synthesised;
                b->segments[index] = segments;
            }
            size_t used = (size_t)(nl + 1 - p->line);
            memmove(p->line, nl + 1, p->line_len - used + 1);
            p->line_len -= used;
        }
        if (p->line_len == sizeof p->line - 1)
            p->line_len = 0; /* not a report: dropped */
    }
}

/* Waits for a worker to end, takes in its report and starts the next. */
static void pool_reap(struct build *b, struct pool *p)
{
    int status;
    pid_t pid = wait(&status);
    if (pid < 0) {
        p->running = 0; /* none left to wait for */
        memset(p->pid, 0, p->n_files * sizeof *p->pid);
        return;
    }
    for (size_t i = 0; i < p->next; i++)
        if (p->pid[i] == pid) {
            p->pid[i] = 0;
            p->running--;
        }
    pool_read(b, p);
    pool_fill(b, p);
}

static int pool_open(struct build *b, struct pool *p, char **files, size_t n_files)
{
    memset(p, 0, sizeof *p);
    if (pipe(p->fds) != 0)
        return -errno;
    fcntl(p->fds[0], F_SETFL, fcntl(p->fds[0], F_GETFL) | O_NONBLOCK);
    p->files = files;
    p->n_files = n_files;
    p->pid = aloud_xcalloc(n_files + 1, sizeof *p->pid);
    pool_fill(b, p);
    return 0;
}

/* Returns once file i's worker, if it has one, is done. */
static void pool_wait_for(struct build *b, struct pool *p, size_t i)
{
    while (i < p->n_files && p->pid[i] > 0)
        pool_reap(b, p);
}

static void pool_close(struct build *b, struct pool *p)
{
    while (p->running > 0)
        pool_reap(b, p);
    pool_read(b, p);
    close(p->fds[0]);
    close(p->fds[1]);
    free(p->pid);
}

static int by_newest(const void *x, const void *y)
{
    const struct aloud_episode *a = x, *b = y;
    if (a->pub_time != b->pub_time)
        return a->pub_time > b->pub_time ? -1 : 1;
    return strcmp(a->slug, b->slug);
}

static int make_dir(const char *path, char **err)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            return 0;
        aloud_error_set(err, "%s: exists and is not a directory", path);
        return -ENOTDIR;
    }
    int e = errno;
    aloud_error_set(err, "%s: cannot create: %s", path, strerror(e));
    return -e;
}

/* The artwork podcast.ini names in content/ must be there, inside
 * content/ (a symbolic link out of it is refused like an article's), or
 * the feed would name an image that is not published: a settings error. */
static int check_artwork(const struct build *b, char **err)
{
    const char *art = b->podcast->artwork;
    if (!art || strstr(art, "://"))
        return 0;
    char *path = aloud_xasprintf("%s/%s", b->content, art);
    char *real = realpath(path, NULL);
    size_t n = strlen(b->content_real);
    struct stat st;
    int rc = 0;
    if (!real || stat(real, &st) != 0 || !S_ISREG(st.st_mode) || access(real, R_OK) != 0) {
        aloud_error_set(err, "%s: artwork: %s is not a readable file", b->podcast->path, path);
        rc = -EINVAL;
    } else if (strncmp(real, b->content_real, n) != 0 || real[n] != '/') {
        aloud_error_set(err, "%s: artwork: %s is a symbolic link to a file outside content/",
                        b->podcast->path, path);
        rc = -EINVAL;
    }
    free(real);
    free(path);
    return rc;
}

static int copy_artwork(const struct build *b, char **err)
{
    char *src = artwork_path(b);
    if (!src)
        return 0;
    char *data = NULL;
    size_t len = 0;
    int rc = aloud_file_read(src, ALOUD_SOURCE_MAX_BYTES, &data, &len, err);
    if (!rc) {
        const char *slash = strrchr(b->podcast->artwork, '/');
        const char *name = slash ? slash + 1 : b->podcast->artwork;
        char *dst = aloud_xasprintf("%s/%s", b->out, name);
        rc = aloud_file_write_if_changed(dst, data, len, NULL, err);
        free(dst);
    }
    free(data);
    free(src);
    return rc;
}

static int write_index(const struct build *b, char **err)
{
    char *feed_url = aloud_podcast_feed_url(b->podcast);
    const char *art = b->podcast->artwork;
    const char *slash = art ? strrchr(art, '/') : NULL;
    struct aloud_page_show show = {.title = b->podcast->title,
                                   .description = b->podcast->description,
                                   .language = b->podcast->language,
                                   .feed_url = feed_url,
                                   .feed_href = "feed.xml",
                                   .artwork_src = art && strstr(art, "://") ? art
                                                  : slash                   ? slash + 1
                                                                            : art,
                                   .link = b->podcast->link};
    struct aloud_page_episode *pe = aloud_xcalloc(b->current.n + 1, sizeof *pe);
    for (size_t i = 0; i < b->current.n; i++) {
        const struct aloud_episode *e = &b->current.list[i];
        pe[i] = (struct aloud_page_episode){.title = e->title,
                                            .author = e->author,
                                            .date = e->date,
                                            .description = e->description,
                                            .page_href = e->page,
                                            .mp3_href = e->mp3,
                                            .duration_s = e->duration_s};
    }
    char *path = aloud_xasprintf("%s/index.html", b->out);
    int rc = aloud_pages_write_index(path, &show, pe, b->current.n, err);
    free(path);
    free(pe);
    free(feed_url);
    return rc;
}

/* Is name one of the files an episode of eps uses? */
static int in_use(const struct episodes *eps, const char *name)
{
    for (size_t i = 0; i < eps->n; i++) {
        const struct aloud_episode *e = &eps->list[i];
        const char *names[] = {e->mp3, e->wav, e->vtt, e->chapters, e->page, e->timeline};
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
            if (names[k] && strcmp(names[k], name) == 0)
                return 1;
        }
    }
    return 0;
}

/* Is name "SLUG.HASH.EXT", a file aloud makes for an episode (HASH eight
 * hex digits, EXT one of aloud's)? Such names are aloud's own: no editor
 * file looks like that, so they are safe to remove when unused. */
static int episode_file_of(const char *name, const char *slug)
{
    static const char *const exts[] = {".mp3", ".wav", ".vtt", ".chapters.json", ".timeline.json"};
    size_t n = strlen(slug);
    if (strncmp(name, slug, n) != 0 || name[n] != '.')
        return 0;
    const char *h = name + n + 1;
    for (int i = 0; i < 8; i++) {
        if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
            return 0;
    }
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        if (strcmp(h + 8, exts[i]) == 0)
            return 1;
    }
    return 0;
}

static int known_slug_file(const struct build *b, const char *name)
{
    const struct episodes *lists[] = {&b->current, &b->previous};
    for (size_t l = 0; l < 2; l++) {
        for (size_t i = 0; i < lists[l]->n; i++) {
            if (episode_file_of(name, lists[l]->list[i].slug))
                return 1;
        }
    }
    return 0;
}

/* Removes what the new feed no longer names: the files of older versions
 * and of removed articles, and files a killed run wrote for versions that
 * were never published. */
static void remove_stale(const struct build *b)
{
    for (size_t i = 0; i < b->previous.n; i++) {
        const struct aloud_episode *e = &b->previous.list[i];
        if (safe_name(e->page) && !in_use(&b->current, e->page)) {
            char *path = aloud_xasprintf("%s/%s", b->out, e->page);
            unlink(path);
            free(path);
        }
    }
    const char *dirs[] = {b->out, b->state};
    for (size_t d = 0; d < 2; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            continue;
        struct dirent *de;
        while ((de = readdir(dir))) {
            if (!known_slug_file(b, de->d_name) || in_use(&b->current, de->d_name))
                continue;
            char *path = aloud_xasprintf("%s/%s", dirs[d], de->d_name);
            unlink(path);
            free(path);
        }
        closedir(dir);
    }
}

static int cmp_names(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

int aloud_site_build(const struct aloud_site_options *o, struct aloud_site_result *result,
                     char **err)
{
    memset(result, 0, sizeof *result);
    struct build b = {.o = o, .result = result};
    char **files = NULL;
    size_t n_files = 0;
    char *cache_dir = NULL;
    int rc = 0;
    /* "content/x.md" rather than "./content/x.md" in messages. */
    const char *dir = strcmp(o->dir, ".") == 0 ? NULL : o->dir;
    b.content = dir ? aloud_xasprintf("%s/content", dir) : aloud_xstrdup("content");
    b.out = dir ? aloud_xasprintf("%s/out", dir) : aloud_xstrdup("out");
    b.state = aloud_xasprintf("%s/.aloud", b.out);
    char *own_voices = dir ? aloud_xasprintf("%s/voices", dir) : aloud_xstrdup("voices");
    struct stat st;
    b.voices = stat(own_voices, &st) == 0 && S_ISDIR(st.st_mode) ? own_voices : o->voices_dir;

    if (stat(b.content, &st) != 0 || !S_ISDIR(st.st_mode)) {
        aloud_error_set(err,
                        "%s: no such directory (aloud build reads DIR/content/; "
                        "name the site with -C DIR)",
                        b.content);
        rc = -EINVAL;
        goto out;
    }
    char *ini = aloud_xasprintf("%s/podcast.ini", b.content);
    rc = aloud_podcast_load(ini, &b.podcast, err);
    free(ini);
    if (rc) {
        rc = -EINVAL;
        goto out;
    }
    /* Rendered segments are kept, so an edit renders only what changed. */
    cache_dir = o->cache_dir ? aloud_xstrdup(o->cache_dir) : aloud_xasprintf("%s/cache", b.state);
    b.podcast->audio.cache_dir = cache_dir;
    if (b.podcast->voice) {
        /* A profile that is not there would fail every article: say so
         * once, as the settings error it is. */
        struct aloud_voice *v = NULL;
        char *msg = NULL;
        if (aloud_voice_find(b.voices, b.podcast->voice, &v, &msg) != 0) {
            aloud_error_set(err, "%s:%d: profile: %s", b.podcast->path, b.podcast->voice_line,
                            msg ? msg : "cannot be read");
            free(msg);
            rc = -EINVAL;
            goto out;
        }
        aloud_voice_free(v);
    }
    b.content_real = realpath(b.content, NULL);
    DIR *listing = b.content_real ? opendir(b.content) : NULL;
    if (!listing) {
        rc = -errno;
        aloud_error_set(err, "%s: cannot read: %s", b.content, strerror(errno));
        goto out;
    }
    closedir(listing);
    if ((rc = check_artwork(&b, err)))
        goto out;
    listing = opendir(b.content);
    if (!listing) {
        rc = -errno;
        aloud_error_set(err, "%s: cannot read: %s", b.content, strerror(errno));
        goto out;
    }
    struct dirent *de;
    while ((de = readdir(listing))) {
        if (!is_article_name(de->d_name))
            continue;
        files = aloud_xrealloc(files, (n_files + 1) * sizeof *files);
        files[n_files++] = aloud_xstrdup(de->d_name);
    }
    closedir(listing);
    qsort(files, n_files, sizeof *files, cmp_names);
    result->articles = n_files;

    if ((rc = make_dir(b.out, err)) || (rc = make_dir(b.state, err)))
        goto out;
    char *manifest = aloud_xasprintf("%s/manifest.json", b.state);
    manifest_load(manifest, &b.previous);
    /* Temporary files of a run that was killed (a minute old, so a run going
     * on at the same time keeps its own). */
    aloud_atomic_sweep(b.out, 60);
    aloud_atomic_sweep(b.state, 60);
    free(manifest);

    b.report_fd = -1;
    b.synthesised = aloud_xcalloc(n_files + 1, sizeof *b.synthesised);
    b.segments = aloud_xcalloc(n_files + 1, sizeof *b.segments);
    for (size_t i = 0; i < n_files; i++)
        b.synthesised[i] = (size_t)-1;
    if ((rc = make_dir(cache_dir, err)))
        goto out;
    b.progress = o->log && isatty(fileno(o->log));
    clock_gettime(CLOCK_MONOTONIC, &b.start);
    struct pool pool;
    int pooled = (o->jobs > 1 || o->shard_count > 1) && pool_open(&b, &pool, files, n_files) == 0;
    if (o->shard_count > 1) {
        if (pooled)
            pool_close(&b, &pool);
        /* A shard's work is its share of the cache; --assemble writes out/. */
        for (size_t i = 0; i < n_files; i++)
            if (b.synthesised[i] != (size_t)-1)
                result->rendered++;
        log_line(&b, "shard %d/%d: %zu articles rendered into %s", o->shard_index,
                 o->shard_count, result->rendered, cache_dir);
        rc = 0;
        goto out;
    }
    for (size_t i = 0; i < n_files; i++) {
        char *msg = NULL;
        b.file_index = i;
        if (pooled)
            pool_wait_for(&b, &pool, i);
        size_t had = b.current.n;
        int failed = build_article(&b, files[i], &msg) != 0;
        b.done++;
        if (b.current.n > had)
            b.audio_s += b.current.list[had].duration_s;
        show_progress(&b, n_files);
        if (!failed)
            continue;
        result->failed++;
        if (b.progress)
            fputs("\r\033[K", o->log);
        fprintf(stderr, "aloud: %s\n", msg ? msg : files[i]);
        free(msg);
        /* Its published episode, if any, stays as it was. */
        char *stem = aloud_xstrdup(files[i]);
        for (size_t k = 0; k < b.previous.n; k++) {
            const struct aloud_episode *prev = &b.previous.list[k];
            if (prev->source && strcmp(prev->source, files[i]) == 0 &&
                !episodes_find(&b.current, prev->slug) && file_exists(b.out, prev->mp3)) {
                aloud_episode_copy(episodes_add(&b.current), prev);
                log_line(&b, "content/%s: failed; its published episode stays as it was", files[i]);
            }
        }
        free(stem);
    }

    if (pooled)
        pool_close(&b, &pool);
    if (b.progress) {
        fputs("\r\033[K", o->log);
        fflush(o->log);
        b.progress = 0;
    }
    qsort(b.current.list, b.current.n, sizeof *b.current.list, by_newest);
    if ((rc = copy_artwork(&b, err)))
        goto out;
    /* lastBuildDate: the newest episode's date, so an unchanged site gives
     * the same bytes; SOURCE_DATE_EPOCH overrides, as in reproducible builds. */
    int64_t last = b.current.n ? b.current.list[0].pub_time : 0;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        last = strtoll(sde, NULL, 10);
    size_t len = 0;
    char *feed = aloud_feed_xml(b.podcast, b.current.list, b.current.n, last, &len);
    if (!feed) {
        rc = -ENOMEM;
        aloud_error_set(err, "cannot write the feed (libxml2 failed)");
        goto out;
    }
    char *feed_path = aloud_xasprintf("%s/feed.xml", b.out);
    rc = aloud_file_write_if_changed(feed_path, feed, len, NULL, err);
    free(feed_path);
    free(feed);
    if (rc)
        goto out;
    if ((rc = write_index(&b, err)))
        goto out;
    char *json = manifest_json(&b.current);
    rc = write_text(b.state, "manifest.json", json, err);
    free(json);
    if (rc)
        goto out;
    remove_stale(&b);
    rc = result->failed ? 1 : 0;
out:
    free(cache_dir);
    free(b.synthesised);
    free(b.segments);
    for (size_t i = 0; i < n_files; i++)
        free(files[i]);
    free(files);
    episodes_free(&b.previous);
    episodes_free(&b.current);
    aloud_podcast_free(b.podcast);
    free(b.content_real);
    free(b.content);
    free(b.out);
    free(b.state);
    free(own_voices);
    return rc;
}
