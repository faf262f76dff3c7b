/* aloud build: renders DIR/content into DIR/out. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "aloud/site.h"
#include "aloud/util.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp, "usage: aloud build [-C DIR] [--quiet]\n\n"
                "Renders every article in DIR/content (default: the current\n"
                "directory) into DIR/out: an MP3 episode, a WAV master, a WebVTT\n"
                "transcript, chapters and a listening page each, the podcast feed\n"
                "(feed.xml) and index.html. Settings: DIR/content/podcast.ini;\n"
                "voice profiles: DIR/voices. Articles whose audio is already in\n"
                "out/ are not rendered again. An article that fails is reported and\n"
                "its published episode stays in the feed (exit status 1).\n");
}

int cmd_build(int argc, char **argv)
{
    static const struct option options[] = {
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct aloud_site_options o = {.dir = ".", .log = stdout};
    int c;
    while ((c = getopt_long(argc, argv, "C:qh", options, NULL)) != -1) {
        switch (c) {
        case 'C':
            o.dir = optarg;
            break;
        case 'q':
            o.log = NULL;
            break;
        case 'h':
            usage(stdout);
            return ALOUD_EXIT_OK;
        default:
            usage(stderr);
            return ALOUD_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return ALOUD_EXIT_USAGE;
    }
    o.voices_dir = cli_voices_dir(NULL);
    struct aloud_site_result r;
    char *err = NULL;
    int rc = aloud_site_build(&o, &r, &err);
    if (rc < 0) {
        cli_error("%s", err);
        free(err);
        return rc == -EINVAL ? ALOUD_EXIT_USAGE : ALOUD_EXIT_INPUT;
    }
    if (o.log)
        printf("%zu articles: %zu rendered, %zu unchanged, %zu failed\n", r.articles, r.rendered,
               r.unchanged, r.failed);
    return rc ? ALOUD_EXIT_INPUT : ALOUD_EXIT_OK;
}
