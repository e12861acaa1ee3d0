#!/usr/bin/env bash
# Regenerates the WBMP test files in wbmp/ from tests/data/samples/camera.png (CC0) with Debian's
# ImageMagick 6.9 (/usr/bin/convert); expected.tsv is what tools/java/SparkDecode.java gives on
# OpenJDK 17 for them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
out=wbmp
mkdir -p "$out"
cam=../samples/camera.png
/usr/bin/convert "$cam[512x512+180+120]" -resize 61x41! -colorspace gray -threshold 50% wbmp:"$out/camera_61x41.wbmp"
/usr/bin/convert "$cam" -resize 1023x767! -threshold 50% wbmp:"$out/largest_spark_reads_1023x767.wbmp"
/usr/bin/convert "$cam" -resize 1030x20! -threshold 50% wbmp:"$out/too_wide_for_spark_1030x20.wbmp"
# Bytes after the rows are ignored; rows missing are an error (EOFException in the JDK).
cp "$out/camera_61x41.wbmp" "$out/trailing_bytes.wbmp" && printf 'xyz' >>"$out/trailing_bytes.wbmp"
head -c 200 "$out/camera_61x41.wbmp" >"$out/truncated.wbmp"
