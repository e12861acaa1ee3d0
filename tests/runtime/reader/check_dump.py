#!/usr/bin/env python3
"""`imgframe read --dump`: every .npy loads in numpy with shape (h, w, c), uint8, and equals
cv2.imread(IMREAD_UNCHANGED) for 8-bit PNGs; its bytes hash to the TSV's sha256 column.
Usage: check_dump.py IMGFRAME_TOOL FOLDER WORKDIR. Exits 77 (CTest skip) without numpy or cv2."""
import hashlib
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

tool, folder, work = sys.argv[1:4]
dump = os.path.join(work, "dump")
shutil.rmtree(dump, ignore_errors=True)
out = subprocess.run([tool, "read", folder, "--recursive", "--format", "tsv", "--dump", dump, "--threads", "2"],
                     check=True, capture_output=True, text=True).stdout.splitlines()
assert out[0].split("\t") == ["origin", "height", "width", "nChannels", "mode", "bytes", "sha256", "error"], out[0]
rows = [line.split("\t") for line in out[1:]]
checked_png = valid = 0
for i, (origin, h, w, c, mode, nbytes, sha, err) in enumerate(rows):
    npy = os.path.join(dump, f"{i:06d}.npy")
    if sha == "-":
        assert err and not os.path.exists(npy), (origin, err)
        continue
    valid += 1
    a = np.load(npy)
    assert a.dtype == np.uint8 and a.shape == (int(h), int(w), int(c)), (origin, a.shape, a.dtype)
    assert a.nbytes == int(nbytes)
    assert hashlib.sha256(a.tobytes()).hexdigest() == sha, origin
    path = origin[len("file:"):]
    if path.lower().endswith(".png"):
        ref = cv2.imread(path, cv2.IMREAD_UNCHANGED)
        if ref is not None and ref.dtype == np.uint8 and ref.ndim in (2, 3):
            ref = ref.reshape(ref.shape[0], ref.shape[1], -1)
            if ref.shape == a.shape:  # Spark's channel rules differ from OpenCV for a few kinds of PNG
                assert np.array_equal(ref, a), origin
                checked_png += 1
assert len(os.listdir(dump)) == valid
assert valid > 0 and checked_png > 0, (valid, checked_png)
print(f"{len(rows)} rows, {valid} .npy files, {checked_png} PNGs equal to cv2.imread")
