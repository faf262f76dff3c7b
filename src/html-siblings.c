/* Sibling merging: the best scored element is often only part of the
 * article, because an inline box (an ad slot, a sign-up form, a figure)
 * split the body into sibling containers, or a page builder wraps each
 * paragraph or section in a box of its own. Once the best element is
 * found, its siblings that read as body text (a good score of their own,
 * or prose with few links) are taken in, and so are those between the
 * first and last part taken that are not clutter (headings, figures,
 * lists between two parts of the text). Then the same is done once more
 * one level up, for the parent's siblings. Readability's step of the same
 * idea is the model; unlike it, a sibling that is a comment thread or a
 * list of teasers (html-lists.c) is never taken. */
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "html-internal.h"

/* A text reads as prose when it has a sentence's end in it. */
static int has_sentence_end(xmlNode *n)
{
    char *t = html_text(n);
    int yes = 0;
    for (const char *p = t; *p && !yes; p++) {
        if (strchr(".!?", *p) && (p[1] == ' ' || p[1] == '\0'))
            yes = 1;
        else if (!strncmp(p, "\xe3\x80\x82", 3) || !strncmp(p, "\xef\xbc\x81", 3))
            yes = 1; /* 。！ */
    }
    free(t);
    return yes;
}

enum verdict { SKIP, NEUTRAL, TAKE };

/* Elements that sit between two parts of a text and belong to it. */
static const char *const between_tags[] = {"h1", "h2", "h3", "h4", "h5", "h6", "figure",
                                           "img", "picture", "blockquote", "table", "ul",
                                           "ol", "dl", "pre", "hr", "br", NULL};

static enum verdict judge(xmlNode *sib, double threshold, const struct html_scores *s)
{
    if (sib->type == XML_TEXT_NODE) {
        size_t len = 0;
        for (const xmlChar *p = sib->content; p && *p; p++)
            len += *p > ' ';
        return len >= 80 ? TAKE : NEUTRAL;
    }
    if (sib->type != XML_ELEMENT_NODE)
        return NEUTRAL;
    size_t text, links;
    html_measure(sib, &text, &links);
    if (text == 0)
        return NEUTRAL;
    if (html_is_teaser_list(sib))
        return SKIP;
    double density = (double)links / (double)text;
    double score = html_score_lookup(s, sib);
    if (score >= threshold && density < 0.3)
        return TAKE;
    if (text >= 80 && density < 0.25 && has_sentence_end(sib))
        return TAKE;
    if (density < 0.5 && name_in(sib, between_tags))
        return NEUTRAL;
    return SKIP;
}

/* Takes in root's siblings that read as body text: when some do, the
 * parent less the siblings that do not is the new root. */
static xmlNode *merge_level(xmlNode *root, double threshold, const struct html_scores *s,
                            xmlNode *trash)
{
    xmlNode *parent = root->parent;
    if (!parent || parent->type != XML_ELEMENT_NODE || is_el(parent, "body") ||
        is_el(parent, "html") || html_is_teaser_list(parent))
        return root;
    size_t n = 0, first = SIZE_MAX, last = 0, taken = 0;
    for (xmlNode *c = parent->children; c; c = c->next)
        n++;
    enum verdict *v = aloud_xmalloc(n * sizeof *v);
    size_t i = 0;
    for (xmlNode *c = parent->children; c; c = c->next, i++) {
        v[i] = c == root ? TAKE : judge(c, threshold, s);
        if (v[i] == TAKE) {
            first = first == SIZE_MAX ? i : first;
            last = i;
            taken += c != root;
        }
    }
    if (taken) {
        i = 0;
        for (xmlNode *c = parent->children, *next; c; c = next, i++) {
            next = c->next;
            int keep = v[i] == TAKE || (v[i] == NEUTRAL && i > first && i < last);
            if (!keep && c->type == XML_ELEMENT_NODE) {
                xmlUnlinkNode(c);
                xmlAddChild(trash, c);
            }
        }
        root = parent;
    }
    free(v);
    return root;
}

/* Climbs through wrappers: while root is its parent's only child with
 * text, the parent is the same part of the page. */
static xmlNode *climb_wrappers(xmlNode *root)
{
    for (;;) {
        xmlNode *parent = root->parent;
        if (!parent || parent->type != XML_ELEMENT_NODE || is_el(parent, "body") ||
            is_el(parent, "html"))
            return root;
        for (xmlNode *c = parent->children; c; c = c->next) {
            if (c == root)
                continue;
            size_t text, links;
            if (c->type == XML_TEXT_NODE) {
                for (const xmlChar *p = c->content; p && *p; p++)
                    if (*p > ' ')
                        return root;
                continue;
            }
            if (c->type != XML_ELEMENT_NODE)
                continue;
            html_measure(c, &text, &links);
            if (text)
                return root;
        }
        root = parent;
    }
}

xmlNode *html_merge_siblings(xmlNode *best, const struct html_scores *s, xmlNode *trash)
{
    double best_score = html_score_lookup(s, best);
    double threshold = best_score * 0.2 > 10 ? best_score * 0.2 : 10;
    xmlNode *wrapped = climb_wrappers(best);
    xmlNode *root = merge_level(wrapped, threshold, s, trash);
    if (root == wrapped)
        return best;
    wrapped = climb_wrappers(root);
    xmlNode *up = merge_level(wrapped, threshold, s, trash);
    return up == wrapped ? root : up;
}
