/* aloud script: markup in, what will be said printed with pause cues. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/prepare.h"
#include "aloud/script.h"
#include "aloud/source.h"
#include "aloud/util.h"
#include "aloud/voice.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp, "usage: aloud script [--type html|md] [--format text|json] [--voice NAME]\n"
                "                    [--voices DIR] FILE\n\n"
                "Prints what will be said for the article in FILE, in order: the\n"
                "introduction (title, author, date), then the body. --format text\n"
                "(the default) prints one segment a line with its pause; --format\n"
                "json gives kind, text and pause in milliseconds per segment.\n"
                "--voice picks a voice profile (default: by the article's language);\n"
                "--voices names the directory of profiles.\n");
}

int cmd_script(int argc, char **argv)
{
    static const struct option options[] = {
        CLI_ARTICLE_OPTIONS,
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct cli_article_opts in = {ALOUD_SOURCE_AUTO, NULL, NULL};
    int json = 0;
    int c;
    while ((c = getopt_long(argc, argv, "t:f:v:h", options, NULL)) != -1) {
        int took = cli_article_option("script", c, optarg, &in);
        if (took < 0)
            return ALOUD_EXIT_USAGE;
        if (took)
            continue;
        switch (c) {
        case 'f':
            if (cli_parse_format("script", optarg, &json))
                return ALOUD_EXIT_USAGE;
            break;
        case 'h':
            usage(stdout);
            return ALOUD_EXIT_OK;
        default:
            usage(stderr);
            return ALOUD_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        usage(stderr);
        return ALOUD_EXIT_USAGE;
    }
    const char *path = argv[optind];
    if (cli_check_input("script", path, in.type))
        return ALOUD_EXIT_USAGE;
    int status = ALOUD_EXIT_OK;
    struct aloud_article *article = NULL;
    struct aloud_prepared prepared = {0};
    char *err = NULL;
    status = cli_load_script(path, &in, &article, &prepared, &err);
    if (status)
        goto out;
    const struct aloud_script *script = prepared.script;
    char *text = json ? aloud_script_to_json(script) : aloud_script_to_text(script);
    fputs(text, stdout);
    free(text);
    if (fflush(stdout) != 0) {
        aloud_error_set(&err, "script: cannot write the output");
        status = ALOUD_EXIT_INPUT;
    }
out:
    if (err)
        cli_error("%s", err);
    free(err);
    aloud_prepared_clear(&prepared);
    aloud_article_free(article);
    return status;
}
