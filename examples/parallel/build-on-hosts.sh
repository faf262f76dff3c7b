#!/bin/bash
# Render a large site on several machines with GNU parallel, then assemble.
#
# Every host has the site checked out at the same path ($SITE) and mounts the
# same shared cache ($CACHE, e.g. NFS). Shards only write complete files
# under temporary names into the cache, so they can run at the same time.
#
#   HOSTS="render1,render2,render3" SITE=/srv/site CACHE=/mnt/aloud-cache \
#     examples/parallel/build-on-hosts.sh
set -euo pipefail
: "${HOSTS:?comma-separated host names}" "${SITE:?site directory on every host}"
: "${CACHE:?shared cache directory}"
n=$(tr ',' '\n' <<<"$HOSTS" | wc -l)
# One shard per host: the shard numbers 0..n-1 go one to each host.
seq 0 $((n - 1)) | parallel --jobs 1 -S "$HOSTS" --halt now,fail=1 \
  "aloud build -C '$SITE' --shard {}/$n --cache '$CACHE'"
# Then, on this machine: write out/ (feed, pages, episodes) from the cache.
aloud build -C "$SITE" --assemble --cache "$CACHE"
