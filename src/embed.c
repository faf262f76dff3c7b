/* The embeddable player (embed.h): out/embed/SLUG.html, the <iframe> code
 * that embeds it and its oEmbed answer.
 *
 * The player page is built as a libxml2 HTML tree, like the listening
 * pages (pages.c), and kept small (a few KB besides the chapter titles):
 * its style and script are inline and everything else it names (the MP3,
 * the episode page) is under base_url by a relative URL, so it loads
 * nothing from another origin. Without scripts it is the browser's own
 * <audio> player and a link to the episode page; the script swaps in its
 * own controls: play and pause, 15 s back and ahead, a slider that seeks
 * by 5 s (arrows) and 30 s (Page Up, Page Down), the speed, and a
 * chapters menu (a disclosure of buttons). It tells the page around it
 * its height on every change of size, so the iframe can fit it.
 *
 * It holds at 300 CSS px and at 200 % text (everything wraps, sizes in
 * rem and em), every target is at least 24 px (most 2.75rem), focus is
 * always shown, it has the listening pages' palettes (light, and dark for
 * prefers-color-scheme: dark) and no motion at all. */
#include "aloud/embed.h"

#include <errno.h>
#include <json-c/json.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/pages.h"
#include "aloud/util.h"
#include "page-doc.h"

/* The palettes are the listening pages' (docs/pages.md has their
 * contrast). */
static const char embed_css[] =
    ":root{color-scheme:light dark;--text:#1b1b1b;--bg:#fff;--link:#0b4f9c;--muted:#4a4a4a;"
    "--now:#fff1a8;--focus:#b3261e;--on-link:#fff}\n"
    "@media (prefers-color-scheme:dark){:root{--text:#e8e6e3;--bg:#15171a;--link:#9cc4ff;"
    "--muted:#b4b8be;--now:#54440a;--focus:#ffb4a9;--on-link:#15171a}}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;font:1rem/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "color:var(--text);background:var(--bg);overflow-wrap:anywhere}\n"
    "main{padding:.75rem}\n"
    "h1{font-size:1.125rem;line-height:1.4;margin:0}\n"
    ".muted,.time{color:var(--muted);font-weight:400}\n"
    "a{color:var(--link);text-underline-offset:.15em;padding-block:max(.1em,calc(12px - .5em))}\n"
    ":focus-visible{outline:3px solid var(--focus);outline-offset:2px}\n"
    "audio{display:block;width:100%;margin-top:.5rem}\n"
    ".row{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin-top:.5rem}\n"
    "button,select,summary{font:inherit;min-width:2.75rem;min-height:2.75rem;padding:.25rem .6rem;"
    "border:2px solid var(--link);border-radius:.3rem;background:var(--bg);color:var(--link)}\n"
    "#play{background:var(--link);color:var(--on-link);font-weight:700}\n"
    "svg{width:1em;height:1em;fill:currentColor;vertical-align:-.125em;margin-inline-end:.3em}\n"
    "#play[data-playing] .i-play,#play:not([data-playing]) .i-pause{display:none}\n"
    "#seek{flex:1 1 8rem;min-width:0;min-height:1.5rem;margin:0;accent-color:var(--link)}\n"
    ".time{font-variant-numeric:tabular-nums}\n"
    "label{display:inline-flex;flex-wrap:wrap;align-items:center;gap:.4rem}\n"
    "summary{display:inline-flex;align-items:center;gap:.4em;cursor:pointer}\n"
    "summary::after{content:'';border:.3em solid transparent;border-block-end:0;"
    "border-block-start-color:currentColor}\n"
    "details[open] summary::after{transform:rotate(180deg)}\n"
    "details[open]{flex-basis:100%}\n"
    "details ol{margin:.5rem 0 0;padding:0;list-style:none}\n"
    "details li{margin-bottom:.25rem}\n"
    "details li button{border:0;min-height:1.5rem;padding:.1rem .3rem;text-align:start;"
    "text-decoration:underline;text-underline-offset:.15em}\n"
    "details li button[aria-current]{font-weight:700;background:var(--now);color:var(--text)}\n"
    ".visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
    "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}\n"
    "[hidden]{display:none!important}\n"
    "@media (forced-colors:active){:focus-visible{outline-color:Highlight}"
    "button,select,summary{border-color:ButtonText}"
    "details li button[aria-current]{forced-color-adjust:none;background:Mark;color:MarkText}}\n"
    "@media (prefers-reduced-motion:reduce){*{scroll-behavior:auto!important;"
    "transition:none!important;animation:none!important}}\n";

/* The controls, then the height told to the parent (only when there is
 * one, and only when it changed): as {type: "aloud:height", height}, for
 * the script embed.h offers; and in WordPress's embed protocol too when
 * the iframe's URL carries WordPress's "#?secret=" (WordPress sandboxes
 * the iframe of an oEmbed provider it does not know: no new tabs, so
 * the link to the episode page asks WordPress to open it instead). */
static const char embed_js[] =
    "(function(){\n"
    "var d=document,a=d.getElementById('player'),c=d.getElementById('controls');\n"
    "if(!a||!c)return;\n"
    "function $(id){return d.getElementById(id);}\n"
    "var play=$('play'),seek=$('seek'),time=$('time'),speed=$('speed'),"
    "marks=[].slice.call(d.querySelectorAll('button[data-seek]'));\n"
    "a.controls=false;a.hidden=true;c.hidden=false;$('fallback').hidden=true;\n"
    "function clock(s){s=Math.max(0,Math.round(s||0));var h=Math.floor(s/3600),"
    "m=Math.floor(s/60)%60,x=s%60;\n"
    " return(h?h+':'+(m<10?'0':''):'')+m+':'+(x<10?'0':'')+x;}\n"
    "function length(){return isFinite(a.duration)&&a.duration>0?a.duration:"
    "parseFloat(seek.max)||0;}\n"
    "function go(t){a.currentTime=Math.max(0,Math.min(length(),t));show();}\n"
    "function start(){var p=a.play();if(p&&p.catch)p.catch(function(){});}\n"
    "function show(){\n"
    " var t=a.currentTime,n=length(),now=null;\n"
    " play.lastChild.textContent=a.paused?'Play':'Pause';\n"
    " if(a.paused)play.removeAttribute('data-playing');else play.setAttribute('data-playing','');\n"
    " seek.max=n;seek.value=t;\n"
    " seek.setAttribute('aria-valuetext',clock(t)+' of '+clock(n));\n"
    " time.textContent=clock(t)+' / '+clock(n);\n"
    " marks.forEach(function(m){if(parseFloat(m.getAttribute('data-seek'))<=t+0.05)now=m;});\n"
    " marks.forEach(function(m){if(m===now)m.setAttribute('aria-current','true');"
    "else m.removeAttribute('aria-current');});\n"
    "}\n"
    "play.addEventListener('click',function(){if(a.paused)start();else a.pause();});\n"
    "$('back').addEventListener('click',function(){go(a.currentTime-15);});\n"
    "$('ahead').addEventListener('click',function(){go(a.currentTime+15);});\n"
    "seek.addEventListener('input',function(){go(parseFloat(seek.value));});\n"
    "seek.addEventListener('keydown',function(e){\n"
    " var steps={ArrowLeft:-5,ArrowDown:-5,ArrowRight:5,ArrowUp:5,PageDown:-30,PageUp:30};\n"
    " var k=e.key,t=k==='Home'?0:k==='End'?length():k in steps?a.currentTime+steps[k]:null;\n"
    " if(t===null)return;e.preventDefault();go(t);\n"
    "});\n"
    "speed.addEventListener('change',function(){a.playbackRate=parseFloat(speed.value);});\n"
    "marks.forEach(function(m){m.addEventListener('click',function(){"
    "go(parseFloat(m.getAttribute('data-seek')));start();});});\n"
    "['play','pause','timeupdate','durationchange','loadedmetadata','seeked'].forEach("
    "function(n){a.addEventListener(n,show);});\n"
    "show();\n"
    "if(parent===window)return;\n"
    "var main=d.querySelector('main'),told=0,wp=/[#&?]secret=([A-Za-z0-9]+)/.exec(location.hash);\n"
    "function tell(){var h=Math.ceil(main.getBoundingClientRect().height);\n"
    " if(!h||h===told)return;told=h;\n"
    " parent.postMessage({type:'aloud:height',height:h},'*');\n"
    " if(wp)parent.postMessage({message:'height',value:h,secret:wp[1]},'*');\n"
    "}\n"
    "if(wp)[].forEach.call(d.querySelectorAll('a[target]'),function(l){"
    "l.addEventListener('click',function(e){e.preventDefault();"
    "parent.postMessage({message:'link',value:l.href,secret:wp[1]},'*');});});\n"
    "if(window.ResizeObserver)new ResizeObserver(tell).observe(main);\n"
    "addEventListener('load',tell);addEventListener('resize',tell);tell();\n"
    "})();\n";

static char *embed_url(const struct aloud_embed *e)
{
    return aloud_xasprintf("%sembed/%s.html", e->base_url, e->slug);
}

char *aloud_embed_oembed_url(const struct aloud_embed *e)
{
    return aloud_xasprintf("%soembed/%s.json", e->base_url, e->slug);
}

static char *listen_label(const struct aloud_embed *e)
{
    return aloud_xasprintf("Listen to: %s", e->title);
}

/* --- The iframe code ---------------------------------------------------------- */

char *aloud_embed_iframe(const struct aloud_embed *e)
{
    /* libxml2 writes the attributes, so a title with quotes or ampersands
     * comes out escaped. */
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr f = xmlNewNode(NULL, BAD_CAST "iframe");
    xmlDocSetRootElement(doc, f);
    char *src = embed_url(e), *title = listen_label(e);
    char width[16], height[16], style[64];
    snprintf(width, sizeof width, "%d", ALOUD_EMBED_WIDTH);
    snprintf(height, sizeof height, "%d", ALOUD_EMBED_HEIGHT);
    snprintf(style, sizeof style, "width:100%%;max-width:%dpx;border:0", ALOUD_EMBED_WIDTH);
    page_attr(f, "src", src);
    page_attr(f, "title", title);
    page_attr(f, "width", width);
    page_attr(f, "height", height);
    page_attr(f, "style", style);
    page_attr(f, "loading", "lazy");
    xmlBufferPtr buf = xmlBufferCreate();
    xmlOutputBufferPtr out = xmlOutputBufferCreateBuffer(buf, NULL);
    htmlNodeDumpFormatOutput(out, doc, f, "UTF-8", 0);
    xmlOutputBufferClose(out);
    char *html = aloud_xstrdup((const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    xmlFreeDoc(doc);
    free(title);
    free(src);
    return html;
}

char *aloud_embed_resize_script(const struct aloud_embed *e)
{
    /* Trusted by the iframe the message comes from, not by its origin: a
     * CMS may sandbox the iframe, and then its origin is "null". The
     * URL is written by json-c, as a string JavaScript reads (quotes and
     * "</script" escaped). */
    char *prefix = aloud_xasprintf("%sembed/", e->base_url);
    json_object *url = json_object_new_string(prefix);
    char *js = aloud_xasprintf("<script>\n"
                               "addEventListener('message', function (e) {\n"
                               "  var d = e.data;\n"
                               "  if (!d || d.type !== 'aloud:height' || !(d.height > 0)) return;\n"
                               "  document.querySelectorAll('iframe').forEach(function (f) {\n"
                               "    if (f.contentWindow === e.source && f.src.indexOf(%s) === 0)\n"
                               "      f.style.height = Math.min(d.height, 3000) + 'px';\n"
                               "  });\n"
                               "});\n"
                               "</script>",
                               json_object_to_json_string_ext(url, JSON_C_TO_STRING_PLAIN));
    json_object_put(url);
    free(prefix);
    return js;
}

/* --- The player page ------------------------------------------------------------ */

static xmlNodePtr add_button(xmlNodePtr parent, const char *id, const char *text, const char *label)
{
    xmlNodePtr b = page_add(parent, "button", text);
    page_attr(b, "type", "button");
    page_attr(b, "id", id);
    if (label)
        page_attr(b, "aria-label", label);
    return b;
}

/* An icon drawn with one path in a 16 x 16 box, hidden from screen
 * readers (the button's text names it). */
static void add_icon(xmlNodePtr parent, const char *cls, const char *path)
{
    xmlNodePtr svg = page_add(parent, "svg", NULL);
    page_attr(svg, "class", cls);
    page_attr(svg, "viewBox", "0 0 16 16");
    page_attr(svg, "aria-hidden", "true");
    page_attr(svg, "focusable", "false");
    page_attr(page_add(svg, "path", NULL), "d", path);
}

static void add_transport(xmlNodePtr controls, const struct aloud_embed *e)
{
    xmlNodePtr row = page_add(controls, "div", NULL);
    page_attr(row, "class", "row");
    xmlNodePtr play = add_button(row, "play", NULL, NULL);
    add_icon(play, "i-play", "M4 2l10 6-10 6z");
    add_icon(play, "i-pause", "M3 2h4v12H3zM9 2h4v12H9z");
    page_add(play, "span", "Play");
    add_button(row, "back", "−15 s", "Back 15 seconds");
    add_button(row, "ahead", "+15 s", "Ahead 15 seconds");
    char max[32], clock[32], clock_total[80];
    snprintf(max, sizeof max, "%.2f", e->duration_s);
    aloud_pages_clock_text(e->duration_s, clock, sizeof clock);
    snprintf(clock_total, sizeof clock_total, "0:00 / %s", clock);
    xmlNodePtr seek = page_add(row, "input", NULL);
    page_attr(seek, "type", "range");
    page_attr(seek, "id", "seek");
    page_attr(seek, "min", "0");
    page_attr(seek, "max", max);
    page_attr(seek, "step", "any");
    page_attr(seek, "value", "0");
    page_attr(seek, "aria-label", "Position");
    xmlNodePtr time = page_add(row, "span", clock_total);
    page_attr(time, "id", "time");
    page_attr(time, "class", "time");
    page_attr(time, "aria-hidden", "true"); /* the slider says it */
}

static void add_speed(xmlNodePtr row)
{
    xmlNodePtr label = page_add(row, "label", "Speed");
    page_attr(label, "for", "speed");
    xmlNodePtr select = page_add(label, "select", NULL);
    page_attr(select, "id", "speed");
    static const char *const rates[] = {"0.75", "1", "1.25", "1.5", "1.75", "2"};
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        char *text = aloud_xasprintf("%s×", rates[i]);
        xmlNodePtr o = page_add(select, "option", text);
        free(text);
        page_attr(o, "value", rates[i]);
        if (strcmp(rates[i], "1") == 0)
            page_attr(o, "selected", "selected");
    }
}

/* The chapters as a disclosure of buttons that seek ("3:05 A heading"). */
static void add_chapters(xmlNodePtr row, const struct aloud_timeline *t, const char *lang)
{
    if (!t || t->n_chapters < 2 || !t->sample_rate)
        return;
    xmlNodePtr details = page_add(row, "details", NULL);
    page_add(details, "summary", "Chapters");
    xmlNodePtr ol = page_add(details, "ol", NULL);
    for (size_t i = 0; i < t->n_chapters; i++) {
        double s = (double)t->chapters[i].start / t->sample_rate;
        char seek[32], clock[32];
        snprintf(seek, sizeof seek, "%.2f", s);
        aloud_pages_clock_text(s, clock, sizeof clock);
        xmlNodePtr b = page_add(page_add(ol, "li", NULL), "button", NULL);
        page_attr(b, "type", "button");
        page_attr(b, "data-seek", seek);
        xmlNodeAddContent(b, BAD_CAST clock);
        xmlNodeAddContent(b, BAD_CAST " ");
        xmlNodePtr title = page_add(b, "span", t->chapters[i].text);
        page_attr(title, "dir", "auto");
        if (lang)
            page_attr(title, "lang", lang);
    }
}

static void add_page_link(xmlNodePtr parent, const struct aloud_embed *e)
{
    xmlNodePtr a = page_add(parent, "a", "Transcript");
    char *href = aloud_xasprintf("../%s", e->page);
    page_attr(a, "href", href);
    free(href);
    page_attr(a, "target", "_blank");
    page_attr(a, "rel", "noopener");
    page_attr(page_add(a, "span", " and episode page (opens in a new tab)"), "class", "visually-hidden");
}

static xmlDocPtr new_doc(const char *title, xmlNodePtr *body)
{
    xmlNodePtr head;
    xmlDocPtr doc = page_doc_new("en", &head);
    xmlNodePtr robots = page_add(head, "meta", NULL);
    page_attr(robots, "name", "robots");
    page_attr(robots, "content", "noindex");
    page_add(head, "title", title);
    page_add(head, "style", embed_css);
    *body = page_add(xmlDocGetRootElement(doc), "body", NULL);
    return doc;
}

/* <html>'s head: the page's words are English; the title carries the
 * episode's language. */
int aloud_embed_write_page(const char *path, const struct aloud_embed *e, char **err)
{
    char *label = listen_label(e);
    xmlNodePtr body;
    xmlDocPtr doc = new_doc(label, &body);
    xmlNodePtr main = page_add(body, "main", NULL);
    xmlNodePtr h1 = page_add(main, "h1", NULL);
    page_attr(page_add(h1, "span", "Listen to: "), "class", "muted");
    xmlNodePtr title = page_add(h1, "span", e->title);
    page_attr(title, "dir", "auto");
    if (e->language)
        page_attr(title, "lang", e->language);

    /* Without scripts: the browser's player and the link. */
    char *mp3 = aloud_xasprintf("../%s", e->mp3);
    xmlNodePtr audio = page_add(main, "audio", NULL);
    page_attr(audio, "id", "player");
    page_attr(audio, "controls", "controls");
    page_attr(audio, "preload", "metadata");
    page_attr(audio, "aria-label", label);
    page_attr(audio, "src", mp3);
    page_attr(page_add(audio, "a", "Download the episode (MP3)"), "href", mp3);
    free(mp3);

    xmlNodePtr controls = page_add(main, "div", NULL);
    page_attr(controls, "id", "controls");
    page_attr(controls, "role", "group");
    page_attr(controls, "aria-label", "Player");
    page_attr(controls, "hidden", "hidden");
    add_transport(controls, e);
    xmlNodePtr row = page_add(controls, "div", NULL);
    page_attr(row, "class", "row");
    add_speed(row);
    add_page_link(row, e);
    add_chapters(row, e->timeline, e->language);
    xmlNodePtr fallback = page_add(main, "p", NULL);
    page_attr(fallback, "id", "fallback");
    add_page_link(fallback, e);
    page_add(body, "script", embed_js);

    int rc = page_doc_save(doc, path, 0, err);
    xmlFreeDoc(doc);
    free(label);
    return rc;
}

/* --- oEmbed -------------------------------------------------------------------- */

static void put_string(json_object *o, const char *key, const char *value)
{
    if (value)
        json_object_object_add(o, key, json_object_new_string(value));
}

int aloud_embed_write_oembed(const char *path, const struct aloud_embed *e, char **err)
{
    char *html = aloud_embed_iframe(e);
    json_object *o = json_object_new_object();
    put_string(o, "version", "1.0");
    put_string(o, "type", "rich");
    put_string(o, "title", e->title);
    put_string(o, "author_name", e->author);
    put_string(o, "provider_name", e->show_title);
    put_string(o, "provider_url", e->base_url);
    put_string(o, "html", html);
    json_object_object_add(o, "width", json_object_new_int(ALOUD_EMBED_WIDTH));
    json_object_object_add(o, "height", json_object_new_int(ALOUD_EMBED_HEIGHT));
    const char *text = json_object_to_json_string_ext(
        o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
    char *data = aloud_xasprintf("%s\n", text);
    int rc = aloud_file_write_if_changed(path, data, strlen(data), NULL, err);
    free(data);
    json_object_put(o);
    free(html);
    return rc;
}
