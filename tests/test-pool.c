/* Tests of the worker pool: every item is done once, in a worker, and its
 * report reaches the parent; a worker that fails or dies leaves its item
 * to the parent, and the others go on. */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "aloud/pool.h"
#include "check.h"

static int job(void *ctx, size_t i, size_t report[2])
{
    (void)ctx;
    if (i == 3)
        return 1; /* fails */
    if (i == 5)
        raise(SIGKILL); /* dies */
    report[0] = i * 10;
    report[1] = (size_t)getpid();
    return 0;
}

int main(void)
{
    struct aloud_pool *p = NULL;
    CHECK(aloud_pool_open(3, 8, job, NULL, &p) == 0);
    size_t pids[8] = {0};
    for (size_t i = 0; i < 8; i++) {
        size_t report[2] = {0, 0};
        int done = aloud_pool_wait_for(p, i, report);
        if (i == 3 || i == 5) {
            CHECK(!done);
            continue;
        }
        CHECK(done && report[0] == i * 10);
        CHECK(report[1] != (size_t)getpid()); /* a worker did it */
        pids[i] = report[1];
    }
    CHECK(pids[0] != pids[1]); /* a process per item */
    size_t r[2];
    CHECK(!aloud_pool_wait_for(p, 99, r));
    aloud_pool_close(p);
    aloud_pool_close(NULL);

    /* Waiting out of order, for an item not started yet: it is started as
     * a running worker ends, and still done by a worker. */
    CHECK(aloud_pool_open(1, 8, job, NULL, &p) == 0);
    size_t report[2] = {0, 0};
    CHECK(aloud_pool_wait_for(p, 7, report) && report[0] == 70);
    CHECK(aloud_pool_wait_for(p, 6, report) && report[0] == 60);
    CHECK(aloud_pool_wait_for(p, 0, report) && report[0] == 0);
    aloud_pool_close(p);
    return check_done();
}
