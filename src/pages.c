/* The listening pages: index.html (with page/2.html... when the show has
 * many episodes) and one page per episode, built as libxml2 HTML trees and
 * serialised by libxml2's HTML writer.
 *
 * Everything a listener needs works without scripts: the native <audio>
 * player with its captions track, the chapter list and the transcript.
 * The small inline script adds what only a script can: speed buttons,
 * seeking from a chapter or a sentence, and marking the sentence and the
 * chapter being played.
 *
 * The pages are meant to hold for any article and any reader (WCAG 2.2 AA,
 * docs/pages.md has the figures): every target is at least 24 by 24 CSS px;
 * long URLs and words wrap, so nothing scrolls sideways at 320 CSS px or
 * with text at 200 %; sizes are in rem and em, so the reader's font size
 * rules; a dark palette for prefers-color-scheme: dark; under forced
 * colours the pressed speed button, the current sentence and chapter and
 * the focus ring keep a cue that is not colour (weight, underline, border,
 * outline); focus is always visible; no smooth scrolling under
 * prefers-reduced-motion. The page's own words are English, so <html lang>
 * is English and the show's and the article's text carry their own lang
 * (and dir for right-to-left scripts). */
#include "aloud/pages.h"

#include <errno.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "aloud/language.h"
#include "aloud/util.h"
#include "page-doc.h"

/* Light palette first, the dark one under prefers-color-scheme: dark;
 * the contrast of every pair is in docs/pages.md. Targets: links get
 * block padding that makes their box at least 24 px high (text at least
 * 1em high plus 24 px - 1em) while line heights of 1.4 and more keep the
 * boxes of adjacent lines apart; sentences too short to wrap ("Yes.") are
 * inline blocks at least 1.5rem wide. Lists indent by 2.5em, not the
 * browser's 40 px, so their numbers fit at any text size and direction. */
static const char page_css[] =
    ":root{color-scheme:light dark;--text:#1b1b1b;--bg:#fff;--link:#0b4f9c;--muted:#4a4a4a;"
    "--now:#fff1a8;--focus:#b3261e;--on-link:#fff}\n"
    "@media (prefers-color-scheme:dark){:root{--text:#e8e6e3;--bg:#15171a;--link:#9cc4ff;"
    "--muted:#b4b8be;--now:#54440a;--focus:#ffb4a9;--on-link:#15171a}}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;font:1.125rem/1.6 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "color:var(--text);background:var(--bg);overflow-wrap:anywhere}\n"
    "h1,h2,h3{line-height:1.4}\n"
    "h1{font-size:1.75rem}h2{font-size:1.375rem}h3{font-size:1.25rem}\n"
    ".skip{position:absolute;left:-10000px;top:0}\n"
    ".skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem;z-index:1}\n"
    "header,main,footer{max-width:44rem;margin:0 auto;padding:1rem}\n"
    "a{color:var(--link);text-underline-offset:.15em;padding-block:max(.1em,calc(12px - .5em))}\n"
    "a:hover{text-decoration-thickness:.15em}\n"
    ":focus-visible{outline:3px solid var(--focus);outline-offset:2px}\n"
    "audio{display:block;width:100%}\n"
    ".meta,.duration{color:var(--muted)}\n"
    ".speeds{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.75rem}\n"
    ".speeds[hidden]{display:none}\n"
    ".speeds button,.embed button{font:inherit;min-width:2.75rem;min-height:2.75rem;"
    "padding:.25rem .7rem;border:2px solid var(--link);border-radius:.3rem;background:var(--bg);"
    "color:var(--link)}\n"
    ".speeds button[aria-pressed=true]{background:var(--link);color:var(--on-link);"
    "font-weight:700;text-decoration:underline}\n"
    ".chapters li{margin-bottom:.25rem}\n"
    ".chapters a[aria-current]{font-weight:700;background:var(--now);color:var(--text);"
    "text-decoration-thickness:.15em}\n"
    ".sentences{line-height:1.8}\n"
    ".sentences a{color:var(--text);text-decoration:none;padding-inline:.1em}\n"
    ".sentences a:hover{text-decoration:underline}\n"
    ".sentences a.short{display:inline-block;min-width:1.5rem;padding-block:0;text-align:center}\n"
    ".sentences a.now{background:var(--now);text-decoration:underline .15em;"
    "text-decoration-skip-ink:none}\n"
    "ol,ul{padding-inline-start:2.5em}\n"
    ".embed pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.875rem;padding:.5rem;"
    "border:1px solid var(--muted);border-radius:.3rem}\n"
    "ol.episodes li{margin-bottom:1rem}\n"
    ".pages ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0}\n"
    ".pages a{display:inline-block;min-width:2.75rem;min-height:2.75rem;padding:.35rem .7rem;"
    "text-align:center;border:2px solid var(--link);border-radius:.3rem}\n"
    ".pages a[aria-current]{background:var(--link);color:var(--on-link);font-weight:700;"
    "text-decoration:none}\n"
    ".visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
    "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}\n"
    "@media (forced-colors:active){"
    ":focus-visible{outline-color:Highlight}"
    ".speeds button,.embed button,.pages a{border-color:ButtonText}"
    ".speeds button[aria-pressed=true],.pages a[aria-current]{forced-color-adjust:none;"
    "background:Highlight;color:HighlightText;border:.3rem double ButtonText}"
    ".sentences a.now,.chapters a[aria-current]{forced-color-adjust:none;background:Mark;"
    "color:MarkText}}\n"
    "@media (prefers-reduced-motion:reduce){*{scroll-behavior:auto!important;"
    "transition:none!important;animation:none!important}}\n";

/* Speeds; seeking from a[data-seek]; the sentence and the chapter being
 * played marked with aria-current (and the class "now" for sentences);
 * the sentence scrolled into view, smoothly only when motion is welcome,
 * unless that would move a keyboard reader's focus (shown by
 * :focus-visible) out of sight, or the reader is in the transcript. */
static const char page_js[] =
    "(function(){\n"
    "var audio=document.getElementById('player');\n"
    "if(!audio)return;\n"
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
    "function track(sel,cls){\n"
    " var marks=Array.prototype.slice.call(document.querySelectorAll(sel));\n"
    " return {marks:marks,cls:cls,current:null,\n"
    "  starts:marks.map(function(m){return parseFloat(m.getAttribute('data-seek'));})};\n"
    "}\n"
    "var sentences=track('.transcript a[data-start]','now');\n"
    "var chapters=track('.chapters a[data-seek]',null);\n"
    "function follow(l,t){\n"
    " var lo=0,hi=l.starts.length-1,found=-1;\n"
    " while(lo<=hi){var mid=(lo+hi)>>1;if(l.starts[mid]<=t+0.05){found=mid;lo=mid+1;}else hi=mid-1;}\n"
    " var m=found<0?null:l.marks[found];\n"
    " if(m===l.current)return null;\n"
    " if(l.current){if(l.cls)l.current.classList.remove(l.cls);"
    "l.current.removeAttribute('aria-current');}\n"
    " l.current=m;\n"
    " if(m){if(l.cls)m.classList.add(l.cls);m.setAttribute('aria-current','true');}\n"
    " return m;\n"
    "}\n"
    "function hidesFocus(m){\n"
    " var f=document.activeElement;\n"
    " if(!f||f===document.body||!f.matches(':focus-visible'))return false;\n"
    " if(m.closest('.transcript').contains(f))return true;\n"
    " var fr=f.getBoundingClientRect(),mr=m.getBoundingClientRect(),h=window.innerHeight;\n"
    " var dy=mr.top<0?mr.top:mr.bottom>h?mr.bottom-h:0;\n"
    " return fr.bottom-dy<0||fr.top-dy>h;\n"
    "}\n"
    "function update(){\n"
    " var t=audio.currentTime;\n"
    " follow(chapters,t);\n"
    " var m=follow(sentences,t);\n"
    " if(m&&!audio.paused&&!hidesFocus(m)){\n"
    "  var reduce=window.matchMedia&&matchMedia('(prefers-reduced-motion: reduce)').matches;\n"
    "  m.scrollIntoView({block:'nearest',behavior:reduce?'auto':'smooth'});\n"
    " }\n"
    "}\n"
    "document.querySelectorAll('button[data-copy]').forEach(function(b){\n"
    " if(!navigator.clipboard)return;\n"
    " b.hidden=false;\n"
    " b.addEventListener('click',function(){\n"
    "  var said=document.getElementById('copied');\n"
    "  navigator.clipboard.writeText(document.getElementById(b.getAttribute('data-copy'))"
    ".textContent).then(\n"
    "   function(){said.textContent='Copied.';},\n"
    "   function(){said.textContent='Could not copy: select the code and copy it.';});\n"
    " });\n"
    "});\n"
    "audio.addEventListener('timeupdate',update);\n"
    "audio.addEventListener('seeked',update);\n"
    "})();\n";

void aloud_pages_clock_text(double seconds, char *buf, size_t size)
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

/* --- Languages ------------------------------------------------------------- */

/* The language of the page's own words ("Listen", "Transcript"...), which
 * are English: the show's language when it is a kind of English, else
 * "en". */
static const char *page_lang(const char *show_lang)
{
    return aloud_language_primary_is(show_lang, "en") ? show_lang : "en";
}

/* Marks n as being in lang (and right to left when it is) unless that is
 * the language around it, outer. */
static void mark_lang(xmlNodePtr n, const char *lang, const char *outer)
{
    if (!lang || !*lang || (outer && aloud_lang_same(lang, outer)))
        return;
    page_attr(n, "lang", lang);
    if (aloud_language_is_rtl(lang))
        page_attr(n, "dir", "rtl");
}

/* A <span> with text in lang inside parent, or the bare text when lang is
 * the parent's outer language. */
static void add_text_in(xmlNodePtr parent, const char *text, const char *lang, const char *outer)
{
    if (!lang || !*lang || (outer && aloud_lang_same(lang, outer))) {
        xmlNodeAddContent(parent, BAD_CAST text);
        return;
    }
    mark_lang(page_add(parent, "span", text), lang, outer);
}

/* --- The page's frame -------------------------------------------------------- */

static xmlDocPtr new_page(const char *lang, const char *title, xmlNodePtr *body)
{
    xmlNodePtr head;
    xmlDocPtr doc = page_doc_new(lang, &head);
    page_add(head, "title", title);
    page_add(head, "style", page_css);
    *body = page_add(xmlDocGetRootElement(doc), "body", NULL);
    xmlNodePtr skip = page_add(*body, "a", "Skip to content");
    page_attr(skip, "class", "skip");
    page_attr(skip, "href", "#content");
    return doc;
}

/* href as seen from a page in a folder below out/ (prefix "../"), or as
 * given when it is absolute, a fragment or prefix is "". Caller frees. */
static char *from_page(const char *prefix, const char *href)
{
    int absolute = href[0] == '/' || href[0] == '#' || strstr(href, "://") ||
                   strncasecmp(href, "mailto:", 7) == 0 || strncasecmp(href, "data:", 5) == 0;
    return aloud_xasprintf("%s%s", absolute ? "" : prefix, href);
}

/* Links to the episode's talking books, when it has any. */
static void add_book_links(xmlNodePtr parent, const struct aloud_page_episode *ep,
                           const char *prefix)
{
    if (!ep->epub_href && !ep->daisy_href)
        return;
    xmlNodePtr p = page_add(parent, "p", "Talking book (text and audio together): ");
    page_attr(p, "class", "books");
    const char *hrefs[] = {ep->epub_href, ep->daisy_href};
    const char *names[] = {"EPUB 3", "DAISY 2.02"};
    for (size_t i = 0, n = 0; i < 2; i++) {
        if (!hrefs[i])
            continue;
        if (n++)
            xmlNodeAddContent(p, BAD_CAST ", ");
        char *href = from_page(prefix, hrefs[i]);
        page_attr(page_add(p, "a", names[i]), "href", href);
        free(href);
    }
}

static void add_time(xmlNodePtr parent, const char *iso)
{
    if (!iso)
        return;
    xmlNodePtr t = page_add(parent, "time", iso);
    page_attr(t, "datetime", iso);
    /* Show the date part only: "2026-02-27". */
    if (strlen(iso) > 10) {
        char day[11];
        memcpy(day, iso, 10);
        day[10] = '\0';
        xmlNodeSetContent(t, BAD_CAST day);
    }
}

static void add_show_header(xmlNodePtr body, const struct aloud_page_show *show, int is_index,
                            const char *lang)
{
    xmlNodePtr header = page_add(body, "header", NULL);
    if (is_index) {
        page_add(header, "p", "Podcast");
        return;
    }
    xmlNodePtr nav = page_add(header, "nav", NULL);
    page_attr(nav, "aria-label", "Show");
    xmlNodePtr a = page_add(nav, "a", NULL);
    page_attr(a, "href", "index.html");
    xmlNodeAddContent(a, BAD_CAST "All episodes of ");
    add_text_in(a, show->title, show->language, lang);
}

static void add_feed_link(xmlNodePtr parent, const struct aloud_page_show *show, const char *prefix)
{
    xmlNodePtr a = page_add(parent, "a", show->feed_url ? show->feed_url : show->feed_href);
    char *href = from_page(prefix, show->feed_href);
    page_attr(a, "href", href);
    free(href);
    page_attr(a, "type", "application/rss+xml");
}

static void add_footer(xmlNodePtr body, const struct aloud_page_show *show, const char *prefix)
{
    xmlNodePtr footer = page_add(body, "footer", NULL);
    xmlNodePtr p = page_add(footer, "p", "Subscribe in a podcast app: ");
    add_feed_link(p, show, prefix);
}

/* --- Episode page -------------------------------------------------------------- */

static void add_chapters(xmlNodePtr main, const struct aloud_timeline *t, const char *lang,
                         const char *outer)
{
    if (!t || t->n_chapters < 2)
        return;
    xmlNodePtr nav = page_add(main, "nav", NULL);
    page_attr(nav, "class", "chapters");
    page_attr(nav, "aria-labelledby", "chapters-heading");
    xmlNodePtr h = page_add(nav, "h2", "Chapters");
    page_attr(h, "id", "chapters-heading");
    xmlNodePtr ol = page_add(nav, "ol", NULL);
    mark_lang(ol, lang, outer);
    for (size_t i = 0; i < t->n_chapters; i++) {
        const struct aloud_span *c = &t->chapters[i];
        double s = (double)c->start / t->sample_rate;
        char seek[32], clock[32];
        snprintf(seek, sizeof seek, "%.2f", s);
        aloud_pages_clock_text(s, clock, sizeof clock);
        xmlNodePtr li = page_add(ol, "li", NULL);
        xmlNodePtr a = page_add(li, "a", c->text);
        char *href = aloud_xasprintf("#t=%s", seek);
        page_attr(a, "href", href);
        free(href);
        page_attr(a, "data-seek", seek);
        xmlNodeAddContent(li, BAD_CAST " ");
        xmlNodePtr span = page_add(li, "span", clock);
        page_attr(span, "class", "duration");
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

/* Sentences of at most this many characters never need to wrap, so they
 * are set as inline blocks with a minimum width (a 24 px target for "I."). */
#define SHORT_SENTENCE_CHARS 6

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void add_transcript(xmlNodePtr main, const struct aloud_timeline *t, const char *vtt,
                           const char *lang, const char *outer)
{
    xmlNodePtr sec = page_add(main, "section", NULL);
    page_attr(sec, "class", "transcript");
    page_attr(sec, "aria-labelledby", "transcript-heading");
    xmlNodePtr h = page_add(sec, "h2", "Transcript");
    page_attr(h, "id", "transcript-heading");
    if (vtt) {
        xmlNodePtr p = page_add(sec, "p", NULL);
        xmlNodePtr a = page_add(p, "a", "Download the transcript (WebVTT)");
        page_attr(a, "href", vtt);
        page_attr(a, "class", "download");
    }
    if (!t)
        return;
    xmlNodePtr sentences = page_add(sec, "div", NULL);
    page_attr(sentences, "class", "sentences");
    mark_lang(sentences, lang, outer);
    xmlNodePtr block = NULL;
    size_t block_seg = (size_t)-1;
    for (size_t i = 0; i < t->n_sentences; i++) {
        const struct aloud_span *s = &t->sentences[i];
        if (!block || s->segment != block_seg) {
            /* Segment 0 is the title, spoken in the introduction. */
            int heading = s->segment > 0 && is_heading_segment(t, s->segment);
            block = page_add(sentences, heading ? "h3" : "p", NULL);
            block_seg = s->segment;
        } else {
            xmlNodeAddContent(block, BAD_CAST " ");
        }
        char start[32], end[32];
        snprintf(start, sizeof start, "%.2f", (double)s->start / t->sample_rate);
        snprintf(end, sizeof end, "%.2f", (double)s->end / t->sample_rate);
        xmlNodePtr a = page_add(block, "a", s->text);
        char *href = aloud_xasprintf("#t=%s", start);
        page_attr(a, "href", href);
        free(href);
        if (utf8_chars(s->text) <= SHORT_SENTENCE_CHARS)
            page_attr(a, "class", "short");
        /* Each sentence takes its direction from its own letters: the
         * announcements ("11 February 2026", "Quote.") of a right-to-left
         * article stay in order, and so does a quote in Arabic in an
         * English one. */
        page_attr(a, "dir", "auto");
        page_attr(a, "data-seek", start);
        page_attr(a, "data-start", start);
        page_attr(a, "data-end", end);
    }
}

/* Code to copy, in a <pre>, with a button that copies it (shown when the
 * script can). */
static void add_code(xmlNodePtr parent, const char *id, const char *code, const char *button)
{
    page_attr(page_add(page_add(parent, "pre", NULL), "code", code), "id", id);
    xmlNodePtr b = page_add(parent, "button", button);
    page_attr(b, "type", "button");
    page_attr(b, "data-copy", id);
    page_attr(b, "hidden", "hidden");
}

/* The oEmbed discovery link in the head, and the code that embeds the
 * player (embed.h) at the end of main. */
static void add_embed(xmlDocPtr doc, xmlNodePtr main, const struct aloud_page_episode *ep)
{
    if (ep->oembed_url) {
        xmlNodePtr link = page_add(xmlDocGetRootElement(doc)->children, "link", NULL);
        page_attr(link, "rel", "alternate");
        page_attr(link, "type", "application/json+oembed");
        page_attr(link, "href", ep->oembed_url);
    }
    if (!ep->embed_code)
        return;
    xmlNodePtr sec = page_add(main, "section", NULL);
    page_attr(sec, "class", "embed");
    page_attr(sec, "aria-labelledby", "embed-heading");
    page_attr(page_add(sec, "h2", "Embed the player"), "id", "embed-heading");
    page_add(sec, "p", "To put this episode's player on your own page, paste this code there:");
    add_code(sec, "embed-code", ep->embed_code, "Copy the embed code");
    if (ep->embed_script) {
        page_add(sec, "p", "To let the player set its own height, add this once to the same page:");
        add_code(sec, "embed-script", ep->embed_script, "Copy the script");
    }
    xmlNodePtr said = page_add(sec, "p", NULL);
    page_attr(said, "id", "copied");
    page_attr(said, "role", "status");
}

int aloud_pages_write_episode(const char *path, const struct aloud_page_show *show,
                              const struct aloud_page_episode *ep, char **err)
{
    const char *lang = page_lang(show->language);
    const char *ep_lang = ep->language ? ep->language : show->language;
    char *label = aloud_xasprintf("Audio version of: %s", ep->title);
    char *title = aloud_xasprintf("%s – %s", label, show->title);
    xmlNodePtr body;
    xmlDocPtr doc = new_page(lang, title, &body);
    add_show_header(body, show, 0, lang);

    xmlNodePtr main = page_add(body, "main", NULL);
    page_attr(main, "id", "content");
    xmlNodePtr h1 = page_add(main, "h1", "Audio version of: ");
    add_text_in(h1, ep->title, ep_lang, lang);
    xmlNodePtr meta = page_add(main, "p", NULL);
    page_attr(meta, "class", "meta");
    if (ep->author) {
        xmlNodeAddContent(meta, BAD_CAST "By ");
        add_text_in(meta, ep->author, ep_lang, lang);
        if (ep->date)
            xmlNodeAddContent(meta, BAD_CAST ", ");
    }
    add_time(meta, ep->date);
    char *minutes = duration_words(ep->duration_s);
    xmlNodeAddContent(meta, BAD_CAST(ep->author || ep->date ? ". " : ""));
    xmlNodeAddContent(meta, BAD_CAST minutes);
    free(minutes);
    if (ep->description)
        mark_lang(page_add(main, "p", ep->description), ep_lang, lang);
    if (ep->article_url) {
        xmlNodePtr p = page_add(main, "p", NULL);
        xmlNodePtr a = page_add(p, "a", "Read the written article");
        page_attr(a, "href", ep->article_url);
    }

    xmlNodePtr player = page_add(main, "section", NULL);
    page_attr(player, "aria-labelledby", "player-heading");
    xmlNodePtr ph = page_add(player, "h2", "Listen");
    page_attr(ph, "id", "player-heading");
    xmlNodePtr audio = page_add(player, "audio", NULL);
    page_attr(audio, "id", "player");
    page_attr(audio, "controls", "controls");
    page_attr(audio, "preload", "metadata");
    page_attr(audio, "aria-label", label);
    xmlNodePtr src = page_add(audio, "source", NULL);
    page_attr(src, "src", ep->mp3_href);
    page_attr(src, "type", "audio/mpeg");
    if (ep->vtt_href) {
        xmlNodePtr track = page_add(audio, "track", NULL);
        page_attr(track, "kind", "captions");
        page_attr(track, "src", ep->vtt_href);
        page_attr(track, "srclang", ep_lang ? ep_lang : "en");
        page_attr(track, "label", "Transcript");
    }
    xmlNodePtr fallback = page_add(audio, "a", "Download the episode (MP3)");
    page_attr(fallback, "href", ep->mp3_href);
    xmlNodePtr dl = page_add(player, "p", NULL);
    xmlNodePtr dla = page_add(dl, "a", "Download the episode (MP3)");
    page_attr(dla, "href", ep->mp3_href);
    add_book_links(player, ep, "");

    /* Speed buttons need the script; hidden until it runs. */
    xmlNodePtr speeds = page_add(player, "div", NULL);
    page_attr(speeds, "id", "speeds");
    page_attr(speeds, "class", "speeds");
    page_attr(speeds, "role", "group");
    page_attr(speeds, "aria-label", "Playback speed");
    page_attr(speeds, "hidden", "hidden");
    static const char *const rates[] = {"0.75", "1", "1.25", "1.5", "1.75", "2"};
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        char *text = aloud_xasprintf("%s×", rates[i]);
        xmlNodePtr b = page_add(speeds, "button", text);
        free(text);
        page_attr(b, "type", "button");
        page_attr(b, "data-rate", rates[i]);
        page_attr(b, "aria-pressed", strcmp(rates[i], "1") == 0 ? "true" : "false");
    }

    add_chapters(main, ep->timeline, ep_lang, lang);
    add_transcript(main, ep->timeline, ep->vtt_href, ep_lang, lang);
    add_embed(doc, main, ep);
    add_footer(body, show, "");
    page_add(body, "script", page_js);

    int rc = page_doc_save(doc, path, 1, err);
    xmlFreeDoc(doc);
    free(title);
    free(label);
    return rc;
}

/* --- Index ------------------------------------------------------------------- */

/* The href of index page `to` (1-based) from index page `from`: page 1 is
 * out/index.html, page k out/page/k.html. Caller frees. */
static char *index_href(size_t from, size_t to)
{
    if (to == 1)
        return aloud_xstrdup(from == 1 ? "index.html" : "../index.html");
    return from == 1 ? aloud_xasprintf("page/%zu.html", to) : aloud_xasprintf("%zu.html", to);
}

/* A link in the pagination: "Page N" for screen readers, N on screen. */
static void add_page_link(xmlNodePtr ul, size_t from, size_t to, const char *text, const char *rel)
{
    xmlNodePtr li = page_add(ul, "li", NULL);
    xmlNodePtr a = page_add(li, "a", NULL);
    char *href = index_href(from, to);
    page_attr(a, "href", href);
    free(href);
    if (rel) {
        page_attr(a, "rel", rel);
        xmlNodeAddContent(a, BAD_CAST text);
        return;
    }
    xmlNodePtr hidden = page_add(a, "span", "Page ");
    page_attr(hidden, "class", "visually-hidden");
    xmlNodeAddContent(a, BAD_CAST text);
    if (to == from)
        page_attr(a, "aria-current", "page");
}

static void add_pagination(xmlNodePtr parent, size_t page, size_t pages)
{
    xmlNodePtr nav = page_add(parent, "nav", NULL);
    page_attr(nav, "class", "pages");
    page_attr(nav, "aria-label", "Pages of episodes");
    xmlNodePtr ul = page_add(nav, "ul", NULL);
    if (page > 1)
        add_page_link(ul, page, page - 1, "Newer episodes", "prev");
    for (size_t k = 1; k <= pages; k++) {
        char num[32];
        snprintf(num, sizeof num, "%zu", k);
        add_page_link(ul, page, k, num, NULL);
    }
    if (page < pages)
        add_page_link(ul, page, page + 1, "Older episodes", "next");
}

/* Writes index page `page` of `pages` with episodes[first, first + count). */
static int write_index_page(const char *path, const struct aloud_page_show *show,
                            const struct aloud_page_episode *episodes, size_t first, size_t count,
                            size_t page, size_t pages, char **err)
{
    const char *lang = page_lang(show->language);
    const char *prefix = page > 1 ? "../" : "";
    char *title = page > 1 ? aloud_xasprintf("Episodes %zu to %zu, page %zu of %zu – %s", first + 1,
                                             first + count, page, pages, show->title)
                           : aloud_xstrdup(show->title);
    xmlNodePtr body;
    xmlDocPtr doc = new_page(lang, title, &body);
    add_show_header(body, show, 1, lang);
    xmlNodePtr main = page_add(body, "main", NULL);
    page_attr(main, "id", "content");
    mark_lang(page_add(main, "h1", show->title), show->language, lang);
    if (show->artwork_src && page == 1) {
        xmlNodePtr img = page_add(main, "img", NULL);
        page_attr(img, "src", show->artwork_src);
        page_attr(img, "alt", "");
        page_attr(img, "width", "200");
        page_attr(img, "height", "200");
    }
    if (show->description)
        mark_lang(page_add(main, "p", show->description), show->language, lang);

    xmlNodePtr sub = page_add(main, "section", NULL);
    page_attr(sub, "aria-labelledby", "subscribe-heading");
    xmlNodePtr sh = page_add(sub, "h2", "Subscribe");
    page_attr(sh, "id", "subscribe-heading");
    page_add(sub, "p", "Add this feed to your podcast app to get every new episode:");
    add_feed_link(page_add(sub, "p", NULL), show, prefix);

    xmlNodePtr eps = page_add(main, "section", NULL);
    page_attr(eps, "aria-labelledby", "episodes-heading");
    xmlNodePtr eh = page_add(eps, "h2", "Episodes");
    page_attr(eh, "id", "episodes-heading");
    if (count == 0)
        page_add(eps, "p", "No episodes yet.");
    if (pages > 1) {
        char *which = aloud_xasprintf("Page %zu of %zu: episodes %zu to %zu, newest first.", page,
                                      pages, first + 1, first + count);
        page_add(eps, "p", which);
        free(which);
    }
    xmlNodePtr ol = count ? page_add(eps, "ol", NULL) : NULL;
    if (ol) {
        page_attr(ol, "class", "episodes");
        if (first > 0) {
            char start[32];
            snprintf(start, sizeof start, "%zu", first + 1);
            page_attr(ol, "start", start);
        }
    }
    for (size_t i = first; i < first + count; i++) {
        const struct aloud_page_episode *ep = &episodes[i];
        const char *ep_lang = ep->language ? ep->language : show->language;
        xmlNodePtr li = page_add(ol, "li", NULL);
        xmlNodePtr h = page_add(li, "h3", NULL);
        xmlNodePtr a = page_add(h, "a", ep->title);
        char *href = from_page(prefix, ep->page_href);
        page_attr(a, "href", href);
        free(href);
        mark_lang(a, ep_lang, lang);
        xmlNodePtr meta = page_add(li, "p", NULL);
        page_attr(meta, "class", "meta");
        if (ep->author) {
            xmlNodeAddContent(meta, BAD_CAST "By ");
            add_text_in(meta, ep->author, ep_lang, lang);
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
            mark_lang(page_add(li, "p", ep->description), ep_lang, lang);
        add_book_links(li, ep, prefix);
    }
    if (pages > 1)
        add_pagination(eps, page, pages);
    add_footer(body, show, prefix);
    int rc = page_doc_save(doc, path, 1, err);
    xmlFreeDoc(doc);
    free(title);
    return rc;
}

int aloud_pages_write_index(const char *out_dir, const struct aloud_page_show *show,
                            const struct aloud_page_episode *episodes, size_t n, size_t per_page,
                            char **err)
{
    if (per_page == 0)
        per_page = ALOUD_PAGES_PER_INDEX_PAGE;
    size_t pages = n ? (n + per_page - 1) / per_page : 1;
    char *dir = aloud_xasprintf("%s/page", out_dir);
    int rc = pages > 1 ? aloud_make_dir(dir, err) : 0;
    for (size_t k = 1; k <= pages && rc == 0; k++) {
        size_t first = (k - 1) * per_page;
        size_t count = n - first < per_page ? n - first : per_page;
        char *path = k == 1 ? aloud_xasprintf("%s/index.html", out_dir)
                            : aloud_xasprintf("%s/%zu.html", dir, k);
        rc = write_index_page(path, show, episodes, first, count, k, pages, err);
        free(path);
    }
    /* Pages of a longer list before: they are written in order, so the
     * first one missing ends them. */
    for (size_t k = pages + 1; rc == 0; k++) {
        char *path = aloud_xasprintf("%s/%zu.html", dir, k);
        int gone = unlink(path) != 0 && errno == ENOENT;
        free(path);
        if (gone)
            break;
    }
    if (rc == 0 && pages == 1)
        rmdir(dir); /* only if empty: other files there are not ours */
    free(dir);
    return rc;
}
