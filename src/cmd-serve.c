/* aloud serve: previews DIR/out over HTTP until interrupted. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/serve.h"
#include "aloud/util.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp, "usage: aloud serve [-C DIR] [--port N] [--host ADDR]\n\n"
                "Serves DIR/out (default: ./out) over HTTP for previewing the pages\n"
                "and for podcast apps on a local network, until interrupted.\n"
                "--host defaults to 127.0.0.1 (this machine only); use 0.0.0.0 to\n"
                "serve the local network. --port defaults to 8000; 0 picks a free\n"
                "port. Supports HEAD and byte ranges; never serves files outside out/.\n");
}

int cmd_serve(int argc, char **argv)
{
    static const struct option options[] = {
        {"port", required_argument, NULL, 'p'},
        {"host", required_argument, NULL, 'H'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = ".";
    const char *host = "127.0.0.1";
    unsigned port = 8000;
    int c;
    while ((c = getopt_long(argc, argv, "C:p:h", options, NULL)) != -1) {
        switch (c) {
        case 'C':
            dir = optarg;
            break;
        case 'p': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0 || v > 65535) {
                cli_error("serve: --port '%s' is not a port number (0 to 65535)", optarg);
                return ALOUD_EXIT_USAGE;
            }
            port = (unsigned)v;
            break;
        }
        case 'H':
            host = optarg;
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
    /* Block the stop signals before the server's threads start, so only
     * sigwait below receives them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    char *root = aloud_xasprintf("%s/out", dir);
    struct aloud_server *server = NULL;
    char *err = NULL;
    int rc = aloud_serve_start(root, host, port, &server, &err);
    if (rc) {
        cli_error("serve: %s", err);
        free(err);
        free(root);
        return ALOUD_EXIT_USAGE;
    }
    int v6 = strchr(host, ':') != NULL;
    printf("Serving %s at http://%s%s%s:%u/ (Ctrl-C to stop)\n", root, v6 ? "[" : "", host,
           v6 ? "]" : "", aloud_serve_port(server));
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    aloud_serve_stop(server);
    free(root);
    return ALOUD_EXIT_OK;
}
