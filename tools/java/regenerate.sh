#!/bin/sh
# Regenerates the committed Java reference vectors (needs a JDK; CI does not run this).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
javac -d "$out" "$here/JavaRandomVectors.java"
java -cp "$out" JavaRandomVectors > "$here/../../tests/data/java_random_vectors.tsv"
rm -rf "$out"
echo "wrote tests/data/java_random_vectors.tsv"
