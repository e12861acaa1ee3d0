// imgframe: read folders of images into Spark image rows and transform them, from the shell.
#include <CLI/CLI.hpp>

#include <imgframe/version.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"imgframe: read images into Apache Spark image-schema rows and model-ready tensors"};
  app.set_version_flag("--version", std::string("imgframe ") + imgframe::version_string);
  app.require_subcommand(1);
  imgframe::cli::add_read_command(app);
  imgframe::cli::add_transform_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
