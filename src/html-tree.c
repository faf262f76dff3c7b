#define _GNU_SOURCE
/* Small helpers over libxml2's tree and the text under it, shared by the
 * modules of the HTML stage (html-internal.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "html-internal.h"

const char *const html_never_tags[] = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",    "canvas",
    "button", "input", "select",   "textarea", "option", "label",  "nav",   "dialog", "menu",
    "audio",  "video", "map",      "head",     "link",   "meta",   NULL,
};

void html_text_of(xmlNode *n, struct aloud_buf *b)
{
    for (xmlNode *c = n; c; c = next_node(c, n, 0)) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                aloud_buf_puts(b, (const char *)c->content);
        } else if (is_el(c, "br")) {
            aloud_buf_putc(b, ' ');
        }
    }
}

char *html_text(xmlNode *n)
{
    struct aloud_buf b = {0};
    html_text_of(n, &b);
    return aloud_text_squeeze(aloud_buf_steal(&b));
}

/* A page builder's name for its own modules, not a word about them:
 * Elementor wraps every part of a page, its text too, in an
 * "elementor-widget", which is no sidebar's widget ("widget" is a clutter
 * word); its other words still count ("elementor-widget-share-buttons"). */
static const char builder_module[] = "elementor-widget";

static int names_hold(const char *cls, const char *id, const char *const *words)
{
    for (const char *const *w = words; *w; w++)
        if ((cls && strcasestr(cls, *w)) || (id && strcasestr(id, *w)))
            return 1;
    return 0;
}

int html_class_id_has(const xmlNode *n, const char *const *words)
{
    char *cls = attr(n, "class");
    char *id = attr(n, "id");
    int hit = names_hold(cls, id, words);
    /* Looked for only after a hit, which is rare: most calls cost nothing
     * more. */
    if (hit && cls && strcasestr(cls, builder_module)) {
        for (char *p = cls; (p = strcasestr(p, builder_module));)
            memset(p, ' ', sizeof builder_module - 1);
        hit = names_hold(cls, id, words);
    }
    xmlFree(cls);
    xmlFree(id);
    return hit;
}

int html_class_is(const char *cls, const char *word)
{
    size_t len = strlen(word);
    for (const char *p = cls; p && *p;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        size_t n_tok = strcspn(p, " \t\r\n\f");
        if (n_tok == len && strncasecmp(p, word, len) == 0)
            return 1;
        p += n_tok;
    }
    return 0;
}

int html_has_class(const xmlNode *n, const char *word)
{
    const char *cls = attr_ref(n, "class");
    if (cls)
        return html_class_is(cls, word);
    char *copy = attr(n, "class");
    int hit = html_class_is(copy, word);
    xmlFree(copy);
    return hit;
}

void html_measure(xmlNode *n, size_t *text, size_t *links)
{
    *text = *links = 0;
    for (xmlNode *c = n; c;) {
        /* Scripts, styles and the like hold no text anyone reads. */
        if (c != n && c->type == XML_ELEMENT_NODE && name_in(c, html_never_tags)) {
            c = next_node(c, n, 1);
            continue;
        }
        if (c->type != XML_TEXT_NODE || !c->content) {
            c = next_node(c, n, 0);
            continue;
        }
        size_t len = 0;
        for (const unsigned char *p = c->content; *p; p++)
            len += !isspace(*p) && (*p & 0xC0) != 0x80;
        *text += len;
        for (xmlNode *a = c->parent; a && a != n->parent; a = a->parent) {
            if (is_el(a, "a")) {
                *links += len;
                break;
            }
        }
        c = next_node(c, n, 0);
    }
}

/* A character of s, decoded when it takes one or two bytes (the other
 * bytes of longer ones are compared as they are), and folded to lower
 * case: ASCII, Latin-1 ("TAMBIÉN" is "también") and Latin Extended-A
 * ("ŁÓDŹ"). */
static unsigned folded_char(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned c = p[0];
    if (c >= 0xC2 && c <= 0xDF && (p[1] & 0xC0) == 0x80) {
        c = ((c & 0x1Fu) << 6) | (p[1] & 0x3Fu);
        *s += 2;
    } else {
        *s += 1;
    }
    if (c < 0x80)
        return (unsigned)tolower((int)c);
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 0x20;
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return c | 1;
    if (c >= 0x139 && c <= 0x148)
        return c + (c & 1);
    return c;
}

/* Are the first n bytes of a and b the same text, case folded? */
static int same_ci(const char *a, const char *b, size_t n)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    const unsigned char *end = q + n;
    while (q < end) {
        if (!*p || folded_char(&p) != folded_char(&q))
            return 0;
    }
    return 1;
}

int html_word_in(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++) {
        if (strlen(*list) == n && same_ci(w, *list, n))
            return 1;
    }
    return 0;
}

int html_starts_with_ci(const char *s, const char *prefix)
{
    return same_ci(s, prefix, strlen(prefix));
}

int html_is_ancestor(const xmlNode *a, const xmlNode *n)
{
    for (; n; n = n->parent)
        if (n == a)
            return 1;
    return 0;
}

char *html_inherited_lang(const xmlNode *n)
{
    for (int up = 0; n && n->type == XML_ELEMENT_NODE && up < 200; n = n->parent, up++) {
        char *lang = attr(n, "lang");
        if (!lang)
            lang = attr(n, "xml:lang");
        if (lang && *lang) {
            char *copy = aloud_xstrdup(lang);
            xmlFree(lang);
            return copy;
        }
        xmlFree(lang);
    }
    return NULL;
}
