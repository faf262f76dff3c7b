/* Finding the articles in content/ (content.h): a walk of its folders,
 * depth first, names sorted, with the rules of the static site generators
 * for bundles, sections and Jekyll's posts. */
#define _GNU_SOURCE
#include "aloud/content.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aloud/slug.h"
#include "aloud/source.h"
#include "aloud/util.h"

/* Folders deeper than this are not read (a loop of hard links, a mistake). */
#define MAX_DEPTH 32

struct finder {
    const char *root;
    struct aloud_content_item *items;
    size_t n;
};

static const char *const bundle_names[] = {"index.md", "index.html", "index.htm"};

static int is_article(const char *name)
{
    return aloud_source_type_of(name) != ALOUD_SOURCE_AUTO;
}

/* Jekyll's post name: "YYYY-MM-DD-slug.ext". Fills date (YYYY-MM-DD) and
 * returns where the slug starts, or NULL. */
static const char *jekyll_post(const char *name, char date[32])
{
    int y, m, d, used = 0;
    if (sscanf(name, "%4d-%2d-%2d-%n", &y, &m, &d, &used) != 3 || used != 11 || y < 1000 ||
        m < 1 || m > 12 || d < 1 || d > 31 || !name[used])
        return NULL;
    snprintf(date, 32, "%04d-%02d-%02d", y, m, d);
    return name + used;
}

/* The slug a place gives: the folders (without "_posts") and the name
 * (without its extension, or the bundle's folder for index files). */
static char *place_slug(const char *rel, int bundle, const char *post_name)
{
    char *path = aloud_xstrdup(rel);
    char *last = strrchr(path, '/');
    if (bundle) {
        if (last)
            *last = '\0'; /* "posts/walls/index.md" -> "posts/walls" */
    } else {
        char *base = last ? last + 1 : path;
        if (post_name)
            memmove(base, post_name, strlen(post_name) + 1);
        char *dot = strrchr(base, '.');
        if (dot && dot != base)
            *dot = '\0';
    }
    /* Jekyll's _posts folders say what the file is, not where. */
    struct aloud_buf b = {0};
    char *save = NULL;
    for (char *part = strtok_r(path, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
        if (strcmp(part, "_posts") == 0)
            continue;
        if (b.len)
            aloud_buf_putc(&b, '-');
        aloud_buf_puts(&b, part);
    }
    free(path);
    char *joined = aloud_buf_steal(&b);
    char *slug = aloud_slugify(joined);
    if (!slug)
        slug = aloud_slug_fallback(rel);
    free(joined);
    return slug;
}

static void add(struct finder *f, const char *rel, int bundle, const char *date,
                const char *post_name)
{
    f->items = aloud_xrealloc(f->items, (f->n + 1) * sizeof *f->items);
    f->items[f->n++] = (struct aloud_content_item){aloud_xstrdup(rel),
                                                   place_slug(rel, bundle, post_name),
                                                   date ? aloud_xstrdup(date) : NULL};
}

static int entry_is(const char *dir, const char *name, mode_t type)
{
    char *path = aloud_xasprintf("%s/%s", dir, name);
    struct stat st;
    /* Folders are taken as they are, never through a link; files may be
     * links (the build refuses those that lead out of content/). */
    int ok = (type == S_IFDIR ? lstat(path, &st) : stat(path, &st)) == 0 &&
             (st.st_mode & S_IFMT) == type;
    free(path);
    return ok;
}

static void walk(struct finder *f, const char *rel, int depth, int in_posts)
{
    char *dir = rel[0] ? aloud_xasprintf("%s/%s", f->root, rel) : aloud_xstrdup(f->root);
    struct dirent **names = NULL;
    int count = scandir(dir, &names, NULL, alphasort);
    /* A folder with an index file is one article, not a section (the top
     * folder is never a bundle: it is the site). */
    const char *bundle = NULL;
    for (size_t k = 0; rel[0] && !in_posts && k < sizeof bundle_names / sizeof *bundle_names;
         k++) {
        if (entry_is(dir, bundle_names[k], S_IFREG)) {
            bundle = bundle_names[k];
            break;
        }
    }
    if (bundle) {
        char *file = aloud_xasprintf("%s/%s", rel, bundle);
        add(f, file, 1, NULL, NULL);
        free(file);
    }
    for (int i = 0; i < count; i++) {
        const char *name = names[i]->d_name;
        char *sub = rel[0] ? aloud_xasprintf("%s/%s", rel, name) : aloud_xstrdup(name);
        int hidden = name[0] == '.' || name[0] == '_';
        int posts_dir = strcmp(name, "_posts") == 0;
        if (entry_is(dir, name, S_IFDIR)) {
            if ((!hidden || posts_dir) && !bundle && depth < MAX_DEPTH)
                walk(f, sub, depth + 1, in_posts || posts_dir);
        } else if (!hidden && !bundle && is_article(name) && entry_is(dir, name, S_IFREG)) {
            char date[32];
            const char *post = in_posts ? jekyll_post(name, date) : NULL;
            add(f, sub, 0, post ? date : NULL, post);
        }
        free(sub);
        free(names[i]);
    }
    free(names);
    free(dir);
}

static int by_file(const void *x, const void *y)
{
    const struct aloud_content_item *a = x, *b = y;
    return strcmp(a->file, b->file);
}

int aloud_content_find(const char *content_dir, struct aloud_content_item **items, size_t *n,
                       char **err)
{
    *items = NULL;
    *n = 0;
    DIR *d = opendir(content_dir);
    if (!d) {
        int e = errno;
        aloud_error_set(err, "%s: cannot read: %s", content_dir, strerror(e));
        return -e;
    }
    closedir(d);
    struct finder f = {content_dir, NULL, 0};
    walk(&f, "", 0, 0);
    if (f.n > 1)
        qsort(f.items, f.n, sizeof *f.items, by_file);
    *items = f.items;
    *n = f.n;
    return 0;
}

void aloud_content_free(struct aloud_content_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].file);
        free(items[i].slug);
        free(items[i].date);
    }
    free(items);
}
