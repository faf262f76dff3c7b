/* The published episode's record (episode.h): copying and freeing it, a
 * list of them, and the manifest in out/.aloud/ that keeps them between
 * builds, as JSON through json-c. */
#include "aloud/episode.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aloud/util.h"

#define MANIFEST_MAX_BYTES (64u * 1024 * 1024)

void aloud_episode_clear(struct aloud_episode *e)
{
    char **strings[] = {&e->slug,        &e->source,   &e->guid, &e->title,
                        &e->description, &e->author,   &e->date, &e->link,
                        &e->language,    &e->key,      &e->mp3,  &e->wav,
                        &e->vtt,         &e->chapters, &e->page, &e->timeline,
                        &e->keys,        &e->source_hash, &e->env, &e->epub, &e->daisy};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        free(*strings[i]);
    memset(e, 0, sizeof *e);
}

void aloud_episode_copy(struct aloud_episode *dst, const struct aloud_episode *src)
{
    *dst = *src;
    char **strings[] = {&dst->slug,        &dst->source,   &dst->guid, &dst->title,
                        &dst->description, &dst->author,   &dst->date, &dst->link,
                        &dst->language,    &dst->key,      &dst->mp3,  &dst->wav,
                        &dst->vtt,         &dst->chapters, &dst->page, &dst->timeline,
                        &dst->keys,        &dst->source_hash, &dst->env, &dst->epub,
                        &dst->daisy};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        *strings[i] = aloud_xstrdup(*strings[i]);
}

#define EPISODE_STRINGS(X)                                                                         \
    X(slug)                                                                                        \
    X(source) X(guid) X(title) X(description) X(author) X(date) X(link) X(language) X(key) X(mp3)  \
        X(wav) X(vtt) X(chapters) X(page) X(timeline) X(keys) X(source_hash) X(env) \
            X(epub) X(daisy)

struct aloud_episode *aloud_episodes_add(struct aloud_episodes *e)
{
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 16;
        e->list = aloud_xrealloc(e->list, e->cap * sizeof *e->list);
    }
    struct aloud_episode *ep = &e->list[e->n++];
    memset(ep, 0, sizeof *ep);
    return ep;
}

static void drop_index(struct aloud_episodes *e)
{
    aloud_strmap_free(&e->by_slug);
    aloud_strmap_free(&e->by_source);
    aloud_strmap_free(&e->by_name);
    e->indexed = 0;
}

void aloud_episodes_free(struct aloud_episodes *e)
{
    for (size_t i = 0; i < e->n; i++)
        aloud_episode_clear(&e->list[i]);
    free(e->list);
    drop_index(e);
    memset(e, 0, sizeof *e);
}

static void put_first(struct aloud_strmap *m, const char *key, size_t i)
{
    size_t had;
    if (key && !aloud_strmap_get(m, key, &had))
        aloud_strmap_put(m, key, i);
}

/* Brings the maps up to the end of the list. */
static void index_all(struct aloud_episodes *e)
{
    for (; e->indexed < e->n; e->indexed++) {
        const struct aloud_episode *ep = &e->list[e->indexed];
        put_first(&e->by_slug, ep->slug, e->indexed);
        put_first(&e->by_source, ep->source, e->indexed);
        const char *names[] = {ep->mp3,  ep->wav,      ep->vtt, ep->chapters,
                               ep->page, ep->timeline, ep->keys, ep->epub, ep->daisy};
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            put_first(&e->by_name, names[k], e->indexed);
    }
}

struct aloud_episode *aloud_episodes_find(struct aloud_episodes *e, const char *slug)
{
    size_t i;
    index_all(e);
    return aloud_strmap_get(&e->by_slug, slug, &i) ? &e->list[i] : NULL;
}

struct aloud_episode *aloud_episodes_find_source(struct aloud_episodes *e, const char *source)
{
    size_t i;
    index_all(e);
    return aloud_strmap_get(&e->by_source, source, &i) ? &e->list[i] : NULL;
}

void aloud_episodes_sort(struct aloud_episodes *e,
                         int (*cmp)(const struct aloud_episode *, const struct aloud_episode *))
{
    if (e->n > 1)
        qsort(e->list, e->n, sizeof *e->list, (int (*)(const void *, const void *))cmp);
    drop_index(e);
}

/* The file names of an episode; the extensions episode_file_of knows. */
#define FILE_EXTS(X) X(mp3, ".mp3") X(wav, ".wav") X(vtt, ".vtt") X(chapters, ".chapters.json") \
    X(timeline, ".timeline.json") X(keys, ".keys")

void aloud_episode_name_files(struct aloud_episode *e, const char *key)
{
#define NAME(field, ext)                                                                           \
    free(e->field);                                                                                \
    e->field = aloud_xasprintf("%s.%.8s%s", e->slug, key, ext);
    FILE_EXTS(NAME)
#undef NAME
    free(e->page);
    e->page = aloud_xasprintf("%s.html", e->slug);
}

int aloud_episodes_use(struct aloud_episodes *eps, const char *name)
{
    size_t i;
    index_all(eps);
    return aloud_strmap_get(&eps->by_name, name, &i);
}

int aloud_episode_file_of(const char *name, const char *slug)
{
    static const char *const exts[] = {
#define EXT(field, ext) ext,
        FILE_EXTS(EXT)
#undef EXT
        ".epub", ".daisy.zip", /* talking books */
    };
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
    if (e->season)
        json_object_object_add(o, "season", json_object_new_int(e->season));
    if (e->episode)
        json_object_object_add(o, "episode", json_object_new_int(e->episode));
    if (e->explicit_content >= 0)
        json_object_object_add(o, "explicit", json_object_new_boolean(e->explicit_content));
    return o;
}

/* A file name aloud wrote into out/: no directories, nothing hidden. */
int aloud_episode_safe_name(const char *name)
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
    if (json_object_object_get_ex(o, "season", &v))
        e->season = json_object_get_int(v);
    if (json_object_object_get_ex(o, "episode", &v))
        e->episode = json_object_get_int(v);
    e->explicit_content = json_object_object_get_ex(o, "explicit", &v) ? json_object_get_boolean(v)
                                                                        : -1;
    /* Only names aloud itself could have written are trusted. */
    if (!e->slug || !e->guid || !e->title || !aloud_episode_safe_name(e->mp3) || (e->wav && !aloud_episode_safe_name(e->wav)) ||
        (e->vtt && !aloud_episode_safe_name(e->vtt)) || (e->chapters && !aloud_episode_safe_name(e->chapters)) ||
        (e->page && !aloud_episode_safe_name(e->page)) ||
        (e->timeline && !aloud_episode_safe_name(e->timeline)) ||
        (e->keys && !aloud_episode_safe_name(e->keys)) ||
        (e->epub && !aloud_episode_safe_name(e->epub)) ||
        (e->daisy && !aloud_episode_safe_name(e->daisy)))
        return -EINVAL;
    return 0;
}

void aloud_manifest_load(const char *path, struct aloud_episodes *out)
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
            aloud_episode_copy(aloud_episodes_add(out), &e);
        aloud_episode_clear(&e);
    }
    json_object_put(root);
}

char *aloud_manifest_json(const struct aloud_episodes *eps)
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
