#!/usr/bin/env python3
"""Hostile folders, unwritable outputs and exit statuses, end to end through the imgframe tool.
Usage: hostile.py IMGFRAME_TOOL WORK_DIR

  folder    a valid PNG under awkward names (space, newline, %, :, non-UTF-8 bytes) next to a FIFO,
            /dev/zero linked as x.jpg, a folder named a.png, a symlink loop, a dangling symlink and
            (as the unprivileged user `nobody`, when run as root) a file without read permission:
            nothing hangs (a FIFO would block a naive open), every entry gets a row with the
            expected reason or a listing problem, every valid file comes out with its origin
            (file: + absolute path, decoded, as Spark 2.x readImages emits it); with
            --origin-format uri every origin is a valid percent-encoded URI naming the same file.
  --dump    into /dev/full (not a folder), into a folder `nobody` cannot write, and with a file-size
            limit (EFBIG on write): a clear error, exit status 1, and no .npy left that is not
            complete (files are written under a temporary name and renamed).
  stdout    on /dev/full: exit status 1 and "error writing the output".
  status    0 success; 1 invalid rows with --fail-on-invalid; 2 usage errors (--partitions 0 with the
            library's message, unknown option, missing PATH, bad --stages JSON); --help documents it.
"""
import os, re, shutil, stat, subprocess, sys, urllib.parse

tool, work = sys.argv[1], os.path.abspath(sys.argv[2])
root = os.path.join(work, "hostile")
shutil.rmtree(root, ignore_errors=True)
os.makedirs(root)
failures = []

def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)

def run(args, timeout=60, as_nobody=False, prefix=(), **kw):
    cmd = [*prefix, tool, *args]
    if as_nobody:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, timeout=timeout, **kw)

# A small valid PNG (8 x 4 RGB), written by hand so the test needs nothing but Python.
import struct, zlib
def png_bytes(w=8, h=4):
    raw = b"".join(b"\x00" + bytes((x * 30 + y * 7) % 256 for x in range(w * 3)) for y in range(h))
    def chunk(k, d):
        return struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PNG = png_bytes()

# ---- the hostile folder -------------------------------------------------------------------------
d = os.path.join(root, "in")
os.makedirs(d)
dd = os.fsencode(d)
names = [b"plain.png", b"a b.png", b"new\nline.png", b"100%.png", b"c:d.png", b"%41.png", b"\xff\xfe.png"]
for n in names:
    with open(os.path.join(dd, n), "wb") as f:
        f.write(PNG)
os.mkfifo(os.path.join(d, "fifo.jpg"))
os.symlink("/dev/zero", os.path.join(d, "zero.jpg"))
os.mkdir(os.path.join(d, "a.png"))
os.symlink("loop2.jpg", os.path.join(d, "loop1.jpg"))
os.symlink("loop1.jpg", os.path.join(d, "loop2.jpg"))
os.symlink("missing-target.png", os.path.join(d, "dangling.png"))
locked = os.path.join(d, "locked.png")
with open(locked, "wb") as f:
    f.write(PNG)
os.chmod(locked, 0)
as_root = os.geteuid() == 0
if as_root:  # nobody must reach the folder
    for p in (work, root, d):
        os.chmod(p, os.stat(p).st_mode | stat.S_IXOTH | stat.S_IROTH)
    # Root ignores permissions, so those checks run as `nobody` - if nobody can run the tool from
    # here at all (a checkout under /root cannot be entered by nobody): otherwise they are skipped.
    probe = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", tool, "--version"],
                           capture_output=True)
    if probe.returncode != 0 or not os.access(d, os.X_OK):
        print("hostile.py: `nobody` cannot run the tool from this checkout; permission checks skipped")
        as_root = False

p = run(["read", d, "--format", "tsv", "--no-progress", "--threads", "2"], timeout=30, as_nobody=as_root)
out = p.stdout.decode("utf-8", "surrogateescape")
err = p.stderr.decode("utf-8", "replace")
print(f"hostile folder: exit {p.returncode}\n{err}")
check(p.returncode == 0, f"hostile folder read exited {p.returncode}")
lines = out.split("\n")
header, body = lines[0], [l for l in lines[1:] if l]
rows = {}
for l in body:
    cols = l.split("\t")
    rows[cols[0]] = cols
def tsv_escape(s):  # the tool's TSV escapes: backslash, tab, newline, carriage return
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
for n in names:
    origin = "file:" + os.fsdecode(os.path.join(dd, n))
    key = tsv_escape(origin)
    r = rows.get(key)
    check(r is not None, f"no row for {n!r} (origin {key!r}); rows: {list(rows)}")
    if r:
        check(r[1:5] == ["4", "8", "3", "16"], f"{n!r}: expected a valid 8 x 4 BGR row, got {r[1:5]} {r[7]!r}")
def reason_of(name):
    r = rows.get("file:" + os.path.join(d, name))
    return r[7] if r else None
check((reason_of("fifo.jpg") or "").startswith("not_regular_file"), f"fifo.jpg: {reason_of('fifo.jpg')!r}")
check((reason_of("zero.jpg") or "").startswith("not_regular_file"), f"zero.jpg: {reason_of('zero.jpg')!r}")
# The folder named a.png is a folder (not listed without --recursive); loops and dangling links are
# rows with not_found or listing problems: either way they are named.
for n in ("loop1.jpg", "loop2.jpg", "dangling.png"):
    check(reason_of(n) is not None or n in err, f"{n}: neither a row nor a listing problem")
if as_root:
    check((reason_of("locked.png") or "").startswith("permission_denied"),
          f"locked.png as nobody: {reason_of('locked.png')!r}")
check(len(body) >= len(names) + 3, f"only {len(body)} rows")

# --origin-format uri: every origin a valid ASCII URI (RFC 3986 characters only) that decodes back
# to the file's exact bytes, as Spark 3's image data source writes them (percent-encoded).
p = run(["read", d, "--format", "tsv", "--no-progress", "--origin-format", "uri"], timeout=30)
check(p.returncode == 0, f"--origin-format uri exited {p.returncode}")
uri_origins = [l.split(b"\t")[0] for l in p.stdout.split(b"\n")[1:] if l]
valid_uri = re.compile(rb"^file:/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$")
for o in uri_origins:
    check(valid_uri.match(o) is not None and re.search(rb"%(?![0-9A-F]{2})", o) is None, f"not a valid URI: {o!r}")
decoded = {urllib.parse.unquote_to_bytes(o.decode("ascii")) for o in uri_origins if valid_uri.match(o)}
for n in names:
    check(b"file:" + os.path.join(dd, n) in decoded, f"--origin-format uri: no origin decodes to {n!r}")
check(b"file:" + os.path.join(dd, b"a b.png").replace(b" ", b"%20") in uri_origins, "a b.png not as a%20b.png")
check(len(uri_origins) == len(body), f"--origin-format uri gave {len(uri_origins)} rows, path style {len(body)}")

# ---- --dump failures -----------------------------------------------------------------------------
good = os.path.join(root, "good")
os.makedirs(good)
for i in range(3):
    with open(os.path.join(good, f"{i}.png"), "wb") as f:
        f.write(png_bytes(64, 64))  # 12 KiB of pixels each

def npy_complete(folder):
    """Every file in the dump folder is a complete .npy (no .tmp left, sizes right)."""
    ok = True
    for n in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        path = os.path.join(folder, n)
        if not n.endswith(".npy") or os.path.getsize(path) != 128 + 64 * 64 * 3:
            print(f"  left behind: {n} ({os.path.getsize(path)} bytes)")
            ok = False
    return ok

p = run(["read", good, "--dump", "/dev/full", "--no-progress"])
e = p.stderr.decode()
print(f"--dump /dev/full: exit {p.returncode}: {e.strip()}")
check(p.returncode == 1 and "--dump /dev/full" in e and "not a folder" in e, "--dump /dev/full")

ro = os.path.join(root, "readonly")
os.makedirs(ro)
os.chmod(ro, 0o555)
if as_root:
    os.chmod(good, 0o755)
    p = run(["read", good, "--dump", ro, "--no-progress"], as_nobody=True)
    e = p.stderr.decode()
    print(f"--dump read-only folder: exit {p.returncode}: {e.strip()}")
    check(p.returncode == 1 and "Permission denied" in e and ro in e, "--dump into a read-only folder")
    check(os.listdir(ro) == [], f"read-only folder not empty: {os.listdir(ro)}")

efbig = os.path.join(root, "efbig")
# SIGXFSZ ignored (inherited through exec): writes past the limit fail with EFBIG instead.
p = subprocess.run(["bash", "-c", 'trap "" XFSZ; exec prlimit --fsize=5000 "$@"', "bash", tool, "read", good,
                    "--dump", efbig, "--no-progress"], capture_output=True, timeout=60)
e = p.stderr.decode()
print(f"--dump past the file-size limit: exit {p.returncode}: {e.strip()}")
check(p.returncode == 1 and "File too large" in e, "--dump past RLIMIT_FSIZE")
check(npy_complete(efbig), "--dump left an incomplete file")

with open("/dev/full", "wb") as full:
    p = subprocess.run([tool, "read", good, "--format", "tsv", "--no-progress"], stdout=full,
                       stderr=subprocess.PIPE, timeout=60)
e = p.stderr.decode()
print(f"stdout on /dev/full: exit {p.returncode}: {e.strip()[-200:]}")
check(p.returncode == 1 and "error writing the output" in e, "stdout on /dev/full")

# ---- exit statuses -------------------------------------------------------------------------------
def status(args, want, text=None):
    p = run(args)
    e = p.stderr.decode() + p.stdout.decode("utf-8", "replace")
    print(f"{' '.join(args)[:80]!s:82} -> {p.returncode}")
    check(p.returncode == want, f"{args}: exit {p.returncode}, want {want}: {e.strip()[:300]}")
    if text:
        check(text in e, f"{args}: {text!r} not in {e.strip()[:300]!r}")
bad = os.path.join(root, "bad")
os.makedirs(bad)
shutil.copy(os.path.join(good, "0.png"), bad)
with open(os.path.join(bad, "junk.jpg"), "wb") as f:
    f.write(b"not an image")
status(["read", good, "--no-progress"], 0)
status(["read", bad, "--no-progress"], 0)
status(["read", bad, "--no-progress", "--fail-on-invalid"], 1)
status(["read", good, "--no-progress", "--fail-on-invalid"], 0)
status(["read", bad, "--no-progress", "--drop-failures", "--fail-on-invalid"], 1)
status(["read", good, "--partitions", "0"], 2, "num_partitions must be positive")
status(["read", good, "--partitions", "-3"], 2, "num_partitions must be positive")
status(["read", good, "--sample-ratio", "2"], 2, "sample_ratio should be between 0 and 1")
status(["read", good, "--max-pixels", "0"], 2, "max_pixels must be positive")
status(["read", good, "--no-such-option"], 2, "--no-such-option")
status(["read"], 2, "PATH")
status(["read", os.path.join(root, "no-such-folder")], 2, "no-such-folder")
status(["read", good, "--threads", "0"], 2, "--threads")
status(["transform", good, "--stages", "[{"], 2, "invalid JSON")
status(["transform", bad, "--stages", "[]", "--fail-on-invalid", "--no-progress"], 1)
status(["read", "--help"], 0, "Exit status: 0 success; 1")
status(["transform", "--help"], 0, "Exit status")
status(["--help"], 0, "Exit status")
status([], 2)

if failures:
    print(f"hostile.py: {len(failures)} FAILED"); sys.exit(1)
print("hostile.py: all checks passed")
