/* A pool of worker processes. eSpeak NG keeps its state process-wide, so
 * aloud renders in parallel with processes, not threads: items 0..n-1 are
 * handed out in order to at most `jobs` forked workers at a time. Each
 * worker calls the pool's function for its item, sends back what it
 * reports (two numbers) through a pipe and exits. The parent goes on with
 * its own work and waits for an item only when it needs that item done. */
#ifndef ALOUD_POOL_H
#define ALOUD_POOL_H

#include <stddef.h>

struct aloud_pool;

/* Runs in a worker for item index; fills report and returns 0, or returns
 * non-zero for a failure (the parent then finds no report). */
typedef int (*aloud_pool_fn)(void *ctx, size_t index, size_t report[2]);

/* Starts the first workers. ctx is borrowed (each worker has its own copy
 * of the process). Returns 0 and *out, or -errno when the pipe cannot be
 * made (the caller then does the work itself). */
int aloud_pool_open(size_t jobs, size_t n_items, aloud_pool_fn fn, void *ctx,
                    struct aloud_pool **out);

/* Waits until item i's worker, if it has one, is done, starting others as
 * workers end. Returns 1 with report filled when a worker did the item and
 * reported success; 0 when no worker did (fork failed, it failed or it
 * died), and the caller does it. */
int aloud_pool_wait_for(struct aloud_pool *p, size_t i, size_t report[2]);

/* Waits for every item to be done; frees p. Accepts NULL. */
void aloud_pool_close(struct aloud_pool *p);

#endif
