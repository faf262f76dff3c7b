/* The HTML documents of out/ (page-doc.h). */
#include "page-doc.h"

#include <errno.h>
#include <libxml/HTMLtree.h>

#include "aloud/util.h"

xmlNodePtr page_add(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
    if (text)
        xmlNodeAddContent(n, BAD_CAST text);
    return n;
}

void page_attr(xmlNodePtr n, const char *name, const char *value)
{
    xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

xmlDocPtr page_doc_new(const char *lang, xmlNodePtr *head)
{
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL);
    xmlNodePtr html = xmlNewNode(NULL, BAD_CAST "html");
    xmlDocSetRootElement(doc, html);
    page_attr(html, "lang", lang);
    *head = page_add(html, "head", NULL);
    /* libxml2 2.9 takes the output encoding from http-equiv (not from
     * <meta charset>); with it, characters are written as UTF-8. */
    xmlNodePtr ct = page_add(*head, "meta", NULL);
    page_attr(ct, "http-equiv", "Content-Type");
    page_attr(ct, "content", "text/html; charset=utf-8");
    xmlNodePtr vp = page_add(*head, "meta", NULL);
    page_attr(vp, "name", "viewport");
    page_attr(vp, "content", "width=device-width, initial-scale=1");
    return doc;
}

int page_doc_save(xmlDocPtr doc, const char *path, int format, char **err)
{
    xmlChar *mem = NULL;
    int size = 0;
    htmlDocDumpMemoryFormat(doc, &mem, &size, format);
    if (!mem) {
        aloud_error_set(err, "%s: cannot serialise the page", path);
        return -ENOMEM;
    }
    int rc = aloud_file_write_if_changed(path, mem, (size_t)size, NULL, err);
    xmlFree(mem);
    return rc;
}
