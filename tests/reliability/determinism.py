#!/usr/bin/env python3
"""Same output for any thread and partition count, on many files. Usage:
  determinism.py IMGFRAME_TOOL WORK_DIR [N_FILES=10000]
Builds N_FILES files in 100 folders (hard links to small valid PNG and BMP files written here, a GIF
and a JPEG of tests/data/corpus, and invalid ones: junk, a truncated PNG, an empty file), then runs `imgframe read --recursive --format
tsv` (origin, sizes, mode, sha256 of the data, error):
  - with 1, 2 and 8 threads: byte-identical TSV;
  - with 1, 7 and 64 partitions (each partition read alone with --partition I): the union of the
    partitions' rows, in partition order, equals the 1-thread output, and no row is lost or doubled.
Prints the wall time and peak RSS of each run (ru_maxrss of the child)."""
import os, resource, shutil, struct, subprocess, sys, time, zlib

tool, work = sys.argv[1], os.path.abspath(sys.argv[2])
n_files = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
root = os.path.join(work, "determinism")
shutil.rmtree(root, ignore_errors=True)
os.makedirs(root)

def chunk(k, d):
    return struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d) & 0xFFFFFFFF)
def png(w, h, seed):
    raw = b"".join(b"\x00" + bytes((x * seed + y * 13) % 256 for x in range(w * 3)) for y in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
def bmp(w, h):
    row = bytes((x * 7) % 256 for x in range(w * 3)) + bytes((4 - w * 3 % 4) % 4)
    data = row * h
    return (b"BM" + struct.pack("<IHHI", 54 + len(data), 0, 0, 54) +
            struct.pack("<IiiHHIIiiII", 40, w, h, 1, 24, 0, len(data), 2835, 2835, 0, 0) + data)
corpus = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "corpus", "valid")
def corpus_file(rel):
    with open(os.path.join(corpus, rel), "rb") as f:
        return f.read()
sources = {
    "a.png": png(16, 12, 3), "b.png": png(33, 7, 5), "c.bmp": bmp(9, 5), "d.gif": corpus_file("gif/sample_1.gif"),
    "e.jpg": corpus_file("jpeg/exif_gps.jpg"),
    "junk.jpg": b"definitely not a JPEG", "short.png": png(40, 40, 7)[:60], "empty.png": b"",
}
src = os.path.join(root, "src")
os.makedirs(src)
for name, data in sources.items():
    with open(os.path.join(src, name), "wb") as f:
        f.write(data)
tree = os.path.join(root, "tree")
names = sorted(sources)
for i in range(n_files):
    folder = os.path.join(tree, f"f{i % 100:03d}")
    os.makedirs(folder, exist_ok=True)
    name = names[i % len(names)]
    os.link(os.path.join(src, name), os.path.join(folder, f"{i:05d}_{name}"))

def run(*args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run([tool, "read", tree, "--recursive", "--format", "tsv", "--no-progress", *args],
                       capture_output=True, timeout=1200)
    dt = time.monotonic() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB, max over children so far
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = (cpu.ru_utime - before.ru_utime) + (cpu.ru_stime - before.ru_stime)
    if p.returncode != 0:
        print(p.stderr.decode(errors="replace")); sys.exit(f"{args}: exit {p.returncode}")
    return p.stdout, dt, cpu_s, rss

failures = []
outputs = {}
for threads in (1, 2, 8):
    out, dt, cpu, rss = run("--threads", str(threads))
    outputs[threads] = out
    print(f"{n_files} files, {threads} thread(s): {dt:.2f} s wall, {cpu:.2f} s CPU, peak RSS so far {rss / 1024:.0f} MiB")
lines = outputs[1].decode("utf-8", "surrogateescape").splitlines()
if len(lines) != n_files + 1:
    failures.append(f"1 thread: {len(lines) - 1} rows for {n_files} files")
for t in (2, 8):
    if outputs[t] != outputs[1]:
        failures.append(f"{t} threads: TSV differs from 1 thread")
invalid = sum(1 for l in lines[1:] if l.split("\t")[1] == "-1")
print(f"rows: {len(lines) - 1}, invalid: {invalid}")
want_invalid = sum(1 for i in range(n_files) if names[i % len(names)] in ("junk.jpg", "short.png", "empty.png"))
if invalid != want_invalid:
    failures.append(f"{invalid} invalid rows, expected {want_invalid}")
for parts in (1, 7, 64):
    union = [lines[0]]
    for i in range(parts):
        out, *_ = run("--threads", "2", "--partitions", str(parts), "--partition", str(i))
        part = out.decode("utf-8", "surrogateescape").splitlines()
        union += part[1:]
    if sorted(union[1:]) != sorted(lines[1:]):
        failures.append(f"{parts} partitions: the union differs from the whole read")
    elif union != lines:
        failures.append(f"{parts} partitions: same rows, but not in the whole read's order")
    print(f"{parts} partitions: {len(union) - 1} rows in the union")
print(f"peak RSS of any run: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB")
if failures:
    print("FAILED:\n  " + "\n  ".join(failures)); sys.exit(1)
print("determinism.py: identical for 1/2/8 threads and 1/7/64 partitions")
