#!/usr/bin/python3
"""The Slurm example (examples/slurm/) run as written on a one-node cluster
that this test starts and stops itself: munged, slurmctld and slurmd on
localhost, on free ports, with a slurm.conf, keys, state and logs in a
temporary folder.

aloud-shards.sbatch runs as a 3-task job array over a generated site with a
shared cache, aloud-assemble.sbatch waits for it (afterok) and writes out/:
every published file equals a plain single-machine build's, byte for byte.
Then the same again with task 1 cancelled while it renders: the assemble job
waits (DependencyNeverSatisfied), task 1 alone is submitted again as the
example says, the assemble job is pointed at it, and the site comes out
identical once more.

The node declares 6 CPUs (the machine may have 2) so that the three tasks,
2 CPUs each as the sbatch file asks, run at the same time, as on three
nodes. Exit 77 (skipped) where the cluster cannot start: not root, Debian's
slurm-wlm or munge missing, or the daemons refusing."""
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
SBATCH_DIR = os.path.join(sitegen.EXAMPLES, "slurm")
NODE = "aloud-node"
DAEMONS = ["munged", "slurmctld", "slurmd"]
CLIENTS = ["munge", "sbatch", "sinfo", "scontrol", "scancel"]
FINISHED = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
            "BOOT_FAIL", "DEADLINE", "PREEMPTED"}

SLURM_CONF = """\
ClusterName=aloudtest
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
SlurmctldPort={ctld_port}
SlurmdPort={slurmd_port}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={root}/run/munge.sock
StateSaveLocation={root}/state
SlurmdSpoolDir={root}/spool
SlurmctldPidFile={root}/run/slurmctld.pid
SlurmdPidFile={root}/run/slurmd.pid
SlurmctldLogFile={root}/log/slurmctld.log
SlurmdLogFile={root}/log/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
KillWait=5
MinJobAge=600
SlurmdParameters=config_overrides
NodeName={node} NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=6 RealMemory=4096 State=UNKNOWN
PartitionName=test Nodes={node} Default=YES MaxTime=INFINITE State=UP
"""


def skip(why):
    print(f"SKIP: {why}")
    sys.exit(77)


def free_ports(n):
    """n distinct ports free on every address (all held until all are chosen)."""
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


class Cluster:
    """munged, slurmctld and slurmd in self.root; stop() ends them, every job
    process left behind, and removes the folder."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="aloud-slurm-")
        self.procs = []
        # munged wants every folder above its socket searchable by all, and
        # its key readable by its user alone.
        os.chmod(self.root, 0o755)
        for d in ("run", "state", "spool", "log", "munge", "bin", "jobs"):
            os.mkdir(os.path.join(self.root, d))
        os.chmod(os.path.join(self.root, "munge"), 0o700)
        key = os.path.join(self.root, "munge", "munge.key")
        with open(key, "wb") as f:
            f.write(os.urandom(128))
        os.chmod(key, 0o400)
        self.conf = os.path.join(self.root, "slurm.conf")
        ctld_port, slurmd_port = free_ports(2)
        with open(self.conf, "w") as f:
            f.write(SLURM_CONF.format(root=self.root, node=NODE, ctld_port=ctld_port,
                                      slurmd_port=slurmd_port))
        # The jobs see `aloud` on PATH, as on a cluster where it is installed.
        os.symlink(ALOUD, os.path.join(self.root, "bin", "aloud"))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("SLURM_", "SBATCH_", "SQUEUE_", "SINFO_", "SRUN_"))}
        env["SLURM_CONF"] = self.conf
        env["PATH"] = os.path.join(self.root, "bin") + os.pathsep + env.get("PATH", "/usr/bin:/bin")
        self.env = env

    def start(self):
        """Starts the daemons; returns None, or why the cluster did not come up."""
        r = self.root
        self.daemon(["munged", "-F", f"--socket={r}/run/munge.sock",
                     f"--key-file={r}/munge/munge.key", f"--pid-file={r}/run/munged.pid",
                     f"--seed-file={r}/munge/munged.seed", f"--log-file={r}/log/munged.log"],
                    "munged")
        if not self.wait(lambda: subprocess.run(
                ["munge", "-S", f"{r}/run/munge.sock", "-n"], capture_output=True).returncode == 0,
                20):
            return "munged did not answer: " + self.logs()
        self.daemon(["slurmctld", "-D", "-f", self.conf], "slurmctld")
        self.daemon(["slurmd", "-D", "-N", NODE, "-f", self.conf], "slurmd")
        if not self.wait(lambda: self.run("sinfo", "-h", "-n", NODE, "-o", "%T",
                                          check=False).strip() == "idle", 60):
            return "the node did not come up idle in sinfo: " + self.logs()
        return None

    def daemon(self, argv, name):
        out = open(os.path.join(self.root, "log", name + ".out"), "w")
        self.procs.append(subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                                           env=self.env, start_new_session=True))
        out.close()

    def wait(self, ready, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(p.poll() is not None for p in self.procs):
                return False
            if ready():
                return True
            time.sleep(0.2)
        return False

    def logs(self):
        text = []
        for name in sorted(os.listdir(os.path.join(self.root, "log"))):
            with open(os.path.join(self.root, "log", name), errors="replace") as f:
                lines = f.read().splitlines()[-8:]
            text.append(f"--- {name}\n" + "\n".join(lines))
        return "\n".join(text)

    def run(self, *argv, check=True, cwd=None):
        p = subprocess.run(list(argv), capture_output=True, text=True, env=self.env,
                           cwd=cwd or os.path.join(self.root, "jobs"), timeout=60)
        if check and p.returncode != 0:
            raise AssertionError(f"{' '.join(argv)}: {p.returncode}: {p.stderr}")
        return p.stdout

    def sbatch(self, *args, env=None):
        """Submits from root/jobs (where slurm-*.out land); the job id."""
        p = subprocess.run(["sbatch", "--parsable"] + list(args), capture_output=True, text=True,
                           env=env or self.env, cwd=os.path.join(self.root, "jobs"), timeout=60)
        if p.returncode != 0:
            raise AssertionError(f"sbatch {' '.join(args)}: {p.stderr}")
        return p.stdout.strip().split(";")[0]

    def jobs(self, job):
        """{array task id (or None): {field: value}} from scontrol."""
        out = self.run("scontrol", "-o", "show", "job", job, check=False)
        tasks = {}
        for line in out.splitlines():
            fields = dict(re.findall(r"(\w+)=(\S*)", line))
            if "JobState" in fields:
                tasks[fields.get("ArrayTaskId")] = fields
        return tasks

    def wait_job(self, job, timeout=240, until=None):
        """Waits until every task of job has finished (or until(tasks) holds);
        the tasks' fields."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            tasks = self.jobs(job)
            if tasks and (until(tasks) if until else
                          all(t["JobState"] in FINISHED for t in tasks.values())):
                return tasks
            time.sleep(0.3)
        raise AssertionError(f"job {job} still {self.jobs(job)} after {timeout} s\n" + self.logs())

    def output(self, name):
        with open(os.path.join(self.root, "jobs", name), errors="replace") as f:
            return f.read()

    def stop(self):
        """Cancels every job, ends the daemons and whatever the jobs left
        (slurmstepd and job scripts run in root/jobs), removes root."""
        if self.procs and self.procs[-1].poll() is None:
            subprocess.run(["scancel", "--user", "root"], env=self.env,
                           capture_output=True, timeout=60)
            self.wait(lambda: not self.run("squeue", "-h", check=False).strip(), 20)
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        sitegen.end_processes_in(self.root)
        shutil.rmtree(self.root, ignore_errors=True)


CLUSTER = None


class SlurmExampleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # In the cluster's folder, which stop() removes however the run ends.
        cls.tmp = os.path.join(CLUSTER.root, "sites")
        os.mkdir(cls.tmp)
        cls.plain = os.path.join(cls.tmp, "plain")
        sitegen.make_site(cls.plain)
        t = time.monotonic()
        p = sitegen.plain_build(ALOUD, cls.plain)
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        print(f"plain build, 12 articles: {time.monotonic() - t:.1f} s", flush=True)
        cls.expected = sitegen.published(cls.plain)

    def site(self, name):
        """A fresh copy of the generated site, and the environment its jobs get."""
        site = os.path.join(self.tmp, name)
        sitegen.make_site(site)
        env = dict(CLUSTER.env, SITE=site, CACHE=os.path.join(self.tmp, name + "-cache"))
        return site, env

    def assertSameSite(self, site):
        got = sitegen.published(site)
        self.assertEqual(len(got), len(self.expected))
        self.assertEqual(sitegen.differences(got, self.expected), [])

    def test_array_then_assemble(self):
        site, env = self.site("sharded")
        t = time.monotonic()
        shards = CLUSTER.sbatch("--array=0-2", os.path.join(SBATCH_DIR, "aloud-shards.sbatch"),
                                env=env)
        assemble = CLUSTER.sbatch(f"--dependency=afterok:{shards}",
                                  os.path.join(SBATCH_DIR, "aloud-assemble.sbatch"), env=env)
        done = CLUSTER.wait_job(assemble)[None]
        print(f"3-task array and assemble job: {time.monotonic() - t:.1f} s", flush=True)
        tasks = CLUSTER.jobs(shards)
        self.assertEqual(sorted(tasks), ["0", "1", "2"])
        rendered = 0
        for k, t in tasks.items():
            out = CLUSTER.output(f"slurm-{shards}_{k}.out")
            self.assertEqual(t["JobState"], "COMPLETED", out)
            m = re.search(rf"^shard {k}/3: (\d+) articles rendered", out, re.M)
            self.assertTrue(m, out)
            rendered += int(m.group(1))
        self.assertEqual(rendered, 12)  # every article in exactly one task
        out = CLUSTER.output(f"slurm-{assemble}.out")
        self.assertEqual(done["JobState"], "COMPLETED", out)
        self.assertIn("12 articles: 12 rendered, 0 unchanged, 0 skipped, 0 failed", out)
        self.assertSameSite(site)

    def test_cancelled_task_run_again(self):
        site, env = self.site("recovered")
        t = time.monotonic()
        shards = CLUSTER.sbatch("--array=0-2", os.path.join(SBATCH_DIR, "aloud-shards.sbatch"),
                                env=env)
        assemble = CLUSTER.sbatch(f"--dependency=afterok:{shards}",
                                  os.path.join(SBATCH_DIR, "aloud-assemble.sbatch"), env=env)
        # Task 1 is cancelled once its aloud is rendering (a node lost, say).
        mine = f"--shard\0001/3\000--cache\000{env['CACHE']}\000"
        end = time.monotonic() + 120
        while not any(mine in self.cmdline(pid) for pid in sitegen.processes_in(CLUSTER.root)):
            self.assertLess(time.monotonic(), end, "task 1's aloud never started")
            time.sleep(0.05)
        CLUSTER.run("scancel", f"{shards}_1")
        tasks = CLUSTER.wait_job(shards)
        self.assertEqual({k: t["JobState"] for k, t in tasks.items()},
                         {"0": "COMPLETED", "1": "CANCELLED", "2": "COMPLETED"})
        waiting = CLUSTER.wait_job(assemble, 60, until=lambda t: t[None]["Reason"] ==
                                   "DependencyNeverSatisfied")[None]
        self.assertEqual(waiting["JobState"], "PENDING")
        self.assertFalse(os.path.exists(os.path.join(site, "out", "feed.xml")))
        # As the sbatch file says: task 1 alone again, with N, and the
        # assemble job pointed at it.
        redo = CLUSTER.sbatch("--array=1", "--export=ALL,SHARDS=3",
                              os.path.join(SBATCH_DIR, "aloud-shards.sbatch"), env=env)
        CLUSTER.run("scontrol", "update", f"jobid={assemble}", f"dependency=afterok:{redo}")
        done = CLUSTER.wait_job(assemble)[None]
        print(f"array with task 1 cancelled, task 1 again, assemble job: "
              f"{time.monotonic() - t:.1f} s", flush=True)
        out = CLUSTER.output(f"slurm-{redo}_1.out")
        self.assertEqual(CLUSTER.jobs(redo)["1"]["JobState"], "COMPLETED", out)
        self.assertRegex(out, r"^shard 1/3: \d+ articles rendered")
        self.assertEqual(done["JobState"], "COMPLETED", CLUSTER.output(f"slurm-{assemble}.out"))
        self.assertSameSite(site)

    def test_task_outside_the_shards_is_refused(self):
        # Task 1 of an array of one: without SHARDS it would be shard 1 of 1.
        site, env = self.site("refused")
        job = CLUSTER.sbatch("--array=1", os.path.join(SBATCH_DIR, "aloud-shards.sbatch"),
                             env=env)
        task = CLUSTER.wait_job(job)["1"]
        self.assertEqual(task["JobState"], "FAILED")
        self.assertIn("set SHARDS=N", CLUSTER.output(f"slurm-{job}_1.out"))

    @staticmethod
    def cmdline(pid):
        try:
            with open(f"/proc/{pid}/cmdline") as f:
                return f.read()
        except OSError:
            return ""


def main():
    global CLUSTER
    if os.geteuid() != 0:
        skip("a test Slurm cluster needs root (munged and slurmd run as root here)")
    missing = [c for c in DAEMONS + CLIENTS + ["squeue"] if not shutil.which(c)]
    if missing:
        skip(f"{', '.join(missing)} not found: install Debian's slurm-wlm and munge")
    if not ALOUD:
        skip("no aloud binary given")
    # Interrupted (meson's timeout sends SIGTERM): the finally below still
    # stops the daemons and jobs, which run in sessions of their own.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    CLUSTER = Cluster()
    try:
        t = time.monotonic()
        why = CLUSTER.start()
        if why:
            print(f"SKIP: the test cluster did not start: {why}")
            return 77
        print(f"one-node Slurm cluster up in {time.monotonic() - t:.1f} s ({CLUSTER.root})")
        result = unittest.main(exit=False, verbosity=2).result
        return 0 if result.wasSuccessful() else 1
    finally:
        CLUSTER.stop()


if __name__ == "__main__":
    sys.exit(main())
