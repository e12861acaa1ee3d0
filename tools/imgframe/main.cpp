// imgframe: read folders of images into Spark image rows and transform them, from the shell.
#include <malloc.h>

#include <CLI/CLI.hpp>

#include <imgframe/version.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  // Decoded rows are megabytes: with glibc's defaults, the main thread's frees trim them back to the
  // kernel and the next decode faults every page in again (a quarter of the CPU of a one-thread
  // read, measured with perf stat; see README "Benchmarks"). Fixed thresholds keep them in the heap.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  CLI::App app{"imgframe: read images into Apache Spark image-schema rows and model-ready tensors"};
  app.set_version_flag("--version", std::string("imgframe ") + imgframe::version_string);
  app.require_subcommand(1);
  imgframe::cli::add_read_command(app);
  imgframe::cli::add_transform_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
