#!/usr/bin/python3
"""Regenerates jpeg_roi/: JPEG codings the ROI decode (decode_options::region_decode) must decode as the
whole-image path does, from a CC0 photograph in tests/data/samples, at odd sizes so that no side is a
multiple of an iMCU: 4:2:0, 4:2:2, 4:4:4 and gray (Pillow 9.4), progressive 4:2:0 and 4:4:4 (Pillow),
restart intervals (OpenCV 4.6, every 3 MCUs). The tests compare the two decode paths of imgframe
itself, so there is no expected.tsv. Run: /usr/bin/python3 tests/data/formats/make_roi_jpegs.py"""
import os

import cv2
from PIL import Image

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "jpeg_roi")
os.makedirs(out, exist_ok=True)
photo = Image.open(os.path.join(here, "..", "samples", "coffee.png")).convert("RGB").crop((103, 55, 394, 252))  # 291x197
photo.save(os.path.join(out, "s420.jpg"), quality=90, subsampling=2)
photo.save(os.path.join(out, "s422.jpg"), quality=90, subsampling=1)
photo.save(os.path.join(out, "s444.jpg"), quality=90, subsampling=0)
photo.convert("L").save(os.path.join(out, "gray.jpg"), quality=90)
photo.save(os.path.join(out, "progressive420.jpg"), quality=90, subsampling=2, progressive=True)
photo.save(os.path.join(out, "progressive444.jpg"), quality=90, subsampling=0, progressive=True)
bgr = cv2.cvtColor(__import__("numpy").asarray(photo), cv2.COLOR_RGB2BGR)
ok, data = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 90, cv2.IMWRITE_JPEG_RST_INTERVAL, 3])
assert ok
with open(os.path.join(out, "restart420.jpg"), "wb") as f:
    f.write(data.tobytes())
