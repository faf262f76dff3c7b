/* The listening pages: index.html and one page per episode, built as
 * libxml2 HTML trees and serialised by libxml2's HTML writer.
 *
 * Everything a listener needs works without scripts: the native <audio>
 * player with its captions track, the chapter list and the transcript.
 * The small inline script adds what only a script can: speed buttons,
 * seeking from a chapter or a sentence, and highlighting the sentence being
 * spoken. Colours meet WCAG 2.2 AA (text 16:1, links 8.6:1, the highlight
 * keeps the text's contrast), focus is always visible, and motion follows
 * prefers-reduced-motion. */
#include "aloud/pages.h"

#include <errno.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/util.h"

static const char page_css[] =
    ":root{color-scheme:light;--text:#1b1b1b;--bg:#fff;--link:#0b4f9c;--muted:#4a4a4a;"
    "--now:#fff1a8;--focus:#b3261e}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:1.125rem/1.6 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "color:var(--text);background:var(--bg)}\n"
    ".skip{position:absolute;left:-10000px;top:0}\n"
    ".skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem;z-index:1}\n"
    "header,main,footer{max-width:44rem;margin:0 auto;padding:1rem}\n"
    "a{color:var(--link)}\n"
    "a:focus-visible,button:focus-visible,audio:focus-visible{outline:3px solid var(--focus);"
    "outline-offset:2px}\n"
    "audio{width:100%}\n"
    ".meta,.duration{color:var(--muted)}\n"
    ".speeds button{font:inherit;margin:.25rem .25rem 0 0;padding:.35rem .7rem;"
    "border:2px solid var(--link);border-radius:.3rem;background:var(--bg);color:var(--link)}\n"
    ".speeds button[aria-pressed=true]{background:var(--link);color:#fff}\n"
    ".transcript a{color:var(--text);text-decoration:none}\n"
    ".transcript a:hover{text-decoration:underline}\n"
    ".transcript a.download{color:var(--link);text-decoration:underline}\n"
    ".transcript a.now{background:var(--now);box-shadow:0 0 0 2px var(--now)}\n"
    "ol.episodes{padding-left:1.25rem}\n"
    "ol.episodes li{margin-bottom:1rem}\n"
    "@media (prefers-reduced-motion:reduce){*{scroll-behavior:auto!important;"
    "transition:none!important;animation:none!important}}\n";

static const char page_js[] =
    "(function(){\n"
    "var audio=document.getElementById('player');\n"
    "if(!audio)return;\n"
    "var reduce=window.matchMedia&&matchMedia('(prefers-reduced-motion: reduce)').matches;\n"
    "var speeds=document.getElementById('speeds');\n"
    "speeds.hidden=false;\n"
    "speeds.addEventListener('click',function(e){\n"
    " var b=e.target.closest('button[data-rate]');if(!b)return;\n"
    " audio.playbackRate=parseFloat(b.getAttribute('data-rate'));\n"
    " speeds.querySelectorAll('button').forEach(function(x){"
    "x.setAttribute('aria-pressed',x===b?'true':'false');});\n"
    "});\n"
    "document.addEventListener('click',function(e){\n"
    " var a=e.target.closest('a[data-seek]');if(!a)return;\n"
    " e.preventDefault();\n"
    " audio.currentTime=parseFloat(a.getAttribute('data-seek'));\n"
    " var p=audio.play();if(p&&p.catch)p.catch(function(){});\n"
    " update();\n"
    "});\n"
    "var marks=Array.prototype.slice.call(document.querySelectorAll('.transcript a[data-start]'));\n"
    "var starts=marks.map(function(m){return parseFloat(m.getAttribute('data-start'));});\n"
    "var current=null;\n"
    "function update(){\n"
    " var t=audio.currentTime,lo=0,hi=starts.length-1,found=-1;\n"
    " while(lo<=hi){var mid=(lo+hi)>>1;if(starts[mid]<=t+0.05){found=mid;lo=mid+1;}else hi=mid-1;}\n"
    " var m=found<0?null:marks[found];\n"
    " if(m===current)return;\n"
    " if(current){current.classList.remove('now');current.removeAttribute('aria-current');}\n"
    " current=m;\n"
    " if(m){m.classList.add('now');m.setAttribute('aria-current','true');\n"
    "  if(!audio.paused&&!m.closest('.transcript').contains(document.activeElement))\n"
    "   m.scrollIntoView({block:'nearest',behavior:reduce?'auto':'smooth'});}\n"
    "}\n"
    "audio.addEventListener('timeupdate',update);\n"
    "audio.addEventListener('seeked',update);\n"
    "})();\n";

static xmlNodePtr add(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
    if (text)
        xmlNodeAddContent(n, BAD_CAST text);
    return n;
}

static void attr(xmlNodePtr n, const char *name, const char *value)
{
    xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

/* "1:02:03" or "2:03" for a time in seconds. */
static void clock_text(double seconds, char *buf, size_t size)
{
    long s = seconds < 0 ? 0 : (long)(seconds + 0.5);
    if (s >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

/* "12 minutes" style duration for people and screen readers. */
static char *duration_words(double seconds)
{
    long m = (long)(seconds / 60 + 0.5);
    if (m < 1)
        return aloud_xasprintf("under a minute");
    return aloud_xasprintf("%ld minute%s", m, m == 1 ? "" : "s");
}

static xmlDocPtr new_page(const char *lang, const char *title, xmlNodePtr *body)
{
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL);
    xmlNodePtr html = xmlNewNode(NULL, BAD_CAST "html");
    xmlDocSetRootElement(doc, html);
    attr(html, "lang", lang && *lang ? lang : "en");
    xmlNodePtr head = add(html, "head", NULL);
    /* libxml2 2.9 takes the output encoding from http-equiv (not from
     * <meta charset>); with it, characters are written as UTF-8. */
    xmlNodePtr ct = add(head, "meta", NULL);
    attr(ct, "http-equiv", "Content-Type");
    attr(ct, "content", "text/html; charset=utf-8");
    xmlNodePtr vp = add(head, "meta", NULL);
    attr(vp, "name", "viewport");
    attr(vp, "content", "width=device-width, initial-scale=1");
    add(head, "title", title);
    add(head, "style", page_css);
    *body = add(html, "body", NULL);
    xmlNodePtr skip = add(*body, "a", "Skip to content");
    attr(skip, "class", "skip");
    attr(skip, "href", "#content");
    return doc;
}

static int save(xmlDocPtr doc, const char *path, char **err)
{
    xmlChar *mem = NULL;
    int size = 0;
    htmlDocDumpMemoryFormat(doc, &mem, &size, 1);
    if (!mem) {
        aloud_error_set(err, "%s: cannot serialise the page", path);
        return -ENOMEM;
    }
    int rc = aloud_file_write_if_changed(path, mem, (size_t)size, NULL, err);
    xmlFree(mem);
    return rc;
}

static void add_time(xmlNodePtr parent, const char *iso)
{
    if (!iso)
        return;
    xmlNodePtr t = add(parent, "time", iso);
    attr(t, "datetime", iso);
    /* Show the date part only: "2026-02-27". */
    if (strlen(iso) > 10) {
        char day[11];
        memcpy(day, iso, 10);
        day[10] = '\0';
        xmlNodeSetContent(t, BAD_CAST day);
    }
}

static void add_show_header(xmlNodePtr body, const struct aloud_page_show *show, int is_index)
{
    xmlNodePtr header = add(body, "header", NULL);
    if (is_index) {
        add(header, "p", "Podcast");
        return;
    }
    xmlNodePtr nav = add(header, "nav", NULL);
    attr(nav, "aria-label", "Show");
    xmlNodePtr a = add(nav, "a", NULL);
    attr(a, "href", "index.html");
    xmlNodeAddContent(a, BAD_CAST "All episodes of ");
    xmlNodeAddContent(a, BAD_CAST show->title);
}

static void add_footer(xmlNodePtr body, const struct aloud_page_show *show)
{
    xmlNodePtr footer = add(body, "footer", NULL);
    xmlNodePtr p = add(footer, "p", "Subscribe in a podcast app: ");
    xmlNodePtr a = add(p, "a", show->feed_url ? show->feed_url : show->feed_href);
    attr(a, "href", show->feed_href);
    attr(a, "type", "application/rss+xml");
}

static void add_chapters(xmlNodePtr main, const struct aloud_timeline *t)
{
    if (!t || t->n_chapters < 2)
        return;
    xmlNodePtr nav = add(main, "nav", NULL);
    attr(nav, "aria-labelledby", "chapters-heading");
    xmlNodePtr h = add(nav, "h2", "Chapters");
    attr(h, "id", "chapters-heading");
    xmlNodePtr ol = add(nav, "ol", NULL);
    for (size_t i = 0; i < t->n_chapters; i++) {
        const struct aloud_span *c = &t->chapters[i];
        double s = (double)c->start / t->sample_rate;
        char seek[32], clock[32];
        snprintf(seek, sizeof seek, "%.2f", s);
        clock_text(s, clock, sizeof clock);
        xmlNodePtr li = add(ol, "li", NULL);
        xmlNodePtr a = add(li, "a", c->text);
        char *href = aloud_xasprintf("#t=%s", seek);
        attr(a, "href", href);
        free(href);
        attr(a, "data-seek", seek);
        xmlNodeAddContent(li, BAD_CAST " ");
        xmlNodePtr span = add(li, "span", clock);
        attr(span, "class", "duration");
    }
}

/* Is segment seg the start of a chapter other than the title? */
static int is_heading_segment(const struct aloud_timeline *t, size_t seg)
{
    for (size_t i = 1; i < t->n_chapters; i++) {
        if (t->chapters[i].segment == seg)
            return 1;
    }
    return 0;
}

static void add_transcript(xmlNodePtr main, const struct aloud_timeline *t, const char *vtt)
{
    xmlNodePtr sec = add(main, "section", NULL);
    attr(sec, "class", "transcript");
    attr(sec, "aria-labelledby", "transcript-heading");
    xmlNodePtr h = add(sec, "h2", "Transcript");
    attr(h, "id", "transcript-heading");
    if (vtt) {
        xmlNodePtr p = add(sec, "p", NULL);
        xmlNodePtr a = add(p, "a", "Download the transcript (WebVTT)");
        attr(a, "href", vtt);
        attr(a, "class", "download");
    }
    if (!t)
        return;
    xmlNodePtr block = NULL;
    size_t block_seg = (size_t)-1;
    for (size_t i = 0; i < t->n_sentences; i++) {
        const struct aloud_span *s = &t->sentences[i];
        if (!block || s->segment != block_seg) {
            /* Segment 0 is the title, spoken in the introduction. */
            int heading = s->segment > 0 && is_heading_segment(t, s->segment);
            block = add(sec, heading ? "h3" : "p", NULL);
            block_seg = s->segment;
        } else {
            xmlNodeAddContent(block, BAD_CAST " ");
        }
        char start[32], end[32];
        snprintf(start, sizeof start, "%.2f", (double)s->start / t->sample_rate);
        snprintf(end, sizeof end, "%.2f", (double)s->end / t->sample_rate);
        xmlNodePtr a = add(block, "a", s->text);
        char *href = aloud_xasprintf("#t=%s", start);
        attr(a, "href", href);
        free(href);
        attr(a, "data-seek", start);
        attr(a, "data-start", start);
        attr(a, "data-end", end);
    }
}

int aloud_pages_write_episode(const char *path, const struct aloud_page_show *show,
                              const struct aloud_page_episode *ep, char **err)
{
    char *label = aloud_xasprintf("Audio version of: %s", ep->title);
    char *title = aloud_xasprintf("%s – %s", label, show->title);
    xmlNodePtr body;
    xmlDocPtr doc = new_page(ep->language ? ep->language : show->language, title, &body);
    add_show_header(body, show, 0);

    xmlNodePtr main = add(body, "main", NULL);
    attr(main, "id", "content");
    add(main, "h1", label);
    xmlNodePtr meta = add(main, "p", NULL);
    attr(meta, "class", "meta");
    if (ep->author) {
        xmlNodeAddContent(meta, BAD_CAST "By ");
        xmlNodeAddContent(meta, BAD_CAST ep->author);
        if (ep->date)
            xmlNodeAddContent(meta, BAD_CAST ", ");
    }
    add_time(meta, ep->date);
    char *minutes = duration_words(ep->duration_s);
    xmlNodeAddContent(meta, BAD_CAST(ep->author || ep->date ? ". " : ""));
    xmlNodeAddContent(meta, BAD_CAST minutes);
    free(minutes);
    if (ep->description)
        add(main, "p", ep->description);
    if (ep->article_url) {
        xmlNodePtr p = add(main, "p", NULL);
        xmlNodePtr a = add(p, "a", "Read the written article");
        attr(a, "href", ep->article_url);
    }

    xmlNodePtr player = add(main, "section", NULL);
    attr(player, "aria-labelledby", "player-heading");
    xmlNodePtr ph = add(player, "h2", "Listen");
    attr(ph, "id", "player-heading");
    xmlNodePtr audio = add(player, "audio", NULL);
    attr(audio, "id", "player");
    attr(audio, "controls", "controls");
    attr(audio, "preload", "metadata");
    attr(audio, "aria-label", label);
    xmlNodePtr src = add(audio, "source", NULL);
    attr(src, "src", ep->mp3_href);
    attr(src, "type", "audio/mpeg");
    if (ep->vtt_href) {
        xmlNodePtr track = add(audio, "track", NULL);
        attr(track, "kind", "captions");
        attr(track, "src", ep->vtt_href);
        attr(track, "srclang", ep->language ? ep->language : "en");
        attr(track, "label", "Transcript");
    }
    xmlNodePtr fallback = add(audio, "a", "Download the episode (MP3)");
    attr(fallback, "href", ep->mp3_href);
    xmlNodePtr dl = add(player, "p", NULL);
    xmlNodePtr dla = add(dl, "a", "Download the episode (MP3)");
    attr(dla, "href", ep->mp3_href);

    /* Speed buttons need the script; hidden until it runs. */
    xmlNodePtr speeds = add(player, "div", NULL);
    attr(speeds, "id", "speeds");
    attr(speeds, "class", "speeds");
    attr(speeds, "role", "group");
    attr(speeds, "aria-label", "Playback speed");
    attr(speeds, "hidden", "hidden");
    static const char *const rates[] = {"0.75", "1", "1.25", "1.5", "1.75", "2"};
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        char *text = aloud_xasprintf("%s×", rates[i]);
        xmlNodePtr b = add(speeds, "button", text);
        free(text);
        attr(b, "type", "button");
        attr(b, "data-rate", rates[i]);
        attr(b, "aria-pressed", strcmp(rates[i], "1") == 0 ? "true" : "false");
    }

    add_chapters(main, ep->timeline);
    add_transcript(main, ep->timeline, ep->vtt_href);
    add_footer(body, show);
    add(body, "script", page_js);

    int rc = save(doc, path, err);
    xmlFreeDoc(doc);
    free(title);
    free(label);
    return rc;
}

int aloud_pages_write_index(const char *path, const struct aloud_page_show *show,
                            const struct aloud_page_episode *episodes, size_t n, char **err)
{
    xmlNodePtr body;
    xmlDocPtr doc = new_page(show->language, show->title, &body);
    add_show_header(body, show, 1);
    xmlNodePtr main = add(body, "main", NULL);
    attr(main, "id", "content");
    add(main, "h1", show->title);
    if (show->artwork_src) {
        xmlNodePtr img = add(main, "img", NULL);
        attr(img, "src", show->artwork_src);
        attr(img, "alt", "");
        attr(img, "width", "200");
        attr(img, "height", "200");
    }
    if (show->description)
        add(main, "p", show->description);

    xmlNodePtr sub = add(main, "section", NULL);
    attr(sub, "aria-labelledby", "subscribe-heading");
    xmlNodePtr sh = add(sub, "h2", "Subscribe");
    attr(sh, "id", "subscribe-heading");
    add(sub, "p", "Add this feed to your podcast app to get every new episode:");
    xmlNodePtr fp = add(sub, "p", NULL);
    xmlNodePtr fa = add(fp, "a", show->feed_url ? show->feed_url : show->feed_href);
    attr(fa, "href", show->feed_href);
    attr(fa, "type", "application/rss+xml");

    xmlNodePtr eps = add(main, "section", NULL);
    attr(eps, "aria-labelledby", "episodes-heading");
    xmlNodePtr eh = add(eps, "h2", "Episodes");
    attr(eh, "id", "episodes-heading");
    if (n == 0)
        add(eps, "p", "No episodes yet.");
    xmlNodePtr ol = n ? add(eps, "ol", NULL) : NULL;
    if (ol)
        attr(ol, "class", "episodes");
    for (size_t i = 0; i < n; i++) {
        const struct aloud_page_episode *ep = &episodes[i];
        xmlNodePtr li = add(ol, "li", NULL);
        xmlNodePtr h = add(li, "h3", NULL);
        xmlNodePtr a = add(h, "a", ep->title);
        attr(a, "href", ep->page_href);
        xmlNodePtr meta = add(li, "p", NULL);
        attr(meta, "class", "meta");
        if (ep->author) {
            xmlNodeAddContent(meta, BAD_CAST "By ");
            xmlNodeAddContent(meta, BAD_CAST ep->author);
            xmlNodeAddContent(meta, BAD_CAST ". ");
        }
        if (ep->date) {
            add_time(meta, ep->date);
            xmlNodeAddContent(meta, BAD_CAST ". ");
        }
        char *minutes = duration_words(ep->duration_s);
        xmlNodeAddContent(meta, BAD_CAST minutes);
        free(minutes);
        if (ep->description)
            add(li, "p", ep->description);
    }
    add_footer(body, show);
    int rc = save(doc, path, err);
    xmlFreeDoc(doc);
    return rc;
}
