#!/usr/bin/python3
"""The Containerfile built for real and the Kubernetes example's commands run
in the image, without a registry or a cluster; byte for byte against a
plain build on this machine.

No base image can be pulled here (no registry but Debian's packages), so
debootstrap makes Debian 12 (minbase) from Debian's archive and buildah
stores it as docker.io/library/debian:bookworm in a private storage folder;
`buildah bud --isolation chroot --pull=never` then builds the Containerfile
as written, tagged with the image name the manifests use. Checked: the image
runs as uid 10001 and holds no -dev package nor compiler; each pod's command
of examples/kubernetes/aloud-shards.yaml (JOB_COMPLETION_INDEX 0..N-1) and
then aloud-assemble.yaml's run in it on a /data volume, and every published
file equals a plain build's.

It takes 8 to 9 minutes here (debootstrap and apt inside the build download some
300 MB), so it runs only when asked: ALOUD_CONTAINER_TEST=1 meson test -C
build container-build. Otherwise, and without root, buildah or debootstrap,
it exits 77 (skipped). ALOUD_DEBIAN_MIRROR overrides the archive."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import yaml

import sitegen

ALOUD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else shutil.which("aloud")
KUBE = os.path.join(sitegen.EXAMPLES, "kubernetes")
MIRROR = os.environ.get("ALOUD_DEBIAN_MIRROR", "http://deb.debian.org/debian")
USER = "10001:10001"


def skip(why):
    print(f"SKIP: {why}")
    sys.exit(77)


def step(what, argv, **kw):
    t = time.monotonic()
    r = subprocess.run(argv, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise AssertionError(f"{what}: {' '.join(argv)}: exit {r.returncode}\n"
                             f"{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    print(f"{what}: {time.monotonic() - t:.0f} s", flush=True)
    return r.stdout


def pod_command(manifest):
    """The container's command and args of a Job manifest, with its image."""
    for doc in yaml.safe_load_all(open(manifest)):
        if doc and doc.get("kind") == "Job":
            c = doc["spec"]["template"]["spec"]["containers"][0]
            return doc["spec"], c["image"], c.get("command", []) + c.get("args", [])
    raise AssertionError(f"{manifest}: no Job")


def main():
    if os.environ.get("ALOUD_CONTAINER_TEST") != "1":
        skip("builds the image from Debian's archive (8-9 min): set ALOUD_CONTAINER_TEST=1")
    if os.geteuid() != 0:
        skip("buildah --isolation chroot and debootstrap need root here")
    missing = [p for p in ("buildah", "debootstrap") if not shutil.which(p)]
    if missing:
        skip(f"{', '.join(missing)} not found: install Debian's buildah and debootstrap")
    shards_spec, image, shard_argv = pod_command(os.path.join(KUBE, "aloud-shards.yaml"))
    _, assemble_image, assemble_argv = pod_command(os.path.join(KUBE, "aloud-assemble.yaml"))
    assert image == assemble_image, (image, assemble_image)

    # Interrupted (meson's timeout sends SIGTERM): the finally still cleans up.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    tmp = tempfile.mkdtemp(prefix="aloud-container-")
    buildah = ["buildah", "--root", f"{tmp}/storage", "--runroot", f"{tmp}/run"]
    try:
        step("debootstrap bookworm (minbase)",
             ["debootstrap", "--variant=minbase", "bookworm", f"{tmp}/rootfs", MIRROR])
        step("rootfs into a tar", ["tar", "-C", f"{tmp}/rootfs", "-cf", f"{tmp}/base.tar", "."])
        shutil.rmtree(f"{tmp}/rootfs")
        ctr = step("base container", buildah + ["from", "scratch"]).strip()
        step("base layer", buildah + ["add", ctr, f"{tmp}/base.tar", "/"])
        step("base image", buildah + ["commit", "-q", "--rm", ctr,
                                      "docker.io/library/debian:bookworm"])
        os.unlink(f"{tmp}/base.tar")
        step("buildah bud Containerfile", buildah + [
            "bud", "--isolation", "chroot", "--pull=never", "-t", image,
            "-f", os.path.join(sitegen.SOURCE_ROOT, "Containerfile"), sitegen.SOURCE_ROOT])

        config = json.loads(step("inspect", buildah + ["inspect", "--type", "image", image]))
        user = config["OCIv1"]["config"].get("User")
        assert user == USER, f"the image runs as {user!r}, not {USER}"
        size = step("size", buildah + ["images", "--format", "{{.Size}}", image]).strip()
        print(f"image {image}: user {user}, {size}")

        # The site the Jobs mount at /data, owned by the image's user.
        data = f"{tmp}/data"
        sitegen.make_site(f"{data}/site")
        shutil.chown(data, 10001, 10001)
        for top, dirs, files in os.walk(data):
            for name in dirs + files:
                os.chown(os.path.join(top, name), 10001, 10001)
        ctr = step("container", buildah + ["from", "--pull=never", image]).strip()
        run = buildah + ["run", "--isolation", "chroot", "-v", f"{data}:/data"]
        packages = step("packages", run + [ctr, "--", "dpkg-query", "-W", "-f", "${Package}\\n"])
        build_only = [p for p in packages.split() if p.endswith("-dev") or
                      p in ("gcc", "cpp", "meson", "ninja-build", "pkg-config")]
        assert not build_only, f"build packages in the final image: {build_only}"
        t = time.monotonic()
        for k in range(shards_spec["completions"]):
            out = step(f"aloud-shards.yaml, pod {k}",
                       run + ["--env", f"JOB_COMPLETION_INDEX={k}", ctr, "--"] + shard_argv)
            print("  " + out.strip().splitlines()[-1])
        out = step("aloud-assemble.yaml", run + [ctr, "--"] + assemble_argv)
        print("  " + out.strip().splitlines()[-1])
        print(f"{shards_spec['completions']} shards and the assembly in the image: "
              f"{time.monotonic() - t:.1f} s")
        step("container removed", buildah + ["rm", ctr])

        plain = f"{tmp}/plain"
        sitegen.make_site(plain)
        p = sitegen.plain_build(ALOUD, plain)
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        got, expected = sitegen.published(f"{data}/site"), sitegen.published(plain)
        assert len(got) == len(expected), (sorted(got), sorted(expected))
        assert not sitegen.differences(got, expected), sitegen.differences(got, expected)
        print(f"{len(got)} published files, identical to the plain build's")
        return 0
    finally:
        subprocess.run(buildah + ["rm", "--all"], capture_output=True)
        subprocess.run(buildah + ["rmi", "--all", "--force"], capture_output=True)
        # Whatever storage is still mounted under tmp (it is ours) goes first.
        with open("/proc/mounts") as f:
            mounts = [line.split()[1] for line in f if line.split()[1].startswith(tmp + "/")]
        for m in sorted(mounts, reverse=True):
            subprocess.run(["umount", "-l", m], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
