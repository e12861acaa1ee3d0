#!/usr/bin/env bash
# Installs the Debian 12 packages that imgframe's demo and test suite need, if any is missing.
# Checks each with dpkg-query; runs `apt-get update` + `apt-get install` (with sudo when not root)
# only when something is missing, and says so first. Safe to run again: it then does nothing.
#   scripts/deps.sh [PACKAGE...]   also those (scripts/bench.sh passes the benchmark peers' packages)
set -euo pipefail

packages=(
  g++ clang cmake ninja-build meson pkg-config   # compilers and build tools
  libboost-dev libxsimd-dev                      # imgframe's own dependencies (Boost.Hana, xsimd)
  libturbojpeg0-dev                              # Spark-exact JPEG pixels (optional decoder backend)
  libjpeg62-turbo-dev                            # its libjpeg API: ROI decode of shrink-on-load's crop
  libtiff-dev                                    # TIFF as JDK 9+ ImageIO reads it (optional decoder backend)
  liblcms2-dev                                   # ICC and CMYK JPEGs converted as the JDK does (optional decoder backend)
  libwebp-dev                                    # WebP, an extra format Spark cannot read (optional decoder backend)
  libzip-dev                                     # zip archives (optional: IMGFRAME_WITH_LIBZIP)
  catch2 libopencv-dev libcli11-dev nlohmann-json3-dev libssl-dev   # tests and the command-line tool
  python3 python3-numpy python3-opencv           # test.sh helpers; the .npy dump checks against cv2
  libdlpack-dev libdlib-dev                      # DLPack export of batches; the featurize -> classifier example
  libopenmpi-dev openmpi-bin                     # scale-out: imgframe-mpi
  pybind11-dev python3-dev python3-torch python3-torchvision python3-pil   # Python bindings and their tests
  python3-dask python3-distributed               # the Dask recipe's test
  valgrind                                       # memcheck of the decoders over the test corpus
  doxygen                                        # the API reference (docs/Doxyfile) and its test
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != installed ]]; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "deps.sh: all ${#packages[@]} required Debian packages are installed; nothing to do."
  exit 0
fi

sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "deps.sh: missing Debian packages: ${missing[*]}" >&2
    echo "deps.sh: not running as root and sudo is not installed. As root, run:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "deps.sh: installing ${#missing[@]} missing Debian package(s) with ${sudo:+sudo }apt-get: ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
echo "deps.sh: done."
