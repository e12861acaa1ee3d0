#pragma once
// Each subcommand of the imgframe tool registers itself on the app; main() only wires them.
#include <CLI/CLI.hpp>

namespace imgframe::cli {
void add_read_command(CLI::App& app);
void add_transform_command(CLI::App& app);
void add_preview_command(CLI::App& app);
}  // namespace imgframe::cli
