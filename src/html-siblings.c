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

/* Where text is not body text even when it reads as prose: captions,
 * credits, addresses, the page's furniture. */
static const char *const not_prose_tags[] = {
    "a",    "figcaption", "caption", "figure", "header", "footer", "aside", "address",
    "time", "cite",       "label",   "small",  "button", "h1",     "h2",    "h3",
    "h4",   "h5",         "h6",      "li",     "dt",     NULL};

/* The share of n's text that is prose: not under one of not_prose_tags. */
static double prose_share(xmlNode *n)
{
    size_t all = 0, prose = 0;
    for (xmlNode *c = n; c;) {
        if (c->type == XML_ELEMENT_NODE && c != n && name_in(c, html_never_tags)) {
            c = next_node(c, n, 1);
            continue;
        }
        if (c->type == XML_TEXT_NODE && c->content) {
            size_t len = 0;
            for (const unsigned char *p = c->content; *p; p++)
                len += *p > ' ' && (*p & 0xC0) != 0x80;
            int plain = 1;
            for (xmlNode *a = c->parent; a && plain; a = a == n ? NULL : a->parent)
                plain = !name_in(a, not_prose_tags);
            all += len;
            prose += plain ? len : 0;
        }
        c = next_node(c, n, 0);
    }
    return all ? (double)prose / (double)all : 0;
}

/* STOP: the body's stretch ends here; SKIP: a small box that is not body
 * text (a sign-up, an ad's links), left out but the stretch goes on;
 * NEUTRAL: kept between two parts; TAKE: body text. */
enum verdict { STOP, SKIP, NEUTRAL, TAKE };

/* Elements that sit between two parts of a text and belong to it. */
static const char *const between_tags[] = {"h1",     "h2",  "h3",      "h4",         "h5",    "h6",
                                           "figure", "img", "picture", "blockquote", "table", "ul",
                                           "ol",     "dl",  "pre",     "hr",         "br",    NULL};

/* A heading or a figure right before the body's first part is its lead
 * (a subtitle, the picture at the top). */
static const char *const lead_tags[] = {"h2", "h3", "h4", "h5", "h6", "figure", "picture", NULL};

/* Never the article's: the page's furniture and other posts. */
static const char *const skip_tags[] = {"footer", "aside", "article", "form", "address", NULL};

/* Is the first class name of a the first of b's, and their tag the same?
 * (Page builders wrap each section in a box of the same kind.) */
static int same_kind(const xmlNode *a, const xmlNode *b)
{
    if (!a->name || !b->name || !same_name(a->name, (const char *)b->name))
        return 0;
    const char *ca = attr_ref(a, "class"), *cb = attr_ref(b, "class");
    if (!ca || !cb)
        return !ca && !cb;
    while (*ca == ' ')
        ca++;
    while (*cb == ' ')
        cb++;
    size_t la = strcspn(ca, " \t\n"), lb = strcspn(cb, " \t\n");
    return la == lb && strncmp(ca, cb, la) == 0;
}

/* Does one link hold nine tenths of n's text (text characters)? A card
 * that leads to another page: its picture, kicker, title and summary in
 * one <a>. */
static int is_one_link_card(xmlNode *n, size_t text)
{
    for (xmlNode *c = n; c;) {
        if (is_el(c, "a")) {
            size_t in, links;
            html_measure(c, &in, &links);
            if (in * 10 >= text * 9)
                return 1;
            c = next_node(c, n, 1);
            continue;
        }
        c = next_node(c, n, 0);
    }
    return 0;
}

static enum verdict judge(xmlNode *sib, xmlNode *root, int level, double threshold,
                          const struct html_scores *s)
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
    enum verdict other = text < 200 ? SKIP : STOP;
    /* A small <aside> between two parts of the text is a box set into it
     * (a pull quote, an ad's slot), not the page's sidebar. */
    if (is_el(sib, "aside") && !html_is_teaser_list(sib))
        return other;
    if (html_is_teaser_list(sib) || name_in(sib, skip_tags) || html_holds_articles(sib))
        return STOP;
    double density = (double)links / (double)text;
    /* One card that leads to another page, set between two parts of the
     * text (an inline "read also", an advertiser's story), is a small box
     * too, longer for its summary. */
    if (other == STOP && text < 500 && density >= 0.9 && is_one_link_card(sib, text))
        other = SKIP;
    if (html_is_negative(sib))
        return other; /* an author's box, the tags, the page's footer */
    if (text < 40 && density < 0.5)
        return NEUTRAL; /* "Advertisement", a dateline */
    if (density < 0.5 && name_in(sib, between_tags))
        return NEUTRAL;
    if (level > 0 && !same_kind(sib, root))
        return other;
    if (density >= 0.25)
        return other;
    if (prose_share(sib) < 0.6)
        return density < 0.1 ? NEUTRAL : other; /* a list or table of the text's own */
    size_t min_prose = is_el(sib, "p") ? 80 : 140;
    if (html_score_lookup(s, sib) >= threshold || (text >= min_prose && has_sentence_end(sib)))
        return TAKE;
    return other;
}

/* Takes in root's siblings that read as body text: when some do, the
 * parent less the siblings that do not is the new root. The body is one
 * stretch of the page: from root outwards, siblings are taken up to the
 * first that is not body text, and what is neither (a heading, a figure,
 * an empty ad slot) only between two parts taken. */
/* Does the text go on past c, a box that would end the body's stretch
 * (a box of other stories set into the article)? It does when the next
 * sibling with text, in the same direction, is body text of the same
 * kind as root (the same tag and first class: the other half of a body
 * the box split). The page's furniture (a footer, an aside, a form,
 * other posts) always ends it. */
static int text_goes_on(xmlNode *c, int forward, xmlNode *root, int level, double threshold,
                        const struct html_scores *s)
{
    if (name_in(c, skip_tags) || html_holds_articles(c))
        return 0;
    for (xmlNode *n = forward ? c->next : c->prev; n; n = forward ? n->next : n->prev) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        size_t text, links;
        html_measure(n, &text, &links);
        if (!text)
            continue;
        return same_kind(n, root) && judge(n, root, level, threshold, s) == TAKE;
    }
    return 0;
}

static xmlNode *merge_level(xmlNode *root, int level, double threshold, const struct html_scores *s,
                            xmlNode *trash)
{
    xmlNode *parent = root->parent;
    if (!parent || parent->type != XML_ELEMENT_NODE || is_el(parent, "body") ||
        is_el(parent, "html") || html_is_teaser_list(parent))
        return root;
    xmlNode *first = root, *last = root;
    xmlNode **skipped = NULL;
    size_t n_skipped = 0;
    xmlNode *lead = root;
    for (xmlNode *c = root->prev; c; c = c->prev) {
        enum verdict v = judge(c, root, level, threshold, s);
        if (v == STOP && text_goes_on(c, 0, root, level, threshold, s))
            v = SKIP;
        if (v == STOP)
            break;
        if (v == SKIP) {
            skipped = aloud_xrealloc(skipped, (n_skipped + 1) * sizeof *skipped);
            skipped[n_skipped++] = c;
        }
        if (v == TAKE)
            first = lead = c;
        else if (v == NEUTRAL && name_in(c, lead_tags) && lead == first)
            lead = c;
    }
    for (xmlNode *c = root->next; c; c = c->next) {
        enum verdict v = judge(c, root, level, threshold, s);
        if (v == STOP && text_goes_on(c, 1, root, level, threshold, s))
            v = SKIP;
        if (v == STOP)
            break;
        if (v == SKIP) {
            skipped = aloud_xrealloc(skipped, (n_skipped + 1) * sizeof *skipped);
            skipped[n_skipped++] = c;
        }
        if (v == TAKE)
            last = c;
    }
    if (first == root && last == root) {
        free(skipped);
        return root;
    }
    first = lead;
    /* The small boxes inside the stretch go, and all outside it. */
    for (size_t i = 0; i < n_skipped; i++) {
        xmlUnlinkNode(skipped[i]);
        xmlAddChild(trash, skipped[i]);
    }
    free(skipped);
    int inside = 0;
    for (xmlNode *c = parent->children, *next; c; c = next) {
        next = c->next;
        if (c == first)
            inside = 1;
        if (!inside && c->type == XML_ELEMENT_NODE) {
            xmlUnlinkNode(c);
            xmlAddChild(trash, c);
        }
        if (c == last)
            inside = 0;
    }
    return parent;
}

/* Headings of a section, under its own title: h2 to h6 (an <h1> is the
 * page's headline, above the whole article). */
static const char *const section_heading_tags[] = {"h2", "h3", "h4", "h5", "h6", NULL};

/* Is all of n's text in headings of a section (an <h3>, or a <header>
 * holding one)? */
static int is_heading_box(xmlNode *n)
{
    if (name_in(n, section_heading_tags))
        return 1;
    int heading = 0;
    for (xmlNode *c = n->children; c;) {
        if (c->type == XML_ELEMENT_NODE && name_in(c, section_heading_tags)) {
            heading = 1;
            c = next_node(c, n, 1);
            continue;
        }
        if (c->type == XML_ELEMENT_NODE && name_in(c, html_never_tags)) {
            c = next_node(c, n, 1);
            continue;
        }
        if (c->type == XML_TEXT_NODE)
            for (const xmlChar *p = c->content; p && *p; p++)
                if (*p > ' ')
                    return 0;
        c = next_node(c, n, 0);
    }
    return heading;
}

/* Climbs through wrappers: while root is its parent's only child with
 * text, the parent is the same part of the page. A section's own heading
 * above root does not count: on a long page whose sections each have
 * their heading and their wrapper, the wrapper is the part, and its
 * siblings the other sections. */
static xmlNode *climb_wrappers(xmlNode *root)
{
    for (;;) {
        xmlNode *parent = root->parent;
        if (!parent || parent->type != XML_ELEMENT_NODE || is_el(parent, "body") ||
            is_el(parent, "html"))
            return root;
        int above = 1;
        for (xmlNode *c = parent->children; c; c = c->next) {
            if (c == root) {
                above = 0;
                continue;
            }
            if (above && c->type == XML_ELEMENT_NODE && is_heading_box(c))
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

#define MERGE_LEVELS 5

xmlNode *html_merge_siblings(xmlNode *best, const struct html_scores *s, xmlNode *trash)
{
    double best_score = html_score_lookup(s, best);
    double threshold = best_score * 0.2 > 10 ? best_score * 0.2 : 10;
    xmlNode *wrapped = climb_wrappers(best);
    xmlNode *root = merge_level(wrapped, 0, threshold, s, trash);
    if (root == wrapped)
        return best;
    for (int level = 1; level < MERGE_LEVELS; level++) {
        wrapped = climb_wrappers(root);
        xmlNode *up = merge_level(wrapped, level, threshold, s, trash);
        if (up == wrapped)
            break;
        root = up;
    }
    return root;
}
