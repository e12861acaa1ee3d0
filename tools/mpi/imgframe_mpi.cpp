// imgframe-mpi: read and transform one dataset over MPI ranks (OpenMPI), the partition contract at
// work. Every rank lists the same folder (the listing and the file -> partition assignment are a
// pure function of the listing, --partitions and --seed), reads only the partitions it owns
// (p % size == rank), runs the transformer on them, and the counts and per-channel statistics of
// the outputs are reduced to rank 0, which prints them. With --rows FILE rank 0 also writes one
// TSV line per row, gathered from every rank in file order: origin, file index, shape, sha256 of
// the decoded data and of the transformed output -- the same file for any number of ranks.
//
//   mpirun -np 4 imgframe-mpi photos/ -r --stages @prep.json --rows rows.tsv
#include <mpi.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include <CLI/CLI.hpp>

#include <imgframe/erased/image_transformer.hpp>  // dispatch: imgframe_transformer_dispatch
#include <imgframe/io.hpp>
#include <imgframe/json/image_transformer_json.hpp>

#include "read_cli.hpp"
#include "sha256.hpp"

namespace imf = imgframe;

namespace {

constexpr int max_channels = 4;

// What each rank adds up; reduced to rank 0 with MPI_SUM / MPI_MIN / MPI_MAX.
struct totals {
  std::array<long long, 6> counts{};  // files, rows, valid, invalid, transformed, failed transforms
  std::array<double, max_channels> sum{}, sum_sq{};
  std::array<long long, max_channels> n{};
  std::array<double, max_channels> min{}, max{};
  totals() {
    min.fill(std::numeric_limits<double>::infinity());
    max.fill(-std::numeric_limits<double>::infinity());
  }
};

std::string read_stages(const std::string& arg) {
  if (arg.empty() || arg[0] != '@') return arg;
  std::ifstream in(arg.substr(1));
  if (!in) throw std::invalid_argument("cannot read the stages file " + arg.substr(1));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Per-channel values of a transform result: tensor planes, or the channels of an image row.
void add_stats(const imf::transform_result& result, totals& t, std::string& shape, std::string& hash) {
  if (const auto* img = std::get_if<imf::image_row>(&result)) {
    shape = std::to_string(img->height) + "x" + std::to_string(img->width) + "x" + std::to_string(img->n_channels);
    hash = imf::cli::sha256_hex(img->data);
    const int c = std::min(img->n_channels, max_channels);
    for (std::size_t i = 0; i < img->data.size(); ++i) {
      const auto k = static_cast<std::size_t>(static_cast<int>(i % static_cast<std::size_t>(img->n_channels)));
      if (static_cast<int>(k) >= c) continue;
      const double v = img->data[i];
      t.sum[k] += v, t.sum_sq[k] += v * v, ++t.n[k];
      t.min[k] = std::min(t.min[k], v), t.max[k] = std::max(t.max[k], v);
    }
    return;
  }
  const auto& tr = std::get<imf::tensor_row>(result);
  const auto dims = tr.shape();
  shape = std::to_string(dims[0]) + "x" + std::to_string(dims[1]) + "x" + std::to_string(dims[2]);
  std::visit(
      [&](const auto& values) {
        hash = imf::cli::sha256_hex({reinterpret_cast<const std::uint8_t*>(values.data()), values.size() * sizeof(values[0])});
        const std::size_t plane = static_cast<std::size_t>(tr.height) * static_cast<std::size_t>(tr.width);
        for (int c = 0; c < std::min(tr.channels, max_channels); ++c)
          for (std::size_t i = 0; i < plane; ++i) {
            const double v = values[static_cast<std::size_t>(c) * plane + i];
            t.sum[c] += v, t.sum_sq[c] += v * v, ++t.n[c];
            t.min[c] = std::min(t.min[c], v), t.max[c] = std::max(t.max[c], v);
          }
      },
      tr.values);
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  CLI::App app{"Read and transform a folder of images over MPI ranks: rank r reads the partitions p with "
               "p % ranks == r (default: one partition per rank) and rank 0 prints the reduced counts and "
               "per-channel statistics of the transformed outputs. Run it with mpirun -np N."};
  imf::cli::read_cli_args args;
  std::string stages = R"({"stages":[{"action":"resize","size":256,"keepAspectRatio":true},)"
                       R"({"action":"centercrop","height":224,"width":224}],"toTensor":true,)"
                       R"("colorScaleFactor":0.00392156862745098,"autoConvertToColor":true})";
  std::string rows_path;
  imf::cli::add_read_cli_options(&app, args);
  app.add_option("--stages", stages, "The transformer as JSON, inline or @file.json (as `imgframe transform`)")
      ->capture_default_str();
  app.add_option("--rows", rows_path, "Rank 0 writes every row here (TSV: origin, file_index, shape, data_sha256, "
                                      "output_sha256, error), in file order");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = rank == 0 ? app.exit(e) : (e.get_exit_code() == 0 ? 0 : 1);
    MPI_Finalize();
    return code;
  }

  int status = 0;
  try {
    if (args.partitions < 0) args.partitions = size;
    if (args.threads == 0) args.threads = 1;  // one decode thread per rank unless asked: ranks are the parallelism
    const auto start = std::chrono::steady_clock::now();
    const imf::image_transformer transformer = imf::image_transformer::parse(read_stages(stages));
    const imf::dataset ds = imf::read_images(args.paths, imf::cli::make_read_options(args, false));

    totals t;
    std::ostringstream lines;  // this rank's TSV lines, each prefixed by its file index for the merge
    for (std::size_t p = static_cast<std::size_t>(rank); p < ds.num_partitions(); p += static_cast<std::size_t>(size)) {
      imf::reading reading = ds.partition(p);
      for (const imf::dataset_row& row : reading) {
        std::string shape = "-", data_hash = "-", out_hash = "-", error = row.error;
        if (row.ok()) {
          data_hash = imf::cli::sha256_hex(row.row.data);
          try {
            add_stats(transformer.transform(row.row), t, shape, out_hash);
            ++t.counts[4];
          } catch (const std::exception& e) {
            error = e.what();
            ++t.counts[5];
          }
        }
        lines << row.file_index << '\t' << row.row.origin << '\t' << row.file_index << '\t' << shape << '\t'
              << data_hash << '\t' << out_hash << '\t' << error << '\n';
      }
      const imf::read_summary& s = reading.summary();
      t.counts[0] += static_cast<long long>(s.files), t.counts[1] += static_cast<long long>(s.rows);
      t.counts[2] += static_cast<long long>(s.valid), t.counts[3] += static_cast<long long>(s.invalid);
    }

    totals all;
    MPI_Reduce(t.counts.data(), all.counts.data(), 6, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Reduce(t.sum.data(), all.sum.data(), max_channels, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Reduce(t.sum_sq.data(), all.sum_sq.data(), max_channels, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Reduce(t.n.data(), all.n.data(), max_channels, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Reduce(t.min.data(), all.min.data(), max_channels, MPI_DOUBLE, MPI_MIN, 0, MPI_COMM_WORLD);
    MPI_Reduce(t.max.data(), all.max.data(), max_channels, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);

    // The rows' lines, gathered to rank 0 (variable lengths: sizes first).
    const std::string mine = lines.str();
    int my_len = static_cast<int>(mine.size());
    std::vector<int> lens(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
    MPI_Gather(&my_len, 1, MPI_INT, lens.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::string gathered;
    if (rank == 0) {
      int total = 0;
      for (int r = 0; r < size; ++r) offsets[static_cast<std::size_t>(r)] = total, total += lens[static_cast<std::size_t>(r)];
      gathered.resize(static_cast<std::size_t>(total));
    }
    MPI_Gatherv(mine.data(), my_len, MPI_CHAR, gathered.data(), lens.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double slowest = 0;
    MPI_Reduce(&seconds, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);

    if (rank == 0) {
      std::map<std::size_t, std::string> by_index;  // file order
      std::istringstream in(gathered);
      for (std::string line; std::getline(in, line);) {
        const auto tab = line.find('\t');
        by_index[std::stoull(line.substr(0, tab))] = line.substr(tab + 1);
      }
      if (!rows_path.empty()) {
        std::ofstream out(rows_path);
        out << "origin\tfile_index\tshape\tdata_sha256\toutput_sha256\terror\n";
        for (const auto& [i, line] : by_index) out << line << '\n';
        if (!out) throw std::runtime_error("cannot write " + rows_path);
      }
      std::printf("imgframe-mpi: %d ranks, %zu partitions, transform %s\n", size, ds.num_partitions(),
                  transformer.describe().c_str());
      std::printf("files %lld, rows %lld: %lld valid, %lld invalid; %lld transformed, %lld failed\n", all.counts[0],
                  all.counts[1], all.counts[2], all.counts[3], all.counts[4], all.counts[5]);
      for (int c = 0; c < max_channels; ++c) {
        if (all.n[c] == 0) continue;
        const double n = static_cast<double>(all.n[c]), mean = all.sum[c] / n;
        const double var = std::max(0.0, all.sum_sq[c] / n - mean * mean);
        std::printf("channel %d: n %lld, mean %.6f, std %.6f, min %.6f, max %.6f\n", c, all.n[c], mean,
                    std::sqrt(var), all.min[c], all.max[c]);
      }
      std::printf("time %.3f s (slowest rank)\n", slowest);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "imgframe-mpi (rank %d): %s\n", rank, e.what());
    status = 1;
  }
  if (status != 0) MPI_Abort(MPI_COMM_WORLD, status);
  MPI_Finalize();
  return status;
}
