#!/usr/bin/env bash
# Regenerates the TIFF test files in tiff/ from tests/data/samples (CC0 photographs, see
# samples/LICENSES.txt) with Debian's ImageMagick 6.9 (/usr/bin/convert) and Pillow 9.4
# (/usr/bin/python3). The bytes depend on those versions; the expected rows do not (they are what
# tools/java/SparkDecode.java gives on OpenJDK 17 for the committed files: tiff/expected.tsv).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
samples=../samples
out=tiff
mkdir -p "$out"
im() { /usr/bin/convert "$@"; }
rgb="$samples/chelsea.png[451x300+120+60]"
gray="$samples/camera.png[512x512+180+120]"
small=(-resize 61x41! -strip)

# Colour, 8-bit: every compression, strips and tiles, both byte orders, planar.
im "$rgb" "${small[@]}" -compress none           "$out/rgb8_none.tif"
im "$rgb" "${small[@]}" -compress lzw            "$out/rgb8_lzw.tif"
im "$rgb" "${small[@]}" -compress lzw -define tiff:predictor=2 "$out/rgb8_lzw_pred2.tif"
im "$rgb" "${small[@]}" -compress zip            "$out/rgb8_deflate.tif"
im "$rgb" "${small[@]}" -compress rle            "$out/rgb8_packbits.tif"
im "$rgb" "${small[@]}" -compress jpeg -quality 90 "$out/rgb8_jpeg_ycbcr.tif"
im "$rgb" "${small[@]}" -compress jpeg -quality 90 -define tiff:photometric=rgb "$out/rgb8_jpeg_rgb.tif"
im "$rgb" "${small[@]}" -compress lzw -define tiff:tile-geometry=16x16 "$out/rgb8_tiled_lzw.tif"
im "$rgb" "${small[@]}" -compress zip -endian MSB "$out/rgb8_bigendian_deflate.tif"
im "$rgb" "${small[@]}" -compress none -interlace plane "$out/rgb8_planar.tif"
# Colour, 16-bit (scaled to 8 bits like 16-bit PNG).
im "$rgb" "${small[@]}" -evaluate pow 0.93 -depth 16 -compress none "$out/rgb16_none.tif"
im "$rgb" "${small[@]}" -evaluate pow 0.93 -depth 16 -compress zip -define tiff:predictor=1 -define tiff:tile-geometry=16x16 "$out/rgb16_tiled_deflate.tif"
im "$rgb" "${small[@]}" -evaluate pow 0.93 -depth 16 -compress lzw -define tiff:predictor=2 "$out/rgb16_lzw_pred2.tif"
# Alpha: unassociated and associated (premultiplied).
im "$rgb" "${small[@]}" \( +clone -fx 'i/w' \) -compose copy_opacity -composite -compress lzw "$out/rgba8_unassoc.tif"
im "$rgb" "${small[@]}" \( +clone -fx 'i/w' \) -compose copy_opacity -composite -compress lzw -define tiff:alpha=associated "$out/rgba8_assoc.tif"
im "$rgb" "${small[@]}" \( +clone -fx 'j/h' \) -compose copy_opacity -composite -evaluate pow 0.93 -depth 16 -compress zip -define tiff:predictor=1 "$out/rgba16_unassoc.tif"
# Gray.
im "$gray" "${small[@]}" -colorspace gray -compress none "$out/gray8_none.tif"
im "$gray" "${small[@]}" -colorspace gray -compress lzw -define tiff:tile-geometry=16x16 "$out/gray8_tiled_lzw.tif"
im "$gray" "${small[@]}" -colorspace gray -compress jpeg -quality 90 "$out/gray8_jpeg.tif"
im "$gray" "${small[@]}" -colorspace gray -evaluate pow 0.93 -depth 16 -compress none "$out/gray16_none.tif"
im "$gray" "${small[@]}" -colorspace gray -evaluate pow 0.93 -depth 16 -compress zip -define tiff:predictor=1 -endian MSB "$out/gray16_bigendian_deflate.tif"
im "$gray" "${small[@]}" -colorspace gray -depth 4 -compress none "$out/gray4_none.tif"
im "$gray" "${small[@]}" -colorspace gray -depth 2 -compress rle "$out/gray2_packbits.tif"
im "$gray" "${small[@]}" -colorspace gray -define quantum:polarity=min-is-white -compress none "$out/gray8_miniswhite.tif"
im "$gray" "${small[@]}" -colorspace gray \( +clone -fx 'i/w' \) -compose copy_opacity -composite -compress lzw "$out/graya8.tif"
# Bilevel and palette (JDK 17: 3 channels).
im "$gray" "${small[@]}" -colorspace gray -threshold 50% -type bilevel -depth 1 -compress none "$out/bilevel_none.tif"
im "$gray" "${small[@]}" -colorspace gray -threshold 50% -type bilevel -compress group4 "$out/bilevel_g4.tif"
im "$gray" "${small[@]}" -colorspace gray -threshold 50% -type bilevel -compress fax "$out/bilevel_g3.tif"
im "$rgb" "${small[@]}" +dither -colors 200 -type palette -compress lzw "$out/palette8_lzw.tif"
im "$rgb" "${small[@]}" +dither -colors 16 -type palette -depth 4 -compress none "$out/palette4_none.tif"
# First page only.
im "$rgb" "${small[@]}" -compress lzw \( "$gray" "${small[@]}" -colorspace gray \) "$out/multipage_rgb_gray.tif"
# Converted by the JDK's colour profiles: measured, not byte-exact.
im "$rgb" "${small[@]}" -colorspace cmyk -compress lzw "$out/cmyk8_lzw.tif"
# ICC profiles (the JDK converts every pixel through them to sRGB): the profiles of
# make_icc_profiles.cpp, applied and embedded by LittleCMS's tificc (liblcms2-utils). Not byte-exact
# (lcms2's sRGB is not the JDK's): in tiff_icc/ with the JDK's rows, compared within a tolerance.
icc_out=tiff_icc
mkdir -p "$icc_out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
g++ make_icc_profiles.cpp -llcms2 -o "$tmp/mkicc"
"$tmp/mkicc" "$tmp"
tificc -o"$tmp/adobe_rgb.icc" -e "$out/rgb8_none.tif" "$icc_out/adobe_rgb8.tif" >/dev/null 2>&1
tificc -o"$tmp/prophoto.icc" -e -w16 "$out/rgb8_none.tif" "$icc_out/prophoto16.tif" >/dev/null 2>&1
tificc -o"$tmp/cmyk_simple.icc" -e "$out/rgb8_none.tif" "$icc_out/cmyk_icc8.tif" >/dev/null 2>&1
