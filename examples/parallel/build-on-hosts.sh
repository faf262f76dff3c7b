#!/bin/bash
# Render a large site on several machines with GNU parallel, then assemble.
#
# Every host has the site checked out at the same path ($SITE), aloud on its
# PATH, and mounts the same shared cache ($CACHE, e.g. NFS). Shards only
# write complete files under temporary names into the cache, so they can run
# at the same time.
#
#   HOSTS="render1,render2,render3" SITE=/srv/site CACHE=/mnt/aloud-cache \
#     examples/parallel/build-on-hosts.sh
#
# HOSTS are GNU parallel's sshlogins (host, user@host; ':' is this machine;
# ssh options in PARALLEL_SSH). SHARDS is how many shards (default: one per
# host), SLOTS how many run at once on each host (default 1: a shard uses
# all of its host's cores). On one machine:
#
#   HOSTS=: SHARDS=3 SLOTS=3 SITE=... CACHE=... examples/parallel/build-on-hosts.sh
#
# tests/e2e-parallel.py runs both ways: three local slots, and three
# "hosts" that are ssh to loopback addresses.
set -euo pipefail
: "${HOSTS:?comma-separated host names}" "${SITE:?site directory on every host}"
: "${CACHE:?shared cache directory}"
SHARDS=${SHARDS:-$(tr ',' '\n' <<<"$HOSTS" | wc -l)}
SLOTS=${SLOTS:-1}
# The shard numbers 0..SHARDS-1, SLOTS at a time on each host. A failed shard
# stops the others and this script; run it again: what the shards rendered
# is in the cache and is not rendered again.
seq 0 $((SHARDS - 1)) | parallel --jobs "$SLOTS" -S "$HOSTS" --halt now,fail=1 \
  "aloud build -C '$SITE' --shard {}/$SHARDS --cache '$CACHE'"
# Then, on this machine: write out/ (feed, pages, episodes) from the cache.
aloud build -C "$SITE" --assemble --cache "$CACHE"
