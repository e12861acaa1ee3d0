#!/usr/bin/python3
"""Pillow (Debian's python3-pil) on the benchmark's photo sets, in its own process: the same
workloads and output lines as peers.cpp. W2/W3 use draft() (DCT-scaled decode to at least the
resize target), then resize BILINEAR to resize_short(256)'s size, center crop 224; W3 normalizes
to CHW float32 RGB with numpy. Threads: a ThreadPoolExecutor (Pillow releases the GIL while
decoding and resizing).

    pillow_peer.py PHOTO_DIR [--runs N] [--threads 1,2] [--sets small,1080p] [--min-seconds S]
"""
import argparse
import concurrent.futures
import io
import math
import pathlib
import statistics
import time

import numpy as np
from PIL import Image

MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)


def plan(w, h):
    r = 256 / min(w, h)
    tw, th = int(r * w + 0.5), int(r * h + 0.5)  # Java's Math.round for positive values
    cw, ch = min(224, tw), min(224, th)
    x, y = tw // 2 - cw // 2, th // 2 - ch // 2
    return (tw, th), (x, y, x + cw, y + ch)


def w1(b):
    im = Image.open(io.BytesIO(b))
    im.load()


def w2(b, tensor=False):
    im = Image.open(io.BytesIO(b))
    size, box = plan(*im.size)
    im.draft("RGB", size)
    out = im.resize(size, Image.BILINEAR).crop(box)
    if tensor:
        a = (np.asarray(out, np.float32) * np.float32(1 / 255) - MEAN) / STD
        np.ascontiguousarray(a.transpose(2, 0, 1))
    else:
        out.load()


def w3(b):
    w2(b, True)


def run(fn, files, threads, reps=1):
    """Goes over the files `reps` times; returns (images/s, images per CPU-second)."""
    files = files * reps
    t0, c0 = time.perf_counter(), time.process_time()
    if threads == 1:
        for b in files:
            fn(b)
    else:
        with concurrent.futures.ThreadPoolExecutor(threads) as ex:
            list(ex.map(fn, files))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return len(files) / wall, len(files) / cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--sets", default="small,1080p")
    ap.add_argument("--min-seconds", type=float, default=0.25,
                    help="shortest timed run: the files are gone over as often as it takes (as in peers.cpp)")
    a = ap.parse_args()
    import PIL
    print(f"#\tPillow {PIL.__version__} (python {'.'.join(map(str, __import__('sys').version_info[:3]))})")
    for s in a.sets.split(","):
        files = [p.read_bytes() for p in sorted((pathlib.Path(a.dir) / s).glob("*.jpg"))]
        if not files:
            continue
        for wname, fn in (("W1", w1), ("W2", w2), ("W3", w3)):
            for t in map(int, a.threads.split(",")):
                if t != 1 and wname != "W3":
                    continue
                name = "Pillow decode" if wname == "W1" else "Pillow draft + resize" + (" + numpy" if wname == "W3" else "")
                warm = len(files) / run(fn, files, t)[0]  # warm-up, and how long one pass takes
                reps = max(1, math.ceil(a.min_seconds / warm))
                r = [run(fn, files, t, reps) for _ in range(a.runs)]
                per_s = sorted(x[0] for x in r)
                print(f"{wname}\t{s}\t{t}\t{name}\tpeer\t{statistics.median(per_s):.2f}\t{per_s[0]:.2f}\t{per_s[-1]:.2f}\t"
                      f"{statistics.median(x[1] for x in r):.2f}", flush=True)


if __name__ == "__main__":
    main()
