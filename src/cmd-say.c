/* aloud say: one article spoken into an MP3 episode or a WAV master. */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aloud/book.h"
#include "aloud/podcast.h"
#include "aloud/prepare.h"
#include "aloud/render.h"
#include "aloud/script.h"
#include "aloud/source.h"
#include "aloud/util.h"
#include "aloud/voice.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp, "usage: aloud say [--type html|md] [--voice NAME] [--voices DIR] [--wav PATH]\n"
                "                 [--podcast NAME] [--cover IMAGE] [--bitrate KBPS]\n"
                "                 [--sample-rate HZ] [--quality 0-9] [--loudness LUFS]\n"
                "                 [--timeline JSON] [--stats] FILE -o OUT\n\n"
                "Speaks the article in FILE with eSpeak NG. OUT ending in .mp3 gets the\n"
                "MP3 episode (ID3 tags and chapters); OUT ending in .wav gets the WAV\n"
                "master; OUT ending in .epub an EPUB 3 talking book (Media Overlays), in\n"
                ".daisy.zip a DAISY 2.02 one (docs/talking-books.md).\n"
                "--wav also writes the master beside an MP3. --voice picks a\n"
                "voice profile (default: the article's, or by its language); --voices\n"
                "names the directory of profiles. --podcast sets the album tag, --cover\n"
                "the cover art (JPEG or PNG). The MP3 is CBR 64 kbps at 44100 Hz, LAME\n"
                "quality 3, levelled to -16 LUFS unless --bitrate, --sample-rate,\n"
                "--quality or --loudness say otherwise. --timeline writes when each chapter,\n"
                "sentence and word starts and ends (samples) as JSON. --stats prints\n"
                "CPU seconds per stage.\n");
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static json_object *spans(const struct aloud_span *list, size_t n)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < n; i++) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "start", json_object_new_int64((int64_t)list[i].start));
        json_object_object_add(o, "end", json_object_new_int64((int64_t)list[i].end));
        json_object_object_add(o, "segment", json_object_new_int64((int64_t)list[i].segment));
        json_object_object_add(o, "text", json_object_new_string(list[i].text));
        json_object_array_add(a, o);
    }
    return a;
}

/* The timeline as JSON (times in samples at sample_rate). */
static int write_timeline(const char *path, const struct aloud_timeline *t, char **err)
{
    json_object *root = json_object_new_object();
    json_object_object_add(root, "sample_rate", json_object_new_int64(t->sample_rate));
    json_object_object_add(root, "n_samples", json_object_new_int64((int64_t)t->n_samples));
    if (isfinite(t->loudness_lufs))
        json_object_object_add(root, "loudness_lufs", json_object_new_double(t->loudness_lufs));
    if (isfinite(t->true_peak_dbtp))
        json_object_object_add(root, "true_peak_dbtp", json_object_new_double(t->true_peak_dbtp));
    json_object_object_add(root, "chapters", spans(t->chapters, t->n_chapters));
    json_object_object_add(root, "sentences", spans(t->sentences, t->n_sentences));
    json_object_object_add(root, "words", spans(t->words, t->n_words));
    const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE);
    struct aloud_buf b = {0};
    aloud_buf_puts(&b, text);
    aloud_buf_putc(&b, '\n');
    int rc = aloud_file_write_atomic(path, b.data, b.len, err);
    aloud_buf_free(&b);
    json_object_put(root);
    return rc;
}

/* Peak resident memory of the process so far, in MB. */
static double peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static void print_stats(const struct aloud_render_stats *stats, const struct aloud_timeline *t,
                        double rss_before)
{
    const struct aloud_render_stats st = *stats;
    fprintf(stderr, "audio        %8.2f s\n", st.audio_s);
    fprintf(stderr, "synthesis    %8.3f s CPU  %7.1f x real time\n", st.synth_cpu_s,
            st.synth_cpu_s > 0 ? st.audio_s / st.synth_cpu_s : 0);
    fprintf(stderr, "levelling    %8.3f s CPU  %7.1f x real time\n", st.level_cpu_s,
            st.level_cpu_s > 0 ? st.audio_s / st.level_cpu_s : 0);
    fprintf(stderr, "wav          %8.3f s CPU  %7.1f x real time\n", st.wav_cpu_s,
            st.wav_cpu_s > 0 ? st.audio_s / st.wav_cpu_s : 0);
    fprintf(stderr, "mp3 encoding %8.3f s CPU  %7.1f x real time\n", st.mp3_cpu_s,
            st.mp3_cpu_s > 0 ? st.audio_s / st.mp3_cpu_s : 0);
    if (t)
        fprintf(stderr, "loudness     %8.2f LUFS  true peak %.2f dBTP\n", t->loudness_lufs,
                t->true_peak_dbtp);
    fprintf(stderr, "peak memory  %8.1f MB before rendering, %.1f MB after\n", rss_before,
            peak_rss_mb());
}

/* What the command line asks for. */
struct say_opts {
    struct cli_article_opts in;
    const char *out_path, *wav_opt, *podcast, *cover, *timeline_path;
    int stats;
    struct aloud_audio_settings settings;
};

/* A number option's value into *out. Returns 0, or -1 with the message. */
static int number_option(const char *name, const char *arg, int *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*end || end == arg || v < -1000000 || v > 1000000) {
        cli_error("say: '%s' is not a number for --%s", arg, name);
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* Takes say's own options (not the article ones). Returns 1 when taken,
 * 0 for --help (printed), -1 for a usage error (printed). */
static int say_option(int c, const char *arg, struct say_opts *o)
{
    switch (c) {
    case 'o':
        o->out_path = arg;
        return 1;
    case 'w':
        o->wav_opt = arg;
        return 1;
    case 'p':
        o->podcast = arg;
        return 1;
    case 'c':
        o->cover = arg;
        return 1;
    case 'b':
        return number_option("bitrate", arg, &o->settings.mp3_bitrate_kbps) ? -1 : 1;
    case 'r':
        return number_option("sample-rate", arg, &o->settings.mp3_sample_rate) ? -1 : 1;
    case 'q':
        return number_option("quality", arg, &o->settings.mp3_quality) ? -1 : 1;
    case 'L': {
        char *end;
        o->settings.target_lufs = strtod(arg, &end);
        if (*end || end == arg) {
            cli_error("say: --loudness '%s' is not a target in LUFS", arg);
            return -1;
        }
        return 1;
    }
    case 's':
        o->stats = 1;
        return 1;
    case 'T':
        o->timeline_path = arg;
        return 1;
    case 'h':
        usage(stdout);
        return 0;
    default:
        usage(stderr);
        return -1;
    }
}

/* Parses the command line into o. Returns -1 to go on, else the exit
 * status to end with. */
static int parse(int argc, char **argv, struct say_opts *o)
{
    static const struct option options[] = {
        CLI_ARTICLE_OPTIONS,
        {"output", required_argument, NULL, 'o'},
        {"wav", required_argument, NULL, 'w'},
        {"podcast", required_argument, NULL, 'p'},
        {"cover", required_argument, NULL, 'c'},
        {"bitrate", required_argument, NULL, 'b'},
        {"sample-rate", required_argument, NULL, 'r'},
        {"quality", required_argument, NULL, 'q'},
        {"loudness", required_argument, NULL, 'L'},
        {"stats", no_argument, NULL, 's'},
        {"timeline", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->in.type = ALOUD_SOURCE_AUTO;
    aloud_audio_settings_default(&o->settings);
    int c;
    while ((c = getopt_long(argc, argv, "t:v:o:h", options, NULL)) != -1) {
        int took = cli_article_option("say", c, optarg, &o->in);
        if (!took)
            took = say_option(c, optarg, o);
        if (took <= 0)
            return took ? ALOUD_EXIT_USAGE : ALOUD_EXIT_OK;
    }
    if (optind != argc - 1 || !o->out_path) {
        usage(stderr);
        return ALOUD_EXIT_USAGE;
    }
    char *err = NULL;
    if (aloud_audio_settings_check(&o->settings, &err) != 0) {
        /* The audio stage names podcast.ini's keys; say's options are the
         * same settings. */
        cli_error("say: %s (see --bitrate, --sample-rate, --quality, --loudness)", err);
        free(err);
        return ALOUD_EXIT_USAGE;
    }
    if (cli_check_input("say", argv[optind], o->in.type))
        return ALOUD_EXIT_USAGE;
    return -1;
}

/* The talking book -o asks for, or 0 (aloud_book_writers' format). */
static int book_format(const char *out)
{
    const struct aloud_book_writer *w = aloud_book_writer_for_path(out);
    return w ? (int)w->format : 0;
}

/* The book's identifier: a UUID of the article's URL, else its title. */
static void book_identifier(const struct aloud_article *a, char out[37])
{
    const char *name = a->url ? a->url : a->title ? a->title : "";
    aloud_uuid5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", name, out); /* the URL namespace */
}

/* The talking book at out from the MP3 just rendered at mp3 (removed
 * after). Its date of change: SOURCE_DATE_EPOCH, else the article's file's. */
static int write_book(const struct say_opts *o, const char *path, const char *mp3,
                      const struct aloud_article *a, const struct aloud_episode_tags *tags,
                      const struct aloud_timeline *t, char **err)
{
    char uuid[37];
    book_identifier(a, uuid);
    struct stat st;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    int64_t modified = sde && *sde ? strtoll(sde, NULL, 10)
                       : stat(path, &st) == 0 ? (int64_t)st.st_mtime
                                              : 0;
    struct aloud_book book = {.title = a->title ? a->title : path,
                              .author = tags->author,
                              .publisher = o->podcast,
                              .date = a->date,
                              .language = a->language,
                              .identifier = uuid,
                              .mp3_path = mp3,
                              .cover_path = o->cover,
                              .modified = modified,
                              .timeline = t};
    int rc = aloud_book_writer_for_path(o->out_path)->write(o->out_path, &book, err);
    unlink(mp3);
    return rc;
}

/* The MP3 and WAV paths from -o and --wav. Returns 0, or -1 with the
 * usage error printed. */
static int outputs(const struct say_opts *o, const char **mp3_path, const char **wav_path)
{
    *mp3_path = NULL;
    *wav_path = o->wav_opt;
    if (book_format(o->out_path)) {
        *mp3_path = o->out_path; /* an MP3 beside it first (render_book) */
    } else if (ends_with(o->out_path, ".mp3")) {
        *mp3_path = o->out_path;
    } else if (ends_with(o->out_path, ".wav")) {
        if (o->wav_opt) {
            cli_error("say: -o %s is already the WAV master; --wav is for MP3 output",
                      o->out_path);
            return -1;
        }
        *wav_path = o->out_path;
    } else {
        cli_error("say: -o %s: the output must end in .mp3, .wav, .epub or .daisy.zip",
                  o->out_path);
        return -1;
    }
    if (*mp3_path && *wav_path && strcmp(*mp3_path, *wav_path) == 0) {
        cli_error("say: --wav %s would overwrite the MP3", *wav_path);
        return -1;
    }
    return 0;
}

int cmd_say(int argc, char **argv)
{
    struct say_opts o;
    int status = parse(argc, argv, &o);
    if (status >= 0)
        return status;
    const char *mp3_path, *wav_path;
    if (outputs(&o, &mp3_path, &wav_path))
        return ALOUD_EXIT_USAGE;
    const char *path = argv[optind];
    struct aloud_article *article = NULL;
    struct aloud_prepared prepared = {0};
    struct aloud_timeline *timeline = NULL;
    char *authors = NULL, *err = NULL;
    status = cli_load_script(path, &o.in, &article, &prepared, &err);
    if (status)
        goto out;
    authors = aloud_article_authors(article, prepared.voices.primary->announce.and_word);
    struct aloud_episode_tags tags = {
        .title = article->title,
        .author = authors,
        .podcast = o.podcast,
        .date = article->date,
        .description = article->description,
        .cover_path = o.cover,
    };
    double rss_before = peak_rss_mb();
    struct aloud_render_stats st = {0};
    struct aloud_render_options ro = {.settings = &o.settings, .stats = &st};
    char *book_mp3 = book_format(o.out_path) ? aloud_xasprintf("%s.mp3", o.out_path) : NULL;
    int rc = aloud_render_episode(prepared.script, &prepared.voices, &ro, &tags, path, wav_path,
                                  book_mp3 ? book_mp3 : mp3_path, &timeline, &err);
    if (!rc && book_mp3)
        rc = write_book(&o, path, book_mp3, article, &tags, timeline, &err);
    free(book_mp3);
    if (rc) {
        /* Unknown eSpeak NG voices and bad settings are the user's to fix. */
        status = rc == -EINVAL ? ALOUD_EXIT_USAGE : ALOUD_EXIT_INPUT;
        goto out;
    }
    if (o.stats)
        print_stats(&st, timeline, rss_before);
    if (o.timeline_path && write_timeline(o.timeline_path, timeline, &err))
        status = ALOUD_EXIT_INPUT;
out:
    if (err)
        cli_error("%s", err);
    free(err);
    free(authors);
    aloud_timeline_free(timeline);
    aloud_prepared_clear(&prepared);
    aloud_article_free(article);
    return status;
}
