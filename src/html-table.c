/* Which tables of a page hold data, and their captions. A data table is
 * read a row a block, each cell beside its header; a table used for
 * layout is read as ordinary blocks. A table holds data when it says which
 * cells are headers (<th>, <thead>, scope) and has two columns or more;
 * it is layout when its role says so (presentation, none), when it holds
 * another table, or when its cells hold paragraphs (two blocks or more, a
 * heading, a quotation, preformatted text, or more than 400 characters). */
#include <stdlib.h>
#include <string.h>

#include "html-internal.h"

/* Does a cell hold paragraphs rather than a value? */
static int holds_paragraphs(xmlNode *cell)
{
    static const char *const paragraphs[] = {"p", "div", NULL};
    static const char *const blocks[] = {"h1",     "h2",         "h3",  "h4",      "h5",
                                         "h6",     "blockquote", "pre", "section", "article",
                                         "figure", "table",      NULL};
    int count = 0;
    for (xmlNode *d = cell->children; d; d = next_node(d, cell, 0)) {
        if (name_in(d, blocks))
            return 1;
        if (name_in(d, paragraphs) && ++count >= 2)
            return 1;
    }
    size_t text, links;
    html_measure(cell, &text, &links);
    return text > 400;
}

int html_table_is_data(xmlNode *table)
{
    if (attr_is(table, "role", "presentation") || attr_is(table, "role", "none"))
        return 0;
    int header = 0, columns = 0;
    for (xmlNode *d = table; d;) {
        int skip = 0;
        if (d != table && d->type == XML_ELEMENT_NODE) {
            if (is_el(d, "table"))
                return 0;
            if (is_el(d, "thead")) {
                header = 1;
            } else if (is_el(d, "tr")) {
                int cells = 0;
                for (xmlNode *c = d->children; c; c = c->next)
                    cells += is_el(c, "td") || is_el(c, "th");
                if (cells > columns)
                    columns = cells;
            } else if (is_el(d, "td") || is_el(d, "th")) {
                header |= is_el(d, "th") || xmlHasProp(d, BAD_CAST "scope");
                if (holds_paragraphs(d))
                    return 0;
                skip = 1; /* its content was looked at */
            }
        }
        d = next_node(d, table, skip);
    }
    return header && columns >= 2;
}

/* The figure that holds table and nothing else of note, or NULL. */
static xmlNode *figure_of(xmlNode *table)
{
    for (xmlNode *p = table->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
        if (is_el(p, "figure")) {
            int tables = 0;
            for (xmlNode *d = p->children; d; d = next_node(d, p, 0))
                tables += is_el(d, "table");
            return tables == 1 ? p : NULL;
        }
        if (!is_el(p, "div"))
            break;
    }
    return NULL;
}

char *html_table_caption(xmlNode *table)
{
    for (xmlNode *c = table->children; c; c = c->next)
        if (is_el(c, "caption"))
            return html_text(c);
    xmlNode *figure = figure_of(table);
    for (xmlNode *d = figure ? figure->children : NULL; d; d = next_node(d, figure, 0))
        if (is_el(d, "figcaption"))
            return html_text(d);
    return NULL;
}

xmlNode *html_caption_table(xmlNode *figcaption)
{
    xmlNode *figure = figcaption->parent;
    if (!is_el(figure, "figure"))
        return NULL;
    for (xmlNode *d = figure->children; d; d = next_node(d, figure, 0))
        if (is_el(d, "table"))
            return figure_of(d) == figure && html_table_is_data(d) ? d : NULL;
    return NULL;
}
