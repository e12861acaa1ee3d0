#!/usr/bin/env python3
"""`imgframe transform --dump` against OpenCV: image stages (resize + flip, crop + BGR2GRAY) and the
ImageFeaturizer tensor config, on the sample PNGs; on the sample JPEGs, --shrink-on-load's ROI decode
(resize short side -> centercrop) equals the centre of the whole resize at the same DCT scale. Every .npy loads in numpy with the TSV's shape,
dtype and sha256. Usage: check_transform.py IMGFRAME_TOOL SAMPLES_DIR WORKDIR.
Exits 77 (CTest skip) without numpy or cv2."""
import hashlib
import json
import os
import shutil
import subprocess
import sys

try:
    import cv2
    import numpy as np
except ImportError as e:  # pragma: no cover
    print(f"skipped: {e}")
    sys.exit(77)

tool, samples, work = sys.argv[1:4]
HEADER = ["origin", "height", "width", "nChannels", "mode", "bytes", "sha256", "error", "shape", "dtype"]


def transform(stages, name, extra=(), glob="*.png", at_least=4):
    dump = os.path.join(work, name)
    shutil.rmtree(dump, ignore_errors=True)
    spec = os.path.join(work, name + ".json")
    with open(spec, "w") as f:
        json.dump(stages, f)
    out = subprocess.run([tool, "transform", samples, "--glob", glob, "--stages", "@" + spec, "--format", "tsv",
                          "--dump", dump, "--threads", "2", *extra], check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    assert lines[0].split("\t") == HEADER, lines[0]
    rows = []
    for i, line in enumerate(lines[1:]):
        cells = dict(zip(HEADER, line.split("\t")))
        if cells["error"]:
            assert not os.path.exists(os.path.join(dump, f"{i:06d}.npy")), cells
            rows.append((cells["origin"][len("file:"):], cells["error"]))
            continue
        a = np.load(os.path.join(dump, f"{i:06d}.npy"))
        assert "x".join(map(str, a.shape)) == cells["shape"], (cells, a.shape)
        assert str(a.dtype) == cells["dtype"], (cells, a.dtype)
        assert hashlib.sha256(a.tobytes()).hexdigest() == cells["sha256"]
        rows.append((cells["origin"][len("file:"):], a))
    assert len(rows) >= at_least, rows
    return rows


# resize (INTER_LINEAR, within +-1) then flip left-right (exact on the resized pixels)
differ = total = 0
for path, a in transform([{"action": "resize", "height": 48, "width": 64}, {"action": "flip", "flipCode": 1}], "resize_flip"):
    ref = cv2.flip(cv2.resize(cv2.imread(path, cv2.IMREAD_UNCHANGED), (64, 48)), 1)
    ref = ref.reshape(48, 64, -1)
    assert a.shape == ref.shape and a.dtype == np.uint8, (path, a.shape, ref.shape)
    d = np.abs(a.astype(int) - ref.astype(int))
    assert d.max() <= 1, (path, d.max())
    differ += int((d > 0).sum())
    total += d.size
print(f"resize 64x48 + flip: {differ} of {total} values differ from cv2 by 1 ({100.0 * differ / total:.3f}%)")

# crop then BGR2GRAY, exact (colour images only; gray ones keep their channel through the crop)
checked = 0
for path, a in transform({"stages": [{"action": "crop", "x": 10, "y": 20, "height": 100, "width": 120}]}, "crop"):
    ref = cv2.imread(path, cv2.IMREAD_UNCHANGED)[20:120, 10:130]
    assert np.array_equal(a, ref.reshape(100, 120, -1)), path
failed = 0
for path, a in transform([{"action": "colorformat", "format": 6}], "gray", ["--keep-going"]):
    ref = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if ref.ndim == 2:  # BGR2GRAY on a gray image: cvtColor refuses it, so does the stage
        assert a == "transform: stage 0 (colorformat): code 6 (COLOR_BGR2GRAY) needs a 3- or 4-channel image " \
                    "(got a CV_8UC1 image)", a
        failed += 1
    elif ref.shape[2] == 3:
        assert np.array_equal(a[:, :, 0], cv2.cvtColor(ref, cv2.COLOR_BGR2GRAY)), path
        checked += 1
assert checked >= 2 and failed >= 1
print(f"crop exact; BGR2GRAY exact on {checked} colour images, refused on {failed} gray ones")

# the ImageFeaturizer tensor: resize 224 -> centercrop -> ImageNet mean/std, RGB, float32, C x H x W
mean = np.array([0.485, 0.456, 0.406]).reshape(3, 1, 1)
std = np.array([0.229, 0.224, 0.225]).reshape(3, 1, 1)
config = {"stages": [{"action": "resize", "height": 224, "width": 224},
                     {"action": "centercrop", "height": 224, "width": 224}],
          "toTensor": True, "normalizeMean": mean.ravel().tolist(), "normalizeStd": std.ravel().tolist(),
          "colorScaleFactor": 1 / 255, "tensorChannelOrder": "rgb", "tensorElementType": "float",
          "autoConvertToColor": True}
worst = 0.0
for path, t in transform(config, "featurizer"):
    img = cv2.resize(cv2.imread(path, cv2.IMREAD_UNCHANGED), (224, 224))
    code = {2: cv2.COLOR_GRAY2RGB, 3: cv2.COLOR_BGR2RGB}.get(img.ndim if img.ndim == 2 else img.shape[2], cv2.COLOR_BGRA2RGB)
    rgb = cv2.cvtColor(img, code).transpose(2, 0, 1).astype(np.float64)
    ref = ((rgb * (1 / 255) - mean) / std).astype(np.float32)
    assert t.dtype == np.float32 and t.shape == (3, 224, 224), (path, t.dtype, t.shape)
    w = float(np.abs(t.astype(np.float64) - ref).max())
    worst = max(worst, w)
    assert w <= 1 / 255 / 0.224 + 1e-6, (path, w)  # one INTER_LINEAR byte off by one at most
    assert (t == ref).mean() > 0.99, (path, (t == ref).mean())
print(f"featurizer tensors: worst difference to cv2 + formula {worst:.6f} (one 8-bit step = {1 / 255 / 0.224:.6f})")

# --shrink-on-load, resize short side 256 -> centercrop 224: only the part of each JPEG the crop reads
# is decoded, and resized at the whole image's sampling positions: exactly the centre of the resize of
# the whole image decoded at the same scale (a leading resize alone shrinks to the same scale).
short256 = {"action": "resize", "size": 256, "keepAspectRatio": True}
roi = transform([short256, {"action": "centercrop", "height": 224, "width": 224}], "roi", ["--shrink-on-load"],
                "*.jpg", 3)
whole = dict(transform([short256], "roi_whole", ["--shrink-on-load"], "*.jpg", 3))
for path, a in roi:
    b = whole[path]
    y, x = b.shape[0] // 2 - 112, b.shape[1] // 2 - 112
    assert a.shape == (224, 224, 3) and np.array_equal(a, b[y:y + 224, x:x + 224]), path
print(f"shrink-on-load resize -> centercrop: {len(roi)} JPEGs equal the centre of the whole resize at the same scale")
