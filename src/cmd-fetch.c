/* aloud fetch: keeps DIR/content/web/ up to date with a live site. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/fetch.h"
#include "aloud/podcast.h"
#include "aloud/util.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp, "usage: aloud fetch [-C DIR] [--quiet] [URL...]\n\n"
                "Fetches the articles of a live site into DIR/content/web/ (default:\n"
                "the current directory), as [sources] in DIR/content/podcast.ini\n"
                "says: its feeds, sitemaps and URL list, filtered by include and\n"
                "exclude patterns, the newest limit of them. With URLs, fetches\n"
                "just those pages. Unchanged pages are not downloaded again\n"
                "(conditional requests) nor rewritten; robots.txt is honoured.\n"
                "Each page's URL is recorded in DIR/content/web/.sources.json.\n"
                "A page that failed is reported and the others are still fetched\n"
                "(exit status 1). Then run aloud build.\n\n"
                "  -C DIR     the site's directory\n"
                "  --quiet    print nothing but errors\n");
}

int cmd_fetch(int argc, char **argv)
{
    static const struct option options[] = {
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = ".";
    int quiet = 0;
    int c;
    while ((c = getopt_long(argc, argv, "C:qh", options, NULL)) != -1) {
        switch (c) {
        case 'C':
            dir = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return ALOUD_EXIT_OK;
        default:
            usage(stderr);
            return ALOUD_EXIT_USAGE;
        }
    }
    /* "content/podcast.ini" rather than "./content/podcast.ini". */
    char *ini = strcmp(dir, ".") == 0 ? aloud_xstrdup("content/podcast.ini")
                                      : aloud_xasprintf("%s/content/podcast.ini", dir);
    struct aloud_podcast *podcast = NULL;
    char *err = NULL;
    int status = ALOUD_EXIT_OK;
    if (aloud_podcast_load(ini, &podcast, &err) != 0) {
        cli_error("%s", err);
        status = ALOUD_EXIT_USAGE;
        goto out;
    }
    struct aloud_fetch_options o = {
        .dir = dir,
        .settings = &podcast->sources,
        .settings_path = ini,
        .urls = (const char *const *)argv + optind,
        .n_urls = (size_t)(argc - optind),
        .log = quiet ? NULL : stdout,
    };
    struct aloud_fetch_result r;
    int rc = aloud_fetch_run(&o, &r, &err);
    if (rc < 0) {
        cli_error("%s", err);
        status = rc == -EINVAL ? ALOUD_EXIT_USAGE : ALOUD_EXIT_INPUT;
        goto out;
    }
    if (!quiet) {
        printf("%zu pages: %zu new, %zu updated, %zu unchanged, %zu failed", r.pages, r.added,
               r.updated, r.unchanged, r.failed);
        if (r.gone)
            printf(", %zu gone", r.gone);
        if (r.removed)
            printf(", %zu removed", r.removed);
        if (r.skipped)
            printf(", %zu disallowed by robots.txt", r.skipped);
        if (r.listings_failed)
            printf("; %zu feeds or sitemaps failed", r.listings_failed);
        printf("\n");
    }
    status = rc ? ALOUD_EXIT_INPUT : ALOUD_EXIT_OK;
out:
    free(err);
    free(ini);
    aloud_podcast_free(podcast);
    return status;
}
