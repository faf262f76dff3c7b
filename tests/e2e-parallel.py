#!/usr/bin/python3
"""The GNU parallel example (examples/parallel/build-on-hosts.sh) run as
written over a generated site with a shared cache, twice: three shards in
three local job slots (HOSTS=:), and three "hosts" that are ssh to
127.0.0.1, .2 and .3, served by an sshd this test starts on a free port with
its own keys. Each time every published file equals a plain single-machine
build's, byte for byte.

Exit 77 (skipped) without GNU parallel; the ssh case is skipped without
Debian's openssh-server, or when not root (sshd, and ssh back to the same
user, need it here)."""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import sitegen

ALOUD = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else shutil.which("aloud")
SCRIPT = os.path.join(sitegen.EXAMPLES, "parallel", "build-on-hosts.sh")
SSHD = "/usr/sbin/sshd"
LOOPBACK_HOSTS = ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
TMP = None      # everything this test writes; main() removes it
SSHD_PROC = []  # the sshd it started; main() ends it however the run ends


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class ParallelExampleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TMP
        # aloud on PATH, as on hosts where it is installed.
        cls.bin = os.path.join(cls.tmp, "bin")
        os.mkdir(cls.bin)
        os.symlink(ALOUD, os.path.join(cls.bin, "aloud"))
        plain = os.path.join(cls.tmp, "plain")
        sitegen.make_site(plain)
        t = time.monotonic()
        p = sitegen.plain_build(ALOUD, plain)
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        print(f"plain build, 12 articles: {time.monotonic() - t:.1f} s", flush=True)
        cls.expected = sitegen.published(plain)

    def run_example(self, name, **settings):
        """Runs the script on a fresh copy of the site; its output."""
        site = os.path.join(self.tmp, name)
        sitegen.make_site(site)
        env = dict(os.environ, SITE=site, CACHE=os.path.join(self.tmp, name + "-cache"),
                   PATH=self.bin + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
                   **settings)
        t = time.monotonic()
        r = subprocess.run(["bash", SCRIPT], capture_output=True, text=True, env=env,
                           stdin=subprocess.DEVNULL, timeout=400, start_new_session=True)
        print(f"{name}: build-on-hosts.sh, 3 shards then assemble: "
              f"{time.monotonic() - t:.1f} s", flush=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        # Each shard once, every article in exactly one shard, then the
        # assembly from the cache.
        shards = re.findall(r"^shard (\d)/3: (\d+) articles rendered", r.stdout, re.M)
        self.assertEqual(sorted(k for k, _ in shards), ["0", "1", "2"], r.stdout)
        self.assertEqual(sum(int(n) for _, n in shards), 12)
        self.assertIn("12 articles: 12 rendered, 0 unchanged, 0 skipped, 0 failed", r.stdout)
        got = sitegen.published(site)
        self.assertEqual(len(got), len(self.expected))
        self.assertEqual(sitegen.differences(got, self.expected), [])

    def test_local_job_slots(self):
        self.run_example("local", HOSTS=":", SHARDS="3", SLOTS="3")

    def test_three_hosts_over_ssh(self):
        if os.geteuid() != 0:
            self.skipTest("sshd on a free port, logging in as this user, needs root here")
        if not os.path.exists(SSHD) or not shutil.which("ssh-keygen"):
            self.skipTest("no sshd: install Debian's openssh-server")
        ssh = os.path.join(self.tmp, "ssh")
        os.mkdir(ssh, 0o700)
        for key in ("host", "user"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                            os.path.join(ssh, key)], check=True)
        shutil.copy(os.path.join(ssh, "user.pub"), os.path.join(ssh, "authorized_keys"))
        port = free_port()
        with open(os.path.join(ssh, "sshd_config"), "w") as f:
            f.write("".join(f"ListenAddress {h}\n" for h in LOOPBACK_HOSTS) + f"""\
Port {port}
HostKey {ssh}/host
AuthorizedKeysFile {ssh}/authorized_keys
PidFile {ssh}/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
SetEnv PATH={self.bin}:/usr/bin:/bin
""")
        # sshd's privilege separation folder, made by its service elsewhere.
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        log = open(os.path.join(ssh, "sshd.log"), "w")
        sshd = subprocess.Popen([SSHD, "-D", "-e", "-f", os.path.join(ssh, "sshd_config")],
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        SSHD_PROC.append(sshd)
        self.addCleanup(stop, sshd)
        end = time.monotonic() + 20
        while True:
            try:
                socket.create_connection((LOOPBACK_HOSTS[-1], port), timeout=1).close()
                break
            except OSError:
                if sshd.poll() is not None or time.monotonic() > end:
                    with open(os.path.join(ssh, "sshd.log")) as f:
                        self.fail(f"sshd did not start: {f.read()}")
                time.sleep(0.1)
        self.run_example("ssh", HOSTS=",".join(LOOPBACK_HOSTS), PARALLEL_SSH=(
            f"ssh -p {port} -i {ssh}/user -o BatchMode=yes -o StrictHostKeyChecking=no "
            "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"))


def main():
    global TMP
    if not shutil.which("parallel"):
        print("SKIP: GNU parallel not found: install Debian's parallel")
        return 77
    # Interrupted (meson's timeout sends SIGTERM): the finally still ends
    # sshd, which runs in a session of its own, and removes TMP.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    TMP = tempfile.mkdtemp(prefix="aloud-parallel-")
    try:
        return 0 if unittest.main(exit=False, verbosity=2).result.wasSuccessful() else 1
    finally:
        for proc in SSHD_PROC:
            stop(proc)
        sitegen.end_processes_in(TMP)  # parallel, ssh sessions, aloud, if interrupted
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
