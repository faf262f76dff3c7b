/* aloud say: one article spoken into an MP3 episode or a WAV master. */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

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
                "master. --wav also writes the master beside an MP3. --voice picks a\n"
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

int cmd_say(int argc, char **argv)
{
    static const struct option options[] = {
        {"type", required_argument, NULL, 't'},
        {"voice", required_argument, NULL, 'v'},
        {"voices", required_argument, NULL, 'V'},
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
    enum aloud_source_type type = ALOUD_SOURCE_AUTO;
    const char *voice_name = NULL, *voices_opt = NULL, *out_path = NULL, *wav_opt = NULL;
    const char *podcast = NULL, *cover = NULL, *timeline_path = NULL;
    int stats = 0;
    struct aloud_audio_settings settings;
    aloud_audio_settings_default(&settings);
    int c;
    while ((c = getopt_long(argc, argv, "t:v:o:h", options, NULL)) != -1) {
        switch (c) {
        case 't':
            if (cli_parse_type("say", optarg, &type))
                return ALOUD_EXIT_USAGE;
            break;
        case 'v':
            voice_name = optarg;
            break;
        case 'V':
            voices_opt = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'w':
            wav_opt = optarg;
            break;
        case 'p':
            podcast = optarg;
            break;
        case 'c':
            cover = optarg;
            break;
        case 'b':
        case 'r':
        case 'q': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 0 || v > 100000) {
                cli_error("say: '%s' is not a number for --%s", optarg,
                          c == 'b'   ? "bitrate"
                          : c == 'r' ? "sample-rate"
                                     : "quality");
                return ALOUD_EXIT_USAGE;
            }
            *(c == 'b'   ? &settings.mp3_bitrate_kbps
              : c == 'r' ? &settings.mp3_sample_rate
                         : &settings.mp3_quality) = (int)v;
            break;
        }
        case 'L': {
            char *end;
            double v = strtod(optarg, &end);
            if (*end || end == optarg || v < -70 || v > 0) {
                cli_error("say: --loudness '%s' is not a target in LUFS (-70 to 0)", optarg);
                return ALOUD_EXIT_USAGE;
            }
            settings.target_lufs = v;
            break;
        }
        case 's':
            stats = 1;
            break;
        case 'T':
            timeline_path = optarg;
            break;
        case 'h':
            usage(stdout);
            return ALOUD_EXIT_OK;
        default:
            usage(stderr);
            return ALOUD_EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || !out_path) {
        usage(stderr);
        return ALOUD_EXIT_USAGE;
    }
    const char *mp3_path = NULL, *wav_path = wav_opt;
    if (ends_with(out_path, ".mp3")) {
        mp3_path = out_path;
    } else if (ends_with(out_path, ".wav")) {
        if (wav_opt) {
            cli_error("say: -o %s is already the WAV master; --wav is for MP3 output", out_path);
            return ALOUD_EXIT_USAGE;
        }
        wav_path = out_path;
    } else {
        cli_error("say: -o %s: the output must end in .mp3 or .wav", out_path);
        return ALOUD_EXIT_USAGE;
    }
    if (mp3_path && wav_path && strcmp(mp3_path, wav_path) == 0) {
        cli_error("say: --wav %s would overwrite the MP3", wav_path);
        return ALOUD_EXIT_USAGE;
    }
    const char *path = argv[optind];
    if (strcmp(path, "-") == 0 && type == ALOUD_SOURCE_AUTO) {
        cli_error("say: reading standard input needs --type html or --type md");
        return ALOUD_EXIT_USAGE;
    }
    int status = ALOUD_EXIT_OK;
    struct aloud_article *article = NULL;
    struct aloud_voice *voice = NULL;
    struct aloud_script *script = NULL;
    struct aloud_timeline *timeline = NULL;
    char *authors = NULL;
    char *err = NULL;
    status = cli_load_script(path, type, voices_opt, voice_name, &article, &voice, &script, &err);
    if (status)
        goto out;
    int rc;
    authors = aloud_article_authors(article, voice->announce.and_word);
    struct aloud_episode_tags tags = {
        .title = article->title,
        .author = authors,
        .podcast = podcast,
        .date = article->date,
        .description = article->description,
        .cover_path = cover,
    };
    double rss_before = peak_rss_mb();
    struct aloud_render_stats st = {0};
    struct aloud_render_options ro = {.settings = &settings, .stats = &st};
    rc = aloud_render_episode(script, voice, &ro, &tags, path, wav_path, mp3_path, &timeline, &err);
    if (rc) {
        /* Unknown eSpeak NG voices and bad settings are the user's to fix. */
        status = rc == -EINVAL ? ALOUD_EXIT_USAGE : ALOUD_EXIT_INPUT;
        goto out;
    }
    if (stats)
        print_stats(&st, timeline, rss_before);
    if (timeline_path && (rc = write_timeline(timeline_path, timeline, &err)))
        status = ALOUD_EXIT_INPUT;
out:
    if (err)
        cli_error("%s", err);
    free(err);
    free(authors);
    aloud_timeline_free(timeline);
    aloud_script_free(script);
    aloud_voice_free(voice);
    aloud_article_free(article);
    return status;
}
