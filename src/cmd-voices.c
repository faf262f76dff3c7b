/* aloud voices: the voice profiles aloud has, and the eSpeak NG voices
 * installed on this machine that a profile can name. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/synth.h"
#include "aloud/util.h"
#include "aloud/voice.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp, "usage: aloud voices [--voices DIR] [NAME]\n\n"
                "Lists the voice profiles in DIR (id, language, eSpeak NG voice, name)\n"
                "and the eSpeak NG voices installed here. With NAME (a profile id or\n"
                "a language tag), shows the profile aloud would use for it.\n");
}

static void print_profile(const struct aloud_voice *v, const char *id)
{
    /* Trying the voice tells whether eSpeak NG has it. */
    struct aloud_synth *synth = NULL;
    char *err = NULL;
    int missing = aloud_synth_open(v, &synth, &err) != 0;
    aloud_synth_close(synth);
    free(err);
    printf("  %-8s %-8s %-22s %s%s\n",
           id      ? id
           : v->id ? v->id
                   : "",
           v->language ? v->language : "",
           v->espeak_voice  ? v->espeak_voice
           : v->espeak_file ? v->espeak_file
                            : "",
           v->name ? v->name : "", missing ? "  (eSpeak NG voice not installed)" : "");
}

int cmd_voices(int argc, char **argv)
{
    static const struct option options[] = {
        {"voices", required_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *voices_opt = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 'V':
            voices_opt = optarg;
            break;
        case 'h':
            usage(stdout);
            return ALOUD_EXIT_OK;
        default:
            usage(stderr);
            return ALOUD_EXIT_USAGE;
        }
    }
    if (optind < argc - 1) {
        usage(stderr);
        return ALOUD_EXIT_USAGE;
    }
    const char *dir = cli_voices_dir(voices_opt);
    char *err = NULL;
    int status = ALOUD_EXIT_OK;
    char **ids = NULL;
    struct aloud_synth_voice_info *installed = NULL;
    size_t n_installed = 0;
    if (optind == argc - 1) {
        struct aloud_voice *v = NULL;
        if (aloud_voice_find(dir, argv[optind], &v, &err)) {
            status = ALOUD_EXIT_USAGE;
            goto out;
        }
        printf("  %-8s %-8s %-22s %s\n", "id", "language", "eSpeak NG voice", "name");
        print_profile(v, NULL);
        aloud_voice_free(v);
        goto out;
    }
    int n = aloud_voice_list(dir, &ids, &err);
    if (n < 0) {
        status = ALOUD_EXIT_USAGE;
        goto out;
    }
    printf("Voice profiles in %s:\n", dir);
    printf("  %-8s %-8s %-22s %s\n", "id", "language", "eSpeak NG voice", "name");
    for (int i = 0; i < n; i++) {
        struct aloud_voice *v = NULL;
        if (aloud_voice_find(dir, ids[i], &v, &err)) {
            cli_error("%s", err);
            status = ALOUD_EXIT_USAGE;
            continue;
        }
        print_profile(v, ids[i]);
        aloud_voice_free(v);
    }
    free(err);
    err = NULL;
    if (aloud_synth_voices(&installed, &n_installed, &err)) {
        status = ALOUD_EXIT_INPUT;
        goto out;
    }
    printf("\neSpeak NG voices installed (%zu):\n", n_installed);
    printf("  %-16s %-26s %s\n", "language", "identifier", "name");
    for (size_t i = 0; i < n_installed; i++)
        printf("  %-16s %-26s %s\n", installed[i].language, installed[i].identifier,
               installed[i].name);
    if (fflush(stdout) != 0) {
        aloud_error_set(&err, "voices: cannot write the output");
        status = ALOUD_EXIT_INPUT;
    }
out:
    if (err && status != ALOUD_EXIT_OK)
        cli_error("%s", err);
    free(err);
    aloud_strv_free(ids);
    aloud_synth_voices_free(installed, n_installed);
    return status;
}
