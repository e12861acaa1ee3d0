#!/usr/bin/env python3
"""Decompression bombs and limits, end to end through `imgframe read` under a 256 MiB address-space
cap (prlimit --as=268435456). Usage: bombs.py IMGFRAME_TOOL WORK_DIR

Generated here (nothing is stored in the repository):
  png_4g.png            IHDR 65535 x 65535 RGBA (16 GiB of pixels), 64 KiB of a deflate stream of zeros
  png_ztxt.png          a valid 8x8 PNG with a zTXt chunk inflating to 64 MiB and a 32 MiB iCCP chunk
  gif_4g.gif            logical screen and first frame 65535 x 65535 with an LZW stream of zeros
  bmp_4g.bmp            BITMAPINFOHEADER 40000 x 40000 x 24 bit (4.8 GB of pixels), no pixel data
  jpeg_4g_progressive.jpg  a real progressive JPEG whose SOF2 says 65500 x 65500
  jpeg_scans.jpg        a real 16 x 16 progressive JPEG whose last scan is repeated 20,000 times
  deep/                 a folder 2,000 levels deep: listed down to max_depth (64), the rest is a
                        listing problem naming max_depth (each level costs a canonical() of the path)
plus two valid images that must still come out. Each bomb is also read alone: it must be rejected
with the expected reason in < 1 s of CPU time (user + sys; wall time on a loaded CI machine says
little). Exits 77 (skipped) without prlimit, numpy or cv2.
"""
import os, resource, shutil, struct, subprocess, sys, zlib

tool, work = sys.argv[1], sys.argv[2]
if shutil.which("prlimit") is None:
    print("bombs.py: prlimit not found, skipped"); sys.exit(77)
try:
    import numpy as np, cv2
except ImportError:
    print("bombs.py: numpy/cv2 not importable, skipped"); sys.exit(77)

AS_LIMIT = 268435456
d = os.path.join(work, "bombs")
subprocess.run(["rm", "-rf", d], check=True)  # shutil.rmtree recurses once per level of deep/
os.makedirs(d)

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

def png(w, h, color_type, idat, extra=b""):
    ihdr = struct.pack(">IIBBBBB", w, h, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", idat) + chunk(b"IEND", b"")

def write(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

# PNG declaring 16 GiB; its IDAT is the start of a zlib stream of zeros (inflates ~1000:1).
write("png_4g.png", png(65535, 65535, 6, zlib.compress(bytes(64 << 20), 9)[: 64 << 10]))
# A valid small PNG with oversized ancillary chunks: zTXt inflating to 64 MiB, iCCP of 32 MiB.
small = np.full((8, 8, 3), 200, np.uint8)
raw = b"".join(b"\x00" + small[y].tobytes() for y in range(8))
ztxt = chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(bytes(64 << 20), 9))
iccp = chunk(b"iCCP", b"icc\x00\x00" + zlib.compress(os.urandom(1 << 20) * 32, 1))
write("png_ztxt.png", png(8, 8, 2, zlib.compress(raw), ztxt + iccp))
# GIF 65535 x 65535, global palette, first frame the whole screen, LZW clear codes then end.
gif = b"GIF89a" + struct.pack("<HHBBB", 65535, 65535, 0x80, 0, 0) + bytes(6)
gif += b"\x2c" + struct.pack("<HHHHB", 0, 0, 65535, 65535, 0) + b"\x02"
gif += b"\xff" + bytes(255) * 1 + b"\x00" + b"\x3b"
write("gif_4g.gif", gif)
# BMP 40000 x 40000 x 24 bit, header only.
write("bmp_4g.bmp", b"BM" + struct.pack("<IHHI", 54, 0, 0, 54) +
      struct.pack("<IiiHHIIiiII", 40, 40000, 40000, 1, 24, 0, 0, 2835, 2835, 0, 0))
# Progressive JPEGs from OpenCV: one with its SOF2 patched to 65500 x 65500, one with 20,000 scans.
rng = np.random.default_rng(1)
img = rng.integers(0, 255, (512, 512, 3), np.uint8)
ok, jpg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_PROGRESSIVE, 1, cv2.IMWRITE_JPEG_QUALITY, 90])
jpg = bytearray(jpg.tobytes())
sof = jpg.find(b"\xff\xc2")
big = bytearray(jpg)
big[sof + 5:sof + 9] = struct.pack(">HH", 65500, 65500)
write("jpeg_4g_progressive.jpg", bytes(big))
# Scans from a 16 x 16 image keep the file small (~0.5 MB); each would be a pass over the image.
ok, tiny = cv2.imencode(".jpg", img[:16, :16], [cv2.IMWRITE_JPEG_PROGRESSIVE, 1])
tiny = tiny.tobytes()
last_sos, eoi = tiny.rfind(b"\xff\xda"), tiny.rfind(b"\xff\xd9")
write("jpeg_scans.jpg", tiny[:eoi] + tiny[last_sos:eoi] * 20000 + b"\xff\xd9")
# Two valid images that must come out.
cv2.imwrite(os.path.join(d, "good.png"), img[:64, :48])
cv2.imwrite(os.path.join(d, "good.jpg"), img[:32, :32])
# 2,000 nested folders (paths past PATH_MAX), created relative to each other.
fd = os.open(d, os.O_RDONLY)
os.mkdir("deep", dir_fd=fd)
for _ in range(2000):
    nfd = os.open("deep" if _ == 0 else "d", os.O_RDONLY, dir_fd=fd)
    os.close(fd)
    fd = nfd
    os.mkdir("d", dir_fd=fd)
os.close(fd)

expect = {
    "png_4g.png": "too_large", "png_ztxt.png": None,  # the zTXt/iCCP chunks are skipped, never inflated "gif_4g.gif": "too_large", "bmp_4g.bmp": "too_large",
    "jpeg_4g_progressive.jpg": "too_large", "jpeg_scans.jpg": "too_large: JPEG has 20",
    "good.png": None, "good.jpg": None,
}

def run(args, timeout=120):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(["prlimit", f"--as={AS_LIMIT}", tool, "read", *args, "--format", "tsv", "--no-progress"],
                       capture_output=True, timeout=timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p, cpu

def rows(stdout):
    lines = stdout.decode("utf-8", "replace").splitlines()
    assert lines and lines[0].startswith("origin\t"), lines[:1]
    return {l.split("\t")[0].rsplit("/", 1)[-1]: l.split("\t") for l in lines[1:]}

failures = []
# The whole folder (recursive, through the deep tree) in one process, 2 threads.
p, cpu = run([d, "--recursive", "--threads", "2"])
print(f"folder: exit {p.returncode}, {cpu:.2f} s CPU\n{p.stderr.decode(errors='replace')}")
if p.returncode != 0:
    failures.append(f"folder read exited {p.returncode}")
if "nested more than max_depth = 64 levels deep" not in p.stderr.decode(errors="replace"):
    failures.append("folder read: no listing problem for the deep tree")
got = rows(p.stdout)
for name, reason in expect.items():
    r = got.get(name)
    if r is None:
        failures.append(f"{name}: no row"); continue
    if reason is None and r[1] == "-1":
        failures.append(f"{name}: expected a valid row, got {r[7]}")
    if reason is not None and not r[7].startswith(reason):
        failures.append(f"{name}: expected {reason}, got {r[1:5]} {r[7]!r}")
# Each bomb alone: the reason and < 1 s of CPU.
for name, reason in expect.items():
    p, cpu = run([os.path.join(d, name)])
    got1 = rows(p.stdout).get(name, ["?"] * 8)
    print(f"{name:26} exit {p.returncode} {cpu:5.2f} s CPU  {got1[7] or 'valid ' + 'x'.join(got1[1:4])}")
    if cpu >= 1.0:
        failures.append(f"{name}: {cpu:.2f} s CPU (limit 1 s)")
    if p.returncode != 0:
        failures.append(f"{name}: exit {p.returncode}: {p.stderr.decode(errors='replace')}")
# The deep tree alone.
p, cpu = run([os.path.join(d, "deep"), "--recursive"])
print(f"deep/: exit {p.returncode}, {cpu:.2f} s CPU; stderr: {p.stderr.decode(errors='replace')[-300:]}")
if cpu >= 1.0 or p.returncode != 0 or b"max_depth" not in p.stderr:
    failures.append(f"deep/: exit {p.returncode}, {cpu:.2f} s CPU")

if failures:
    print("FAILED:\n  " + "\n  ".join(failures)); sys.exit(1)
print("bombs.py: all bombs rejected within the limits; the valid files came out")
