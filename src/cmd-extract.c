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
    fprintf(fp, "usage: aloud extract [--type html|md] [--format text|json] FILE\n"
                "       aloud extract [--type html|md] [--format text|json] -d DIR FILE...\n\n"
                "Prints the article FILE holds: its body, one block per line\n"
                "(--format text, the default), or its metadata and blocks with\n"
                "their kinds (--format json). FILE '-' reads standard input and\n"
                "needs --type. With --output-dir DIR, each FILE's article goes to\n"
                "DIR/NAME.txt (or .json), NAME being the file's name without its\n"
                "extension; files that fail are reported and the others done.\n");
}

/* Extracts path and writes the article to fp. Returns an exit status. */
static int extract_one(const char *path, enum aloud_source_type type, int json, FILE *fp,
                       const char *out_path)
{
    struct aloud_article *article = NULL;
    char *err = NULL;
    int rc = aloud_source_load(path, type, &article, &err);
    if (rc) {
        cli_error("%s", err);
        free(err);
        return cli_status(rc);
    }
    char *out = json ? aloud_article_to_json(article) : aloud_article_to_text(article);
    aloud_article_free(article);
    if (json) {
        char *line = aloud_xasprintf("%s\n", out);
        free(out);
        out = line;
    }
    int status = ALOUD_EXIT_OK;
    if (out_path) {
        rc = aloud_file_write_atomic(out_path, out, strlen(out), &err);
        if (rc) {
            cli_error("%s", err);
            free(err);
            status = ALOUD_EXIT_INPUT;
        }
    } else if (fputs(out, fp) < 0 || fflush(fp) != 0) {
        cli_error("extract: cannot write the output");
        status = ALOUD_EXIT_INPUT;
    }
    free(out);
    return status;
}

int cmd_extract(int argc, char **argv)
{
    static const struct option options[] = {
        {"type", required_argument, NULL, 't'},
        {"format", required_argument, NULL, 'f'},
        {"output-dir", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    enum aloud_source_type type = ALOUD_SOURCE_AUTO;
    int json = 0;
    const char *out_dir = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "t:f:d:h", options, NULL)) != -1) {
        switch (c) {
        case 't':
            if (cli_parse_type("extract", optarg, &type))
                return ALOUD_EXIT_USAGE;
            break;
        case 'f':
            if (cli_parse_format("extract", optarg, &json))
                return ALOUD_EXIT_USAGE;
            break;
        case 'd':
            out_dir = optarg;
            break;
        case 'h':
            usage(stdout);
            return ALOUD_EXIT_OK;
        default:
            usage(stderr);
            return ALOUD_EXIT_USAGE;
        }
    }
    if (optind >= argc || (!out_dir && optind != argc - 1)) {
        usage(stderr);
        return ALOUD_EXIT_USAGE;
    }
    for (int i = optind; i < argc; i++) {
        if (cli_check_input("extract", argv[i], type))
            return ALOUD_EXIT_USAGE;
        if (strcmp(argv[i], "-") == 0 && out_dir) {
            cli_error("extract: standard input cannot go to --output-dir");
            return ALOUD_EXIT_USAGE;
        }
    }
    if (!out_dir)
        return extract_one(argv[optind], type, json, stdout, NULL);
    int status = ALOUD_EXIT_OK;
    for (int i = optind; i < argc; i++) {
        const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
        char *stem = aloud_xstrdup(base);
        char *dot = strrchr(stem, '.');
        if (dot && dot != stem)
            *dot = '\0';
        char *out_path = aloud_xasprintf("%s/%s.%s", out_dir, stem, json ? "json" : "txt");
        int rc = extract_one(argv[i], type, json, NULL, out_path);
        if (rc > status)
            status = rc;
        free(out_path);
        free(stem);
    }
    return status;
}
