#!/usr/bin/python3
"""aloud say and aloud voices through the real binary, checked with other
people's tools: the MP3 decoded by mpg123, its tags and chapters read by
mutagen and ffprobe, its loudness measured by ffmpeg's ebur128 filter, the
WAV master read by Python's wave module.

usage: e2e-say.py ALOUD_EXE SOURCE_ROOT
"""
import array
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import wave

import eyed3
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

ALOUD, ROOT = sys.argv[1], sys.argv[2]
ARTICLE = os.path.join(ROOT, "content", "listening-to-the-news.md")
VOICES = os.path.join(ROOT, "voices")
failures = 0
checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print("FAIL:", what)


def aloud(*args, max_file_bytes=None):
    def limit():
        # A file size limit makes writes fail as on a full disk (EFBIG).
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))
    return subprocess.run([ALOUD, *args], capture_output=True, text=True,
                          preexec_fn=limit if max_file_bytes else None)


def article_json():
    r = aloud("extract", "--format", "json", ARTICLE)
    return json.loads(r.stdout)


def script_json():
    r = aloud("script", "--format", "json", "--voices", VOICES, ARTICLE)
    return json.loads(r.stdout)


def decode_mp3(path):
    """Samples mpg123 decodes (gapless: encoder delay and padding removed)."""
    raw = subprocess.run(["mpg123", "-q", "-m", "-s", path], capture_output=True, check=True).stdout
    return array.array("h", raw)


def read_wav(path):
    with wave.open(path) as w:
        return w.getframerate(), w.getnchannels(), w.getsampwidth(), array.array(
            "h", w.readframes(w.getnframes()))


def ebur128(path):
    r = subprocess.run(["ffmpeg", "-nostats", "-hide_banner", "-i", path, "-af",
                        "ebur128=peak=true", "-f", "null", "-"], capture_output=True, text=True)
    summary = r.stderr[r.stderr.rfind("Summary:"):]
    loud = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return loud, peak


def silent_run_after(pcm, at, rate, threshold=16):
    """Length in ms of the quiet run around sample at (where speech ended)."""
    start = at
    while start > 0 and abs(pcm[start - 1]) <= threshold:
        start -= 1
    end = at
    while end < len(pcm) and abs(pcm[end]) <= threshold:
        end += 1
    return (end - start) * 1000.0 / rate


def test_mp3_and_wav(tmp):
    mp3 = os.path.join(tmp, "news.mp3")
    wav = os.path.join(tmp, "news.wav")
    tl_path = os.path.join(tmp, "news.json")
    cover = os.path.join(ROOT, "tests", "data", "audio", "cover.png")
    r = aloud("say", "--voices", VOICES, "--podcast", "aloud tests", "--cover", cover, ARTICLE,
              "-o", mp3, "--wav", wav, "--timeline", tl_path)
    check(r.returncode == 0, "say exits 0: " + r.stderr)
    if r.returncode:
        return
    art = article_json()
    script = script_json()
    tl = json.load(open(tl_path))

    # The master: mono 16-bit at eSpeak NG's rate, as long as the timeline.
    rate, channels, width, pcm = read_wav(wav)
    check(rate == 22050 and channels == 1 and width == 2, "WAV is mono 16-bit 22050 Hz")
    check(len(pcm) == tl["n_samples"], "WAV length is the timeline's")
    wav_s = len(pcm) / rate
    check(wav_s > 30, "the episode lasts more than 30 s (%.1f)" % wav_s)
    probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_format", "-of", "json",
                                       wav], capture_output=True, text=True).stdout)
    tags = {k.lower(): v for k, v in probe["format"].get("tags", {}).items()}
    check(tags.get("title") == art["title"], "WAV title: %r" % tags.get("title"))
    check(tags.get("artist") == "Sam Okafor", "WAV artist: %r" % tags.get("artist"))

    # The episode decodes to the master's duration (gapless, Info frame).
    dec = decode_mp3(mp3)
    mp3_s = len(dec) / 44100
    check(abs(mp3_s - wav_s) <= 0.050, "MP3 %.3f s vs WAV %.3f s" % (mp3_s, wav_s))
    info = MP3(mp3).info
    check(abs(info.length - wav_s) <= 0.050, "players' duration %.3f vs %.3f" % (info.length, wav_s))
    check(info.sample_rate == 44100 and info.channels == 1, "MP3 44.1 kHz mono")
    check(abs(info.bitrate - 64000) < 1000, "MP3 64 kbps (%d)" % info.bitrate)

    # Tags and chapters, read by mutagen.
    id3 = ID3(mp3)
    check(str(id3.get("TIT2")) == art["title"], "TIT2 %r" % str(id3.get("TIT2")))
    check(str(id3.get("TPE1")) == "Sam Okafor", "TPE1")
    check(str(id3.get("TALB")) == "aloud tests", "TALB")
    check(str(id3.get("TDRC")) == "2026-03-14", "TDRC")
    apic = id3.getall("APIC")
    check(len(apic) == 1 and apic[0].mime == "image/png" and apic[0].type == 3 and
          apic[0].data == open(cover, "rb").read(), "the cover art is the front cover")
    want = [s["display"] for s in script if s.get("chapter")]
    check(want[0] == art["title"], "the first chapter is the title")
    ctoc = id3.getall("CTOC")
    check(len(ctoc) == 1, "one CTOC")
    chaps = {c.element_id: c for c in id3.getall("CHAP")}
    order = ctoc[0].child_element_ids if ctoc else []
    titles = [str(chaps[e].sub_frames.get("TIT2")) for e in order if e in chaps]
    check(titles == want, "chapter titles in order: %r" % titles)
    starts = [chaps[e].start_time for e in order if e in chaps]
    check(starts and starts[0] == 0, "the first chapter starts at 0")
    check(all(a < b for a, b in zip(starts, starts[1:])), "chapter starts increase")
    for c, t in zip(starts, tl["chapters"]):
        check(abs(c - t["start"] * 1000 / rate) <= 100, "CHAP time %d ms vs timeline" % c)
    # ... and by eyeD3.
    eyed3.log.setLevel("ERROR")
    tag = eyed3.load(mp3).tag
    check(tag.title == art["title"] and tag.artist == "Sam Okafor" and tag.album == "aloud tests",
          "eyeD3 reads title, artist, album")
    check([c.title for c in tag.chapters] == want, "eyeD3 reads the chapters")
    tocs = list(tag.table_of_contents)
    check(len(tocs) == 1 and tocs[0].toplevel and tocs[0].ordered, "eyeD3: one ordered top-level TOC")
    # ... and by ffprobe.
    pr = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json",
                                    mp3], capture_output=True, text=True).stdout)
    ff = [c["tags"]["title"] for c in pr["chapters"]]
    check(ff == want, "ffprobe chapters: %r" % ff)

    # Each heading's speech starts in the MP3 where the chapter says.
    for ch in tl["chapters"][1:]:
        at = ch["start"] * 2  # 44.1 kHz
        onset = next((i for i in range(at, min(len(dec), at + 44100)) if abs(dec[i]) > 300), None)
        check(onset is not None and (onset - at) / 44.1 <= 100,
              "speech of chapter %r starts within 100 ms in the MP3" % ch["text"])

    # Loudness, measured independently on the episode.
    loud, peak = ebur128(mp3)
    check(abs(loud - (-16)) <= 1.0, "MP3 integrated loudness %.1f LUFS" % loud)
    check(peak <= -1.0, "MP3 true peak %.1f dBTP" % peak)
    loud_wav, peak_wav = ebur128(wav)
    check(abs(loud_wav - (-16)) <= 1.0, "WAV integrated loudness %.1f LUFS" % loud_wav)
    check(peak_wav <= -1.0, "WAV true peak %.1f dBTP" % peak_wav)
    check(abs(tl["loudness_lufs"] - loud_wav) <= 0.3, "timeline loudness %.2f vs ffmpeg %.1f"
          % (tl["loudness_lufs"], loud_wav))

    # Silence where the pause cues say: after the speech of each segment.
    ends = {}
    for s in tl["sentences"]:
        ends[s["segment"]] = max(ends.get(s["segment"], 0), s["end"])
    measured = 0
    for i, seg in enumerate(script[:-1]):
        if i not in ends or i + 1 not in ends:
            continue
        gap = silent_run_after(pcm, ends[i], rate)
        measured += 1
        check(abs(gap - seg["pause_ms"]) <= 20,
              "pause after segment %d: %.0f ms, script says %d" % (i, gap, seg["pause_ms"]))
    check(measured >= len(script) // 2, "pauses measured after most segments")

    # Sentences show the written text, not the lexicon's respelling.
    texts = [s["text"] for s in tl["sentences"]]
    check(any("UK" in t for t in texts), "the transcript says UK as written")
    check(len(tl["words"]) > 100, "words have times")


def test_wav_only(tmp):
    wav = os.path.join(tmp, "only.wav")
    r = aloud("say", "--voices", VOICES, ARTICLE, "-o", wav)
    check(r.returncode == 0 and os.path.exists(wav), "say -o x.wav writes the master")
    check(sorted(os.listdir(tmp)) == ["only.wav"], "and nothing else: %r" % os.listdir(tmp))


def test_errors(tmp):
    r = aloud("say", "--voices", VOICES, "--voice", "klingon", ARTICLE, "-o",
              os.path.join(tmp, "x.mp3"))
    check(r.returncode == 2, "unknown voice exits 2 (%d)" % r.returncode)
    check("en-gb" in r.stderr and "fr" in r.stderr, "and lists the profiles: " + r.stderr)
    check(not os.listdir(tmp), "unknown voice leaves no file")

    # The MP3's directory does not exist: the WAV started beside it must go.
    r = aloud("say", "--voices", VOICES, ARTICLE, "-o", os.path.join(tmp, "missing", "x.mp3"),
              "--wav", os.path.join(tmp, "x.wav"))
    check(r.returncode == 1, "unwritable output exits 1 (%d)" % r.returncode)
    check(r.stderr.count("\n") == 1 and "missing" in r.stderr, "one line naming it: " + r.stderr)
    check(not os.listdir(tmp), "no file left: %r" % os.listdir(tmp))

    if os.geteuid() != 0:  # root writes anywhere: a read-only directory needs a user
        ro = os.path.join(tmp, "ro")
        os.mkdir(ro, 0o555)
        r = aloud("say", "--voices", VOICES, ARTICLE, "-o", os.path.join(ro, "x.mp3"))
        check(r.returncode == 1 and "x.mp3" in r.stderr, "read-only directory: " + r.stderr)
        check(not os.listdir(ro), "a read-only directory stays empty")
        os.rmdir(ro)

    r = aloud("say", "--voices", VOICES, ARTICLE, "-o", os.path.join(tmp, "x.ogg"))
    check(r.returncode == 2, "an output that is neither .mp3 nor .wav exits 2")

    # A full disk: the MP3 cannot be finished; nothing is left behind.
    r = aloud("say", "--voices", VOICES, ARTICLE, "-o", os.path.join(tmp, "full.mp3"),
              max_file_bytes=100000)
    check(r.returncode == 1, "a full disk exits 1 (%d)" % r.returncode)
    check(r.stderr.count("\n") == 1 and "full.mp3" in r.stderr and
          "File too large" in r.stderr and "listening" in r.stderr,
          "one line naming the article and the file: " + r.stderr)
    check(not os.listdir(tmp), "a full disk leaves no file: %r" % os.listdir(tmp))
    r = aloud("say", "--voices", VOICES, ARTICLE, "-o", os.path.join(tmp, "full.wav"),
              max_file_bytes=100000)
    check(r.returncode == 1 and "full.wav" in r.stderr, "the same for the WAV: " + r.stderr)
    check(not os.listdir(tmp), "a full disk leaves no WAV: %r" % os.listdir(tmp))

    # A profile that names an eSpeak NG voice that is not installed.
    voices = os.path.join(tmp, "voices")
    shutil.copytree(VOICES, voices)
    with open(os.path.join(voices, "en-gb.ini")) as f:
        ini = f.read()
    with open(os.path.join(voices, "robot.ini"), "w") as f:
        f.write(re.sub(r"(?m)^espeak = .*$", "espeak = no-such-espeak-voice", ini))
    out = os.path.join(tmp, "out")
    os.mkdir(out)
    r = aloud("say", "--voices", voices, "--voice", "robot", ARTICLE, "-o",
              os.path.join(out, "x.mp3"))
    check(r.returncode == 2, "an unknown eSpeak NG voice exits 2 (%d)" % r.returncode)
    check("no-such-espeak-voice" in r.stderr and "aloud voices" in r.stderr,
          "naming the voice: " + r.stderr)
    check(not os.listdir(out), "and leaves no file")
    r = aloud("voices", "--voices", voices)
    robot = [l for l in r.stdout.splitlines() if l.split()[:1] == ["robot"]]
    check(robot and "not installed" in robot[0], "voices marks the missing eSpeak NG voice")
    check(all("not installed" not in l for l in r.stdout.splitlines() if l not in robot),
          "and only that one")


def test_voices():
    r = aloud("voices", "--voices", VOICES)
    check(r.returncode == 0, "voices exits 0")
    for want in ("en-gb", "fr", "en-us"):
        check(re.search(r"^\s+%s\s" % re.escape(want), r.stdout, re.M), "profile %s listed" % want)
    check("gmw/en" in r.stdout and "roa/fr" in r.stdout, "installed eSpeak NG voices listed")
    r = aloud("voices", "--voices", VOICES, "klingon")
    check(r.returncode == 2 and "en-gb" in r.stderr, "unknown voice: exit 2 with the list")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        test_mp3_and_wav(tmp)
    with tempfile.TemporaryDirectory() as tmp:
        test_wav_only(tmp)
    with tempfile.TemporaryDirectory() as tmp:
        test_errors(tmp)
    test_voices()
    print("%d checks, %d failed" % (checks, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
