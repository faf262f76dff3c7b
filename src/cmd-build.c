/* aloud build: renders DIR/content into DIR/out. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "aloud/site.h"
#include "aloud/util.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp, "usage: aloud build [-C DIR] [-j N] [--cache DIR] [--watch] [--quiet]\n"
                "       aloud build [-C DIR] --shard K/N --cache DIR\n"
                "       aloud build [-C DIR] --assemble --cache DIR\n\n"
                "Renders every article in DIR/content (default: the current\n"
                "directory) into DIR/out: an MP3 episode, a WAV master, a WebVTT\n"
                "transcript, chapters and a listening page each, the podcast feed\n"
                "(feed.xml) and index.html. Settings: DIR/content/podcast.ini;\n"
                "voice profiles: DIR/voices. Only what changed is rendered again:\n"
                "rendered segments are kept in the cache (default\n"
                "DIR/out/.aloud/cache). An article that fails is reported and its\n"
                "published episode stays in the feed (exit status 1).\n\n"
                "  -j N           render with N worker processes (default: cores)\n"
                "  --cache DIR    the segment cache (may be shared by machines)\n"
                "  --shard K/N    render share K (0..N-1) of the articles into the\n"
                "                 cache only; run N shards, then --assemble\n"
                "  --assemble     write out/ from the cache, rendering what is missing\n"
                "  --watch        build, then build again whenever a file in\n"
                "                 content/ or voices/ changes (Ctrl-C stops)\n"
                "  --quiet        print nothing but errors\n");
}

/* One build, reported as the command does. Returns the exit status. */
static int build_once(const struct aloud_site_options *o)
{
    struct aloud_site_result r;
    char *err = NULL;
    int rc = aloud_site_build(o, &r, &err);
    if (rc < 0) {
        cli_error("%s", err);
        free(err);
        return rc == -EINVAL ? ALOUD_EXIT_USAGE : ALOUD_EXIT_INPUT;
    }
    if (o->log)
        printf("%zu articles: %zu rendered, %zu unchanged, %zu skipped, %zu failed\n", r.articles,
               r.rendered, r.unchanged, r.skipped, r.failed);
    return rc ? ALOUD_EXIT_INPUT : ALOUD_EXIT_OK;
}

/* --watch: inotify on DIR/content and DIR/voices; after a change, waits
 * until 200 ms pass without another (editors save in bursts), then builds.
 * A failed build is reported and watching goes on. */
static int watch(const struct aloud_site_options *o)
{
    int fd = inotify_init1(IN_CLOEXEC);
    if (fd < 0) {
        cli_error("build: --watch: inotify: %s", strerror(errno));
        return ALOUD_EXIT_INPUT;
    }
    const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                          IN_ATTRIB;
    int watched = 0;
    const char *dirs[] = {"content", "voices"};
    for (size_t i = 0; i < 2; i++) {
        char *path = aloud_xasprintf("%s/%s", o->dir, dirs[i]);
        if (inotify_add_watch(fd, path, mask) >= 0)
            watched++;
        free(path);
    }
    if (!watched) {
        cli_error("build: --watch: cannot watch %s/content", o->dir);
        close(fd);
        return ALOUD_EXIT_USAGE;
    }
    build_once(o);
    if (o->log)
        printf("watching %s/content and %s/voices (Ctrl-C stops)\n", o->dir, o->dir);
    fflush(stdout);
    char events[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, -1) < 0 && errno != EINTR)
            break;
        /* Drain this burst: read until 200 ms pass quietly. */
        do {
            if (read(fd, events, sizeof events) < 0 && errno != EAGAIN && errno != EINTR)
                goto out;
        } while (poll(&p, 1, 200) > 0);
        build_once(o);
        fflush(stdout);
    }
out:
    close(fd);
    return ALOUD_EXIT_INPUT;
}

int cmd_build(int argc, char **argv)
{
    static const struct option options[] = {
        {"jobs", required_argument, NULL, 'j'},
        {"cache", required_argument, NULL, 'c'},
        {"shard", required_argument, NULL, 's'},
        {"assemble", no_argument, NULL, 'a'},
        {"watch", no_argument, NULL, 'w'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    struct aloud_site_options o = {.dir = ".", .log = stdout, .jobs = cores > 0 ? (int)cores : 1};
    int assemble = 0, watch_mode = 0;
    int c;
    while ((c = getopt_long(argc, argv, "C:j:qh", options, NULL)) != -1) {
        switch (c) {
        case 'C':
            o.dir = optarg;
            break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 256) {
                cli_error("build: -j '%s' is not a number of jobs (1 to 256)", optarg);
                return ALOUD_EXIT_USAGE;
            }
            o.jobs = (int)n;
            break;
        }
        case 'c':
            o.cache_dir = optarg;
            break;
        case 's': {
            int k, n, used = 0;
            if (sscanf(optarg, "%d/%d%n", &k, &n, &used) != 2 || optarg[used] || n < 1 ||
                k < 0 || k >= n) {
                cli_error("build: --shard '%s' is not K/N with 0 <= K < N", optarg);
                return ALOUD_EXIT_USAGE;
            }
            o.shard_index = k;
            o.shard_count = n;
            break;
        }
        case 'a':
            assemble = 1;
            break;
        case 'w':
            watch_mode = 1;
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
    if ((o.shard_count > 0 || assemble) && !o.cache_dir) {
        cli_error("build: --shard and --assemble need --cache DIR (the cache the shards share)");
        return ALOUD_EXIT_USAGE;
    }
    if (o.shard_count > 0 && assemble) {
        cli_error("build: --shard renders into the cache, --assemble writes out/: not both");
        return ALOUD_EXIT_USAGE;
    }
    if (o.shard_count == 1)
        o.shard_count = 0; /* one shard of one is the whole build */
    o.voices_dir = cli_voices_dir(NULL);
    if (watch_mode) {
        if (o.shard_count > 0) {
            cli_error("build: --watch builds the whole site: not with --shard");
            return ALOUD_EXIT_USAGE;
        }
        return watch(&o);
    }
    struct aloud_site_result r;
    char *err = NULL;
    int rc = aloud_site_build(&o, &r, &err);
    if (rc < 0) {
        cli_error("%s", err);
        free(err);
        return rc == -EINVAL ? ALOUD_EXIT_USAGE : ALOUD_EXIT_INPUT;
    }
    if (o.log && o.shard_count <= 1)
        printf("%zu articles: %zu rendered, %zu unchanged, %zu skipped, %zu failed\n", r.articles,
               r.rendered, r.unchanged, r.skipped, r.failed);
    return rc ? ALOUD_EXIT_INPUT : ALOUD_EXIT_OK;
}
