/* robots.txt, after RFC 9309 (the Robots Exclusion Protocol).
 *
 * A file is a list of groups: one or more "user-agent:" lines, then
 * "allow:" and "disallow:" rules; blank lines and other records (sitemap,
 * crawl-delay) change nothing. The groups that name our product token
 * (compared case-insensitively, on the value's leading token, so
 * "aloud/1.0" names "aloud") apply, merged; when none does, the "*"
 * groups do, merged; when there is none either, everything is allowed.
 *
 * A rule's path and the URL's path are compared in one normal form: bytes
 * outside printable ASCII are percent-encoded, hex digits are upper case,
 * and an escaped unreserved character (A-Z a-z 0-9 - . _ ~) is unescaped,
 * so "/%62az", "/baz" and "/b%61z" are one path, while "%2F" stays apart
 * from "/". The longest matching pattern (in bytes, in that form) wins; an
 * allow wins a tie. '*' matches any run of characters and a final '$'
 * anchors the end; every other pattern matches as a prefix. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aloud/fetch.h"
#include "aloud/util.h"

struct rule {
    char *pattern; /* normal form */
    size_t len;
    int allow;
};

struct rules {
    struct rule *v;
    size_t n;
};

struct aloud_robots {
    struct rules rules;
    int disallow_all; /* robots.txt unreachable */
};

static int hex(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int unreserved(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

/* The normal form of a path or pattern (n bytes); caller frees. */
static char *normalise(const char *s, size_t n)
{
    static const char digits[] = "0123456789ABCDEF";
    struct aloud_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%' && i + 2 < n && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            int v = hex(s[i + 1]) << 4 | hex(s[i + 2]);
            if (unreserved(v)) {
                aloud_buf_putc(&b, (char)v);
            } else {
                char esc[3] = {'%', digits[v >> 4], digits[v & 15]};
                aloud_buf_append(&b, esc, 3);
            }
            i += 2;
        } else if (c <= ' ' || c >= 0x7F) {
            char esc[3] = {'%', digits[c >> 4], digits[c & 15]};
            aloud_buf_append(&b, esc, 3);
        } else {
            aloud_buf_putc(&b, (char)c);
        }
    }
    return aloud_buf_steal(&b);
}

/* 1 when pattern (normal form, plen bytes) matches path (normal form)
 * from its start. The positions in path where the pattern so far can end
 * are kept in a sorted list: linear in each, whatever the stars. */
static int pattern_matches(const char *pattern, size_t plen, const char *path)
{
    size_t len = strlen(path);
    size_t *pos = aloud_xmalloc((len + 1) * sizeof *pos);
    size_t npos = 1;
    pos[0] = 0;
    int matched = 1;
    for (size_t i = 0; i < plen; i++) {
        char c = pattern[i];
        if (c == '$' && i + 1 == plen) {
            matched = pos[npos - 1] == len;
            goto out;
        }
        if (c == '*') {
            size_t from = pos[0];
            npos = len - from + 1;
            for (size_t k = 0; k < npos; k++)
                pos[k] = from + k;
            continue;
        }
        size_t w = 0;
        for (size_t k = 0; k < npos; k++) {
            if (pos[k] < len && path[pos[k]] == c)
                pos[w++] = pos[k] + 1;
        }
        npos = w;
        if (!npos) {
            matched = 0;
            goto out;
        }
    }
out:
    free(pos);
    return matched;
}

static void add_rule(struct rules *r, const char *value, size_t n, int allow)
{
    if (!n)
        return; /* "disallow:" with nothing: no rule */
    struct aloud_buf raw = {0};
    /* A path that starts with neither '/' nor '*' is read as from the root. */
    if (value[0] != '/' && value[0] != '*')
        aloud_buf_putc(&raw, '/');
    aloud_buf_append(&raw, value, n);
    r->v = aloud_xrealloc(r->v, (r->n + 1) * sizeof *r->v);
    struct rule *rule = &r->v[r->n++];
    rule->pattern = normalise(raw.data, raw.len);
    rule->len = strlen(rule->pattern);
    rule->allow = allow;
    aloud_buf_free(&raw);
}

static void free_rules(struct rules *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i].pattern);
    free(r->v);
    r->v = NULL;
    r->n = 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* The value's product token: its leading run of letters, '_' and '-'. */
static int names_agent(const char *value, size_t n, const char *agent)
{
    size_t t = 0;
    while (t < n && ((value[t] >= 'a' && value[t] <= 'z') || (value[t] >= 'A' && value[t] <= 'Z') ||
                     value[t] == '_' || value[t] == '-'))
        t++;
    return t > 0 && t == strlen(agent) && strncasecmp(value, agent, t) == 0;
}

struct aloud_robots *aloud_robots_parse(const char *data, size_t len, const char *agent)
{
    struct aloud_robots *r = aloud_xcalloc(1, sizeof *r);
    struct rules mine = {0}, star = {0};
    int have_mine = 0;
    int in_agents = 0;              /* the last record was a user-agent line */
    int for_mine = 0, for_star = 0; /* the group being read applies */
    size_t i = 0;
    /* A UTF-8 byte order mark before the first line. */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len) {
        size_t start = i;
        while (i < len && data[i] != '\n' && data[i] != '\r')
            i++;
        size_t end = i;
        while (i < len && (data[i] == '\n' || data[i] == '\r'))
            i++;
        const char *hash = memchr(data + start, '#', end - start);
        if (hash)
            end = (size_t)(hash - data);
        const char *colon = memchr(data + start, ':', end - start);
        if (!colon)
            continue;
        size_t ks = start, ke = (size_t)(colon - data);
        while (ks < ke && is_space(data[ks]))
            ks++;
        while (ke > ks && is_space(data[ke - 1]))
            ke--;
        size_t vs = (size_t)(colon - data) + 1, ve = end;
        while (vs < ve && is_space(data[vs]))
            vs++;
        while (ve > vs && is_space(data[ve - 1]))
            ve--;
        const char *key = data + ks;
        size_t klen = ke - ks;
        const char *value = data + vs;
        size_t vlen = ve - vs;
        if (klen == 10 && strncasecmp(key, "user-agent", 10) == 0) {
            if (!in_agents)
                for_mine = for_star = 0; /* a new group starts */
            in_agents = 1;
            if (vlen == 1 && value[0] == '*') {
                for_star = 1;
            } else if (names_agent(value, vlen, agent)) {
                for_mine = 1;
                have_mine = 1;
            }
        } else if ((klen == 5 && strncasecmp(key, "allow", 5) == 0) ||
                   (klen == 8 && strncasecmp(key, "disallow", 8) == 0)) {
            in_agents = 0;
            int allow = klen == 5;
            if (for_mine)
                add_rule(&mine, value, vlen, allow);
            if (for_star)
                add_rule(&star, value, vlen, allow);
        }
        /* Other records (sitemap, crawl-delay, ...) neither start nor end
         * a group. */
    }
    if (have_mine) {
        r->rules = mine;
        free_rules(&star);
    } else {
        r->rules = star;
        free_rules(&mine);
    }
    return r;
}

struct aloud_robots *aloud_robots_new(int allow_all)
{
    struct aloud_robots *r = aloud_xcalloc(1, sizeof *r);
    r->disallow_all = !allow_all;
    return r;
}

int aloud_robots_allowed(const struct aloud_robots *r, const char *path)
{
    if (strcmp(path, "/robots.txt") == 0)
        return 1;
    if (r->disallow_all)
        return 0;
    char *norm = normalise(path, strlen(path));
    size_t best = 0;
    int found = 0, allowed = 1;
    for (size_t i = 0; i < r->rules.n; i++) {
        const struct rule *rule = &r->rules.v[i];
        if (found && (rule->len < best || (rule->len == best && !rule->allow)))
            continue;
        if (!pattern_matches(rule->pattern, rule->len, norm))
            continue;
        if (!found || rule->len > best || rule->allow)
            allowed = rule->allow;
        found = 1;
        best = rule->len;
    }
    free(norm);
    return allowed;
}

void aloud_robots_free(struct aloud_robots *r)
{
    if (!r)
        return;
    free_rules(&r->rules);
    free(r);
}
