#!/usr/bin/env bash
# package.add_subdirectory: a consumer project adds the imgframe source tree with add_subdirectory.
source "$(dirname "$0")/common.sh"
bin="$IMGFRAME_PACKAGE_WORK/add_subdirectory"
fresh "$bin"
build_cmake_consumer "$here/add_subdirectory" "$bin" "-DIMGFRAME_SOURCE_DIR=$IMGFRAME_SOURCE_DIR"
check_consumer_output "$bin/consumer"
echo "OK: add_subdirectory"
