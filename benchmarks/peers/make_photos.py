#!/usr/bin/python3
"""Builds the benchmark's seeded photo sets from the repository's sample photos.

Each output is a random crop of a real photo (tests/data/samples), resized with Lanczos to the
set's size (about 500x375 in landscape or portrait, or 1920x1080), with mild Gaussian sensor-like
noise (sigma 2) so that upscaled crops do not compress unrealistically well, saved as JPEG
quality 90 with 4:2:0 chroma subsampling. Same seed, same files.

    make_photos.py OUT_DIR [--small N] [--hd N] [--seed S]
"""
import argparse
import pathlib
import random

import numpy as np
from PIL import Image

PHOTOS = ["astronaut.png", "chelsea.png", "coffee.png", "hubble_deep_field.jpg", "retina.jpg", "rocket.jpg",
          "horse.png", "camera.png"]


def crop_to(img, rng, aspect):
    w, h = img.size
    cw = min(w, int(h * aspect))
    ch = int(cw / aspect)
    f = rng.uniform(0.6, 1.0)
    cw, ch = max(16, int(cw * f)), max(16, int(ch * f))
    x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
    return img.crop((x, y, x + cw, y + ch))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--samples", default=str(pathlib.Path(__file__).resolve().parents[2] / "tests/data/samples"))
    ap.add_argument("--small", type=int, default=160, help="files of about 500x375 (default 160)")
    ap.add_argument("--hd", type=int, default=48, help="files of 1920x1080 (default 48)")
    ap.add_argument("--seed", type=int, default=20261202)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    nrng = np.random.default_rng(a.seed)
    photos = [Image.open(pathlib.Path(a.samples) / p).convert("RGB") for p in PHOTOS]
    for name, count, sizes in (("small", a.small, [(500, 375), (375, 500), (500, 333)]), ("1080p", a.hd, [(1920, 1080)])):
        d = pathlib.Path(a.out) / name
        d.mkdir(parents=True, exist_ok=True)
        for i in range(count):
            size = sizes[0] if rng.random() < 0.7 else rng.choice(sizes)
            img = crop_to(rng.choice(photos), rng, size[0] / size[1]).resize(size, Image.LANCZOS)
            px = np.asarray(img).astype(np.float32) + nrng.normal(0.0, 2.0, (size[1], size[0], 3)).astype(np.float32)
            img = Image.fromarray(np.clip(px + 0.5, 0, 255).astype(np.uint8))
            img.save(d / f"{name}_{i:04d}.jpg", quality=90, subsampling=2)
    print(f"wrote {a.small} + {a.hd} JPEGs under {a.out}")


if __name__ == "__main__":
    main()
