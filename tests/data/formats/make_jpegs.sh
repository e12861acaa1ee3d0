#!/usr/bin/env bash
# Regenerates the ICC / CMYK JPEG test files in jpeg_icc/ from tests/data/samples/chelsea.png and
# camera.png (CC0) with Debian tools: ImageMagick 6.9 (/usr/bin/convert), LittleCMS's jpgicc
# (liblcms2-utils), exiftool (libimage-exiftool-perl), the sRGB profile of icc-profiles-free, and
# the profiles make_icc_profiles.cpp builds with liblcms2-dev. expected.tsv and the *.jdk.bin rows
# are what tools/java/SparkDecode.java gives on OpenJDK 17 (java -cp ... SparkDecode --dump).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
out=jpeg_icc
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
g++ make_icc_profiles.cpp -llcms2 -o "$tmp/mkicc"
"$tmp/mkicc" "$tmp"
/usr/bin/convert "../samples/chelsea.png[451x300+120+60]" -resize 97x67! -strip -quality 92 "$out/srgb_plain.jpg"
cp "$out/srgb_plain.jpg" "$out/srgb_embedded.jpg"
exiftool -q -overwrite_original '-icc_profile<=/usr/share/color/icc/sRGB.icc' "$out/srgb_embedded.jpg"
# Converted from sRGB into each space, profile embedded (-e): the JDK converts them back to sRGB.
for p in adobe_rgb display_p3 prophoto; do
  jpgicc -o"$tmp/$p.icc" -e -q92 "$out/srgb_plain.jpg" "$out/$p.jpg" >/dev/null 2>&1
done
# CMYK (Adobe APP14, YCCK): with an embedded output-class profile (the JDK's LittleCMS path) and
# without one (ImageMagick's CMYK: the JDK's SimpleCMYKColorSpace formula).
jpgicc -o"$tmp/cmyk_simple.icc" -e -q92 "$out/srgb_plain.jpg" "$out/cmyk_icc.jpg" >/dev/null 2>&1
/usr/bin/convert "$out/srgb_plain.jpg" -colorspace CMYK -quality 92 "$out/cmyk_noicc.jpg"
# Gray JPEG with a gray profile: the JDK keeps the raw samples.
/usr/bin/convert "../samples/camera.png[512x512+180+120]" -resize 97x67! -strip -colorspace gray -quality 92 "$out/gray_icc.jpg"
exiftool -q -overwrite_original "-icc_profile<=$tmp/gray_22.icc" "$out/gray_icc.jpg"
