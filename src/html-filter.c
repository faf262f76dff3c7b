#define _GNU_SOURCE
/* What a listener must never hear, cut from the page: clutter cut from the
 * tree before the article is looked for (scripts, hidden elements, cookie
 * banners, share bars, teaser lists...), article headers, and, once the
 * blocks are read, boilerplate lines (ad labels, credits, date lines), texts
 * said before, and the headline, byline and date line the script's
 * introduction says. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html-internal.h"

/* --- Removing what a listener must never hear ----------------------------- */

/* Boilerplate by class or id: always removed. */
static const char *const clutter_words[] = {
    "cookie", "consent", "gdpr", "share", "sharing", "social", "newsletter", "subscribe",
    "signup", "sign-up", "donate", "donation", "related", "recommend", "promo", "advert",
    "sponsor", "comment", "disqus", "sidebar", "breadcrumb", "pagination", "pager",
    "masthead", "site-header", "site-footer", "skip-link", "skiplink", "popup", "modal",
    "banner-ad", "ad-slot", "adslot", "advertis", "outbrain", "taboola", "paywall",
    "newsletter", "follow-us", "tags-list", "tag-list", "print-only", "screen-reader-text",
    "visually-hidden", "sr-only", "author-bio", "more-stories", "read-more", "readmore",
    "trending", "most-popular", "mostpopular", "popular", "partner", "widget",
    "toolbar", "byline-share", "rating", "login", "subscription", "nav", "menu", "editsection",
    NULL,
};

/* Words that mark content; these win over clutter words on the same node. */
const char *const html_content_words[] = {
    "article-body", "articlebody", "article__body", "article-content", "post-content",
    "entry-content", "story-body", "storybody", "main-content", "post-body", "blog-post__body",
    "article-text", "articletext", "body-text", "text-content", "rich-text", "richtext",
    "content-body", NULL,
};
static int is_hidden(const xmlNode *n);

/* Does n hold the page's main landmark (<main>, role=main) outside a
 * hidden box (a dialog's own <main>, which HTML allows while it is
 * hidden)? */
static int holds_main(const xmlNode *n)
{
    for (xmlNode *d = n->children; d;) {
        if (d->type == XML_ELEMENT_NODE && is_hidden(d)) {
            d = next_node(d, n, 1);
            continue;
        }
        if (is_el(d, "main") || (d->type == XML_ELEMENT_NODE && attr_is(d, "role", "main")))
            return 1;
        d = next_node(d, n, 0);
    }
    return 0;
}

/* Does n, hidden from screen readers only (aria-hidden), hold the page's
 * article: a <main> with the headline (<h1>) or an <article> in it? A
 * flyout or a dialog's backdrop left unclosed, or a page saved while a
 * dialog hid the rest of it; a dialog's own <main> holds neither. */
static int aria_hides_article(const xmlNode *n)
{
    if (!attr_is(n, "aria-hidden", "true") || xmlHasProp((xmlNode *)n, BAD_CAST "hidden"))
        return 0;
    for (xmlNode *d = n->children; d; d = next_node(d, n, 0)) {
        if (!is_el(d, "main"))
            continue;
        for (xmlNode *e = d->children; e; e = next_node(e, d, 0))
            if (is_el(e, "h1") || is_el(e, "article"))
                return 1;
    }
    return 0;
}

static int is_hidden_by_style(const xmlNode *n);

static int is_hidden(const xmlNode *n)
{
    if (xmlHasProp((xmlNode *)n, BAD_CAST "hidden") || attr_is(n, "aria-hidden", "true"))
        return 1;
    return is_hidden_by_style(n);
}

/* Inline CSS: "display:none" or "visibility:hidden", any spacing. */
static int is_hidden_by_style(const xmlNode *n)
{
    char *style = attr(n, "style");
    int hidden = 0;
    if (style) {
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

/* The line numbers of a code listing, as highlighters write them beside
 * or inside the code: Hugo's chroma (span.lnt, span.ln), Pygments
 * (td.linenos, div.linenodiv), Rouge (td.rouge-gutter, pre.lineno), Prism
 * (span.line-numbers-rows), GitHub's gists (td.blob-num). */
static int is_line_number(const xmlNode *n)
{
    static const char *const classes[] = {"lnt", "ln", "linenos", "linenodiv", "lineno",
                                          "rouge-gutter", "line-numbers-rows", "blob-num", NULL};
    const char *cls = n->properties ? attr_ref(n, "class") : NULL;
    if (!cls)
        return 0;
    for (const char *const *c = classes; *c; c++)
        if (html_class_is(cls, *c))
            return is_el(n, "span") || is_el(n, "td") || is_el(n, "div") || is_el(n, "pre");
    return 0;
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
    char *text = html_text(n);
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
        if (c->type == XML_ELEMENT_NODE && c->last && !name_in(c, html_never_tags)) {
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
        html_measure(c, &text, &links);
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
/* A box named "teaser" is the summary of another page when it links
 * to one; without a link it is the article's own lead ("teaser-text"). */
static int is_linked_teaser(xmlNode *n)
{
    static const char *const teaser[] = {"teaser", NULL};
    if (!html_class_id_has(n, teaser))
        return 0;
    for (xmlNode *d = n->children; d; d = next_node(d, n, 0))
        if (is_el(d, "a") && xmlHasProp(d, BAD_CAST "href"))
            return 1;
    return 0;
}

void html_prune(xmlNode *root)
{
    size_t page_text, page_links;
    html_measure(root, &page_text, &page_links);
    size_t page_prose = page_text - page_links;
    xmlNode *n = root;
    while (n) {
        xmlNode *next;
        int cut = 0;
        if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE) {
            cut = 1;
        } else if (n->type == XML_ELEMENT_NODE && n != root) {
            if (name_in(n, html_never_tags) || is_hidden(n) || is_skipped_by_editor(n) ||
                attr_is(n, "role", "navigation") || attr_is(n, "role", "complementary") ||
                attr_is(n, "role", "search") || attr_is(n, "role", "dialog") ||
                attr_is(n, "role", "banner") || attr_is(n, "role", "contentinfo") ||
                is_line_number(n)) {
                cut = 1;
                /* The page's main landmark is never in its menus nor
                 * hidden: a menu or flyout left unclosed, which the
                 * parser nests the rest of the page into. It is read as
                 * a plain box; what it holds is judged on its own. */
                if (!is_hidden(n) && !is_el(n, "script") && !is_el(n, "style") && holds_main(n)) {
                    cut = 0;
                    xmlNodeSetName(n, BAD_CAST "div");
                    xmlUnsetProp(n, BAD_CAST "role");
                } else if (!name_in(n, html_never_tags) && aria_hides_article(n) &&
                           !is_hidden_by_style(n)) {
                    cut = 0;
                    xmlUnsetProp(n, BAD_CAST "aria-hidden");
                }
            } else if (is_el(n, "form")) {
                /* Search boxes and sign-up forms go; some sites wrap the
                 * whole page in one form (ASP.NET), which stays: a long
                 * form, or one that holds most of the page's text (a
                 * short page). */
                size_t text, links;
                html_measure(n, &text, &links);
                cut = text < 1500 && text * 2 < page_text;
            } else if (removable_container(n) &&
                       (html_class_id_has(n, clutter_words) || is_linked_teaser(n)) &&
                       !html_class_id_has(n, html_content_words)) {
                /* A clutter word on the container of most of the page's
                 * prose is a false friend ("and-w-sidebar" on the page's
                 * wrapper, "modal-enabled" on the article's box). */
                size_t text, links;
                html_measure(n, &text, &links);
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

/* Text between <!--googleoff: index--> and <!--googleon: index--> (or
 * "all", "snippet") is what the publisher tells search engines is not the
 * page's text: captions, teasers, boxes of links. "anchor" only concerns
 * links' words, and stays. The marks may open in one element and close in
 * another, so the text nodes are cut in document order. */
void html_cut_unindexed(xmlNode *root)
{
    int off = 0;
    xmlNode *n = root;
    while (n) {
        xmlNode *next = next_node(n, root, 0);
        if (n->type == XML_COMMENT_NODE && n->content) {
            const char *c = (const char *)n->content;
            c += strspn(c, " \t\r\n");
            if (!strncasecmp(c, "googleoff:", 10)) {
                c += 10;
                c += strspn(c, " \t");
                off = strncasecmp(c, "anchor", 6) != 0;
            } else if (!strncasecmp(c, "googleon:", 9)) {
                off = 0;
            }
        } else if (off && n->type == XML_TEXT_NODE) {
            remove_node(n);
        }
        n = next;
    }
}

/* --- The introduction's lines leave the body ------------------------------- */

static int same_text(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

static int reads_as(const char *text, const char *key);
static int ends_sentence(const char *t);

/* Where, among the first eight blocks, the paragraph that reads as the
 * page's description (the lead) stands; 0 if none does. */
static size_t lead_index(const struct aloud_article *a, const char *description)
{
    if (!description || u8len(description) < 40)
        return 0;
    for (size_t i = 0; i < a->n_blocks && i < 8; i++) {
        if (a->blocks[i].kind == ALOUD_BLOCK_PARAGRAPH && reads_as(a->blocks[i].text, description))
            return i;
    }
    return 0;
}

/* Where, among the first eight blocks, the headline stands; 0 if it is
 * not there. */
static size_t headline_index(const struct aloud_article *a, const struct html_meta *m)
{
    for (size_t i = 0; i < a->n_blocks && i < 8; i++)
        if (same_text(a->blocks[i].text, a->title) || same_text(a->blocks[i].text, m->h1))
            return i;
    return 0;
}

/* Drops, near the top of the body, the headline and the lines that hold
 * only the byline or the date: the script's introduction says them. Short
 * lines with no sentence above the lead or the headline are the header's
 * furniture (a section's name, a kicker, a date, the names of
 * contributors) and go too. */
void html_drop_intro(struct aloud_article *a, const struct html_meta *m)
{
    size_t lead = lead_index(a, m->description);
    size_t headline = headline_index(a, m);
    if (headline > lead)
        lead = headline;
    size_t w = 0;
    for (size_t i = 0; i < a->n_blocks; i++) {
        struct aloud_block *b = &a->blocks[i];
        int drop = 0;
        if (i < 8 && (b->kind == ALOUD_BLOCK_HEADING || b->kind == ALOUD_BLOCK_PARAGRAPH)) {
            size_t len = u8len(b->text);
            if (same_text(b->text, a->title) || same_text(b->text, m->h1))
                drop = 1;
            else if (i < lead && b->kind == ALOUD_BLOCK_PARAGRAPH && len < 60 &&
                     !ends_sentence(b->text))
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
            aloud_block_clear(b);
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
    "story continues below advertisement", "advertisement - scroll to continue",
    /* "see also" in other languages, alone on a line over a list of links */
    "themen", "mehr themen", "weitere themen", "weitere artikel", "weitere artikel zum thema",
    "weitere beiträge", "lesen sie auch", "das könnte sie auch interessieren",
    "temas relacionados", "le puede interesar", "te puede interesar", "vea también",
    "lea también", "veja também", "leia também", "à lire aussi", "a lire aussi", "voir aussi",
    "sur le même sujet", "leggi anche", "potrebbe interessarti", "lees ook", "zobacz też",
    "czytaj także", "keine kommentare", "no comments", "aucun commentaire", "sin comentarios",
    /* "print", "share" in other languages */
    "drucken", "teilen", "imprimer", "partager", "imprimir", "compartir", "stampa",
    "condividi", "afdrukken", "delen", "drukuj", "udostępnij", "tisk", "sdílet", "skriv ut",
    "dela",
    /* "more", the words of a link that reads on elsewhere */
    "więcej", "czytaj więcej", "mehr", "lees meer", "leggi tutto", "suite", "más", "mais",
    NULL,
};

static const char *const line_prefixes[] = {
    "photo:", "photo by", "photograph:", "photos:", "image copyright", "image:", "credit:",
    "credits:", "foto:", "bild:", "tags:", "tag:", "filed under", "topics:", "related:",
    "read more:", "read also:", "see also:", "also read:", "copyright", "©", "(c) ",
    "all rights reserved", "follow us", "sign up for", "subscribe to", "tags ",
    "(reporting by", "reporting by", "additional reporting by", "editing by", "(editing by",
    "citation:", "le puede interesar:", "te puede interesar:", "vea también:", "lea también:",
    "veja também:", "leia também:", "lesen sie auch", "lesen sie dazu", "siehe auch",
    "zie ook", "vedi anche", "ver también", "ver também", "voir également", "read also",
    "mehr zum thema", "weitere beiträge",
    "à lire aussi", "a lire aussi", "lire aussi :", "quelle:", "(quelle:", "bildquelle",
    "crédits photos", "crédit photo", "credito:", "fotos:", "kategorie:", "categoría:",
    "catégorie :", "category:",
    /* a byline with its label ("Verfasst von: X | 31. Dezember 2008") */
    "written by", "posted by", "verfasst von", "geschrieben von", "publié par", "escrito por",
    "publicado por", "scritto da", "pubblicato da", "geplaatst door", "author:", "autor:",
    "autorin:", NULL,
};

/* Calls to action: a short paragraph that asks for a subscription or a
 * sign-up is the publisher speaking, not the article. */
static const char *const action_words[] = {
    "subscribe", "subscription", "sign up", "newsletter", "abonnez", "abonne-toi",
    "abonnieren", "suscríbete", "suscribete", "assine", "iscriviti", NULL,
};

/* The publisher pointing to its own channels: "¡Mira lo que tiene nuestro
 * canal de YouTube!", "Folgen Sie uns auf...". */
static const char *const own_channel_words[] = {
    "our channel", "our youtube", "our telegram", "our whatsapp", "our podcast", "join our",
    "nuestro canal", "tenemos canal", "únete a nuestro", "síguenos", "siguenos",
    "unser kanal", "unseren kanal", "unserem kanal", "unseren youtube", "unserem youtube",
    "unseren telegram", "unserem telegram", "unseren whatsapp", "unserem whatsapp",
    "folgen sie uns", "folgt uns", "folge uns", "notre chaîne", "suivez-nous", "rejoignez-nous",
    "nosso canal", "siga-nos", "il nostro canale", "seguici", NULL,
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

/* Disclosures of advertising and affiliate links: the publisher's
 * notice, not the article ("*Werbung. Dieser Beitrag enthält Werbung
 * für...", "We may receive compensation if you visit partners..."). */
static const char *const disclosure_words[] = {
    "affiliate link", "affiliate-link", "affiliatelink", "partnerlink", "provisionslink",
    "may receive compensation", "may earn a commission", "may receive a commission",
    "earn a small commission", "advertiser disclosure", "advertising disclosure",
    "enthält werbung", "unbezahlte werbung", "unbeauftragte werbung", "liens affiliés",
    "lien affilié", "lien d'affiliation", "liens d'affiliation", "enlaces de afiliado",
    "enlace de afiliado", "link di affiliazione", "link affiliati", "links de afiliado", NULL,
};

static const char *const ordinal_ends[] = {"st", "nd", "rd", "th", NULL};

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
        size_t d = 0;
        while (d < n && isdigit((unsigned char)w[d]))
            d++;
        int digits = d == n;
        /* An ordinal day: "18th", "1st", "2nd", "3rd". */
        int ordinal = d > 0 && d <= 2 && n == d + 2 && html_word_in(w + d, 2, ordinal_ends);
        if (ordinal) {
            datey++;
        } else if (digits) {
            datey++;
            year |= n == 4 && (w[0] == '1' || w[0] == '2');
            clock |= *p == ':' && n <= 2;
        } else if (html_word_in(w, n, date_words)) {
            datey++;
        }
    }
    return words > 0 && (year || clock) && datey * 10 >= words * 8;
}

/* Does the text end on a credit in brackets: "(mlharing / iStock.com)",
 * "(Quelle: Hume/Unsplash/DJV)"? Sources joined by a slash, after a
 * credit word or beside a web address; "(CDU/CSU)" is no credit. */
static int ends_on_bracketed_credit(const char *t, size_t n)
{
    static const char *const words[] = {"quelle:", "foto:", "fotos:", "bild:", "photo:",
                                        "credit:", "source:", "fuente:", "source :", NULL};
    while (n > 0 && strchr(" .", t[n - 1]))
        n--;
    if (n < 2 || t[n - 1] != ')')
        return 0;
    size_t open = n - 1;
    while (open > 0 && t[open - 1] != '(' && t[open - 1] != ')' && n - open < 80)
        open--;
    if (open == 0 || t[open - 1] != '(')
        return 0;
    const char *group = t + open, *end = t + n - 1;
    if (!memchr(group, '/', (size_t)(end - group)))
        return 0;
    for (const char *const *w = words; *w; w++)
        if (html_starts_with_ci(group, *w))
            return 1;
    for (const char *p = group + 1; p + 1 < end; p++)
        if (*p == '.' && isalpha((unsigned char)p[-1]) && isalpha((unsigned char)p[1]))
            return 1; /* a web address: "iStock.com" */
    return 0;
}

/* Does t end on a picture's credit: a copyright sign in its last 60
 * bytes ("... festlegt © Bundesregierung/Steffen Kugler", "Foto © Anna
 * Berg"), a credit's label there, or a credit in brackets? */
static int ends_on_credit(const char *t)
{
    static const char *const credits[] = {"©",     "Foto: ", "Fotos: ", "Photo: ", "Bild: ",
                                          "(Foto", "(Photo", "(Bild",   NULL};
    size_t n = strlen(t);
    const char *tail = n > 60 ? t + n - 60 : t;
    for (const char *const *c = credits; *c; c++) {
        if (strstr(tail, *c))
            return 1;
    }
    return ends_on_bracketed_credit(t, n);
}

/* Does the text end a sentence or announce one (".", "!", "?", ":", an
 * ellipsis, their CJK forms), perhaps inside a closing quotation mark? */
static int ends_sentence(const char *t)
{
    static const char *const closers[] = {"\"", "'", ")", " ", "»", "”", "“", "’", "」", NULL};
    static const char *const enders[] = {".", "!", "?", ":", "…", "。", "！", "？", "：", NULL};
    size_t n = strlen(t);
    for (int stripped = 1; stripped && n > 0;) {
        stripped = 0;
        for (const char *const *c = closers; *c; c++) {
            size_t k = strlen(*c);
            if (n >= k && !memcmp(t + n - k, *c, k)) {
                n -= k;
                stripped = 1;
            }
        }
    }
    for (const char *const *e = enders; *e; e++) {
        size_t k = strlen(*e);
        if (n >= k && !memcmp(t + n - k, *e, k))
            return 1;
    }
    return 0;
}

/* Does t say where people stand in a picture: "(l.)", "(links)",
 * "(right)"...? Only captions do. */
static int names_picture_places(const char *t)
{
    static const char *const places[] = {
        "(l.)", "(r.)", "(m.)", "(li.)", "(re.)", "(links)", "(rechts)", "(mitte)", "(left)",
        "(right)", "(center)", "(centre)", "(izq.)", "(der.)", "(izquierda)", "(derecha)",
        "(à gauche)", "(à droite)", "(g.)", "(d.)", "(l-r)", "(l-r.)", "(from left)", NULL};
    for (const char *p = strchr(t, '('); p; p = strchr(p + 1, '(')) {
        for (const char *const *w = places; *w; w++)
            if (html_starts_with_ci(p, *w))
                return 1;
    }
    return 0;
}

/* Does low (folded to ASCII lower case) hold one of words (lower case)?
 * strstr on a folded copy costs far less than strcasestr per word. */
static int holds_any(const char *low, const char *const *words)
{
    for (const char *const *w = words; *w; w++) {
        if (strstr(low, *w))
            return 1;
    }
    return 0;
}

static char *ascii_lower(const char *t)
{
    char *low = aloud_xstrdup(t);
    for (char *p = low; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return low;
}

/* A contact's line: a telephone number after its label and an e-mail
 * address ("Felix Losada E-Mail: ... Telefon: +49 40 ..."). low is the
 * text folded to lower case. */
static int is_contact_line(const char *low)
{
    static const char *const phones[] = {"tel:", "tel.", "telefon", "phone", "tél", "teléfono",
                                         "telefone", "telefono", "fax", NULL};
    if (!strchr(low, '@') && !strstr(low, "e-mail") && !strstr(low, "email"))
        return 0;
    for (const char *const *w = phones; *w; w++) {
        for (const char *p = strstr(low, *w); p; p = strstr(p + 1, *w)) {
            const char *q = p + strlen(*w);
            q += strspn(q, " :.");
            if (*q == '+' || *q == '(' || isdigit((unsigned char)*q))
                return 1;
        }
    }
    return 0;
}

static int is_boilerplate_line(const struct aloud_block *b)
{
    const char *t = b->text;
    size_t len = u8len(t);
    /* A caption that says who stands where ("Maria Tillessen (l.) und
     * Alexandra Sackmann..."). */
    if (len < 300 && (b->kind == ALOUD_BLOCK_PARAGRAPH || b->kind == ALOUD_BLOCK_CAPTION) &&
        names_picture_places(t))
        return 1;
    /* A caption of three words or fewer that is no sentence names a thing
     * (a product in a shop's widget) or a picture's source ("WITTERS"). */
    if (b->kind == ALOUD_BLOCK_CAPTION && len < 60 && !ends_sentence(t)) {
        size_t words = 1;
        for (const char *p = t; *p; p++)
            words += *p == ' ';
        if (words <= 3)
            return 1;
    }
    /* A caption: a short paragraph that ends on its picture's credit
     * ("... Foto © Peter Steiger"). */
    if (len < 400 && ends_on_credit(t))
        return 1;
    if (len < 400 && b->kind != ALOUD_BLOCK_HEADING) {
        char *low = ascii_lower(t);
        /* A call to action or the publisher's own channels, in a short
         * paragraph: the publisher speaking. */
        int notice = holds_any(low, disclosure_words) || (len < 300 && is_contact_line(low)) ||
                     (len <= 150 && b->kind != ALOUD_BLOCK_LIST_ITEM &&
                      b->kind != ALOUD_BLOCK_QUOTE &&
                      (holds_any(low, action_words) || holds_any(low, own_channel_words)));
        free(low);
        if (notice)
            return 1;
    }
    if (len > 150)
        return 0;
    /* The text without closing punctuation, for the label list. */
    char *bare = aloud_xstrdup(t);
    size_t n = strlen(bare);
    while (n > 0 && strchr(".:!?»>›|-–— ", bare[n - 1]))
        bare[--n] = '\0';
    int label = html_word_in(bare, strlen(bare), label_lines);
    /* A label with a remark in brackets after it is still the label
     * ("Keine Kommentare (Kommentare erscheinen erst nach Freigabe)"). */
    char *remark = n > 0 && bare[n - 1] == ')' ? strrchr(bare, '(') : NULL;
    if (!label && remark && remark > bare) {
        n = (size_t)(remark - bare);
        while (n > 0 && strchr(".:!?»>›|-–— ", bare[n - 1]))
            n--;
        label = html_word_in(bare, n, label_lines);
    }
    free(bare);
    if (label)
        return 1;
    if (b->kind == ALOUD_BLOCK_HEADING || b->kind == ALOUD_BLOCK_LIST_ITEM ||
        b->kind == ALOUD_BLOCK_QUOTE)
        return 0;
    /* The labels, also after a date and time written in figures
     * ("24.01.2022 11:38 Kategorie: News"). */
    const char *labelled = t;
    size_t figures = strspn(t, "0123456789.:/- ");
    if (figures >= 6 && figures < 40) {
        char date[40];
        memcpy(date, t, figures);
        date[figures] = '\0';
        if (is_date_line(date))
            labelled = t + figures;
    }
    for (const char *const *pre = line_prefixes; *pre; pre++) {
        if (html_starts_with_ci(t, *pre) || html_starts_with_ci(labelled, *pre))
            return 1;
    }
    if (len < 80 && is_date_line(t))
        return 1;
    /* A download button's words: a short line, no sentence, that offers
     * a file ("Dieses Skript als PDF herunterladen", "Download PDF"). */
    if (len < 80 && !ends_sentence(t)) {
        static const char *const downloads[] = {"download", "herunterladen", "télécharger",
                                                "descargar", "scarica", "baixar", "pobierz",
                                                NULL};
        char *low = ascii_lower(t);
        int offer = holds_any(low, downloads);
        free(low);
        if (offer)
            return 1;
    }
    /* "By REUTERS", "Por Ana Lima": a byline with no sentence in it. */
    if (len < 60 && (html_starts_with_ci(t, "by ") || html_starts_with_ci(t, "par ") ||
                     html_starts_with_ci(t, "von ") || html_starts_with_ci(t, "por ")) &&
        !strchr(t, '.'))
        return 1;
    if (len < 120 && html_starts_with_ci(t, "by ") && is_date_line(strchr(t, ' ')))
        return 1; /* "By A and B Monday, November 18, 2019, 04:05 pm PT" */
    if (!strchr(t, ' ') && (html_starts_with_ci(t, "http://") || html_starts_with_ci(t, "https://")))
        return 1; /* a bare URL */
    /* A line that opens with a pictograph (U+1F300..U+1FAFF) is a promotion. */
    const unsigned char *u = (const unsigned char *)t;
    if (u[0] == 0xF0 && u[1] == 0x9F && u[2] >= 0x8C && u[2] <= 0xAB)
        return 1;
    /* A picture's credit without brackets: sources joined by a slash, one
     * of them a web address ("Judy Eddy/WENN.com"), and no sentence. */
    if (len < 60 && strchr(t, '/') && !strstr(t, "://") && !ends_sentence(t)) {
        for (const char *p = strchr(t, '/'); p && *p; p++) {
            if (*p == ' ')
                break;
            if (*p == '.' && isalpha((unsigned char)p[-1]) && isalpha((unsigned char)p[1]))
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

/* How a heading opens the page's furniture after the article: more of the
 * site's pages ("More stories", "Weitere Tourentipps", "Entdecke weitere
 * Homestorys"), in several languages. */
static const char *const tail_openers[] = {
    "more ",   "other ",  "discover ", "explore ", "weitere ", "mehr ",    "entdecke ",
    "andere ", "autres ", "plus de ",  "découvre", "otros ",   "otras ",   "más ",
    "descubre", "outros ", "outras ",  "mais ",    "altri ",   "altre ",   "scopri",
    "meer ",   "ontdek ", "inne ",     "więcej ",  NULL};

/* A short heading that opens more of the site's pages or asks for a
 * subscription ("Mit unserem Newsletter bleiben Sie informiert"). */
static int is_tail_heading(const struct aloud_block *b)
{
    if (b->kind != ALOUD_BLOCK_HEADING || u8len(b->text) > 60)
        return 0;
    for (const char *const *w = tail_openers; *w; w++) {
        if (html_starts_with_ci(b->text, *w))
            return 1;
    }
    for (const char *const *w = action_words; *w; w++) {
        if (strcasestr(b->text, *w))
            return 1;
    }
    return 0;
}

/* The article ends at such a heading in the last fifth of the body's
 * text: what follows it is the page's, not the article's. */
static void drop_tail(struct aloud_article *a)
{
    size_t total = 0, seen = 0;
    for (size_t i = 0; i < a->n_blocks; i++)
        total += strlen(a->blocks[i].text);
    for (size_t i = 0; i < a->n_blocks; i++) {
        if (seen * 5 >= total * 4 && is_tail_heading(&a->blocks[i])) {
            for (size_t j = i; j < a->n_blocks; j++)
                aloud_block_clear(&a->blocks[j]);
            a->n_blocks = i;
            return;
        }
        seen += strlen(a->blocks[i].text);
    }
}

/* An article does not end on a heading or a label: a short heading last
 * heads nothing the page kept ("Teilnehmende Blogs:", "Tags"), and a
 * short line with no sentence in it is the label of what was cut after
 * it ("Weiterführender Link", "Kommentierte Artikel"). */
static void drop_orphan_ends(struct aloud_article *a)
{
    while (a->n_blocks > 1) {
        struct aloud_block *b = &a->blocks[a->n_blocks - 1];
        size_t len = u8len(b->text);
        int orphan = (b->kind == ALOUD_BLOCK_HEADING && len <= 60) ||
                     (b->kind == ALOUD_BLOCK_PARAGRAPH && len < 40 && !ends_sentence(b->text));
        if (!orphan)
            return;
        aloud_block_clear(b);
        a->n_blocks--;
    }
}

/* A heading followed at once by a heading of a higher rank (an <h4>
 * before an <h3>) opens a section with nothing in it: the title of a box
 * whose links were cut ("So macht Radfahren sonst noch Spaß"). */
static void drop_empty_sections(struct aloud_article *a)
{
    size_t w = 0;
    for (size_t i = 0; i < a->n_blocks; i++) {
        struct aloud_block *b = &a->blocks[i];
        if (b->kind == ALOUD_BLOCK_HEADING && i + 1 < a->n_blocks &&
            a->blocks[i + 1].kind == ALOUD_BLOCK_HEADING && a->blocks[i + 1].level < b->level) {
            aloud_block_clear(b);
            continue;
        }
        a->blocks[w++] = *b;
    }
    a->n_blocks = w;
}

/* A link that reads on elsewhere, in square brackets at the end of a
 * paragraph ("... Akcja Katolicka w Polsce. [czytaj więcej]", "[mehr]"),
 * is a button: cut it from the text. */
static void cut_bracketed_more(struct aloud_block *b)
{
    char *t = b->text;
    size_t n = strlen(t);
    while (n > 0 && t[n - 1] == ' ')
        n--;
    if (n < 3 || t[n - 1] != ']')
        return;
    char *open = NULL;
    for (size_t i = n - 1; i-- > 0 && n - i <= 32;) {
        if (t[i] == '[') {
            open = t + i;
            break;
        }
    }
    if (!open || open == t)
        return;
    const char *w = open + 1, *end = t + n - 1;
    while (w < end && *w == ' ')
        w++;
    while (end > w && strchr(" .…", end[-1]))
        end--;
    if (!html_word_in(w, (size_t)(end - w), label_lines))
        return;
    while (open > t && open[-1] == ' ')
        open--;
    size_t keep = (size_t)(open - t);
    if (keep == 0)
        return;
    t[keep] = '\0';
    size_t s = 0;
    for (size_t i = 0; i < b->n_spans; i++) {
        struct aloud_lang_span *sp = &b->spans[i];
        if (sp->start >= keep) {
            free(sp->lang);
            continue;
        }
        if (sp->start + sp->len > keep)
            sp->len = keep - sp->start;
        b->spans[s++] = *sp;
    }
    b->n_spans = s;
}

void html_drop_boilerplate(struct aloud_article *a)
{
    drop_tail(a);
    drop_empty_sections(a);
    drop_orphan_ends(a);
    struct said said = {0};
    size_t w = 0;
    for (size_t i = 0; i < a->n_blocks; i++) {
        /* Code and a data table's rows are what they are, however short
         * and however often repeated. */
        enum aloud_block_kind k = a->blocks[i].kind;
        int as_written = k == ALOUD_BLOCK_CODE || k == ALOUD_BLOCK_TABLE_ROW;
        if (k == ALOUD_BLOCK_PARAGRAPH)
            cut_bracketed_more(&a->blocks[i]);
        if (!as_written &&
            (is_boilerplate_line(&a->blocks[i]) || said_before(&said, a->blocks[i].text))) {
            aloud_block_clear(&a->blocks[i]);
            continue;
        }
        a->blocks[w++] = a->blocks[i];
    }
    a->n_blocks = w;
    free(said.slots);
}

/* --- The lead above the article's box -------------------------------------- */

static int is_inside(const xmlNode *n, const xmlNode *box)
{
    for (; n; n = n->parent)
        if (n == box)
            return 1;
    return 0;
}

/* Would html_drop_headers cut n, an element under best? */
static int in_header(const xmlNode *n, const xmlNode *best)
{
    for (; n && n != best; n = n->parent)
        if (is_el(n, "header") || attr_is(n, "role", "heading"))
            return 1;
    return 0;
}

/* Does text, an element's, read as the page's description (key, squeezed,
 * without its ellipsis)? It may be the whole of it, its first sentences
 * (the description goes on with the body's first), or open with it (the
 * description cut short). */
static int reads_as(const char *text, const char *key)
{
    size_t lt = strlen(text), lk = strlen(key);
    size_t n = lt < lk ? lt : lk;
    if (strncasecmp(text, key, n) != 0)
        return 0;
    if (lt >= lk)
        return lt <= 3 * lk;
    /* The first sentences of a longer description. */
    return lt * 10 >= lk * 8 || (lt >= 80 && strchr(".!?", text[lt - 1]));
}

/* A heading under the headline, or a picture's caption, that repeats the
 * description is the headline's second line (a deck) or the picture's:
 * not the article's lead. */
static int is_deck(const xmlNode *p)
{
    for (const xmlNode *n = p; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        if (is_el(n, "figure") || is_el(n, "figcaption"))
            return 1;
        if (n == p && n->name[0] == 'h' && n->name[1] >= '1' && n->name[1] <= '6' && !n->name[2])
            return 1;
    }
    return 0;
}

xmlNode *html_take_lead(xmlNode *body, xmlNode *best, const char *description)
{
    char *key = NULL;
    size_t lk = 0;
    if (description && u8len(description) >= 40) {
        key = aloud_text_squeeze(aloud_xstrdup(description));
        lk = strlen(key);
        if (lk >= 3 && !strcmp(key + lk - 3, "..."))
            key[lk -= 3] = '\0';
        else if (lk >= 3 && !strcmp(key + lk - 3, "\xE2\x80\xA6"))
            key[lk -= 3] = '\0';
        while (lk && key[lk - 1] == ' ')
            key[--lk] = '\0';
    }
    xmlNode *lead = NULL;
    int past_best = 0;
    for (xmlNode *n = body; n && !lead; n = next_node(n, body, 0)) {
        if (n == best)
            past_best = 1;
        else if (past_best && !is_inside(n, best))
            break; /* a lead stands above the article, not after it */
        if (n->type == XML_ELEMENT_NODE &&
            (html_has_class(n, "lead") || attr_is(n, "itemprop", "description")) &&
            !is_inside(best, n) && !is_deck(n) && (!is_inside(n, best) || in_header(n, best))) {
            /* The paragraph a page marks as its lead (the class of
             * Bootstrap and of many themes), or as the article's
             * description (schema.org's microdata). */
            size_t text, links;
            html_measure(n, &text, &links);
            if (text >= 80 && links * 4 < text) {
                lead = n;
                break;
            }
        }
        if (!key || n->type != XML_TEXT_NODE || !n->content || !n->parent)
            continue;
        const char *t = (const char *)n->content;
        t += strspn(t, " \t\r\n");
        size_t lt = strcspn(t, "\t\r\n");
        if (lt > 16)
            lt = 16;
        if (lt < 4 || lt > lk || memcmp(t, key, lt) != 0)
            continue;
        /* The largest element around the text that still reads as the
         * description and holds little more. */
        xmlNode *p = n->parent;
        char *text = html_text(p);
        while (p->parent && p->parent != body && p->parent->type == XML_ELEMENT_NODE &&
               !is_inside(best, p->parent)) {
            char *up = html_text(p->parent);
            if (strlen(up) > lk + lk / 4 + 8 || !reads_as(up, key)) {
                free(up);
                break;
            }
            free(text);
            text = up;
            p = p->parent;
        }
        if (reads_as(text, key) && !is_inside(best, p) && !is_deck(p) &&
            (!is_inside(p, best) || in_header(p, best)))
            lead = p;
        free(text);
    }
    free(key);
    if (lead)
        xmlUnlinkNode(lead);
    return lead;
}

/* Article headers (kicker, headline, byline, share bar) are metadata: they
 * leave the body unless they hold real prose, or hold all of it (a short
 * page written whole in its <header>: a notice, a holding page). */
void html_drop_headers(xmlNode *root)
{
    size_t all = 0, all_links;
    int measured = 0;
    xmlNode *n = root->children;
    while (n) {
        xmlNode *next;
        if (is_el(n, "header") || attr_is(n, "role", "heading")) {
            size_t text, links;
            html_measure(n, &text, &links);
            if (!measured && text < 400) {
                html_measure(root, &all, &all_links);
                measured = 1;
            }
            if (text < 400 && all - text >= 25) {
                next = next_node(n, root, 1);
                remove_node(n);
                n = next;
                continue;
            }
        }
        n = next_node(n, root, 0);
    }
}
