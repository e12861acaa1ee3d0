#!/usr/bin/python3
"""Regenerates tests/data/pil: Pillow's Image.resize(size, BILINEAR) outputs (reducing_gap=None),
the reference that kernels::resize_antialias matches value for value. Needs python3-pil.
Each output is <sample>_<mode>_<w>x<h>.png; the test derives the input from the sample name."""
import os
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "data"))
CASES = [
    ("astronaut.png", "RGB", (224, 224)),   # down 2.29x
    ("astronaut.png", "RGB", (97, 131)),    # down, non-integer, different per axis
    ("camera.png", "L", (128, 128)),        # down 4x
    ("camera.png", "L", (300, 77)),         # down 1.7x / 6.6x
    ("camera.png", "L", (560, 530)),        # up in both axes
    ("chelsea.png", "RGB", (451, 120)),     # width kept (vertical pass only)
    ("chelsea.png", "RGB", (520, 90)),      # up in x, down in y
]

def main():
    out_dir = os.path.join(DATA, "pil")
    os.makedirs(out_dir, exist_ok=True)
    for name, mode, size in CASES:
        im = Image.open(os.path.join(DATA, "samples", name)).convert(mode)
        r = im.resize(size, Image.BILINEAR)
        stem = os.path.splitext(name)[0]
        r.save(os.path.join(out_dir, "%s_%s_%dx%d.png" % (stem, mode, size[0], size[1])), optimize=True)

if __name__ == "__main__":
    main()
