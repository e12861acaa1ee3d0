// `imgframe read`: (filled in by the decode work)
#include "commands.hpp"

namespace imgframe::cli {
void add_read_command(CLI::App& app) { app.add_subcommand("read", "Read image files into Spark image rows"); }
}  // namespace imgframe::cli
