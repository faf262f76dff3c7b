#define _GNU_SOURCE
/* Which element of the pruned page holds the article. Each paragraph
 * scores by its length and commas and passes its score up to three
 * ancestors; containers are weighted by their tag, their class and id
 * words (several languages) and their share of link text; schema.org
 * articleBody and <article> are strong hints, a list of posts is never
 * the article. The winner then takes in the siblings that read as its
 * body text (html-siblings.c). */
#include <libxml/tree.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aloud/util.h"
#include "html-internal.h"

/* --- Scoring: which element holds the article ------------------------------ */

static const char *const positive_words[] = {
    "article", "body",  "content", "entry",   "main",    "page",  "post",      "text",
    "blog",    "story", "artikel", "inhalt",  "contenu", "texte", "contenido", "cuerpo",
    "testo",   "corpo", "tekst",   "noticia", "nota",    NULL,
};

static const char *const negative_words[] = {
    "hidden",     "banner",   "combx",     "comment",    "com-",       "contact",   "foot",
    "footer",     "footnote", "masthead",  "media",      "meta",       "outbrain",  "promo",
    "related",    "scroll",   "shoutbox",  "sidebar",    "skyscraper", "sponsor",   "shopping",
    "tags",       "tool",     "widget",    "header",     "menu",       "nav",       "share",
    "social",     "byline",   "author",    "caption",    "credit",     "kommentar", "commentaire",
    "comentario", "werbung",  "publicite", "publicidad", NULL,
};

struct score {
    xmlNode *node;
    double score;
};

struct html_scores {
    struct score *list;
    size_t n, cap;
};

static struct score *score_of(struct html_scores *s, xmlNode *node)
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
    if (html_class_id_has(node, negative_words))
        base -= 25;
    if (html_class_id_has(node, positive_words))
        base += 25;
    if (html_class_id_has(node, html_content_words))
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

int html_is_negative(const xmlNode *n)
{
    return html_class_id_has(n, negative_words) && !html_class_id_has(n, positive_words);
}

double html_score_lookup(const struct html_scores *s, const xmlNode *n)
{
    size_t i = (size_t)(uintptr_t)n->_private;
    return i ? s->list[i - 1].score : 0;
}

static size_t count_char(const char *s, const char *chars)
{
    size_t n = 0;
    for (; *s; s++)
        n += strchr(chars, *s) != NULL;
    return n;
}

/* Text-bearing blocks: paragraphs and the like. */
static const char *const para_tags[] = {"p",  "pre", "td", "blockquote", "li",
                                        "h2", "h3",  "dd", NULL};

/* Does n hold two or more <article> elements? Then it is a list of posts
 * (a feed, "you may also like"), not one article, whatever its score. */
int html_holds_articles(xmlNode *n)
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
        html_measure(n, &text, &links);
        if (text - links < 100)
            continue;
        if (found)
            return NULL;
        found = n;
    }
    return found;
}

static xmlNode *best_candidate(xmlNode *body, struct html_scores *s)
{
    int skip = 0;
    for (xmlNode *n = body; n; n = next_node(n, body, skip)) {
        /* A list of teasers is never the article: its paragraphs score
         * nothing. */
        skip = html_is_teaser_list(n);
        if (skip)
            continue;
        int is_para = name_in(n, para_tags);
        /* A <div> holding text directly (no block children) counts too. */
        if (!is_para && is_el(n, "div")) {
            is_para = 1;
            for (xmlNode *c = n->children; c; c = c->next) {
                static const char *const blocks[] = {
                    "div",        "p",   "table", "ul", "ol", "section", "article",
                    "blockquote", "pre", "h1",    "h2", "h3", "figure",  NULL};
                if (name_in(c, blocks)) {
                    is_para = 0;
                    break;
                }
            }
        }
        if (!is_para)
            continue;
        char *text = html_text(n);
        size_t len = u8len(text);
        if (len >= 25 && n->parent) {
            double points =
                1 + (double)count_char(text, ",\xef\xbc\x8c") + fmin(floor((double)len / 100), 3);
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
        html_measure(s->list[i].node, &text, &links);
        double density = text ? (double)links / text : 1;
        s->list[i].score *= 1 - density;
        if (in_article_list(s->list[i].node))
            s->list[i].score *= 0.5;
        if (s->list[i].score > best_score && !html_holds_articles(s->list[i].node)) {
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
        if (parent_score < best_score * 0.75 || html_holds_articles(best->parent))
            break;
        best = best->parent;
        best_score = parent_score;
    }
    return best;
}

/* The element that holds the article, from the pruned body. */
/* A page whose best part holds little prose: a short article (a news
 * item, an about page, a product) or an index. The whole body is read,
 * less its lists of teasers when other text remains beside them (a short
 * post beside its blog's archive); an index page is nearly all teasers,
 * and is read whole (and marked not an article). */
static xmlNode *short_page(xmlNode *body, xmlNode *trash)
{
    size_t text, links, teasers = 0;
    html_measure(body, &text, &links);
    for (xmlNode *n = body; n; n = next_node(n, body, html_is_teaser_list(n))) {
        if (html_is_teaser_list(n)) {
            size_t t, l;
            html_measure(n, &t, &l);
            teasers += t;
        }
    }
    if (!teasers || text - links - (teasers < text ? teasers : text) < 150)
        return body;
    for (xmlNode *n = body, *next; n; n = next) {
        next = next_node(n, body, html_is_teaser_list(n));
        if (html_is_teaser_list(n)) {
            xmlUnlinkNode(n);
            xmlAddChild(trash, n);
        }
    }
    return body;
}

xmlNode *html_find_article(xmlNode *body)
{
    struct html_scores s = {0};
    xmlNode *trash = xmlNewNode(NULL, BAD_CAST "div");
    xmlNode *best = best_candidate(body, &s);
    /* Too little prose in the winner (with its siblings): read the whole
     * (pruned) body, unless the publisher marked the article's body
     * (schema.org articleBody) and it holds prose: a short article is
     * still only that. */
    xmlNode *marked = marked_body(body);
    if (marked && best && best != marked && html_is_ancestor(best, marked)) {
        best = marked;
    } else {
        size_t best_text = 0, links = 0;
        if (getenv("ALOUD_DEBUG") && best) { char *t = html_text(best); fprintf(stderr, "best=<%s class=%s id=%s> score=%.1f text=%.80s\n", best->name, attr_ref(best,"class"), attr_ref(best,"id"), html_score_lookup(&s,best), t); free(t); for (xmlNode *q = best->parent; q && q->type == XML_ELEMENT_NODE; q = q->parent) fprintf(stderr, "  up <%s class=%s id=%s> score=%.1f\n", q->name, attr_ref(q,"class"), attr_ref(q,"id"), html_score_lookup(&s,q)); }
        if (best && !marked)
            best = html_merge_siblings(best, &s, trash);
        if (getenv("ALOUD_DEBUG") && best) { char *t = html_text(best); fprintf(stderr, "merged=<%s class=%s> text=%.80s\n", best->name, attr_ref(best,"class"), t); free(t); }
        if (best)
            html_measure(best, &best_text, &links);
        if (!best || best_text < 250)
            best = marked ? marked : short_page(body, trash);
    }
    for (size_t i = 0; i < s.n; i++)
        s.list[i].node->_private = NULL;
    free(s.list);
    xmlFreeNode(trash);
    return best;
}
