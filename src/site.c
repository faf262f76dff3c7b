/* The site builder: content/ in, out/ (episodes, feed, pages) out.
 *
 * Order of work, chosen so that a run killed at any moment leaves the
 * previous feed and every file it names whole:
 *   1. read podcast.ini and out/.aloud/manifest.json (what was published);
 *   2. for each article, prepare a job: extract, script, and the key of
 *      everything that shapes its audio. Workers (-j, --shard) render a
 *      job's segments into the segment cache; the publisher reuses the
 *      episode when out/ has it under that key, else renders it (from the
 *      cache, as far as it goes) under new hashed names, file by file;
 *   3. write the pages, the feed (atomically, last of the published
 *      files), the index and the manifest (publish.c);
 *   4. remove files that the previous manifest named and the new one
 *      does not.
 * An article that fails keeps its previous manifest entry, so its episode
 * stays in the feed as it was. */
#define _GNU_SOURCE
#include "aloud/site.h"

#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aloud/date.h"
#include "aloud/content.h"
#include "aloud/episode.h"
#include "aloud/fetch.h"
#include "aloud/feed.h"
#include "aloud/podcast.h"
#include "aloud/pool.h"
#include "aloud/prepare.h"
#include "aloud/publish.h"
#include "aloud/render.h"
#include "aloud/segcache.h"
#include "aloud/script.h"
#include "aloud/slug.h"
#include "aloud/source.h"
#include "aloud/util.h"
#include "aloud/voice.h"
#include "site-internal.h"

/* Slugs an episode's page must not take: they name the site's own files. */
static const char *const reserved_slugs[] = {"index", "feed", "page", "embed", "oembed"};

/* The progress line on a terminal, under the per-article lines. */
struct progress {
    FILE *log;      /* NULL: not shown */
    size_t done;    /* articles built */
    double audio_s; /* audio of the episodes built */
    struct timespec start;
};

/* A build going on: what was published, what is being published. */
struct build {
    const struct site *site;
    struct episodes_pair {
        struct aloud_episodes previous; /* from the manifest */
        struct aloud_episodes current;  /* for the new manifest */
    } eps;
    struct aloud_site_result *result;
    struct progress progress;
    struct timespec started; /* CLOCK_REALTIME_COARSE, as file times */
    size_t shares;           /* workers that share an article (-j) */
    /* Articles that must be read (not published again unread), in order:
     * the workers' items. todo_of[i]: article i's place there, or -1. */
    size_t *todo, n_todo, *todo_of;
    char *unread; /* per article: 1 when it is published again unread */
};

/* Builds whose cache entries are kept (this one and two before, so an
 * undo of the last edits renders nothing), and how long entries of a
 * cache given with --cache (maybe shared by machines) are kept at least. */
#define CACHE_BUILDS 3
#define SHARED_CACHE_GRACE_S 3600

/* One article, prepared: what the worker (render into the cache) and the
 * publisher (assemble, write) each consume. */
struct job {
    const char *file;  /* relative to content/, borrowed */
    char *display;     /* content/FILE, for messages */
    struct aloud_article *article;
    struct aloud_prepared prepared; /* its voices and script */
    char *author;      /* the authors joined */
    char *cover;       /* the artwork's path, for the MP3 */
    struct aloud_episode_tags tags; /* borrows the above */
    struct aloud_episode e;         /* the episode it becomes */
    const struct aloud_episode *prev; /* the slug's published episode */
};

static void job_free(struct job *j)
{
    free(j->display);
    aloud_article_free(j->article);
    aloud_prepared_clear(&j->prepared);
    free(j->author);
    free(j->cover);
    aloud_episode_clear(&j->e);
    memset(j, 0, sizeof *j);
}

/* --- Messages ------------------------------------------------------------------ */

static void log_line(const struct build *b, const char *fmt, ...) ALOUD_PRINTF(2, 3);
static void log_line(const struct build *b, const char *fmt, ...)
{
    FILE *log = b->site->o->log;
    if (!log)
        return;
    if (b->progress.log)
        fputs("\r\033[K", log); /* the progress line gives way */
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log, fmt, ap);
    va_end(ap);
    fputc('\n', log);
    fflush(log);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Articles done, minutes of audio built, and the time left at the pace so
 * far. */
static void show_progress(const struct progress *p, size_t n_files)
{
    if (!p->log)
        return;
    double spent = seconds_since(&p->start);
    double left = p->done ? spent / (double)p->done * (double)(n_files - p->done) : 0;
    fprintf(p->log, "\r\033[K%zu of %zu articles, %.1f min of audio, about %.0f s left", p->done,
            n_files, p->audio_s / 60, left);
    fflush(p->log);
}

static void end_progress(struct progress *p)
{
    if (!p->log)
        return;
    fputs("\r\033[K", p->log);
    fflush(p->log);
    p->log = NULL;
}

/* --- Preparing an article ---------------------------------------------------------- */

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

/* The slug: the front matter's, else the one the article's place gives
 * (content.h); one that names the site's own files gets "-article". */
static char *slug_of(const struct aloud_article *a, const struct aloud_content_item *item)
{
    char *slug = a->slug ? aloud_slugify(a->slug) : NULL;
    if (!slug)
        slug = aloud_xstrdup(item->slug);
    for (size_t i = 0; i < sizeof reserved_slugs / sizeof *reserved_slugs; i++)
        if (strcmp(slug, reserved_slugs[i]) == 0) {
            char *other = aloud_xasprintf("%s-article", slug);
            free(slug);
            return other;
        }
    return slug;
}

/* What the place and the fetch say of an article: a Jekyll post's date
 * when the front matter gives none, and a fetched page's URL, which wins
 * over the page's canonical link. */
static void take_place(const struct site *s, const struct aloud_content_item *item,
                       struct aloud_article *a)
{
    if (!a->date && item->date)
        aloud_article_set(&a->date, item->date);
    size_t k;
    if (aloud_strmap_get(&s->fetched_by_file, item->file, &k))
        aloud_article_set(&a->url, s->fetched[k].url);
}

/* The episode's publication time: its date, else the time it was first
 * published, else now. A date that cannot be read is said, not hidden. */
static int64_t pub_time_of(struct build *b, const struct job *j)
{
    int64_t t;
    const char *date = j->article->date;
    if (date && aloud_date_time(date, &t) == 0)
        return t;
    if (date)
        log_line(b, "%s: date '%s' cannot be read as a publication date; the episode is dated %s",
                 j->display, date, j->prev ? "as first published" : "by this build");
    return j->prev ? j->prev->pub_time : (int64_t)time(NULL);
}

/* The episode the article becomes: its record, named by its key. */
static void describe_episode(struct build *b, struct job *j, const char *slug,
                             const char *key)
{
    const struct aloud_article *a = j->article;
    struct aloud_episode *e = &j->e;
    e->slug = aloud_xstrdup(slug);
    e->source = aloud_xstrdup(j->file);
    e->title = aloud_xstrdup(a->title);
    e->description = a->description ? aloud_xstrdup(a->description) : summary_of(a);
    e->author = aloud_xstrdup(j->author);
    e->date = aloud_xstrdup(a->date);
    e->link = aloud_xstrdup(a->url);
    e->language = aloud_xstrdup(a->language ? a->language : j->prepared.voices.primary->language);
    e->key = aloud_xstrdup(key);
    e->env = aloud_xstrdup(b->site->env);
    char *path = aloud_xasprintf("%s/%s", b->site->content, j->file);
    e->source_hash = site_file_hash(path);
    free(path);
    aloud_episode_name_files(e, key);
    if (!b->site->publish.masters) {
        free(e->wav); /* [audio] masters = none */
        e->wav = NULL;
    }
    if (j->prev) {
        e->guid = aloud_xstrdup(j->prev->guid);
    } else {
        char guid[37];
        aloud_uuid5(b->site->podcast->guid, slug, guid);
        e->guid = aloud_xstrdup(guid);
    }
    e->pub_time = pub_time_of(b, j);
    e->season = a->season;
    e->episode = a->episode;
    e->explicit_content = a->explicit_content;
}

/* Extracts article i, scripts it and describes its episode. Returns 0,
 * SKIPPED for a draft or an article with audio: false (*err says which),
 * or -errno with *err naming the file. */
#define SKIPPED 1
static int prepare(struct build *b, size_t i, struct job *j, char **err)
{
    const struct site *s = b->site;
    const struct aloud_content_item *item = &s->items[i];
    const char *file = item->file;
    memset(j, 0, sizeof *j);
    j->file = file;
    char *path = aloud_xasprintf("%s/%s", s->content, file);
    j->display = aloud_xstrdup(path);
    char *slug = NULL, *key = NULL;
    int rc;
    if ((rc = site_check_inside(s, path, j->display, err)) ||
        (rc = aloud_source_load(path, ALOUD_SOURCE_AUTO, &j->article, err)))
        goto out;
    if (j->article->draft || j->article->no_audio) {
        aloud_error_set(err, "%s: %s", j->display,
                        j->article->draft ? "a draft; not published" : "audio: false; no episode");
        rc = SKIPPED;
        goto out;
    }
    take_place(s, item, j->article);
    slug = slug_of(j->article, item);
    const struct aloud_episode *same = aloud_episodes_find(&b->eps.current, slug);
    if (same) {
        rc = -EEXIST;
        aloud_error_set(err, "%s: slug '%s' is already used by content/%s", j->display, slug,
                        same->source);
        goto out;
    }
    if (!j->article->title) {
        rc = -EINVAL;
        aloud_error_set(err, "%s: no title found (add one: front matter title, or <h1>)",
                        j->display);
        goto out;
    }
    if ((rc = aloud_prepare(j->article, s->voices, NULL, s->podcast->voice, &j->prepared, err))) {
        if (rc != -EINVAL) {
            /* The script stage does not know the file; name it here. */
            char *msg = aloud_xasprintf("%s: %s", j->display, *err ? *err : "no script");
            free(*err);
            *err = msg;
        }
        goto out;
    }
    const struct aloud_voice *voice = j->prepared.voices.primary;
    j->author = aloud_article_authors(j->article, voice->announce.and_word);
    j->cover = aloud_publish_artwork_path(&s->publish);
    j->tags = (struct aloud_episode_tags){.title = j->article->title,
                                          .author = j->author ? j->author : s->podcast->author,
                                          .podcast = s->podcast->title,
                                          .date = j->article->date,
                                          .description = j->article->description,
                                          .cover_path = j->cover};
    key = aloud_render_episode_key(j->prepared.script, &j->prepared.voices, &s->podcast->audio,
                                   &j->tags);
    j->prev = aloud_episodes_find(&b->eps.previous, slug);
    describe_episode(b, j, slug, key);
out:
    free(key);
    free(slug);
    free(path);
    return rc;
}

/* --- The worker: render into the cache ----------------------------------------------- */

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

/* In a worker process (-j, --shard): its share of an article's segments
 * into the segment cache, nothing else; the build proper assembles the
 * episode from it. Each article is shared by b->shares workers (segment k,
 * k + shares, ... for share k), so one long article keeps every core busy
 * as well as many short ones. Reports the segments it synthesised and,
 * from share 0, the segments there are. */
static int work(void *ctx, size_t item, size_t report[2])
{
    struct build *b = ctx;
    const struct site *s = b->site;
    struct job j;
    char *err = NULL;
    size_t i = b->todo[item / b->shares];
    int rc = prepare(b, i, &j, &err);
    if (!rc && shard_mine(s->o, j.e.slug) && !aloud_publish_reuse(&s->publish, j.prev, &j.e)) {
        struct aloud_render_stats st = {0};
        struct aloud_render_options ro = {.settings = &s->podcast->audio,
                                          .cache_dir = s->cache_dir,
                                          .stats = &st,
                                          .share = item % b->shares,
                                          .shares = b->shares};
        rc = aloud_render_prerender(j.prepared.script, &j.prepared.voices, &ro, j.display, &err);
        report[0] = st.synthesised;
        report[1] = item % b->shares == 0 ? j.prepared.script->n : 0;
    } else if (!rc) {
        rc = 1; /* nothing rendered: no report */
    }
    free(err); /* the build proper reports it, when it builds the article */
    job_free(&j);
    return rc;
}

/* --- The publisher: assemble and write ------------------------------------------------ */

/* Renders the job's episode into out/ under its hashed names. */
static int render_episode(const struct build *b, struct job *j, struct aloud_render_stats *st,
                          char **err)
{
    const struct site *s = b->site;
    char *mp3 = aloud_xasprintf("%s/%s", s->out, j->e.mp3);
    const char *masters = s->publish.masters;
    char *wav = masters ? aloud_xasprintf("%s/%s", masters, j->e.wav) : NULL;
    int rc;
    if (masters && (rc = aloud_make_dir(masters, err))) {
        free(mp3);
        free(wav);
        return rc;
    }
    /* The new files take the pages the old ones held. */
    aloud_publish_release(&s->publish, j->prev);
    struct aloud_timeline *t = NULL;
    char *wav_spare = aloud_publish_spare(&s->publish, ".wav");
    char *mp3_spare = aloud_publish_spare(&s->publish, ".mp3");
    struct aloud_render_options ro = {.settings = &s->podcast->audio,
                                      .cache_dir = s->cache_dir,
                                      .stats = st,
                                      .wav_spare = wav_spare,
                                      .mp3_spare = mp3_spare};
    rc = aloud_render_episode(j->prepared.script, &j->prepared.voices, &ro, &j->tags, j->display,
                              wav, mp3, &t, err);
    char *keys = aloud_render_segment_keys(j->prepared.script, &j->prepared.voices,
                                           &s->podcast->audio);
    if (!rc)
        rc = aloud_publish_episode_files(&s->publish, &j->e, t, keys, err);
    free(keys);
    aloud_timeline_free(t);
    free(wav_spare);
    free(mp3_spare);
    free(mp3);
    free(wav);
    return rc;
}

/* Marks the cache entries of a list of keys (one a line) used. */
static void keep_keys(const char *cache_dir, const char *keys)
{
    for (const char *p = keys; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len == 64) {
            char key[65];
            memcpy(key, p, 64);
            key[64] = '\0';
            aloud_segcache_keep(cache_dir, key);
        }
        p = nl ? nl + 1 : p + len;
    }
}

/* The job's episode into out/ and the new manifest: reused when out/ has
 * it, else rendered. worker, when not NULL, is what a worker reported of
 * rendering its segments. */
static int publish(struct build *b, struct job *j, const size_t *worker, char **err)
{
    const struct site *s = b->site;
    int rc;
    if (aloud_publish_reuse(&s->publish, j->prev, &j->e)) {
        if ((rc = aloud_publish_books(&s->publish, &j->e, err)))
            return rc;
        b->result->unchanged++;
        log_line(b, "%s: unchanged", j->display);
        /* Its segments stay in the cache for the next edit. */
        char *keys = aloud_render_segment_keys(j->prepared.script, &j->prepared.voices,
                                               &s->podcast->audio);
        keep_keys(s->cache_dir, keys);
        free(keys);
    } else {
        struct aloud_render_stats st = {0};
        if ((rc = render_episode(b, j, &st, err)))
            return rc;
        b->result->rendered++;
        if (worker) {
            /* A worker rendered it: its count is the one that tells. */
            st.synthesised = worker[0];
            st.segments = worker[1];
        }
        if (j->prev)
            log_line(b, "%s: updated: %zu of %zu segments re-synthesised (%s, %.0f s)",
                     j->display, st.synthesised, st.segments, j->e.mp3, j->e.duration_s);
        else
            log_line(b, "%s: new (%s, %.0f s)", j->display, j->e.mp3, j->e.duration_s);
    }
    if ((rc = aloud_publish_page(&s->publish, &j->e, err)))
        return rc;
    *aloud_episodes_add(&b->eps.current) = j->e;
    memset(&j->e, 0, sizeof j->e); /* the list has it now */
    return 0;
}

/* Builds article i into the new manifest. Returns 0 or -errno with *err. */
static int build_article(struct build *b, size_t i, const size_t *worker, char **err)
{
    struct job j;
    int rc = prepare(b, i, &j, err);
    if (!rc)
        rc = publish(b, &j, worker, err);
    job_free(&j);
    return rc;
}

/* An article that failed: its published episode, if any, stays as it was. */
static void keep_published(struct build *b, const char *file)
{
    const struct aloud_episode *e = aloud_episodes_find_source(&b->eps.previous, file);
    if (!e || aloud_episodes_find(&b->eps.current, e->slug))
        return;
    char *mp3 = aloud_xasprintf("%s/%s", b->site->out, e->mp3);
    int there = access(mp3, F_OK) == 0;
    free(mp3);
    if (!there)
        return;
    struct aloud_episode *kept = aloud_episodes_add(&b->eps.current);
    aloud_episode_copy(kept, e);
    /* Its pages and player again, as they were, in case the failed
     * version got as far as writing some of them. */
    aloud_publish_page(&b->site->publish, kept, NULL);
    log_line(b, "content/%s: failed; its published episode stays as it was", file);
}

/* An article whose bytes, and all else that shapes its episode (the
 * environment key), are as they were when its episode was published: the
 * episode is published again as the manifest describes it, without reading
 * the article, after a stat of its files. Returns 1 when it was. */
static int unread_reusable(struct build *b, size_t i)
{
    const struct site *s = b->site;
    const char *file = s->items[i].file;
    const struct aloud_episode *prev = aloud_episodes_find_source(&b->eps.previous, file);
    if (!prev || !prev->source_hash || !prev->env || strcmp(prev->env, s->env) != 0)
        return 0;
    char *path = aloud_xasprintf("%s/%s", s->content, file);
    char *hash = NULL;
    char *ignored = NULL;
    int same = site_check_inside(s, path, path, &ignored) == 0 && (hash = site_file_hash(path)) &&
               strcmp(hash, prev->source_hash) == 0 && aloud_publish_in_place(&s->publish, prev);
    free(ignored);
    free(hash);
    free(path);
    return same;
}

/* Publishes article i's episode again from the manifest (unread_reusable
 * said it can be). Returns 0, or -EEXIST when another article took its
 * slug first (then it is built as any changed article is). */
static int reuse_unread(struct build *b, size_t i)
{
    const struct site *s = b->site;
    const char *file = s->items[i].file;
    const struct aloud_episode *prev = aloud_episodes_find_source(&b->eps.previous, file);
    if (aloud_episodes_find(&b->eps.current, prev->slug))
        return -EEXIST;
    struct aloud_episode *e = aloud_episodes_add(&b->eps.current);
    aloud_episode_copy(e, prev);
    char *keys = aloud_publish_read_keys(&s->publish, e);
    keep_keys(s->cache_dir, keys);
    free(keys);
    b->result->unchanged++;
    log_line(b, "%s/%s: unchanged", s->content, file);
    return 0;
}

/* --- The whole site ---------------------------------------------------------------- */

/* out/, out/.aloud/, the cache, and what was published. */
static int open_out(struct build *b, char **err)
{
    const struct site *s = b->site;
    int rc;
    if ((rc = aloud_make_dir(s->out, err)) || (rc = aloud_make_dir(s->state, err)) ||
        (rc = aloud_make_dir(s->cache_dir, err)))
        return rc;
    char *manifest = aloud_xasprintf("%s/manifest.json", s->state);
    aloud_manifest_load(manifest, &b->eps.previous);
    free(manifest);
    /* Temporary files of a run that was killed (a minute old, so a run going
     * on at the same time keeps its own). */
    aloud_atomic_sweep(s->out, 60);
    aloud_atomic_sweep(s->state, 60);
    return 0;
}

/* --shard K/N: this shard's share of the articles into the cache, by the
 * workers; --assemble writes out/ later. */
/* Waits for article i's workers. Returns 1 with what they reported added
 * up when all of them rendered their share, else 0 (then the build proper
 * renders what is missing). */
static int wait_article(const struct build *b, struct aloud_pool *pool, size_t i,
                        size_t report[2])
{
    int all = pool != NULL && b->todo_of[i] != (size_t)-1;
    report[0] = report[1] = 0;
    for (size_t k = 0; all && k < b->shares; k++) {
        size_t part[2];
        if (aloud_pool_wait_for(pool, b->todo_of[i] * b->shares + k, part)) {
            report[0] += part[0];
            report[1] += part[1];
        } else {
            all = 0;
        }
    }
    return all;
}

static int build_shard(struct build *b, struct aloud_pool *pool)
{
    const struct site *s = b->site;
    for (size_t i = 0; i < s->n_items; i++) {
        size_t report[2];
        if (wait_article(b, pool, i, report))
            b->result->rendered++;
    }
    log_line(b, "shard %d/%d: %zu articles rendered into %s", s->o->shard_index,
             s->o->shard_count, b->result->rendered, s->cache_dir);
    return 0;
}

static int by_newest(const struct aloud_episode *a, const struct aloud_episode *b)
{
    if (a->pub_time != b->pub_time)
        return a->pub_time > b->pub_time ? -1 : 1;
    return strcmp(a->slug, b->slug);
}

/* Every article, in order, each as soon as its worker (if any) is done;
 * then the site's files. */
static int build_all(struct build *b, struct aloud_pool *pool, char **err)
{
    const struct site *s = b->site;
    for (size_t i = 0; i < s->n_items; i++) {
        size_t report[2];
        int worked = wait_article(b, pool, i, report);
        char *msg = NULL;
        size_t had = b->eps.current.n;
        int rc = b->unread[i] && reuse_unread(b, i) == 0
                     ? 0
                     : build_article(b, i, worked ? report : NULL, &msg);
        b->progress.done++;
        if (b->eps.current.n > had)
            b->progress.audio_s += b->eps.current.list[had].duration_s;
        show_progress(&b->progress, s->n_items);
        if (rc == SKIPPED) {
            b->result->skipped++;
            log_line(b, "%s", msg);
        } else if (rc) {
            b->result->failed++;
            if (b->progress.log)
                fputs("\r\033[K", b->progress.log);
            fprintf(stderr, "aloud: %s\n", msg ? msg : s->items[i].file);
            keep_published(b, s->items[i].file);
        }
        free(msg);
    }
    end_progress(&b->progress);
    struct aloud_episodes *cur = &b->eps.current;
    aloud_episodes_sort(cur, by_newest);
    int rc = aloud_publish_site(&s->publish, cur, err);
    if (rc)
        return rc;
    aloud_publish_remove_stale(&s->publish, &b->eps.previous, cur);
    /* The cache keeps what the last CACHE_BUILDS builds used; one shared by
     * machines (--cache) also what any of them used in the last hour. */
    uint64_t bytes = 0;
    size_t removed = aloud_segcache_prune(s->cache_dir, &b->started, CACHE_BUILDS,
                                          s->o->cache_dir ? SHARED_CACHE_GRACE_S : 0, &bytes);
    if (removed)
        log_line(b, "cache: %zu unused entries removed (%.1f MB)", removed,
                 (double)bytes / 1e6);
    return b->result->failed ? 1 : 0;
}

int aloud_site_build(const struct aloud_site_options *o, struct aloud_site_result *result,
                     char **err)
{
    memset(result, 0, sizeof *result);
    struct site s;
    struct build b = {.site = &s, .result = result};
    clock_gettime(CLOCK_REALTIME_COARSE, &b.started);
    struct aloud_pool *pool = NULL;
    int rc = site_open(&s, o, err);
    if (rc)
        goto out;
    result->articles = s.n_items;
    if ((rc = open_out(&b, err)))
        goto out;
    if (o->log && isatty(fileno(o->log)))
        b.progress.log = o->log;
    clock_gettime(CLOCK_MONOTONIC, &b.progress.start);
    /* Workers render into the cache ahead of the build proper; a shard's
     * work is theirs alone. */
    size_t jobs = (size_t)(o->jobs > 0 ? o->jobs : 1);
    b.shares = jobs;
    /* What must be read: workers are started for those articles only (a
     * stat and a hash tell the others). */
    b.todo = aloud_xcalloc(s.n_items + 1, sizeof *b.todo);
    b.todo_of = aloud_xcalloc(s.n_items + 1, sizeof *b.todo_of);
    b.unread = aloud_xcalloc(s.n_items + 1, 1);
    for (size_t i = 0; i < s.n_items; i++) {
        b.unread[i] = (char)(o->shard_count <= 1 && unread_reusable(&b, i));
        b.todo_of[i] = b.unread[i] ? (size_t)-1 : b.n_todo;
        if (!b.unread[i])
            b.todo[b.n_todo++] = i;
    }
    if ((o->jobs > 1 || o->shard_count > 1) && b.n_todo)
        aloud_pool_open(jobs, b.n_todo * b.shares, work, &b, &pool);
    if (o->shard_count > 1)
        rc = build_shard(&b, pool);
    else
        rc = build_all(&b, pool, err);
out:
    aloud_pool_close(pool);
    free(b.todo);
    free(b.todo_of);
    free(b.unread);
    aloud_episodes_free(&b.eps.previous);
    aloud_episodes_free(&b.eps.current);
    site_close(&s);
    return rc;
}
