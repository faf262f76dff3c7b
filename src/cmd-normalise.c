/* aloud normalise: written text in, the words aloud hands to eSpeak NG
 * out, one line at a time; for trying the rules of a language
 * (docs/normalisation.md). */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/normalise.h"
#include "aloud/util.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp, "usage: aloud normalise [--lang TAG] [-C SITE] [--voices DIR] [FILE|-]\n\n"
                "Reads lines of written text (FILE, or standard input) and prints each\n"
                "as it will be said: numbers, dates, times, amounts, abbreviations and\n"
                "symbols in words. --lang is a language tag (default en-GB); the rules\n"
                "are in DIR/normalise/ (the voices directory, as for 'aloud script';\n"
                "with -C, the site's own SITE/voices/ when it has rules).\n");
}

int cmd_normalise(int argc, char **argv)
{
    static const struct option options[] = {
        {"lang", required_argument, NULL, 'l'},
        {"voices", required_argument, NULL, 'V'},
        {"directory", required_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *lang = "en-GB";
    const char *voices_opt = NULL;
    char *site_voices = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "l:C:h", options, NULL)) != -1) {
        switch (c) {
        case 'C':
            /* A site's own voices (as aloud build), when they carry rules. */
            free(site_voices);
            site_voices = aloud_xasprintf("%s/voices", optarg);
            break;
        case 'l':
            lang = optarg;
            break;
        case 'V':
            voices_opt = optarg;
            break;
        case 'h':
            free(site_voices);
            usage(stdout);
            return ALOUD_EXIT_OK;
        default:
            free(site_voices);
            usage(stderr);
            return ALOUD_EXIT_USAGE;
        }
    }
    if (argc - optind > 1) {
        free(site_voices);
        usage(stderr);
        return ALOUD_EXIT_USAGE;
    }
    const char *path = optind < argc ? argv[optind] : "-";
    struct aloud_normaliser *n = NULL;
    char *err = NULL;
    const char *dir =
        voices_opt && !site_voices
            ? voices_opt
            : aloud_normalise_rules_dir(site_voices ? site_voices : cli_voices_dir(NULL));
    int rc = aloud_normaliser_open(dir, lang, &n, &err);
    free(site_voices);
    if (rc != 0) {
        cli_error("%s", err ? err : "cannot load the normalisation rules");
        free(err);
        return ALOUD_EXIT_USAGE;
    }
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!fp) {
        cli_error("normalise: cannot open %s", path);
        aloud_normaliser_free(n);
        return ALOUD_EXIT_INPUT;
    }
    int status = ALOUD_EXIT_OK;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *clean = aloud_utf8_sanitize(line, (size_t)len);
        char *said = aloud_normalise_text(n, clean);
        puts(said);
        free(said);
        free(clean);
    }
    if (ferror(fp)) {
        cli_error("normalise: cannot read %s", path);
        status = ALOUD_EXIT_INPUT;
    }
    if (fflush(stdout) != 0) {
        cli_error("normalise: cannot write the output");
        status = ALOUD_EXIT_INPUT;
    }
    free(line);
    if (fp != stdin)
        fclose(fp);
    aloud_normaliser_free(n);
    return status;
}
