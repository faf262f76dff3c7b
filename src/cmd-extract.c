/* aloud extract: markup in, the article printed as text or JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/source.h"
#include "aloud/util.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp, "usage: aloud extract [--type html|md] [--format text|json] FILE\n\n"
                "Prints the article FILE holds: its body, one block per line\n"
                "(--format text, the default), or its metadata and blocks with\n"
                "their kinds (--format json). FILE '-' reads standard input and\n"
                "needs --type.\n");
}

int cmd_extract(int argc, char **argv)
{
    static const struct option options[] = {
        {"type", required_argument, NULL, 't'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    enum aloud_source_type type = ALOUD_SOURCE_AUTO;
    int json = 0;
    int c;
    while ((c = getopt_long(argc, argv, "t:f:h", options, NULL)) != -1) {
        switch (c) {
        case 't':
            if (aloud_source_type_parse(optarg, &type)) {
                cli_error("extract: unknown --type '%s' (html or md)", optarg);
                return ALOUD_EXIT_USAGE;
            }
            break;
        case 'f':
            if (strcmp(optarg, "json") == 0)
                json = 1;
            else if (strcmp(optarg, "text") != 0) {
                cli_error("extract: unknown --format '%s' (text or json)", optarg);
                return ALOUD_EXIT_USAGE;
            }
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
    if (strcmp(path, "-") == 0 && type == ALOUD_SOURCE_AUTO) {
        cli_error("extract: reading standard input needs --type html or --type md");
        return ALOUD_EXIT_USAGE;
    }
    struct aloud_article *article = NULL;
    char *err = NULL;
    int rc = aloud_source_load(path, type, &article, &err);
    if (rc) {
        cli_error("%s", err);
        free(err);
        return cli_status(rc);
    }
    char *out = json ? aloud_article_to_json(article) : aloud_article_to_text(article);
    fputs(out, stdout);
    if (json)
        fputc('\n', stdout);
    free(out);
    aloud_article_free(article);
    if (fflush(stdout) != 0) {
        cli_error("extract: cannot write the output");
        return ALOUD_EXIT_INPUT;
    }
    return ALOUD_EXIT_OK;
}
