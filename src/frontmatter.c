/* Front matter (frontmatter.h): found by its markers, parsed by the
 * library of its syntax into a json-c object with each top-level key's
 * line, then read key by key into the article. */
#include "aloud/frontmatter.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "aloud/date.h"
#include "aloud/util.h"
#include "toml.h"

/* --- Finding it ---------------------------------------------------------- */

/* The length of the line at p (without its end), and where the next starts. */
static size_t line_len(const char *p, const char *end, const char **next)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl : end;
    *next = nl ? nl + 1 : end;
    size_t n = (size_t)(stop - p);
    if (n && p[n - 1] == '\r')
        n--;
    return n;
}

/* Is the line exactly marker, allowing trailing blanks? */
static int line_is(const char *p, size_t n, const char *marker)
{
    size_t m = strlen(marker);
    if (n < m || memcmp(p, marker, m) != 0)
        return 0;
    for (size_t i = m; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t')
            return 0;
    return 1;
}

/* --- Into one shape: a JSON object and its keys' lines ---------------------- */

struct parsed {
    json_object *root;  /* an object, or NULL for empty front matter */
    json_object *lines; /* top-level key -> line in the file */
};

static json_object *yaml_json(yaml_document_t *doc, yaml_node_t *node, int depth)
{
    if (!node || depth > 64)
        return NULL;
    switch (node->type) {
    case YAML_SCALAR_NODE:
        return json_object_new_string_len((const char *)node->data.scalar.value,
                                          (int)node->data.scalar.length);
    case YAML_SEQUENCE_NODE: {
        json_object *a = json_object_new_array();
        for (yaml_node_item_t *it = node->data.sequence.items.start;
             it < node->data.sequence.items.top; it++)
            json_object_array_add(a, yaml_json(doc, yaml_document_get_node(doc, *it), depth + 1));
        return a;
    }
    case YAML_MAPPING_NODE: {
        json_object *o = json_object_new_object();
        for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
             pair < node->data.mapping.pairs.top; pair++) {
            yaml_node_t *k = yaml_document_get_node(doc, pair->key);
            if (k && k->type == YAML_SCALAR_NODE)
                json_object_object_add(o, (const char *)k->data.scalar.value,
                                       yaml_json(doc, yaml_document_get_node(doc, pair->value),
                                                 depth + 1));
        }
        return o;
    }
    default:
        return NULL;
    }
}

static int parse_yaml(const char *text, size_t len, int first_line, const char *name,
                      struct parsed *out, char **err)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        aloud_error_set(err, "%s: cannot start the YAML parser", name);
        return -ENOMEM;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        /* libyaml notices a problem where it stops making sense; its
         * context says where the construct at fault began. */
        char *context = parser.context
                            ? aloud_xasprintf(" (%s that starts on line %zu)", parser.context,
                                              (size_t)first_line + parser.context_mark.line)
                            : aloud_xstrdup("");
        aloud_error_set(err, "%s:%zu: front matter is not valid YAML: %s%s", name,
                        (size_t)first_line + parser.problem_mark.line,
                        parser.problem ? parser.problem : "unknown problem", context);
        free(context);
        yaml_parser_delete(&parser);
        return -EINVAL;
    }
    int rc = 0;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type != YAML_MAPPING_NODE) {
        aloud_error_set(err, "%s:%zu: front matter is not a mapping of keys to values "
                        "(expected lines like 'title: ...')",
                        name, (size_t)first_line + root->start_mark.line);
        rc = -EINVAL;
    } else if (root) {
        out->root = yaml_json(&doc, root, 0);
        out->lines = json_object_new_object();
        for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
             pair < root->data.mapping.pairs.top; pair++) {
            yaml_node_t *k = yaml_document_get_node(&doc, pair->key);
            yaml_node_t *v = yaml_document_get_node(&doc, pair->value);
            if (k && v && k->type == YAML_SCALAR_NODE)
                json_object_object_add(out->lines, (const char *)k->data.scalar.value,
                                       json_object_new_int(first_line + (int)v->start_mark.line));
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return rc;
}

static int parse_toml(const char *text, size_t len, int first_line, const char *name,
                      struct parsed *out, char **err)
{
    char *msg = NULL;
    int line = 0;
    if (aloud_toml_parse(text, len, &out->root, &out->lines, &msg, &line) != 0) {
        aloud_error_set(err, "%s:%d: front matter is not valid TOML: %s", name,
                        first_line + line - 1, msg ? msg : "unknown problem");
        free(msg);
        return -EINVAL;
    }
    /* Lines within the block become lines of the file. */
    json_object_object_foreach(out->lines, key, value)
    {
        (void)key;
        json_object_set_int(value, json_object_get_int(value) + first_line - 1);
    }
    return 0;
}

/* A JSON object that opens the file: json-c reads exactly as far as the
 * object goes, and says where that is. */
static int parse_json(const char *text, size_t len, const char *name, struct parsed *out,
                      const char **end, char **err)
{
    json_tokener *tok = json_tokener_new();
    json_object *root = json_tokener_parse_ex(tok, text, (int)len);
    enum json_tokener_error e = json_tokener_get_error(tok);
    size_t used = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (!root || e != json_tokener_success || !json_object_is_type(root, json_type_object)) {
        size_t line = 1;
        for (size_t i = 0; i < used && i < len; i++)
            line += text[i] == '\n';
        aloud_error_set(err, "%s:%zu: front matter is not a valid JSON object: %s", name, line,
                        root ? "not an object" : json_tokener_error_desc(e));
        json_object_put(root);
        return -EINVAL;
    }
    out->root = root;
    /* json-c reads on over the white space after the object: the body
     * starts on the line after the closing brace. */
    size_t brace = used;
    while (brace > 0 && text[brace - 1] != '}')
        brace--;
    const char *nl = memchr(text + brace, '\n', len - brace);
    *end = nl ? nl + 1 : text + len;
    return 0;
}

/* --- Into the article ---------------------------------------------------------- */

struct reader {
    const char *name;
    const struct parsed *fm;
    struct aloud_article *a;
    char **err;
};

static int line_of(const struct reader *r, const char *key)
{
    json_object *v;
    if (r->fm->lines && json_object_object_get_ex(r->fm->lines, key, &v))
        return json_object_get_int(v);
    return 1;
}

static int bad(const struct reader *r, const char *key, const char *expected)
{
    aloud_error_set(r->err, "%s:%d: %s: expected %s", r->name, line_of(r, key), key, expected);
    return -EINVAL;
}

/* A value as text: a string, or a number or boolean written out. */
static const char *text_of(json_object *v)
{
    if (json_object_is_type(v, json_type_string) || json_object_is_type(v, json_type_int) ||
        json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_boolean))
        return json_object_get_string(v);
    return NULL;
}

/* true/false, yes/no, on/off: booleans of every syntax. */
static int bool_of(json_object *v, int *out)
{
    if (json_object_is_type(v, json_type_boolean)) {
        *out = json_object_get_boolean(v);
        return 0;
    }
    const char *s = text_of(v);
    static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
    for (size_t i = 0; s && i < 3; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = 1;
            return 0;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

static int count_of(json_object *v, long min, long max, int *out)
{
    const char *s = text_of(v);
    char *end;
    long n = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || n < min || n > max || json_object_is_type(v, json_type_double))
        return -1;
    *out = (int)n;
    return 0;
}

static int read_authors(const struct reader *r, const char *key, json_object *v)
{
    if (json_object_is_type(v, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(v); i++) {
            const char *s = text_of(json_object_array_get_idx(v, i));
            if (!s)
                return bad(r, key, "names, one an item");
            aloud_article_add_author(r->a, s);
        }
        return 0;
    }
    if (!text_of(v))
        return bad(r, key, "a name or a list of names");
    aloud_article_add_author(r->a, text_of(v));
    return 0;
}

static int read_date(const struct reader *r, const char *key, json_object *v)
{
    const char *s = text_of(v);
    struct aloud_date date;
    if (!s)
        return bad(r, key, "a date like 2026-03-14");
    if (!*s)
        return 0;
    if (aloud_date_parse(s, &date, NULL) != 0) {
        aloud_error_set(r->err, "%s:%d: %s: expected a date like 2026-03-14, got '%s'", r->name,
                        line_of(r, key), key, s);
        return -EINVAL;
    }
    char *iso = aloud_date_format(&date);
    aloud_article_set(&r->a->date, iso);
    free(iso);
    return 0;
}

/* One key. Unknown keys belong to other tools (a generator's layout,
 * tags, menus) and are left alone. */
static int read_key(const struct reader *r, const char *key, json_object *v)
{
    struct aloud_article *a = r->a;
    static const struct {
        const char *key;
        size_t offset;
    } strings[] = {
        {"title", offsetof(struct aloud_article, title)},
        {"description", offsetof(struct aloud_article, description)},
        {"lang", offsetof(struct aloud_article, language)},
        {"language", offsetof(struct aloud_article, language)},
        {"slug", offsetof(struct aloud_article, slug)},
        {"voice", offsetof(struct aloud_article, voice)},
        {"link", offsetof(struct aloud_article, url)},
        {"url", offsetof(struct aloud_article, url)},
    };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        if (strcmp(key, strings[i].key) != 0)
            continue;
        if (!text_of(v))
            return bad(r, key, "a single value, not a list or mapping");
        aloud_article_set((char **)((char *)a + strings[i].offset), text_of(v));
        return 0;
    }
    if (strcmp(key, "summary") == 0) {
        if (!text_of(v))
            return bad(r, key, "a single value, not a list or mapping");
        if (!a->description) /* description wins when both are given */
            aloud_article_set(&a->description, text_of(v));
        return 0;
    }
    if (strcmp(key, "author") == 0 || strcmp(key, "authors") == 0)
        return read_authors(r, key, v);
    if (strcmp(key, "date") == 0)
        return read_date(r, key, v);
    if (strcmp(key, "draft") == 0)
        return bool_of(v, &a->draft) ? bad(r, key, "true or false") : 0;
    if (strcmp(key, "explicit") == 0)
        return bool_of(v, &a->explicit_content) ? bad(r, key, "true or false") : 0;
    if (strcmp(key, "audio") == 0) {
        int audio;
        if (bool_of(v, &audio))
            return bad(r, key, "true or false (false: no episode for this article)");
        a->no_audio = !audio;
        return 0;
    }
    if (strcmp(key, "episode") == 0)
        return count_of(v, 0, 1000000, &a->episode) ? bad(r, key, "an episode number") : 0;
    if (strcmp(key, "season") == 0)
        return count_of(v, 1, 1000000, &a->season) ? bad(r, key, "a season number from 1") : 0;
    return 0;
}

static int read_keys(const char *name, const struct parsed *fm, struct aloud_article *a,
                     char **err)
{
    if (!fm->root)
        return 0; /* empty front matter */
    struct reader r = {name, fm, a, err};
    /* Keys in a fixed order whatever the syntax's: description before
     * summary, so the two cannot swap. */
    static const char *const order[] = {"title",    "description", "summary", "lang",
                                        "language", "slug",        "voice",   "link",
                                        "url",      "author",      "authors", "date",
                                        "draft",    "explicit",    "audio",   "episode",
                                        "season"};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        json_object *v;
        if (json_object_object_get_ex(fm->root, order[i], &v) && v) {
            int rc = read_key(&r, order[i], v);
            if (rc)
                return rc;
        }
    }
    return 0;
}

int aloud_front_matter_read(const char *text, size_t len, const char *name,
                            struct aloud_article *a, const char **body, char **err)
{
    const char *end = text + len, *next;
    *body = text;
    size_t n = line_len(text, end, &next);
    struct parsed fm = {NULL, NULL};
    int rc = 0;
    const char *marker = line_is(text, n, "---") ? "---" : line_is(text, n, "+++") ? "+++" : NULL;
    if (marker) {
        const char *q = next;
        int closed = 0;
        while (q < end) {
            const char *after;
            size_t m = line_len(q, end, &after);
            if (line_is(q, m, marker) || (marker[0] == '-' && line_is(q, m, "..."))) {
                rc = marker[0] == '-'
                         ? parse_yaml(next, (size_t)(q - next), 2, name, &fm, err)
                         : parse_toml(next, (size_t)(q - next), 2, name, &fm, err);
                *body = after;
                closed = 1;
                break;
            }
            q = after;
        }
        if (!closed) {
            aloud_error_set(err, "%s:1: front matter is not closed (no line '%s'%s after it)",
                            name, marker, marker[0] == '-' ? " or '...'" : "");
            rc = -EINVAL;
        }
    } else if (n && text[0] == '{') {
        rc = parse_json(text, len, name, &fm, body, err);
    }
    if (!rc)
        rc = read_keys(name, &fm, a, err);
    json_object_put(fm.root);
    json_object_put(fm.lines);
    return rc;
}
