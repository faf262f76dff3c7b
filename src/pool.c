/* The worker pool (pool.h): fork, a pipe for reports ("INDEX A B\n", one
 * write each, shorter than PIPE_BUF so reports never interleave), wait. */
#include "aloud/pool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aloud/util.h"

enum item_state { WAITING, RUNNING, REPORTED, DONE };

struct aloud_pool {
    aloud_pool_fn fn;
    void *ctx;
    size_t jobs;
    size_t n_items;
    size_t next;    /* the next item to hand out */
    size_t running; /* workers alive */
    pid_t *pid;     /* per item: its worker while it runs, else 0 */
    enum item_state *state;
    size_t (*report)[2];
    int fds[2];     /* the report pipe; fds[0] does not block */
    char line[256]; /* a report read in part */
    size_t line_len;
};

static void fill(struct aloud_pool *p)
{
    while (p->running < p->jobs && p->next < p->n_items) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            close(p->fds[0]);
            size_t report[2] = {0, 0};
            int rc = p->fn(p->ctx, p->next, report);
            if (rc == 0) {
                char line[80];
                int n = snprintf(line, sizeof line, "%zu %zu %zu\n", p->next, report[0],
                                 report[1]);
                if (write(p->fds[1], line, (size_t)n) != n)
                    rc = 1;
            }
            _exit(rc ? 1 : 0);
        }
        if (pid < 0)
            return; /* the caller does what is left */
        p->state[p->next] = RUNNING;
        p->pid[p->next++] = pid;
        p->running++;
    }
}

/* Takes in the reports the pipe holds. */
static void read_reports(struct aloud_pool *p)
{
    for (;;) {
        ssize_t got = read(p->fds[0], p->line + p->line_len, sizeof p->line - 1 - p->line_len);
        if (got <= 0)
            return;
        p->line_len += (size_t)got;
        p->line[p->line_len] = '\0';
        char *nl;
        while ((nl = strchr(p->line, '\n'))) {
            size_t index, a, b;
            if (sscanf(p->line, "%zu %zu %zu", &index, &a, &b) == 3 && index < p->n_items) {
                p->report[index][0] = a;
                p->report[index][1] = b;
                p->state[index] = REPORTED;
            }
            size_t used = (size_t)(nl + 1 - p->line);
            memmove(p->line, nl + 1, p->line_len - used + 1);
            p->line_len -= used;
        }
        if (p->line_len == sizeof p->line - 1)
            p->line_len = 0; /* not a report: dropped */
    }
}

/* Waits for a worker to end, takes in its report and starts the next. */
static void reap(struct aloud_pool *p)
{
    int status;
    pid_t pid = wait(&status);
    if (pid < 0) {
        /* None left to wait for: whatever ran is over. */
        for (size_t i = 0; i < p->n_items; i++)
            p->pid[i] = 0;
        p->running = 0;
        read_reports(p);
        return;
    }
    read_reports(p);
    for (size_t i = 0; i < p->next; i++)
        if (p->pid[i] == pid) {
            p->pid[i] = 0;
            p->running--;
            /* A report counts only from a worker that exited well. */
            int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
            if (p->state[i] != REPORTED || !ok)
                p->state[i] = DONE;
        }
    fill(p);
}

int aloud_pool_open(size_t jobs, size_t n_items, aloud_pool_fn fn, void *ctx,
                    struct aloud_pool **out)
{
    *out = NULL;
    struct aloud_pool *p = aloud_xcalloc(1, sizeof *p);
    if (pipe(p->fds) != 0) {
        int e = errno;
        free(p);
        return -e;
    }
    fcntl(p->fds[0], F_SETFL, fcntl(p->fds[0], F_GETFL) | O_NONBLOCK);
    fcntl(p->fds[0], F_SETFD, FD_CLOEXEC);
    p->fn = fn;
    p->ctx = ctx;
    p->jobs = jobs ? jobs : 1;
    p->n_items = n_items;
    p->pid = aloud_xcalloc(n_items + 1, sizeof *p->pid);
    p->state = aloud_xcalloc(n_items + 1, sizeof *p->state);
    p->report = aloud_xcalloc(n_items + 1, sizeof *p->report);
    fill(p);
    *out = p;
    return 0;
}

int aloud_pool_wait_for(struct aloud_pool *p, size_t i, size_t report[2])
{
    if (!p || i >= p->n_items)
        return 0;
    /* An item not started yet starts when a running one ends. */
    while (p->pid[i] > 0 || (p->state[i] == WAITING && p->running > 0))
        reap(p);
    if (p->state[i] != REPORTED)
        return 0;
    report[0] = p->report[i][0];
    report[1] = p->report[i][1];
    return 1;
}

void aloud_pool_close(struct aloud_pool *p)
{
    if (!p)
        return;
    while (p->running > 0)
        reap(p);
    read_reports(p);
    close(p->fds[0]);
    close(p->fds[1]);
    free(p->pid);
    free(p->state);
    free(p->report);
    free(p);
}
