/* Publishing into out/ (publish.h): the files an episode has besides its
 * audio, the pages, the feed, the manifest, and old files' removal. */
#define _GNU_SOURCE
#include "aloud/publish.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aloud/book.h"
#include "aloud/embed.h"
#include "aloud/feed.h"
#include "aloud/pages.h"
#include "aloud/source.h"
#include "aloud/transcript.h"
#include "aloud/util.h"

#define TIMELINE_MAX_BYTES (64u * 1024 * 1024)

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

/* --- The embeddable player (embed.h) ------------------------------------------- */

/* out/embed/SLUG.html and out/oembed/SLUG.json: by the slug, so that
 * the code a publisher pasted keeps working across edits. */
static char *embed_path(const struct aloud_publish *p, const char *dir, const char *slug)
{
    return aloud_xasprintf("%s/%s/%s.%s", p->out, dir, slug,
                           strcmp(dir, "embed") == 0 ? "html" : "json");
}

static int embed_in_place(const struct aloud_publish *p, const struct aloud_episode *e)
{
    int ok = 1;
    for (size_t i = 0; i < 2 && ok; i++) {
        char *path = embed_path(p, i ? "oembed" : "embed", e->slug);
        ok = access(path, F_OK) == 0;
        free(path);
    }
    return ok;
}

/* The player's oEmbed answer, then the player: the episode page, which
 * names both, is written after them. */
static int write_embed(const struct aloud_publish *p, const struct aloud_embed *v, char **err)
{
    if (!aloud_episode_safe_name(v->slug)) {
        aloud_error_set(err, "%s: not a file name for the player", v->slug);
        return -EINVAL;
    }
    int rc = 0;
    for (size_t i = 0; i < 2 && !rc; i++) {
        const char *dir = i ? "embed" : "oembed";
        char *d = aloud_xasprintf("%s/%s", p->out, dir), *path = embed_path(p, dir, v->slug);
        rc = aloud_make_dir(d, err);
        if (!rc)
            rc = i ? aloud_embed_write_page(path, v, err) : aloud_embed_write_oembed(path, v, err);
        free(path);
        free(d);
    }
    return rc;
}

/* Removes the players of slugs no longer published (embed/ and oembed/
 * are aloud's own: a player whose episode is gone, even one a killed run
 * wrote for an article never published, goes), and temporary files of a
 * killed run. */
static void remove_stale_embeds(const struct aloud_publish *p, struct aloud_episodes *current)
{
    for (size_t d = 0; d < 2; d++) {
        const char *ext = d ? ".json" : ".html";
        char *path = aloud_xasprintf("%s/%s", p->out, d ? "oembed" : "embed");
        DIR *dir = opendir(path);
        struct dirent *de;
        while (dir && (de = readdir(dir))) {
            size_t n = strlen(de->d_name);
            if (de->d_name[0] == '.' || n <= 5 || strcmp(de->d_name + n - 5, ext) != 0)
                continue;
            char *slug = aloud_xstrndup(de->d_name, n - 5);
            if (!aloud_episodes_find(current, slug)) {
                char *file = aloud_xasprintf("%s/%s", path, de->d_name);
                unlink(file);
                free(file);
            }
            free(slug);
        }
        if (dir)
            closedir(dir);
        aloud_atomic_sweep(path, 60);
        free(path);
    }
}

/* --- Artwork ----------------------------------------------------------------- */

int aloud_publish_check_artwork(const struct aloud_publish *p, char **err)
{
    const char *art = p->podcast->artwork;
    if (!art || strstr(art, "://"))
        return 0;
    char *path = aloud_xasprintf("%s/%s", p->content, art);
    char *real = realpath(path, NULL);
    size_t n = strlen(p->content_real);
    struct stat st;
    int rc = 0;
    if (!real || stat(real, &st) != 0 || !S_ISREG(st.st_mode) || access(real, R_OK) != 0) {
        aloud_error_set(err, "%s: artwork: %s is not a readable file", p->podcast->path, path);
        rc = -EINVAL;
    } else if (strncmp(real, p->content_real, n) != 0 || real[n] != '/') {
        aloud_error_set(err, "%s: artwork: %s is a symbolic link to a file outside content/",
                        p->podcast->path, path);
        rc = -EINVAL;
    }
    free(real);
    free(path);
    return rc;
}

char *aloud_publish_artwork_path(const struct aloud_publish *p)
{
    const char *art = p->podcast->artwork;
    if (!art || strstr(art, "://"))
        return NULL;
    char *path = aloud_xasprintf("%s/%s", p->content, art);
    if (access(path, R_OK) != 0) {
        free(path);
        return NULL;
    }
    return path;
}

/* The artwork's name in out/ (its base name), or the URL. */
static const char *artwork_src(const struct aloud_podcast *podcast)
{
    const char *art = podcast->artwork;
    const char *slash = art ? strrchr(art, '/') : NULL;
    return art && strstr(art, "://") ? art : slash ? slash + 1 : art;
}

static int copy_artwork(const struct aloud_publish *p, char **err)
{
    char *src = aloud_publish_artwork_path(p);
    if (!src)
        return 0;
    char *data = NULL;
    size_t len = 0;
    int rc = aloud_file_read(src, ALOUD_SOURCE_MAX_BYTES, &data, &len, err);
    if (!rc) {
        char *dst = aloud_xasprintf("%s/%s", p->out, artwork_src(p->podcast));
        rc = aloud_file_write_if_changed(dst, data, len, NULL, err);
        free(dst);
    }
    free(data);
    free(src);
    return rc;
}

/* --- An episode's files ------------------------------------------------------- */

double aloud_publish_duration(const struct aloud_timeline *t)
{
    /* Whole milliseconds: a number the manifest's "%.3f" keeps exactly, so
     * a duration read back from it rounds to the same itunes:duration as
     * the one just rendered. */
    if (!t->sample_rate)
        return 0;
    uint64_t ms = (t->n_samples * 1000 + t->sample_rate / 2) / t->sample_rate;
    return (double)ms / 1000.0;
}

static struct aloud_timeline *read_timeline(const struct aloud_publish *p, const char *name)
{
    struct aloud_timeline *t = NULL;
    if (!name)
        return NULL;
    char *path = aloud_xasprintf("%s/%s", p->state, name);
    char *json = NULL;
    size_t len = 0;
    if (aloud_file_read(path, TIMELINE_MAX_BYTES, &json, &len, NULL) == 0)
        aloud_timeline_from_json(json, &t);
    free(json);
    free(path);
    return t;
}

/* --- Talking books ---------------------------------------------------------- */

/* "SLUG.KEY8.ext" beside e's MP3 ("SLUG.KEY8.mp3"). */
static char *book_name(const struct aloud_episode *e, const char *ext)
{
    size_t n = strlen(e->mp3) - strlen(".mp3");
    return aloud_xasprintf("%.*s%s", (int)n, e->mp3, ext);
}

static char **book_field(struct aloud_episode *e, enum aloud_book_format format)
{
    return format == ALOUD_BOOK_EPUB3 ? &e->epub : &e->daisy;
}

static int write_book(const struct aloud_publish *p, struct aloud_episode *e,
                      const struct aloud_timeline *t, const struct aloud_book_writer *w,
                      char **err)
{
    char *mp3 = aloud_xasprintf("%s/%s", p->out, e->mp3);
    char *cover = aloud_publish_artwork_path(p);
    char *path = aloud_xasprintf("%s/%s", p->out, *book_field(e, w->format));
    /* The episode's date, not the clock's: the same episode gives the
     * same bytes. */
    struct aloud_book book = {.title = e->title,
                              .author = e->author,
                              .publisher = p->podcast->title,
                              .date = e->date,
                              .language = e->language ? e->language : p->podcast->language,
                              .identifier = e->guid,
                              .mp3_path = mp3,
                              .cover_path = cover,
                              .modified = e->pub_time,
                              .timeline = t};
    int rc = w->write(path, &book, err);
    free(path);
    free(cover);
    free(mp3);
    return rc;
}

/* Names e's talking books as [talking_books] asks, and writes those that
 * are not in out/ (all of them when fresh, after a render). */
static int publish_books(const struct aloud_publish *p, struct aloud_episode *e,
                         const struct aloud_timeline *t, int fresh, char **err)
{
    for (const struct aloud_book_writer *w = aloud_book_writers; w->name; w++) {
        char **name = book_field(e, w->format);
        free(*name);
        *name = NULL;
        if (!(p->podcast->book_formats & w->format))
            continue;
        *name = book_name(e, w->ext);
        int rc = fresh || !file_exists(p->out, *name) ? write_book(p, e, t, w, err) : 0;
        if (rc)
            return rc;
    }
    return 0;
}

int aloud_publish_books(const struct aloud_publish *p, struct aloud_episode *e, char **err)
{
    if (!p->podcast->book_formats) {
        publish_books(p, e, NULL, 0, err); /* names none */
        return 0;
    }
    struct aloud_timeline *t = read_timeline(p, e->timeline);
    if (!t) {
        aloud_error_set(err, "%s/%s: cannot read the episode's timeline", p->state,
                        e->timeline ? e->timeline : "(none)");
        return -EIO;
    }
    int rc = publish_books(p, e, t, 0, err);
    aloud_timeline_free(t);
    return rc;
}

/* e's master where masters go now: 1 when it is there (moved there from
 * where an earlier build kept it, if need be) or when there are none. */
static int master_in_place(const struct aloud_publish *p, const struct aloud_episode *e)
{
    if (!p->masters)
        return 1;
    if (!e->wav)
        return 0;
    if (file_exists(p->masters, e->wav))
        return 1;
    const char *before[] = {p->out, p->masters_apart};
    for (size_t i = 0; i < 2; i++) {
        if (!before[i] || strcmp(before[i], p->masters) == 0 || !file_exists(before[i], e->wav))
            continue;
        char *from = aloud_xasprintf("%s/%s", before[i], e->wav);
        char *to = aloud_xasprintf("%s/%s", p->masters, e->wav);
        int moved = aloud_make_dir(p->masters, NULL) == 0 && rename(from, to) == 0;
        free(from);
        free(to);
        if (moved)
            return 1;
    }
    return 0;
}

char *aloud_publish_spare(const struct aloud_publish *p, const char *ext)
{
    /* A master's beside the masters, when they are apart from out/. */
    if (strcmp(ext, ".wav") == 0 && p->masters && strcmp(p->masters, p->out) != 0)
        return aloud_xasprintf("%s/.spare.wav", p->masters);
    return aloud_xasprintf("%s/spare%s", p->state, ext);
}

void aloud_publish_release(const struct aloud_publish *p, const struct aloud_episode *prev)
{
    if (!prev)
        return;
    const char *dirs[] = {p->out, p->masters, p->masters_apart};
    const char *names[] = {prev->mp3, prev->wav, prev->wav};
    for (size_t i = 0; i < 3; i++) {
        if (!dirs[i] || !names[i] || !aloud_episode_safe_name(names[i]))
            continue;
        /* A spare to write over needs no pages freed: its own serve (and
         * the old file, kept cached, becomes the next spare). */
        char *spare = aloud_publish_spare(p, i ? ".wav" : ".mp3");
        int have_spare = access(spare, F_OK) == 0;
        free(spare);
        if (have_spare)
            continue;
        char *path = aloud_xasprintf("%s/%s", dirs[i], names[i]);
        aloud_file_release_cache(path);
        free(path);
    }
}

int aloud_publish_reuse(const struct aloud_publish *p, const struct aloud_episode *prev,
                        struct aloud_episode *e)
{
    if (!prev || !prev->key || strcmp(prev->key, e->key) != 0)
        return 0;
    if (!file_exists(p->out, e->mp3) || !master_in_place(p, e) ||
        !file_exists(p->out, e->vtt) || !file_exists(p->out, e->chapters) ||
        !file_exists(p->state, e->timeline))
        return 0;
    char *mp3 = aloud_xasprintf("%s/%s", p->out, e->mp3);
    struct aloud_timeline *t = read_timeline(p, e->timeline);
    struct stat st;
    int ok = t && stat(mp3, &st) == 0;
    if (ok) {
        e->mp3_bytes = st.st_size;
        e->duration_s = aloud_publish_duration(t);
    }
    aloud_timeline_free(t);
    free(mp3);
    return ok;
}

int aloud_publish_in_place(const struct aloud_publish *p, const struct aloud_episode *e)
{
    char *mp3 = aloud_xasprintf("%s/%s", p->out, e->mp3 ? e->mp3 : "");
    struct stat st;
    int ok = e->mp3 && stat(mp3, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == e->mp3_bytes &&
             file_exists(p->out, e->vtt) && file_exists(p->out, e->chapters) &&
             file_exists(p->out, e->page) && file_exists(p->state, e->timeline) &&
             embed_in_place(p, e) && e->duration_s > 0 && master_in_place(p, e) &&
             (!e->epub || file_exists(p->out, e->epub)) &&
             (!e->daisy || file_exists(p->out, e->daisy));
    free(mp3);
    return ok;
}

char *aloud_publish_read_keys(const struct aloud_publish *p, const struct aloud_episode *e)
{
    if (!e->keys)
        return NULL;
    char *path = aloud_xasprintf("%s/%s", p->state, e->keys);
    char *data = NULL;
    size_t len = 0;
    if (aloud_file_read(path, TIMELINE_MAX_BYTES, &data, &len, NULL) != 0)
        data = NULL;
    free(path);
    return data;
}

int aloud_publish_episode_files(const struct aloud_publish *p, struct aloud_episode *e,
                                const struct aloud_timeline *t, const char *keys, char **err)
{
    char *mp3 = aloud_xasprintf("%s/%s", p->out, e->mp3);
    struct stat st;
    int rc = 0;
    if (stat(mp3, &st) != 0) {
        rc = -errno;
        aloud_error_set(err, "%s: %s", mp3, strerror(errno));
    }
    free(mp3);
    if (rc)
        return rc;
    e->mp3_bytes = st.st_size;
    e->duration_s = aloud_publish_duration(t);
    char *vtt = aloud_vtt_from_timeline(t);
    rc = write_text(p->out, e->vtt, vtt, err);
    free(vtt);
    if (rc)
        return rc;
    char *chapters = aloud_chapters_json(t, e->title);
    rc = write_text(p->out, e->chapters, chapters, err);
    free(chapters);
    if (rc)
        return rc;
    if (e->keys && keys && (rc = write_text(p->state, e->keys, keys, err)))
        return rc;
    if ((rc = publish_books(p, e, t, 1, err)))
        return rc;
    /* Last: its presence says the others are whole. */
    char *json = aloud_timeline_to_json(t);
    rc = write_text(p->state, e->timeline, json, err);
    free(json);
    return rc;
}

/* --- Pages ------------------------------------------------------------------- */

static struct aloud_page_show page_show(const struct aloud_podcast *podcast, const char *feed_url)
{
    return (struct aloud_page_show){.title = podcast->title,
                                    .description = podcast->description,
                                    .language = podcast->language,
                                    .feed_url = feed_url,
                                    .feed_href = "feed.xml",
                                    .artwork_src = artwork_src(podcast),
                                    .link = podcast->link};
}

static struct aloud_embed embed_view(const struct aloud_publish *p, const struct aloud_episode *e,
                                     const struct aloud_timeline *t)
{
    return (struct aloud_embed){.title = e->title,
                                .author = e->author ? e->author : p->podcast->author,
                                .language = e->language,
                                .show_title = p->podcast->title,
                                .base_url = p->podcast->base_url,
                                .slug = e->slug,
                                .mp3 = e->mp3,
                                .page = e->page,
                                .duration_s = e->duration_s,
                                .timeline = t};
}

/* e's listening page, with the code that embeds its player v. */
static int write_page(const struct aloud_publish *p, const struct aloud_episode *e,
                      const struct aloud_embed *v, char **err)
{
    char *feed_url = aloud_podcast_feed_url(p->podcast);
    struct aloud_page_show show = page_show(p->podcast, feed_url);
    show.artwork_src = NULL; /* the episode page shows no artwork */
    char *code = aloud_embed_iframe(v), *script = aloud_embed_resize_script(v);
    char *oembed = aloud_embed_oembed_url(v);
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
                                    .epub_href = e->epub,
                                    .daisy_href = e->daisy,
                                    .duration_s = e->duration_s,
                                    .timeline = v->timeline,
                                    .embed_code = code,
                                    .embed_script = script,
                                    .oembed_url = oembed};
    char *path = aloud_xasprintf("%s/%s", p->out, e->page);
    int rc = aloud_pages_write_episode(path, &show, &pe, err);
    free(path);
    free(oembed);
    free(script);
    free(code);
    free(feed_url);
    return rc;
}

int aloud_publish_page(const struct aloud_publish *p, const struct aloud_episode *e, char **err)
{
    /* Without its timeline the page would lose its transcript and the
     * player its chapters: better to leave them as they are. */
    struct aloud_timeline *t = read_timeline(p, e->timeline);
    if (!t) {
        aloud_error_set(err, "%s/%s: cannot read the episode's timeline", p->state,
                        e->timeline ? e->timeline : e->slug);
        return -EIO;
    }
    struct aloud_embed v = embed_view(p, e, t);
    int rc = write_embed(p, &v, err);
    if (!rc)
        rc = write_page(p, e, &v, err);
    aloud_timeline_free(t);
    return rc;
}

static int write_index(const struct aloud_publish *p, const struct aloud_episodes *eps, char **err)
{
    char *feed_url = aloud_podcast_feed_url(p->podcast);
    struct aloud_page_show show = page_show(p->podcast, feed_url);
    struct aloud_page_episode *pe = aloud_xcalloc(eps->n + 1, sizeof *pe);
    for (size_t i = 0; i < eps->n; i++) {
        const struct aloud_episode *e = &eps->list[i];
        pe[i] = (struct aloud_page_episode){.title = e->title,
                                            .author = e->author,
                                            .date = e->date,
                                            .description = e->description,
                                            .language = e->language,
                                            .page_href = e->page,
                                            .mp3_href = e->mp3,
                                            .epub_href = e->epub,
                                            .daisy_href = e->daisy,
                                            .duration_s = e->duration_s};
    }
    int rc = aloud_pages_write_index(p->out, &show, pe, eps->n, 0, err);
    free(pe);
    free(feed_url);
    return rc;
}

/* --- The site ------------------------------------------------------------------ */

static int write_feed(const struct aloud_publish *p, const struct aloud_episodes *eps, char **err)
{
    /* lastBuildDate: the newest episode's date, so an unchanged site gives
     * the same bytes; SOURCE_DATE_EPOCH overrides, as in reproducible
     * builds. */
    int64_t last = eps->n ? eps->list[0].pub_time : 0;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        last = strtoll(sde, NULL, 10);
    size_t n = eps->n;
    if (p->podcast->feed_limit > 0 && n > (size_t)p->podcast->feed_limit)
        n = (size_t)p->podcast->feed_limit; /* the newest; the pages keep all */
    size_t len = 0;
    char *feed = aloud_feed_xml(p->podcast, eps->list, n, last, &len);
    if (!feed) {
        aloud_error_set(err, "cannot write the feed (libxml2 failed)");
        return -ENOMEM;
    }
    char *path = aloud_xasprintf("%s/feed.xml", p->out);
    int rc = aloud_file_write_if_changed(path, feed, len, NULL, err);
    free(path);
    free(feed);
    return rc;
}

int aloud_publish_site(const struct aloud_publish *p, struct aloud_episodes *eps, char **err)
{
    int rc;
    if ((rc = copy_artwork(p, err)) || (rc = write_feed(p, eps, err)) ||
        (rc = write_index(p, eps, err)))
        return rc;
    char *json = aloud_manifest_json(eps);
    rc = write_text(p->state, "manifest.json", json, err);
    free(json);
    return rc;
}

/* Is name "SLUG.HASH.EXT" for a slug of either list? */
static int known_slug_file(struct aloud_episodes *const lists[2], const char *name)
{
    /* Slugs have no dots: the slug is the name up to its first. */
    const char *dot = strchr(name, '.');
    if (!dot)
        return 0;
    char *slug = aloud_xstrndup(name, (size_t)(dot - name));
    int known = aloud_episode_file_of(name, slug) &&
                (aloud_episodes_find(lists[0], slug) || aloud_episodes_find(lists[1], slug));
    free(slug);
    return known;
}

void aloud_publish_remove_stale(const struct aloud_publish *p, struct aloud_episodes *previous,
                                struct aloud_episodes *current)
{
    for (size_t i = 0; i < previous->n; i++) {
        const struct aloud_episode *e = &previous->list[i];
        if (aloud_episode_safe_name(e->page) && !aloud_episodes_use(current, e->page)) {
            char *path = aloud_xasprintf("%s/%s", p->out, e->page);
            unlink(path);
            free(path);
        }
    }
    remove_stale_embeds(p, current);
    if (!p->masters) {
        /* No masters: no spare for one either. */
        const char *names[] = {"spare.wav", ".spare.wav"};
        const char *dirs_of[] = {p->state, p->masters_apart};
        for (size_t i = 0; i < 2; i++) {
            if (!dirs_of[i])
                continue;
            char *path = aloud_xasprintf("%s/%s", dirs_of[i], names[i]);
            unlink(path);
            free(path);
        }
    }
    struct aloud_episodes *const lists[2] = {current, previous};
    const char *dirs[] = {p->out, p->state, p->masters_apart};
    for (size_t d = 0; d < 3; d++) {
        if (!dirs[d])
            continue;
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            continue;
        struct dirent *de;
        while ((de = readdir(dir))) {
            if (!known_slug_file(lists, de->d_name) || aloud_episodes_use(current, de->d_name))
                continue;
            char *path = aloud_xasprintf("%s/%s", dirs[d], de->d_name);
            /* An old MP3 or master is kept as the spare the next one is
             * written over, when there is none yet. */
            size_t n = strlen(de->d_name);
            const char *ext = n > 4 ? de->d_name + n - 4 : "";
            char *spare = strcmp(ext, ".mp3") == 0 || (strcmp(ext, ".wav") == 0 && p->masters)
                              ? aloud_publish_spare(p, ext)
                              : NULL;
            aloud_atomic_retire(path, spare);
            free(spare);
            free(path);
        }
        closedir(dir);
    }
}
