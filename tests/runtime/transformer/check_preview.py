#!/usr/bin/env python3
"""`imgframe preview`: decodes the contact sheet it writes and checks the layout its --help states
(tile positions, sheet size), the pixels of known inputs before and after the stages (solid colours,
a two-colour image flipped and cropped, gray, a tensor), and the grey tiles with their text
for an invalid row and for a row the stages fail on. Usage: check_preview.py IMGFRAME_TOOL WORKDIR.
Exits 77 (CTest skip) without numpy or cv2."""
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

tool, work = sys.argv[1:3]
shutil.rmtree(work, ignore_errors=True)
images = os.path.join(work, "images")
os.makedirs(images)

TILE, MARGIN, LABEL = 64, 8, 26
BACKDROP, GREY, WHITE = 236, 128, 255
RED, BLUE, GREEN = (0, 0, 255), (255, 0, 0), (0, 255, 0)  # BGR, as cv2 reads the sheet

red = np.zeros((20, 40, 3), np.uint8)
red[:] = RED
split = np.zeros((30, 30, 3), np.uint8)
split[:, :15] = BLUE
split[:, 15:] = GREEN
cv2.imwrite(os.path.join(images, "a_red.png"), red)
cv2.imwrite(os.path.join(images, "b_split.png"), split)
open(os.path.join(images, "c_empty.png"), "wb").close()
cv2.imwrite(os.path.join(images, "d_gray.png"), np.full((30, 30), 200, np.uint8))


def preview(name, *args):
    sheet = os.path.join(work, name + ".png")
    p = subprocess.run([tool, "preview", images, "-o", sheet, "--tile", str(TILE), "--threads", "2", *args],
                       capture_output=True, text=True)
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr)
    rows = {}
    lines = [l for l in p.stdout.splitlines() if l.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    for line in lines[1:]:
        cells = dict(zip(header, (c.strip() for c in line.strip("|").split("|"))))
        rows[os.path.basename(cells["origin"])] = cells
    img = cv2.imread(sheet, cv2.IMREAD_UNCHANGED)
    assert img is not None and img.dtype == np.uint8 and img.ndim == 3 and img.shape[2] == 3, sheet
    return img, rows, p.stdout


def tile_xy(cell, columns):
    return MARGIN + (cell % columns) * (TILE + MARGIN), MARGIN + (cell // columns) * (TILE + LABEL + MARGIN)


def tile(img, xy):
    x, y = xy
    return img[y:y + TILE, x:x + TILE]


def label(img, xy):
    x, y = xy
    return img[y + TILE:y + TILE + LABEL, x:x + TILE]


def check_grey(t, what):
    """A grey tile: grey corners, white text in its top lines, nothing but grey and white."""
    assert (t[-1, -1] == GREY).all() and (t[-1, 0] == GREY).all(), what
    assert ((t == WHITE).all(axis=2)[:24].sum()) > 30, f"{what}: no text in the grey tile"
    assert np.isin(t, (GREY, WHITE)).all(), what


def check_label(img, xy, what):
    lab = label(img, xy)
    assert ((lab == 0).all(axis=2)).sum() > 20, f"{what}: no text under the tile"
    assert np.isin(lab, (0, WHITE)).all(), what


# --- with stages: flip left-right, then crop 25x25 at the origin (fails on the 40x20 red image)
stages = '[{"action":"flip","flipCode":1},{"action":"crop","x":0,"y":0,"height":25,"width":25}]'
img, rows, out = preview("stages", "--stages", stages)
order = sorted(rows)
assert order == ["a_red.png", "b_split.png", "c_empty.png", "d_gray.png"], order
columns = 4 * 2  # --columns 4 rows per line, two tiles each
assert img.shape == (MARGIN + TILE + LABEL + MARGIN, MARGIN + columns * (TILE + MARGIN), 3), img.shape
where = {}
for i, name in enumerate(order):  # the table gives the before tile's x,y; the after tile is the next cell
    where[name] = (tile_xy(2 * i, columns), tile_xy(2 * i + 1, columns))
    assert rows[name]["tile x,y"] == "%d,%d" % where[name][0], (name, rows[name])
assert (img[:MARGIN] == WHITE).all() and (img[:, :MARGIN] == WHITE).all(), "margins"

# a_red: 40x20 -> a 64x32 thumbnail, centred vertically on the backdrop
before, after = where["a_red.png"]
t = tile(img, before)
assert (t[16:48] == RED).all(axis=2).all(), "red thumbnail"
assert (t[:16] == BACKDROP).all() and (t[48:] == BACKDROP).all(), "backdrop above and below"
assert (img[before[1]:before[1] + TILE, before[0] + TILE:before[0] + TILE + MARGIN] == WHITE).all(), "gap"
assert rows["a_red.png"]["before"] == "20x40x3 uint8", rows["a_red.png"]
check_label(img, before, "a_red before")
check_grey(tile(img, after), "a_red after (crop outside)")
check_label(img, after, "a_red after")
assert rows["a_red.png"]["error"].startswith("transform: stage 1 (crop): rectangle x=0 y=0 width=25 height=25 "
                                             "is outside the 40x20 image"), rows["a_red.png"]

# b_split: blue | green, flipped to green | blue, cropped to 25 wide: green x < 15, blue after;
# 30 -> 64 and 25 -> 64 wide thumbnails fill the tile
before, after = where["b_split.png"]
t = tile(img, before)
assert (t[:, :28] == BLUE).all() and (t[:, 36:] == GREEN).all(), "b_split before"
t = tile(img, after)
assert (t[:, :36] == GREEN).all() and (t[:, 42:] == BLUE).all(), "b_split after flip + crop"
assert rows["b_split.png"]["after"] == "25x25x3 uint8", rows["b_split.png"]

# c_empty: invalid, a grey tile with the reason before, passed through after
before, after = where["c_empty.png"]
check_grey(tile(img, before), "c_empty before")
check_grey(tile(img, after), "c_empty after")
check_label(img, before, "c_empty label")
assert rows["c_empty.png"]["error"] == "empty_file: file is empty (0 bytes)", rows["c_empty.png"]

# d_gray: gray 200 is shown on all three channels, before and after
for xy in where["d_gray.png"]:
    assert (tile(img, xy)[20:40, 20:40] == 200).all(), "gray"
assert rows["d_gray.png"]["before"] == "30x30x1 uint8", rows["d_gray.png"]
assert "preview flip(1) -> crop(" in out and "4 of 4 rows, 1 failed in the stages" in out, out

# --- no stages: one tile per row; a tensor: planes stretched from min..max
img, rows, out = preview("plain", "--columns", "2")
assert img.shape == (MARGIN + 2 * (TILE + LABEL + MARGIN), MARGIN + 2 * (TILE + MARGIN), 3), img.shape
assert rows["d_gray.png"]["tile x,y"] == "%d,%d" % tile_xy(3, 2) and "after" not in rows["d_gray.png"]
assert (tile(img, tile_xy(0, 2))[16:48] == RED).all(axis=2).all()
img, rows, out = preview("tensor", "--glob", "a_*", "--stages", '{"stages":[],"toTensor":true,"colorScaleFactor":0.0039215686}')
assert rows["a_red.png"]["after"] == "tensor 3x20x40 float32", rows
assert (tile(img, tile_xy(1, 8))[16:48] == RED).all(axis=2).all(), "tensor R=1, G=B=0 shown red"

# --- usage errors: exit status 2 with a message
p = subprocess.run([tool, "preview", images, "-o", os.path.join(work, "x.png"), "--stages", '[{"action":"foo"}]'],
                   capture_output=True, text=True)
assert p.returncode == 2 and "imgframe preview: unsupported transformation 'foo'" in p.stderr, p
p = subprocess.run([tool, "preview", images, "-o", os.path.join(work, "x.png"), "--tile", "1024", "--max-images", "5000"],
                   capture_output=True, text=True)
assert p.returncode == 2 and "over the 512 MiB limit" in p.stderr, p
p = subprocess.run([tool, "preview", images, "-o", os.path.join(work, "no-such-dir", "x.png")], capture_output=True, text=True)
assert p.returncode == 1 and "cannot write the file" in p.stderr, p
print("contact sheet: layout, pixels before/after, grey tiles and errors as documented")
