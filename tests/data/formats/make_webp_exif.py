#!/usr/bin/python3
"""Regenerates webp/ and exif/ from tests/data/samples (CC0 photographs) with Debian's Pillow 9.4
(python3-pil, built on libwebp), and writes each folder's expected.tsv: the rows Pillow decodes
(WebP: Image.open(...).convert to BGR(A); EXIF: ImageOps.exif_transpose), as sha256 of the B,G,R(,A)
bytes. Spark cannot read WebP and ignores EXIF orientation: these are imgframe's extras, checked
against Pillow, the convention users know. Run: /usr/bin/python3 tests/data/formats/make_webp_exif.py"""
import hashlib
import os

import numpy as np
from PIL import Image, ImageOps

here = os.path.dirname(os.path.abspath(__file__))
samples = os.path.join(here, "..", "samples")
chelsea = Image.open(os.path.join(samples, "chelsea.png")).convert("RGB").crop((120, 60, 451, 300)).resize((61, 41))
horse = Image.open(os.path.join(samples, "horse.png")).convert("RGBA").resize((53, 43))


def bgr_sha(im):
    a = np.asarray(im)
    if a.ndim == 2:
        a = a[:, :, None]
    elif a.shape[2] == 3:
        a = a[:, :, ::-1]
    else:
        a = a[:, :, [2, 1, 0, 3]]
    return a.shape, hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def write_expected(folder, rows, note):
    with open(os.path.join(here, folder, "expected.tsv"), "w") as f:
        f.write("# file\theight x width x nChannels\tmode\tsha256 of data: " + note + "\n")
        for name, im in rows:
            (h, w, c), sha = bgr_sha(im)
            f.write(f"{name}\t{h}x{w}x{c}\t{(c - 1) * 8}\t{sha}\n")


os.makedirs(os.path.join(here, "webp"), exist_ok=True)
webp = []
for name, im, kw in [("lossy_rgb.webp", chelsea, dict(quality=85)),
                     ("lossless_rgb.webp", chelsea, dict(lossless=True)),
                     ("lossy_alpha.webp", horse, dict(quality=85)),
                     ("lossless_alpha.webp", horse, dict(lossless=True))]:
    path = os.path.join(here, "webp", name)
    im.save(path, **kw)
    webp.append((name, Image.open(path).convert(im.mode)))
# Animated: three frames on a 61 x 41 canvas; the row is the first, composed (4 channels, as Pillow).
frames = [chelsea, chelsea.transpose(Image.Transpose.FLIP_LEFT_RIGHT), chelsea.rotate(180)]
path = os.path.join(here, "webp", "animated.webp")
frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0, lossless=True)
anim = Image.open(path)
anim.seek(0)
webp.append(("animated.webp", anim))  # Pillow: RGBA (the VP8X alpha flag)
write_expected("webp", webp, "Pillow 9.4 Image.open + convert, B,G,R(,A)")

os.makedirs(os.path.join(here, "exif"), exist_ok=True)
exif_rows = []
for orientation in range(1, 9):
    exif = Image.Exif()
    exif[0x0112] = orientation
    for ext in ("png", "jpg"):
        name = f"orientation_{orientation}.{ext}"
        path = os.path.join(here, "exif", name)
        chelsea.save(path, exif=exif.tobytes(), **({"quality": 90} if ext == "jpg" else {}))
        if ext == "png":  # lossless: the transposed pixels are exact; JPEG is checked against OpenCV
            exif_rows.append((name, ImageOps.exif_transpose(Image.open(path))))
write_expected("exif", exif_rows, "Pillow 9.4 ImageOps.exif_transpose, B,G,R")
