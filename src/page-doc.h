/* The HTML documents of out/ (pages.c: the show's and episodes' pages;
 * embed.c: the player), built as libxml2 trees: their common head and
 * their one way to disk. */
#ifndef ALOUD_PAGE_DOC_H
#define ALOUD_PAGE_DOC_H

#include <libxml/tree.h>

/* A child element name of parent, with text when it is not NULL. */
xmlNodePtr page_add(xmlNodePtr parent, const char *name, const char *text);
void page_attr(xmlNodePtr n, const char *name, const char *value);

/* An HTML5 document in lang whose head holds the charset (UTF-8) and the
 * viewport; the caller adds the rest of the head and the body. */
xmlDocPtr page_doc_new(const char *lang, xmlNodePtr *head);

/* Writes doc to path (indented when format), unless path holds those bytes
 * already. Returns 0 or a negative errno with *err. */
int page_doc_save(xmlDocPtr doc, const char *path, int format, char **err);

#endif
