// imgframe: read folders of images into Spark image rows and transform them, from the shell.
#include <CLI/CLI.hpp>

#include <imgframe/version.hpp>

#include "commands.hpp"
#include "read_cli.hpp"

int main(int argc, char** argv) {
  CLI::App app{"imgframe: read images into Apache Spark image-schema rows and model-ready tensors"};
  app.set_version_flag("--version", std::string("imgframe ") + imgframe::version_string);
  app.require_subcommand(1);
  imgframe::cli::add_read_command(app);
  imgframe::cli::add_transform_command(app);
  imgframe::cli::add_preview_command(app);
  app.footer(imgframe::cli::exit_status_help);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {  // a command's own status (1 or 2), its message already printed
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every parser error (unknown option, bad value, missing PATH) is a
    // usage error: 2, whatever CLI11's own code for it.
    return app.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}
