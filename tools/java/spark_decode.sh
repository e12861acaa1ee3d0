#!/usr/bin/env bash
# Spark's rows (OpenJDK ImageIO + ImageSchema.decode) for every file under a folder, as
# tests/data/corpus/jdk17_rows.tsv holds them: tools/java/spark_decode.sh tests/data/corpus > rows.tsv
# Needs a JDK (openjdk-17-jdk-headless); the tests only read the committed output.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -d "$out" "$here/SparkDecode.java"
cd "$1"
find . -type f ! -name '*.tsv' ! -name '*.txt' | sed 's|^\./||' | LC_ALL=C sort | xargs java -cp "$out" SparkDecode
