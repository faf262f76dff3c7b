#define _GNU_SOURCE
/* HTML stage: a web page in, its article out.
 *
 * The page is parsed by libxml2's HTML parser (the parser lxml, and so
 * trafilatura, stand on). Then, in order:
 *   1. Character set: libxml2 follows a BOM and the page's own declaration
 *      (<meta charset>, http-equiv); a page that declares nothing and is not
 *      UTF-8 is read again as windows-1252, and a declared ISO-8859-1 is
 *      read as windows-1252, as browsers do.
 *   2. Metadata from <title>, <h1>, Open Graph and article:* meta, meta
 *      author, <time datetime>, schema.org JSON-LD (json-c) and a visible
 *      "By ..." byline.
 *   3. What a listener must never hear is cut from the tree: scripts,
 *      styles, forms, hidden elements, navigation, editors' skip marks, and
 *      elements whose class or id says cookie banner, share buttons,
 *      newsletter, donate box, related stories, comments, ads or sidebar.
 *   4. The main content is the element whose paragraphs score highest:
 *      each paragraph scores by its length and commas, passes its score to
 *      its parent and half to its grandparent; containers are weighted by
 *      their class and id vocabulary (several languages) and by their share
 *      of link text. schema.org articleBody, a single <article> or <main>
 *      are strong hints. Siblings that score close to the winner, or that
 *      are plain prose, join it.
 *   5. The chosen subtree is read in document order into blocks, each with
 *      its kind; the headline, byline and date line are left for the
 *      script's introduction.
 * Every walk over the tree is iterative, so depth costs no stack. */
#include "aloud/html.h"

#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <textcat.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>

#include "aloud/util.h"

/* --- Small helpers over libxml2 nodes ------------------------------------ */

static int is_el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name &&
           strcasecmp((const char *)n->name, name) == 0;
}

static int name_in(const xmlNode *n, const char *const *names)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->name)
        return 0;
    for (; *names; names++) {
        if (strcasecmp((const char *)n->name, *names) == 0)
            return 1;
    }
    return 0;
}

/* An attribute's value (libxml2 owns it through the returned copy: caller
 * frees with xmlFree), or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp((xmlNode *)n, BAD_CAST name);
}

static int attr_is(const xmlNode *n, const char *name, const char *value)
{
    char *v = attr(n, name);
    int yes = v && strcasecmp(v, value) == 0;
    xmlFree(v);
    return yes;
}

/* Next node in document order under root, or NULL; skip_children leaves
 * n's subtree out. */
static xmlNode *next_node(xmlNode *n, const xmlNode *root, int skip_children)
{
    if (!skip_children && n->children)
        return n->children;
    while (n && n != root) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

/* Appends the text under n (collapsed later) to b. */
static void text_of(xmlNode *n, struct aloud_buf *b)
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

static char *squeezed_text(xmlNode *n)
{
    struct aloud_buf b = {0};
    text_of(n, &b);
    return aloud_text_squeeze(aloud_buf_steal(&b));
}

/* Characters (not bytes) of a UTF-8 string. */
static size_t u8len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Does the class or id of n contain one of words (as a part of a name)? */
static int class_id_has(const xmlNode *n, const char *const *words)
{
    char *cls = attr(n, "class");
    char *id = attr(n, "id");
    int hit = 0;
    for (const char *const *w = words; *w && !hit; w++) {
        if (cls && strcasestr(cls, *w))
            hit = 1;
        if (id && strcasestr(id, *w))
            hit = 1;
    }
    xmlFree(cls);
    xmlFree(id);
    return hit;
}

/* --- Removing what a listener must never hear ----------------------------- */

static const char *const never_tags[] = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "button", "input", "select", "textarea", "option", "label", "nav", "dialog",
    "menu", "audio", "video", "map", "head", "link", "meta", NULL,
};

/* Boilerplate by class or id: always removed. */
static const char *const clutter_words[] = {
    "cookie", "consent", "gdpr", "share", "sharing", "social", "newsletter", "subscribe",
    "signup", "sign-up", "donate", "donation", "related", "recommend", "promo", "advert",
    "sponsor", "comment", "disqus", "sidebar", "breadcrumb", "pagination", "pager",
    "masthead", "site-header", "site-footer", "skip-link", "skiplink", "popup", "modal",
    "banner-ad", "ad-slot", "adslot", "advertis", "outbrain", "taboola", "paywall",
    "newsletter", "follow-us", "tags-list", "tag-list", "print-only", "screen-reader-text",
    "visually-hidden", "sr-only", "author-bio", "more-stories", "read-more", "readmore",
    "teaser", "trending", "most-popular", "mostpopular", "popular", "partner", "widget",
    "toolbar", "byline-share", "rating", "login", "subscription", "nav", "menu", NULL,
};

/* Words that mark content; these win over clutter words on the same node. */
static const char *const content_words[] = {
    "article-body", "articlebody", "article__body", "article-content", "post-content",
    "entry-content", "story-body", "storybody", "main-content", "post-body", "blog-post__body",
    "article-text", "articletext", "body-text", "text-content", "rich-text", "richtext",
    "content-body", NULL,
};

static int is_hidden(const xmlNode *n)
{
    if (xmlHasProp((xmlNode *)n, BAD_CAST "hidden") || attr_is(n, "aria-hidden", "true"))
        return 1;
    char *style = attr(n, "style");
    int hidden = 0;
    if (style) {
        /* Inline CSS: "display:none" or "visibility:hidden", any spacing. */
        char *compact = aloud_xstrdup(style);
        char *w = compact;
        for (char *r = compact; *r; r++) {
            if (!isspace((unsigned char)*r))
                *w++ = (char)tolower((unsigned char)*r);
        }
        *w = '\0';
        hidden = strstr(compact, "display:none") || strstr(compact, "visibility:hidden");
        free(compact);
        xmlFree(style);
    }
    return hidden;
}

static int is_skipped_by_editor(const xmlNode *n)
{
    if (attr_is(n, "data-aloud", "skip"))
        return 1;
    char *cls = attr(n, "class");
    int skip = 0;
    if (cls) {
        /* class="... aloud-skip ..." as a whole class name */
        for (char *tok = cls; (tok = strstr(tok, "aloud-skip")); tok += 10) {
            int start = tok == cls || isspace((unsigned char)tok[-1]);
            int end = tok[10] == '\0' || isspace((unsigned char)tok[10]);
            if (start && end)
                skip = 1;
        }
        xmlFree(cls);
    }
    return skip;
}

/* Text and link text lengths under n. */
static void measure(xmlNode *n, size_t *text, size_t *links)
{
    *text = *links = 0;
    for (xmlNode *c = n; c; ) {
        /* Scripts, styles and the like hold no text anyone reads. */
        if (c != n && c->type == XML_ELEMENT_NODE && name_in(c, never_tags)) {
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

static void remove_node(xmlNode *n)
{
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

/* Is the element a structural container that clutter words may remove
 * (rather than, say, a <p> or an <a> that happens to carry a class)? */
static int removable_container(const xmlNode *n)
{
    static const char *const kinds[] = {"div", "section", "aside", "ul", "ol", "footer",
                                        "header", "span", "p", "figure", "table", "li", NULL};
    return name_in(n, kinds);
}

/* A teaser: a box that links to another page and whose text stops short
 * with an ellipsis ("...", "…"), the excerpt of an article elsewhere. */
static int ends_with_ellipsis(xmlNode *n);

static int is_teaser(xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || !ends_with_ellipsis(n))
        return 0;
    int linked = 0;
    for (xmlNode *d = n; d && !linked; d = next_node(d, n, 0))
        linked = is_el(d, "a") && xmlHasProp(d, (const xmlChar *)"href");
    if (!linked)
        return 0;
    char *text = squeezed_text(n);
    int cut = u8len(text) >= 40;
    free(text);
    return cut;
}

/* Does the text under n end on an ellipsis? Found from the end, without
 * reading the rest: the cheap test before is_teaser. */
static int ends_with_ellipsis(xmlNode *n)
{
    xmlNode *c = n;
    for (;;) {
        if (c->type == XML_TEXT_NODE && c->content) {
            const char *t = (const char *)c->content;
            size_t len = strlen(t);
            while (len && strchr(" \t\r\n])", t[len - 1]))
                len--;
            if (len)
                return (len >= 3 && !strncmp(t + len - 3, "...", 3)) ||
                       (len >= 3 && !strncmp(t + len - 3, "\xe2\x80\xa6", 3)) ||
                       (len >= 4 && !strncmp(t + len - 4, "\xe2\x80\xa6.", 4));
        }
        if (c->type == XML_ELEMENT_NODE && c->last && !name_in(c, never_tags)) {
            c = c->last;
            continue;
        }
        while (c != n && !c->prev)
            c = c->parent;
        if (c == n)
            return 0;
        c = c->prev;
    }
}

/* Cuts the teasers out of n when two or more of its children are teasers
 * and they are at least half of its children with text: a list of links
 * to other articles ("Breaking news", "You may also like"), each with the
 * start of its text. A lone excerpt among paragraphs stays. */
static void cut_teasers(xmlNode *n)
{
    size_t endings = 0;
    for (xmlNode *c = n->children; c && endings < 2; c = c->next)
        endings += c->type == XML_ELEMENT_NODE && ends_with_ellipsis(c);
    if (endings < 2)
        return;
    struct aloud_buf cut = {0}; /* the teasers, as node pointers */
    size_t boxes = 0;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        size_t text, links;
        measure(c, &text, &links);
        if (!text)
            continue;
        boxes++;
        if (is_teaser(c))
            aloud_buf_append(&cut, (const char *)&c, sizeof c);
    }
    size_t teasers = cut.len / sizeof(xmlNode *);
    for (size_t i = 0; teasers >= 2 && teasers * 2 >= boxes && i < teasers; i++) {
        xmlNode *c;
        memcpy(&c, cut.data + i * sizeof c, sizeof c);
        remove_node(c);
    }
    aloud_buf_free(&cut);
}

/* Cuts clutter out of the tree under root. */
static void prune(xmlNode *root)
{
    size_t page_text, page_links;
    measure(root, &page_text, &page_links);
    size_t page_prose = page_text - page_links;
    xmlNode *n = root;
    while (n) {
        xmlNode *next;
        int cut = 0;
        if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE) {
            cut = 1;
        } else if (n->type == XML_ELEMENT_NODE && n != root) {
            if (name_in(n, never_tags) || is_hidden(n) || is_skipped_by_editor(n) ||
                attr_is(n, "role", "navigation") || attr_is(n, "role", "complementary") ||
                attr_is(n, "role", "search") || attr_is(n, "role", "dialog") ||
                attr_is(n, "role", "banner") || attr_is(n, "role", "contentinfo")) {
                cut = 1;
            } else if (is_el(n, "form")) {
                /* Search boxes and sign-up forms go; some sites wrap the
                 * whole page in one form (ASP.NET), which stays. */
                size_t text, links;
                measure(n, &text, &links);
                cut = text < 1500;
            } else if (removable_container(n) && class_id_has(n, clutter_words) &&
                       !class_id_has(n, content_words)) {
                /* A clutter word on the container of most of the page's
                 * prose is a false friend ("and-w-sidebar" on the page's
                 * wrapper, "modal-enabled" on the article's box). */
                size_t text, links;
                measure(n, &text, &links);
                cut = (text - links) * 10 < page_prose * 4;
            }
        }
        if (cut) {
            next = next_node(n, root, 1);
            remove_node(n);
        } else {
            if (n->type == XML_ELEMENT_NODE)
                cut_teasers(n);
            next = next_node(n, root, 0);
        }
        n = next;
    }
}

/* --- Scoring: which element holds the article ------------------------------ */

static const char *const positive_words[] = {
    "article", "body", "content", "entry", "main", "page", "post", "text", "blog", "story",
    "artikel", "inhalt", "contenu", "texte", "contenido", "cuerpo", "testo", "corpo",
    "tekst", "noticia", "nota", NULL,
};

static const char *const negative_words[] = {
    "hidden", "banner", "combx", "comment", "com-", "contact", "foot", "footer", "footnote",
    "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "shoutbox",
    "sidebar", "skyscraper", "sponsor", "shopping", "tags", "tool", "widget", "header",
    "menu", "nav", "share", "social", "byline", "author", "caption", "credit", "kommentar",
    "commentaire", "comentario", "werbung", "publicite", "publicidad", NULL,
};

struct score {
    xmlNode *node;
    double score;
};

struct scores {
    struct score *list;
    size_t n, cap;
};

static struct score *score_of(struct scores *s, xmlNode *node)
{
    /* node->_private holds index + 1 of the node's score. */
    size_t i = (size_t)(uintptr_t)node->_private;
    if (i)
        return &s->list[i - 1];
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->list = aloud_xrealloc(s->list, s->cap * sizeof *s->list);
    }
    double base = 0;
    if (is_el(node, "div") || is_el(node, "article") || is_el(node, "main") ||
        is_el(node, "section"))
        base = 5;
    else if (is_el(node, "pre") || is_el(node, "td") || is_el(node, "blockquote"))
        base = 3;
    else if (is_el(node, "ul") || is_el(node, "ol") || is_el(node, "dl") || is_el(node, "form"))
        base = -3;
    else if (is_el(node, "th") || is_el(node, "li"))
        base = -5;
    if (class_id_has(node, negative_words))
        base -= 25;
    if (class_id_has(node, positive_words))
        base += 25;
    if (class_id_has(node, content_words))
        base += 25;
    if (is_el(node, "article"))
        base += 10;
    char *prop = attr(node, "itemprop");
    if (prop && strcasestr(prop, "articleBody"))
        base += 60;
    xmlFree(prop);
    s->list[s->n] = (struct score){node, base};
    node->_private = (void *)(uintptr_t)(++s->n);
    return &s->list[s->n - 1];
}

static size_t count_char(const char *s, const char *chars)
{
    size_t n = 0;
    for (; *s; s++)
        n += strchr(chars, *s) != NULL;
    return n;
}

/* Text-bearing blocks: paragraphs and the like. */
static const char *const para_tags[] = {"p", "pre", "td", "blockquote", "li", "h2", "h3",
                                        "dd", NULL};

/* Does n hold two or more <article> elements? Then it is a list of posts
 * (a feed, "you may also like"), not one article, whatever its score. */
static int holds_articles(xmlNode *n)
{
    int found = 0;
    for (xmlNode *d = n->children; d; d = next_node(d, n, 0))
        if (is_el(d, "article") && ++found >= 2)
            return 1;
    return 0;
}

/* Is n one <article> of three or more side by side? Those are the posts
 * of a list (teasers), each a summary of another page. */
static int in_article_list(const xmlNode *n)
{
    if (!is_el(n, "article") || !n->parent)
        return 0;
    int siblings = 0;
    for (const xmlNode *c = n->parent->children; c; c = c->next)
        siblings += is_el(c, "article");
    return siblings >= 3;
}

static int is_ancestor(const xmlNode *a, const xmlNode *n)
{
    for (; n; n = n->parent)
        if (n == a)
            return 1;
    return 0;
}

/* The one element marked itemprop="articleBody" with at least 100
 * characters of text outside links, or NULL (none, or several). */
static xmlNode *marked_body(xmlNode *body)
{
    xmlNode *found = NULL;
    for (xmlNode *n = body; n; n = next_node(n, body, 0)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        char *prop = attr(n, "itemprop");
        int is_body = prop && strcasestr(prop, "articleBody");
        xmlFree(prop);
        if (!is_body)
            continue;
        size_t text, links;
        measure(n, &text, &links);
        if (text - links < 100)
            continue;
        if (found)
            return NULL;
        found = n;
    }
    return found;
}

static xmlNode *best_candidate(xmlNode *body, struct scores *s)
{
    for (xmlNode *n = body; n; n = next_node(n, body, 0)) {
        int is_para = name_in(n, para_tags);
        /* A <div> holding text directly (no block children) counts too. */
        if (!is_para && is_el(n, "div")) {
            is_para = 1;
            for (xmlNode *c = n->children; c; c = c->next) {
                static const char *const blocks[] = {"div", "p", "table", "ul", "ol",
                                                     "section", "article", "blockquote",
                                                     "pre", "h1", "h2", "h3", "figure", NULL};
                if (name_in(c, blocks)) {
                    is_para = 0;
                    break;
                }
            }
        }
        if (!is_para)
            continue;
        char *text = squeezed_text(n);
        size_t len = u8len(text);
        if (len >= 25 && n->parent) {
            double points = 1 + (double)count_char(text, ",\xef\xbc\x8c") +
                            fmin(floor((double)len / 100), 3);
            if (is_el(n, "li") || is_el(n, "h2") || is_el(n, "h3"))
                points *= 0.5;
            xmlNode *parent = n->parent;
            xmlNode *grand = parent->parent;
            /* Text the publisher marked as the article's body is a
             * candidate itself, not only its parent. */
            char *prop = attr(n, "itemprop");
            if (prop && strcasestr(prop, "articleBody"))
                score_of(s, n)->score += points;
            xmlFree(prop);
            score_of(s, parent)->score += points;
            if (grand && grand->type == XML_ELEMENT_NODE)
                score_of(s, grand)->score += points / 2;
            if (grand && grand->parent && grand->parent->type == XML_ELEMENT_NODE)
                score_of(s, grand->parent)->score += points / 3;
        }
        free(text);
    }
    xmlNode *best = NULL;
    double best_score = -1e9;
    for (size_t i = 0; i < s->n; i++) {
        size_t text, links;
        measure(s->list[i].node, &text, &links);
        double density = text ? (double)links / text : 1;
        s->list[i].score *= 1 - density;
        if (in_article_list(s->list[i].node))
            s->list[i].score *= 0.5;
        if (s->list[i].score > best_score && !holds_articles(s->list[i].node)) {
            best_score = s->list[i].score;
            best = s->list[i].node;
        }
    }
    /* A winner that is one of several similar siblings' small part: climb
     * while the parent scores nearly as well (the body of a long article is
     * often split over several <div>s). */
    while (best && best->parent && best->parent->type == XML_ELEMENT_NODE &&
           !is_el(best->parent, "body") && best->parent->_private) {
        double parent_score = s->list[(size_t)(uintptr_t)best->parent->_private - 1].score;
        if (parent_score < best_score * 0.75 || holds_articles(best->parent))
            break;
        best = best->parent;
        best_score = parent_score;
    }
    return best;
}

/* --- Reading blocks ------------------------------------------------------- */

struct reader {
    struct aloud_article *a;
    struct aloud_buf text;
    enum aloud_block_kind kind;
    int level, number, depth;
    size_t link_bytes; /* of text, inside links */
};

/* Is n inside a link (below root)? */
static int in_link(const xmlNode *n, const xmlNode *root)
{
    for (const xmlNode *p = n->parent; p && p != root; p = p->parent) {
        if (is_el(p, "a"))
            return 1;
    }
    return 0;
}

static void flush(struct reader *r)
{
    if (!r->text.len)
        return;
    /* A short block that is all link is navigation (a related story, a
     * tag, a menu entry), not the article's words. */
    size_t len = strlen(aloud_text_squeeze(r->text.data));
    int all_link = len > 0 && r->link_bytes * 10 >= len * 9 && len < 200;
    r->link_bytes = 0;
    if (all_link) {
        r->text.len = 0;
        r->text.data[0] = '\0';
        return;
    }
    struct aloud_block *b = aloud_article_add_block(r->a, r->kind, r->text.data);
    if (b) {
        b->level = r->level;
        b->number = r->number;
        b->depth = r->depth;
    }
    r->text.len = 0;
    r->text.data[0] = '\0';
}

static const char *const block_tags[] = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3",
    "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "figure",
    "figcaption", "table", "tr", "caption", "hr", "address", "center", "details", "summary",
    "fieldset", "body", NULL,
};

/* The block kind for a node by its nearest meaningful ancestors within
 * root; sets heading level and list number. */
static enum aloud_block_kind kind_of(xmlNode *n, xmlNode *root, int *level, int *number,
                                     int *depth)
{
    *level = *number = *depth = 0;
    enum aloud_block_kind kind = ALOUD_BLOCK_PARAGRAPH;
    int decided = 0, lists = 0;
    for (xmlNode *p = n; p && p != root->parent; p = p->parent) {
        if (p->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)p->name;
        if (!decided && strlen(name) == 2 && tolower((unsigned char)name[0]) == 'h' &&
            name[1] >= '1' && name[1] <= '6') {
            kind = ALOUD_BLOCK_HEADING;
            *level = name[1] - '0';
            decided = 1;
        } else if (!decided && (is_el(p, "figcaption") || is_el(p, "caption"))) {
            kind = ALOUD_BLOCK_CAPTION;
            decided = 1;
        } else if (!decided && is_el(p, "pre")) {
            kind = ALOUD_BLOCK_PREFORMATTED;
            decided = 1;
        } else if (!decided && is_el(p, "tr")) {
            kind = ALOUD_BLOCK_TABLE_ROW;
            decided = 1;
        } else if (is_el(p, "li")) {
            if (!decided) {
                kind = ALOUD_BLOCK_LIST_ITEM;
                decided = 1;
                if (p->parent && is_el(p->parent, "ol")) {
                    int start = 1;
                    char *s = attr(p->parent, "start");
                    if (s)
                        start = atoi(s);
                    xmlFree(s);
                    int index = 0;
                    for (xmlNode *q = p->parent->children; q && q != p; q = q->next)
                        index += is_el(q, "li");
                    *number = start + index;
                    if (*number < 1)
                        *number = 1;
                }
            }
            lists++;
        } else if (is_el(p, "blockquote") && (!decided || kind == ALOUD_BLOCK_PARAGRAPH)) {
            kind = ALOUD_BLOCK_QUOTE;
            decided = 1;
        }
    }
    *depth = lists > 0 ? lists - 1 : 0;
    return kind;
}

static void read_blocks(xmlNode *root, struct aloud_article *a)
{
    struct reader r = {.a = a};
    aloud_buf_puts(&r.text, "");
    xmlNode *n = root->children;
    while (n) {
        int block = n->type == XML_ELEMENT_NODE && name_in(n, block_tags);
        if (block) {
            flush(&r);
        } else if (is_el(n, "br")) {
            if (r.text.len)
                aloud_buf_putc(&r.text, ' ');
        } else if (is_el(n, "img")) {
            /* An image standing in a figure is read by its alt text. */
            if (n->parent && is_el(n->parent, "figure")) {
                char *alt = attr(n, "alt");
                if (alt && u8len(alt) > 3) {
                    flush(&r);
                    aloud_article_add_block(a, ALOUD_BLOCK_IMAGE, alt);
                }
                xmlFree(alt);
            }
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
                   n->content) {
            const char *t = (const char *)n->content;
            int blank = 1;
            for (const char *p = t; *p && blank; p++)
                blank = isspace((unsigned char)*p);
            if (!blank) {
                if (!r.text.len)
                    r.kind = kind_of(n, root, &r.level, &r.number, &r.depth);
                if (in_link(n, root)) {
                    /* Count the characters that will survive squeezing. */
                    char *sq = aloud_text_squeeze(aloud_xstrdup(t));
                    r.link_bytes += strlen(sq) + 1;
                    free(sq);
                }
                aloud_buf_puts(&r.text, t);
            } else if (r.text.len) {
                aloud_buf_putc(&r.text, ' ');
            }
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        /* Leave n, and every ancestor that has no next sibling. */
        while (n && n != root) {
            if (n->type == XML_ELEMENT_NODE && name_in(n, block_tags))
                flush(&r);
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
        if (n == root)
            break;
    }
    flush(&r);
    aloud_buf_free(&r.text);
    /* Quotations: the first and last block of each run of quote blocks. */
    for (size_t i = 0; i < a->n_blocks; i++) {
        struct aloud_block *b = &a->blocks[i];
        if (b->kind != ALOUD_BLOCK_QUOTE)
            continue;
        b->quote_start = i == 0 || a->blocks[i - 1].kind != ALOUD_BLOCK_QUOTE;
        b->quote_end = i + 1 == a->n_blocks || a->blocks[i + 1].kind != ALOUD_BLOCK_QUOTE;
    }
}

/* --- Metadata ----------------------------------------------------------- */

/* Where an author's name was found, most trusted first. */
enum author_source { BY_LD, BY_META, BY_LINE, AUTHOR_SOURCES };

struct meta {
    char *title_tag, *og_title, *ld_headline, *h1;
    char *site_name, *publisher;
    char *date, *description, *language, *url;
    int date_rank;   /* of the date's source (lower is more trusted) */
    char *time_text; /* the visible text of the publication <time> */
    struct aloud_buf authors[AUTHOR_SOURCES]; /* bylines, NUL-separated */
};

static void set_once(char **field, const char *value)
{
    if (*field || !value)
        return;
    char *copy = aloud_text_squeeze(aloud_xstrdup(value));
    if (*copy)
        *field = copy;
    else
        free(copy);
}

/* An ISO 8601 date or timestamp (starts YYYY-MM-DD), else NULL. */
static int looks_iso(const char *s)
{
    if (!s)
        return 0;
    while (isspace((unsigned char)*s))
        s++;
    for (int i = 0; i < 10; i++) {
        int want_dash = i == 4 || i == 7;
        if (want_dash ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return 0;
    }
    return 1;
}

/* A publication date from a source of rank (0: the article's own
 * datePublished or article:published_time; 1: other publication meta; 2:
 * a <time>): the most trusted source wins, the first among equals. Dates
 * written "November 19, 2019", "19 Nov 2019" or "2019/11/19" are read with
 * strptime(3) and kept as YYYY-MM-DD. */
static void set_date(struct meta *m, const char *value, int rank)
{
    if (!value || (m->date && m->date_rank <= rank))
        return;
    char iso[32];
    if (looks_iso(value)) {
        int year = atoi(value + strspn(value, " \t"));
        if (year < 1990 || year > 2100)
            return; /* "0001-01-01": a placeholder */
    } else {
        static const char *const formats[] = {"%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y",
                                              "%Y/%m/%d", "%a, %d %b %Y", NULL};
        const char *v = value;
        while (isspace((unsigned char)*v))
            v++;
        struct tm tm;
        const char *const *f;
        for (f = formats; *f; f++) {
            memset(&tm, 0, sizeof tm);
            if (strptime(v, *f, &tm))
                break;
        }
        if (!*f || tm.tm_year < 90 || tm.tm_year > 200)
            return;
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
        value = iso;
    }
    free(m->date);
    m->date = aloud_xstrdup(value);
    m->date_rank = rank;
}

/* Author names from a JSON-LD author value: a string, {name}, or a list. */
static void add_candidate(struct meta *m, enum author_source src, const char *text)
{
    if (text && *text)
        aloud_buf_append(&m->authors[src], text, strlen(text) + 1);
}

/* schema.org author: a name, a Person (or anything but an Organization)
 * with a name, or a list of them. */
static void ld_authors(json_object *v, struct meta *m, int depth)
{
    if (!v || depth > 4)
        return;
    if (json_object_is_type(v, json_type_string)) {
        const char *s = json_object_get_string(v);
        if (!strstr(s, "://"))
            add_candidate(m, BY_LD, s);
    } else if (json_object_is_type(v, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(v) && i < 16; i++)
            ld_authors(json_object_array_get_idx(v, i), m, depth + 1);
    } else if (json_object_is_type(v, json_type_object)) {
        json_object *name, *type;
        if (json_object_object_get_ex(v, "@type", &type) &&
            json_object_is_type(type, json_type_string) &&
            strcmp(json_object_get_string(type), "Organization") == 0)
            return;
        if (json_object_object_get_ex(v, "name", &name))
            ld_authors(name, m, depth + 1);
    }
}

static int ld_is_article(json_object *o)
{
    json_object *type;
    if (!json_object_object_get_ex(o, "@type", &type))
        return 0;
    static const char *const kinds[] = {"Article", "NewsArticle", "BlogPosting", "Report",
                                        "ReportageNewsArticle", "AnalysisNewsArticle",
                                        "OpinionNewsArticle", "TechArticle",
                                        "ScholarlyArticle", "LiveBlogPosting", "SocialMediaPosting",
                                        "WebPage", NULL};
    int n = json_object_is_type(type, json_type_array) ? (int)json_object_array_length(type) : 1;
    for (int i = 0; i < n; i++) {
        json_object *t = json_object_is_type(type, json_type_array)
                             ? json_object_array_get_idx(type, (size_t)i)
                             : type;
        const char *s = json_object_get_string(t);
        for (const char *const *k = kinds; s && *k; k++) {
            if (strcmp(s, *k) == 0)
                return strcmp(s, "WebPage") == 0 ? 1 : 2;
        }
    }
    return 0;
}

static void ld_walk(json_object *v, struct meta *m, int depth)
{
    if (!v || depth > 8)
        return;
    if (json_object_is_type(v, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(v) && i < 64; i++)
            ld_walk(json_object_array_get_idx(v, i), m, depth + 1);
        return;
    }
    if (!json_object_is_type(v, json_type_object))
        return;
    json_object *f;
    if (json_object_object_get_ex(v, "@graph", &f))
        ld_walk(f, m, depth + 1);
    int kind = ld_is_article(v);
    if (kind == 2) {
        if (json_object_object_get_ex(v, "headline", &f) &&
            json_object_is_type(f, json_type_string))
            set_once(&m->ld_headline, json_object_get_string(f));
        if (json_object_object_get_ex(v, "author", &f))
            ld_authors(f, m, 0);
        json_object *name;
        if (json_object_object_get_ex(v, "publisher", &f) &&
            json_object_is_type(f, json_type_object) &&
            json_object_object_get_ex(f, "name", &name) &&
            json_object_is_type(name, json_type_string))
            set_once(&m->publisher, json_object_get_string(name));
        if (json_object_object_get_ex(v, "datePublished", &f) &&
            json_object_is_type(f, json_type_string))
            set_date(m, json_object_get_string(f), 0);
        if (json_object_object_get_ex(v, "description", &f) &&
            json_object_is_type(f, json_type_string))
            set_once(&m->description, json_object_get_string(f));
        if (json_object_object_get_ex(v, "inLanguage", &f) &&
            json_object_is_type(f, json_type_string))
            set_once(&m->language, json_object_get_string(f));
    } else if (kind == 1) {
        if (json_object_object_get_ex(v, "datePublished", &f) &&
            json_object_is_type(f, json_type_string))
            set_date(m, json_object_get_string(f), 1);
    }
}

static int word_in(const char *w, size_t n, const char *const *list);

/* Words that name an organisation, a desk or a job, never a person. */
static const char *const not_name_words[] = {
    "news", "press", "presse", "media", "bureau", "desk", "staff", "team", "editorial",
    "editors", "editor", "newsroom", "reporter", "writer", "correspondent", "contributor",
    "columnist", "journalist", "agency", "group", "network", "online", "magazine", "daily",
    "international", "digital", "inc", "ltd", "llc", "admin", "administrator", "redaction",
    "rédaction", "redação", "redacción", "redazione", "redaktion", "guest", "anonymous",
    "reuters", "bloomberg", "afp", "dpa", "pti", "ians", "ani", "upi", "efe", "ansa",
    "xinhua", "tass", "kyodo", "cnn", "bbc", "sport", "sports", "the", NULL,
};


/* Letters and digits only, lower-cased (ASCII), the rest as is: "‘We
 * had…’" and "'We had...'" compare equal. */
static char *loose(const char *s)
{
    char *out = aloud_xmalloc(strlen(s) + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x80) {
            /* Typographic quotes, dashes and ellipses (U+2010..U+206F). */
            if (p[0] == 0xE2 && p[1] == 0x80 && p[2]) {
                p += 2;
                continue;
            }
            *o++ = (char)*p;
        } else if (isalnum(*p)) {
            *o++ = (char)tolower(*p);
        }
    }
    *o = '\0';
    return out;
}

/* Equal but for case, spaces and punctuation. */
static int same_loose(const char *a, const char *b)
{
    char *x = loose(a), *y = loose(b);
    int same = strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

/* The site's own name, the publisher's, or the domain's main label (an
 * author "LinkNaija" on linknaija.com is the site, not a writer). */
static int names_the_site(const char *name, const struct meta *m)
{
    const char *sites[] = {m->site_name, m->publisher};
    for (size_t i = 0; i < 2; i++)
        if (sites[i] && (same_loose(name, sites[i]) ||
                         (strlen(name) >= 4 && strcasestr(sites[i], name))))
            return 1;
    const char *host = m->url ? strstr(m->url, "://") : NULL;
    if (host) {
        host += 3;
        if (!strncasecmp(host, "www.", 4))
            host += 4;
        size_t n = strcspn(host, ".:/");
        char label[64];
        if (n >= 4 && n < sizeof label) {
            memcpy(label, host, n);
            label[n] = '\0';
            /* "Practical Horseman" on practicalhorsemanmag.com */
            char *l = loose(name);
            int site = same_loose(name, label) || (strlen(l) >= 6 && strstr(label, l));
            free(l);
            if (site)
                return 1;
        }
    }
    return 0;
}

/* Is part a person's name: two to five words, each capitalised (but for
 * particles such as "de" or "van"), no digits, addresses or domains, no
 * word of an organisation or a job, not the site itself? ALL-CAPS names
 * are given their capitals back. */
static int person_name(char *part, const struct meta *m, int whole)
{
    aloud_text_squeeze(part);
    size_t len = strlen(part);
    while (len && strchr(".,;:", part[len - 1]))
        part[--len] = '\0';
    if (!len || u8len(part) > 50 || strpbrk(part, "0123456789@*|/\\()[]{}") ||
        strstr(part, "://"))
        return 0;
    for (const char *dot = strchr(part, '.'); dot; dot = strchr(dot + 1, '.'))
        if (isalpha((unsigned char)dot[1]))
            return 0; /* "Cleveland.com" */
    static const char *const particles[] = {"de", "da", "do", "dos", "das", "del", "della", "di",
                                            "du", "van", "von", "der", "den", "la", "le", "bin",
                                            "al", "y", "e", "ter", NULL};
    /* The name is the words up to the first that cannot be part of one:
     * "Tom Gillespie News reporter" is "Tom Gillespie". */
    int words = 0, lower = 0, any_lower = 0;
    for (const char *q = part; *q; q++)
        any_lower |= islower((unsigned char)*q);
    size_t name_end = 0;
    char *copy = aloud_xstrdup(part), *save = NULL;
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        char bare[64];
        snprintf(bare, sizeof bare, "%s", w);
        size_t bl = strlen(bare);
        while (bl && strchr(".,'", bare[bl - 1]))
            bare[--bl] = '\0';
        unsigned char c = (unsigned char)w[0];
        /* An initialism in a name written in capitals and small letters
         * is a company or a desk ("AP Auto Writer", "IGN Staff"). */
        int initialism = any_lower && bl >= 2;
        for (size_t k = 0; k < bl && initialism; k++)
            initialism = isupper((unsigned char)bare[k]);
        if (word_in(bare, bl, not_name_words) || initialism ||
            (islower(c) && !word_in(bare, bl, particles)))
            break;
        words++;
        name_end = (size_t)(w - copy) + strlen(w);
        for (const char *q = w; *q; q++)
            lower |= islower((unsigned char)*q);
    }
    free(copy);
    if (whole && part[name_end])
        return 0; /* cut short: only whole parts count here */
    part[name_end] = '\0';
    if (words < 2 || words > 5 || names_the_site(part, m))
        return 0;
    if (!lower) {
        /* "TOM KRISHER" -> "Tom Krisher" (ASCII letters only). */
        int start = 1;
        for (char *q = part; *q; q++) {
            if (isalpha((unsigned char)*q) && (unsigned char)*q < 0x80) {
                *q = start ? (char)toupper((unsigned char)*q) : (char)tolower((unsigned char)*q);
                start = 0;
            } else {
                start = *q == ' ' || *q == '-' || *q == '\'';
            }
        }
    }
    return 1;
}

/* Cuts a byline where a date written in words starts, even glued to the
 * name before it ("Carrie ArnoldNovember 15, 2019", "Jeff Foust Monday,
 * November 18"): an English month name followed by a day, or a weekday
 * followed by a comma or a day. "June Carter" and "April Smith" stay. */
static void cut_at_date_words(char *p)
{
    static const char *const months[] = {"January", "February", "March", "April", "May",
                                         "June", "July", "August", "September", "October",
                                         "November", "December", "Jan", "Feb", "Mar", "Apr",
                                         "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
                                         NULL};
    static const char *const days[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                       "Saturday", "Sunday", NULL};
    char *first = NULL;
    for (int kind = 0; kind < 2; kind++) {
        for (const char *const *w = kind ? days : months; *w; w++) {
            size_t n = strlen(*w);
            for (char *at = strstr(p, *w); at; at = strstr(at + 1, *w)) {
                const char *after = at + n;
                if (*after == '.')
                    after++;
                int dated = (after[0] == ' ' && isdigit((unsigned char)after[1])) ||
                            (kind && (after[0] == ',' || !after[0]));
                if (dated && (!first || at < first))
                    first = at;
            }
        }
    }
    if (first)
        *first = '\0';
}

/* Splits a byline into its names: "By Jane Doe and John Roe, Health
 * Editors | Updated 5 May" -> "Jane Doe", "John Roe". A leading "By",
 * "Par", "Von"... or a one-word label ("Text:") goes; the line is cut at
 * "|", a dash or the first digit (a date, a time), and split at commas,
 * "&", "and" (and its neighbours in other languages) and at a full stop
 * after a whole word ("Jane Doe. The Times"). */
static void split_byline(const char *text, const struct meta *m, int whole,
                         void (*take)(void *, const char *), void *ctx)
{
    char *s = aloud_text_squeeze(aloud_xstrdup(text));
    char *p = s;
    static const char *const prefixes[] = {"by ", "von ", "par ", "por ", "di ", "door ",
                                           "av ", "af ", "written by ", "posted by ", NULL};
    for (const char *const *pre = prefixes; *pre; pre++) {
        if (strncasecmp(p, *pre, strlen(*pre)) == 0) {
            p += strlen(*pre);
            break;
        }
    }
    char *colon = strchr(p, ':');
    if (colon && colon - p <= 16 && !memchr(p, ' ', (size_t)(colon - p)))
        p = colon + 1; /* "Text: Jane Doe", "Текст: ..." */
    cut_at_date_words(p);
    size_t cut = strcspn(p, "|@0123456789"); /* a date, a time, a handle */
    p[cut] = '\0';
    for (char *d = strstr(p, " - "); d; d = NULL)
        *d = '\0';
    char *dash = strstr(p, "\xe2\x80\x93");
    if (!dash)
        dash = strstr(p, "\xe2\x80\x94");
    if (dash)
        *dash = '\0';
    /* Separators to one: ',' */
    struct aloud_buf b = {0};
    static const char *const joins[] = {" and ", " und ", " et ", " y ", " e ", " & ", NULL};
    for (const char *q = p; *q;) {
        const char *const *j;
        for (j = joins; *j; j++)
            if (!strncasecmp(q, *j, strlen(*j)))
                break;
        if (*j) {
            aloud_buf_putc(&b, ',');
            q += strlen(*j);
        } else if (*q == '&' || *q == ';') {
            aloud_buf_putc(&b, ',');
            q++;
        } else if (*q == '.' && q[1] == ' ' && q - p >= 2 && isalpha((unsigned char)q[-1]) &&
                   isalpha((unsigned char)q[-2])) {
            aloud_buf_putc(&b, ',');
            q += 2;
        } else {
            aloud_buf_putc(&b, *q++);
        }
    }
    char *all = aloud_buf_steal(&b);
    char *save = NULL;
    for (char *part = strtok_r(all ? all : (char *)"", ",", &save); part;
         part = strtok_r(NULL, ",", &save))
        if (person_name(part, m, whole))
            take(ctx, part);
    free(all);
    free(s);
}

static void take_author(void *ctx, const char *name)
{
    struct aloud_article *a = ctx;
    /* "Troy Smith" after "Troy L. Smith": the same person, kept once. */
    for (size_t i = 0; i < a->n_authors; i++) {
        const char *o = a->authors[i];
        size_t on = strlen(o), nn = strlen(name);
        const char *longer = on > nn ? o : name, *shorter = on > nn ? name : o;
        const char *space = strchr(shorter, ' ');
        if (space && !strncasecmp(longer, shorter, (size_t)(space - shorter) + 1) &&
            strlen(longer) >= strlen(space) &&
            !strcasecmp(longer + strlen(longer) - strlen(space), space))
            return;
    }
    aloud_article_add_author(a, name);
}

/* The authors from the most trusted source that names a person; the
 * visible byline instead when it names all of them and more (metadata
 * that lists only the first of three writers), each of its names a whole
 * part of it (nothing cut off after the name). */
static void choose_authors(const struct meta *m, struct aloud_article *a)
{
    for (int src = 0; src < AUTHOR_SOURCES && !a->n_authors; src++) {
        const struct aloud_buf *b = &m->authors[src];
        for (size_t at = 0; at < b->len; at += strlen(b->data + at) + 1)
            split_byline(b->data + at, m, 0, take_author, a);
        if (src == BY_LINE || !a->n_authors)
            continue;
        struct aloud_article *line = aloud_article_new();
        const struct aloud_buf *l = &m->authors[BY_LINE];
        for (size_t at = 0; at < l->len; at += strlen(l->data + at) + 1)
            split_byline(l->data + at, m, 1, take_author, line);
        size_t found = 0;
        for (size_t i = 0; i < a->n_authors; i++)
            for (size_t k = 0; k < line->n_authors; k++)
                found += strcasecmp(a->authors[i], line->authors[k]) == 0;
        if (found == a->n_authors && line->n_authors > a->n_authors) {
            for (size_t i = 0; i < a->n_authors; i++)
                free(a->authors[i]);
            a->n_authors = 0;
            for (size_t k = 0; k < line->n_authors; k++)
                aloud_article_add_author(a, line->authors[k]);
        }
        aloud_article_free(line);
    }
}

static void read_meta_tag(xmlNode *n, struct meta *m)
{
    char *key = attr(n, "property");
    if (!key)
        key = attr(n, "name");
    if (!key)
        key = attr(n, "itemprop");
    char *content = attr(n, "content");
    char *equiv = attr(n, "http-equiv");
    if (key && content) {
        if (!strcasecmp(key, "og:title") || !strcasecmp(key, "twitter:title"))
            set_once(&m->og_title, content);
        else if (!strcasecmp(key, "og:site_name"))
            set_once(&m->site_name, content);
        else if (!strcasecmp(key, "article:published_time") ||
                 !strcasecmp(key, "article:published") || !strcasecmp(key, "datePublished") ||
                 !strcasecmp(key, "og:article:published_time"))
            set_date(m, content, 0);
        else if (!strcasecmp(key, "date") || !strcasecmp(key, "dc.date") ||
                 !strcasecmp(key, "dc.date.issued") || !strcasecmp(key, "dcterms.date") ||
                 !strcasecmp(key, "pubdate") || !strcasecmp(key, "publish-date") ||
                 !strcasecmp(key, "parsely-pub-date") || !strcasecmp(key, "sailthru.date") ||
                 !strcasecmp(key, "og:published_time") || !strcasecmp(key, "pub_date"))
            set_date(m, content, 1);
        else if (!strcasecmp(key, "description") || !strcasecmp(key, "og:description"))
            set_once(&m->description, content);
        else if (!strcasecmp(key, "author") || !strcasecmp(key, "article:author") ||
                 !strcasecmp(key, "dc.creator") || !strcasecmp(key, "parsely-author") ||
                 !strcasecmp(key, "sailthru.author") || !strcasecmp(key, "og:article:author"))
            add_candidate(m, BY_META, content);
        else if (!strcasecmp(key, "og:url"))
            set_once(&m->url, content);
        else if (!strcasecmp(key, "og:locale") && !m->language) {
            char *loc = aloud_xstrdup(content);
            for (char *p = loc; *p; p++)
                if (*p == '_')
                    *p = '-';
            set_once(&m->language, loc);
            free(loc);
        }
    }
    if (equiv && content && !strcasecmp(equiv, "content-language"))
        set_once(&m->language, content);
    xmlFree(key);
    xmlFree(content);
    xmlFree(equiv);
}

static int is_byline_node(const xmlNode *n)
{
    static const char *const words[] = {"byline", "author", "writer", "autor", "auteur",
                                        "contributor", NULL};
    if (attr_is(n, "rel", "author") || attr_is(n, "itemprop", "author"))
        return 1;
    return class_id_has(n, words);
}

static void read_metadata(xmlNode *root, struct meta *m)
{
    char *lang = attr(root, "lang");
    if (!lang)
        lang = attr(root, "xml:lang");
    set_once(&m->language, lang);
    xmlFree(lang);
    int byline_done = 0;
    for (xmlNode *n = root; n; n = next_node(n, root, 0)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(n, "title") && !m->title_tag) {
            char *t = squeezed_text(n);
            set_once(&m->title_tag, t);
            free(t);
        } else if (is_el(n, "meta")) {
            read_meta_tag(n, m);
        } else if (is_el(n, "link")) {
            if (attr_is(n, "rel", "canonical")) {
                char *href = attr(n, "href");
                set_once(&m->url, href);
                xmlFree(href);
            }
        } else if (is_el(n, "script")) {
            if (attr_is(n, "type", "application/ld+json")) {
                char *json = squeezed_text(n);
                json_object *v = json_tokener_parse(json);
                ld_walk(v, m, 0);
                json_object_put(v);
                free(json);
            }
        } else if (is_el(n, "h1") && !m->h1) {
            char *t = squeezed_text(n);
            set_once(&m->h1, t);
            free(t);
        } else if (is_el(n, "time")) {
            char *dt = attr(n, "datetime");
            int published = xmlHasProp(n, BAD_CAST "pubdate") ||
                            attr_is(n, "itemprop", "datePublished") || !m->date;
            if (dt && published && looks_iso(dt)) {
                set_date(m, dt, xmlHasProp(n, BAD_CAST "pubdate") ||
                                        attr_is(n, "itemprop", "datePublished")
                                    ? 0
                                    : 2);
                char *t = squeezed_text(n);
                set_once(&m->time_text, t);
                free(t);
            }
            xmlFree(dt);
        } else if (!byline_done && is_byline_node(n) && !is_el(n, "meta") &&
                   !is_el(n, "link")) {
            char *t = squeezed_text(n);
            if (*t && u8len(t) < 100) {
                add_candidate(m, BY_LINE, t);
                byline_done = 1;
            }
            free(t);
        }
    }
}

/* Splits "Headline | Site" style titles and keeps the headline. */
static char *clean_title_tag(const char *title, const char *site)
{
    static const char *const seps[] = {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ",
                                       " \xc2\xb7 ", " \xc2\xbb ", " / ", NULL};
    char *best = aloud_xstrdup(title);
    for (const char *const *sep = seps; *sep; sep++) {
        if (!strstr(title, *sep))
            continue;
        /* The longest part is the headline; site names are short. */
        char *copy = aloud_xstrdup(title);
        char *part = copy, *longest = NULL;
        size_t longest_len = 0;
        while (part) {
            char *next = strstr(part, *sep);
            if (next) {
                *next = '\0';
                next += strlen(*sep);
            }
            size_t len = u8len(part);
            if (len > longest_len && !(site && strcasecmp(part, site) == 0)) {
                longest = part;
                longest_len = len;
            }
            part = next;
        }
        if (longest && longest_len >= 10) {
            free(best);
            best = aloud_xstrdup(longest);
        }
        free(copy);
        break;
    }
    return aloud_text_squeeze(best);
}

static int contains_ci(const char *hay, const char *needle)
{
    if (!hay || !needle || !*needle)
        return 0;
    char *h = loose(hay), *n = loose(needle);
    int found = *n && strstr(h, n) != NULL;
    free(h);
    free(n);
    return found;
}

static void choose_title(struct meta *m, struct aloud_article *a)
{
    const char *title = NULL;
    char *cleaned = m->title_tag ? clean_title_tag(m->title_tag, m->site_name) : NULL;
    if (m->h1 && u8len(m->h1) >= 4 && !names_the_site(m->h1, m) &&
        (contains_ci(m->title_tag, m->h1) || contains_ci(m->og_title, m->h1) ||
         contains_ci(m->ld_headline, m->h1) || (!m->og_title && !m->ld_headline)))
        title = m->h1;
    else if (m->ld_headline)
        title = m->ld_headline; /* its site suffix, if any, is cut below */
    else if (m->og_title)
        title = m->og_title;
    else if (cleaned && *cleaned)
        title = cleaned;
    else
        title = m->h1;
    if (title && (title == m->og_title || title == m->ld_headline)) {
        char *c = clean_title_tag(title, m->site_name);
        aloud_article_set(&a->title, c);
        free(c);
    } else {
        aloud_article_set(&a->title, title);
    }
    free(cleaned);
}

static void meta_free(struct meta *m)
{
    free(m->title_tag);
    free(m->og_title);
    free(m->ld_headline);
    free(m->h1);
    free(m->site_name);
    free(m->publisher);
    for (int i = 0; i < AUTHOR_SOURCES; i++)
        aloud_buf_free(&m->authors[i]);
    free(m->date);
    free(m->description);
    free(m->language);
    free(m->url);
    free(m->time_text);
}

/* --- The introduction's lines leave the body ------------------------------- */

static int same_text(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

/* Drops, near the top of the body, the headline and the lines that hold
 * only the byline or the date: the script's introduction says them. */
static void drop_intro_blocks(struct aloud_article *a, const struct meta *m)
{
    size_t w = 0;
    for (size_t i = 0; i < a->n_blocks; i++) {
        struct aloud_block *b = &a->blocks[i];
        int drop = 0;
        if (i < 8 && (b->kind == ALOUD_BLOCK_HEADING || b->kind == ALOUD_BLOCK_PARAGRAPH)) {
            size_t len = u8len(b->text);
            if (same_text(b->text, a->title) || same_text(b->text, m->h1))
                drop = 1;
            else if (m->time_text && same_text(b->text, m->time_text))
                drop = 1;
            else if (len < 120 && b->kind == ALOUD_BLOCK_PARAGRAPH) {
                for (size_t k = 0; k < a->n_authors && !drop; k++) {
                    const char *name = a->authors[k];
                    if (strcasestr(b->text, name) &&
                        (strncasecmp(b->text, "by ", 3) == 0 || strlen(b->text) <
                                                                    strlen(name) + 40))
                        drop = 1;
                }
            }
        }
        if (drop) {
            free(b->text);
            continue;
        }
        a->blocks[w++] = *b;
    }
    a->n_blocks = w;
}

/* Lines a listener never needs, wherever they stand: ad labels, the words
 * of buttons, photo credits, tag lists, copyright lines, bare bylines and lines
 * that are only a date and a time. All short; the rules are about shape,
 * with the common words of several languages. */
static const char *const label_lines[] = {
    "advertisement", "advertising", "anzeige", "werbung", "publicité", "publicidad",
    "publicidade", "pubblicità", "reklama", "sponsored", "sponsored content", "close", "x",
    "back to gallery", "learn more", "read more", "continue reading", "show more", "load more",
    "see more", "more", "next", "previous", "share", "share this", "share this article",
    "share this story", "comments", "comment", "print", "email", "e-mail", "tweet", "related",
    "related articles", "related stories", "see also", "skip to main content",
    "skip to content", "menu", "search", "subscribe", "sign up", "log in", "login", "image",
    "photo", "video", "watch", "listen", "gallery", "leia mais", "lire aussi", "lire la suite",
    "weiterlesen", "mehr zum thema", "leer más", "ver más", "leggi anche", "getty images",
    "story continues below advertisement", "advertisement - scroll to continue", NULL,
};

static const char *const line_prefixes[] = {
    "photo:", "photo by", "photograph:", "photos:", "image copyright", "image:", "credit:",
    "credits:", "foto:", "bild:", "tags:", "tag:", "filed under", "topics:", "related:",
    "read more:", "read also:", "see also:", "also read:", "copyright", "©", "(c) ",
    "all rights reserved", "follow us", "sign up for", "subscribe to", "tags ",
    "(reporting by", "reporting by", "additional reporting by", "editing by", "(editing by",
    "citation:", NULL,
};

/* Calls to action: a short paragraph that asks for a subscription or a
 * sign-up is the publisher speaking, not the article. */
static const char *const action_words[] = {
    "subscribe", "subscription", "sign up", "newsletter", "abonnez", "abonne-toi",
    "abonnieren", "suscríbete", "suscribete", "assine", "iscriviti", NULL,
};

static const char *const date_words[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "am", "pm",
    "a", "m", "p", "utc", "gmt", "est", "edt", "pst", "pdt", "cst", "cdt", "bst", "cet", "cest",
    "ist", "published", "updated", "posted", "last", "modified", "on", "at", "de", "le", "el",
    "às", "um", "uhr", "h", "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
    "août", "septembre", "octobre", "novembre", "décembre", "enero", "febrero", "marzo",
    "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
    "diciembre", "janeiro", "fevereiro", "março", "maio", "junho", "julho", "setembro",
    "outubro", "novembro", "dezembro", "januar", "februar", "märz", "juni", "juli",
    "oktober", "dezember", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira",
    "sexta-feira", "sábado", "domingo", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
    "samedi", "dimanche", "lunes", "martes", "miércoles", "jueves", "viernes", "montag",
    "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "veröffentlicht",
    "aktualisiert", "publié", "publicado", "atualizado", "actualizado", "mis", "à", "jour",
    NULL,
};

static int word_in(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++) {
        if (strlen(*list) == n && strncasecmp(w, *list, n) == 0)
            return 1;
    }
    return 0;
}

/* Only a date and a time, with their usual companion words? */
static int is_date_line(const char *t)
{
    size_t words = 0, datey = 0;
    int year = 0, clock = 0;
    const char *p = t;
    while (*p) {
        while (*p && !isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80 || *p == '-'))
            p++;
        size_t n = (size_t)(p - w);
        words++;
        int digits = 1;
        for (size_t i = 0; i < n; i++)
            digits &= isdigit((unsigned char)w[i]) != 0;
        if (digits) {
            datey++;
            year |= n == 4 && (w[0] == '1' || w[0] == '2');
            clock |= *p == ':' && n <= 2;
        } else if (word_in(w, n, date_words)) {
            datey++;
        }
    }
    return words > 0 && (year || clock) && datey * 10 >= words * 8;
}

static int starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static int is_boilerplate_line(const struct aloud_block *b)
{
    const char *t = b->text;
    size_t len = u8len(t);
    if (len > 150)
        return 0;
    /* The text without closing punctuation, for the label list. */
    char *bare = aloud_xstrdup(t);
    size_t n = strlen(bare);
    while (n > 0 && strchr(".:!?»>›|-–— ", bare[n - 1]))
        bare[--n] = '\0';
    int label = word_in(bare, strlen(bare), label_lines);
    free(bare);
    if (label)
        return 1;
    if (b->kind == ALOUD_BLOCK_HEADING || b->kind == ALOUD_BLOCK_LIST_ITEM ||
        b->kind == ALOUD_BLOCK_QUOTE)
        return 0;
    for (const char *const *pre = line_prefixes; *pre; pre++) {
        if (starts_with_ci(t, *pre))
            return 1;
    }
    if (len < 80 && is_date_line(t))
        return 1;
    /* "By REUTERS", "Por Ana Lima": a byline with no sentence in it. */
    if (len < 60 && (starts_with_ci(t, "by ") || starts_with_ci(t, "par ") ||
                     starts_with_ci(t, "von ") || starts_with_ci(t, "por ")) &&
        !strchr(t, '.'))
        return 1;
    if (len < 120 && starts_with_ci(t, "by ") && is_date_line(strchr(t, ' ')))
        return 1; /* "By A and B Monday, November 18, 2019, 04:05 pm PT" */
    if (!strchr(t, ' ') && (starts_with_ci(t, "http://") || starts_with_ci(t, "https://")))
        return 1; /* a bare URL */
    /* A line that opens with a pictograph (U+1F300..U+1FAFF) is a promotion. */
    const unsigned char *u = (const unsigned char *)t;
    if (u[0] == 0xF0 && u[1] == 0x9F && u[2] >= 0x8C && u[2] <= 0xAB)
        return 1;
    if (len < 250) {
        for (const char *const *w = action_words; *w; w++) {
            if (strcasestr(t, *w))
                return 1;
        }
    }
    /* A photo credit: short, names a picture agency, says nothing. */
    if (len < 70 && (strstr(t, "Getty Images") || strstr(t, "AP Photo") ||
                     strstr(t, "Shutterstock") || strstr(t, "iStock") || strstr(t, "AFP/")))
        return 1;
    return 0;
}

/* Texts already said, as 64-bit FNV-1a hashes in an open-addressed table:
 * slideshows and galleries repeat their captions, and a listener needs them
 * once. */
struct said {
    uint64_t *slots;
    size_t cap, n;
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h ? h : 1;
}

/* Returns 1 if text (30 characters or more) was said before, else records it. */
static int said_before(struct said *t, const char *text)
{
    if (strlen(text) < 30)
        return 0;
    if (t->n * 2 >= t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        uint64_t *slots = aloud_xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->slots[i])
                continue;
            size_t k = t->slots[i] & (cap - 1);
            while (slots[k])
                k = (k + 1) & (cap - 1);
            slots[k] = t->slots[i];
        }
        free(t->slots);
        t->slots = slots;
        t->cap = cap;
    }
    uint64_t h = fnv1a(text);
    size_t k = h & (t->cap - 1);
    while (t->slots[k]) {
        if (t->slots[k] == h)
            return 1;
        k = (k + 1) & (t->cap - 1);
    }
    t->slots[k] = h;
    t->n++;
    return 0;
}

static void drop_boilerplate_blocks(struct aloud_article *a)
{
    struct said said = {0};
    size_t w = 0;
    for (size_t i = 0; i < a->n_blocks; i++) {
        if (is_boilerplate_line(&a->blocks[i]) || said_before(&said, a->blocks[i].text)) {
            free(a->blocks[i].text);
            continue;
        }
        a->blocks[w++] = a->blocks[i];
    }
    a->n_blocks = w;
    free(said.slots);
}

/* Article headers (kicker, headline, byline, share bar) are metadata: they
 * leave the body unless they hold real prose. */
static void drop_headers(xmlNode *root)
{
    xmlNode *n = root->children;
    while (n) {
        xmlNode *next;
        if (is_el(n, "header") || attr_is(n, "role", "heading")) {
            size_t text, links;
            measure(n, &text, &links);
            if (text < 400) {
                next = next_node(n, root, 1);
                remove_node(n);
                n = next;
                continue;
            }
        }
        n = next_node(n, root, 0);
    }
}

/* --- Parsing with the right character set ---------------------------------- */

static const int parse_options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NONET | HTML_PARSE_COMPACT;

static int declared_latin1(const char *enc)
{
    return enc && (!strcasecmp(enc, "ISO-8859-1") || !strcasecmp(enc, "latin1") ||
                   !strcasecmp(enc, "iso8859-1") || !strcasecmp(enc, "US-ASCII") ||
                   !strcasecmp(enc, "ascii"));
}

/* libxml2 reports what it recovers from (bad bytes for the declared
 * encoding, broken markup) on stderr; web pages are full of both, and the
 * listener's view of it is the text we extract. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static htmlDocPtr parse(const char *data, size_t len)
{
    xmlSetGenericErrorFunc(NULL, quiet);
    const unsigned char *u = (const unsigned char *)data;
    const char *bom = NULL;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        bom = "UTF-8";
    else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        bom = "UTF-16LE";
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        bom = "UTF-16BE";
    if (len > INT32_MAX)
        return NULL;
    if (bom && strncmp(bom, "UTF-16", 6) == 0)
        return htmlReadMemory(data + 2, (int)len - 2, NULL, bom, parse_options);
    /* NUL bytes end libxml2's reading of a page early: leave them out. */
    char *clean = NULL;
    if (memchr(data, '\0', len)) {
        clean = aloud_xmalloc(len);
        size_t w = 0;
        for (size_t i = 0; i < len; i++)
            if (data[i])
                clean[w++] = data[i];
        data = clean;
        len = w;
    }
    htmlDocPtr doc = htmlReadMemory(data, (int)len, NULL, bom, parse_options);
    const char *declared = doc && doc->encoding ? (const char *)doc->encoding : NULL;
    int reread = !bom && ((!declared && !aloud_utf8_valid(data, len)) || declared_latin1(declared));
    if (doc && reread) {
        xmlFreeDoc(doc);
        /* Five bytes have no character in windows-1252, and iconv stops
         * the whole page at the first of them: they become spaces. */
        char *cp = aloud_xmalloc(len ? len : 1);
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)data[i];
            cp[i] = c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D ? ' ' : data[i];
        }
        doc = htmlReadMemory(cp, (int)len, NULL, "windows-1252", parse_options);
        free(cp);
    }
    free(clean);
    return doc;
}

/* --- The stage ------------------------------------------------------------- */

static xmlNode *find_el(xmlNode *root, const char *name)
{
    for (xmlNode *n = root; n; n = next_node(n, root, 0)) {
        if (is_el(n, name))
            return n;
    }
    return NULL;
}

/* A page that does not say its language (no <html lang>, no meta): the
 * text's own, by libexttextcat's n-gram fingerprints (the guesser of
 * LibreOffice) over its first paragraphs. The fingerprints are loaded once
 * per process, and only for such pages (about 10 ms). */
static void guess_language(struct aloud_article *a)
{
    static void *guesser;
    static int tried;
    if (!tried) {
        tried = 1;
        guesser = special_textcat_Init(ALOUD_TEXTCAT_DIR "/fpdb.conf", ALOUD_TEXTCAT_DIR "/");
    }
    if (!guesser)
        return;
    struct aloud_buf text = {0};
    for (size_t i = 0; i < a->n_blocks && text.len < 2000; i++) {
        if (a->blocks[i].kind != ALOUD_BLOCK_PARAGRAPH)
            continue;
        aloud_buf_puts(&text, a->blocks[i].text);
        aloud_buf_putc(&text, ' ');
    }
    const char *r = text.len >= 100 ? textcat_Classify(guesser, text.data, text.len) : NULL;
    /* "[en--utf8][sco--utf8]": the best guess's language subtag. */
    if (r && r[0] == '[') {
        size_t n = strcspn(r + 1, "-]");
        if (n >= 2 && n <= 3) {
            char lang[4];
            memcpy(lang, r + 1, n);
            lang[n] = '\0';
            aloud_article_set(&a->language, lang);
        }
    }
    aloud_buf_free(&text);
}

int aloud_html_extract(const char *data, size_t len, const char *name,
                       struct aloud_article **out, char **err)
{
    *out = NULL;
    htmlDocPtr doc = parse(data, len);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        aloud_error_set(err, "%s: not an HTML page (nothing to parse)", name);
        xmlFreeDoc(doc);
        return -EINVAL;
    }
    struct aloud_article *a = aloud_article_new();
    struct meta m = {0};
    read_metadata(root, &m);
    choose_title(&m, a);
    choose_authors(&m, a);
    aloud_article_set(&a->date, m.date);
    aloud_article_set(&a->description, m.description);
    aloud_article_set(&a->language, m.language);
    aloud_article_set(&a->url, m.url);

    xmlNode *body = find_el(root, "body");
    if (!body)
        body = root;
    prune(body);
    struct scores s = {0};
    xmlNode *best = best_candidate(body, &s);
    size_t best_text = 0, body_text = 0, links = 0, body_links = 0;
    if (best)
        measure(best, &best_text, &links);
    measure(body, &body_text, &body_links);
    /* Too little prose in the winner: read the whole (pruned) body, unless
     * the publisher marked the article's body (schema.org articleBody) and
     * it holds prose: a short article is still only that. */
    xmlNode *marked = marked_body(body);
    if (marked && best && best != marked && is_ancestor(best, marked))
        best = marked;
    else if (!best || best_text < 250)
        best = marked ? marked : body;
    for (size_t i = 0; i < s.n; i++)
        s.list[i].node->_private = NULL;
    free(s.list);
    drop_headers(best);
    read_blocks(best, a);
    drop_intro_blocks(a, &m);
    drop_boilerplate_blocks(a);

    if (!a->language || !*a->language)
        guess_language(a);

    /* An index page or a login wall: mostly links, little prose. */
    size_t prose = 0, paragraphs = 0;
    for (size_t i = 0; i < a->n_blocks; i++) {
        if (a->blocks[i].kind == ALOUD_BLOCK_PARAGRAPH || a->blocks[i].kind == ALOUD_BLOCK_QUOTE) {
            size_t l = u8len(a->blocks[i].text);
            prose += l;
            paragraphs += l >= 80;
        }
    }
    a->not_article = prose < 500 || paragraphs < 2 ||
                     (body_text && (double)body_links / (double)body_text > 0.6);
    meta_free(&m);
    xmlFreeDoc(doc);
    if (a->n_blocks == 0) {
        aloud_article_free(a);
        if (body_text && body_links * 2 > body_text)
            aloud_error_set(err, "%s: not an article: the page is mostly links (an index page?)",
                            name);
        else
            aloud_error_set(err, "%s: no article text found", name);
        return -ENODATA;
    }
    *out = a;
    return 0;
}
