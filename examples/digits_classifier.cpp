// Featurize -> classifier, end to end in C++: OpenCV's sheet of 5,000 handwritten 20x20 digits
// (50 rows x 100 columns; rows 0-4 are zeros, 5-9 ones, ...), cut into samples by imgframe's crop
// stage, featurized by its hog stage (a gradient-histogram feature map: stages/hog.hpp), stacked
// into a batch, and classified by dlib's multiclass linear SVM on a seeded, stratified 80/20 split.
// Prints the test accuracy and the confusion matrix; exits 1 below --min-accuracy.
//
// The featurizer is a stage like any other: the Python bindings show the same rows through a
// pretrained torchvision network instead (python/examples/digits_torchvision.py).
#include <CLI/CLI.hpp>
#include <dlib/svm_threaded.h>

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <imgframe/batch/batch.hpp>
#include <imgframe/imgframe.hpp>
#include <imgframe/io.hpp>
#include <imgframe/io/stb_implementation.hpp>

namespace imf = imgframe;

int main(int argc, char** argv) {
  CLI::App app{"Featurize -> classify OpenCV's digits.png: imgframe crop + hog stages, dlib's linear SVM"};
  std::string path;
  std::uint64_t seed = 42;
  double min_accuracy = 0.97, c = 1000.0;
  app.add_option("sheet", path, "digits.png: 2000x1000 gray, 50 rows x 100 columns of 20x20 digits")->required();
  app.add_option("--seed", seed, "seed of the stratified 80/20 split")->capture_default_str();
  app.add_option("--svm-c", c, "the SVM's C (regularisation: larger fits the training set harder)")->capture_default_str();
  app.add_option("--min-accuracy", min_accuracy, "exit 1 when the test accuracy is below this")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const imf::decode_result sheet_row = imf::read_image(path);
  if (!sheet_row.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), sheet_row.message.c_str());
    return 2;
  }
  constexpr int side = 20, rows = 50, cols = 100;
  const auto sheet = imf::row_as<imf::const_image_view<std::uint8_t, 1>>(sheet_row.row);
  if (sheet.width() != cols * side || sheet.height() != rows * side) {
    std::fprintf(stderr, "%s: expected a %dx%d sheet, got %dx%d\n", path.c_str(), cols * side, rows * side,
                 sheet.width(), sheet.height());
    return 2;
  }

  // 1. Cut and featurize: crop (a zero-copy window) then hog, one pipeline per cell, stacked into a batch.
  constexpr imf::hog featurizer{.cell = 4, .bins = 9, .block = 2, .signed_gradients = true};
  imf::batch features;
  features.start(rows * cols);
  for (int r = 0; r < rows; ++r)
    for (int k = 0; k < cols; ++k) {
      const auto featurize = imf::crop{k * side, r * side, side, side} | featurizer;
      features.push_back(featurize(sheet), r / 5, "digits.png#" + std::to_string(r) + "," + std::to_string(k));
    }
  const std::size_t dims = features.format().elements();
  std::printf("features: %zu samples x %zu (%s per sample)\n", features.size(), dims,
              features.format().describe().c_str());

  // 2. Seeded, stratified 80/20 split: per class, a Fisher-Yates shuffle with mt19937_64 (the same
  //    on every standard library, unlike std::shuffle), 400 to train and 100 to test.
  using sample = dlib::matrix<double, 0, 1>;
  std::vector<sample> train_x, test_x;
  std::vector<unsigned long> train_y, test_y;
  std::mt19937_64 rng(seed);
  for (int digit = 0; digit < 10; ++digit) {
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < features.size(); ++i)
      if (features.labels()[i] == digit) idx.push_back(i);
    for (std::size_t i = idx.size() - 1; i > 0; --i) std::swap(idx[i], idx[rng() % (i + 1)]);
    for (std::size_t j = 0; j < idx.size(); ++j) {
      sample x(static_cast<long>(dims));
      const float* f = features.data<float>() + idx[j] * dims;
      for (std::size_t d = 0; d < dims; ++d) x(static_cast<long>(d)) = f[d];
      (j < idx.size() * 4 / 5 ? train_x : test_x).push_back(x);
      (j < idx.size() * 4 / 5 ? train_y : test_y).push_back(static_cast<unsigned long>(digit));
    }
  }

  // 3. Train dlib's multiclass linear SVM, test on the held-out 20 %.
  dlib::svm_multiclass_linear_trainer<dlib::linear_kernel<sample>, unsigned long> trainer;
  trainer.set_c(c);
  trainer.set_epsilon(0.0001);
  trainer.set_num_threads(2);
  const auto classify = trainer.train(train_x, train_y);
  long confusion[10][10] = {};
  std::size_t correct = 0;
  for (std::size_t i = 0; i < test_x.size(); ++i) {
    const unsigned long predicted = classify(test_x[i]);
    ++confusion[test_y[i]][predicted];
    correct += predicted == test_y[i];
  }
  const double accuracy = static_cast<double>(correct) / static_cast<double>(test_x.size());
  std::printf("train %zu, test %zu (seed %llu), dlib svm_multiclass_linear_trainer C=%g\n", train_x.size(),
              test_x.size(), static_cast<unsigned long long>(seed), c);
  std::printf("test accuracy: %.2f %% (%zu / %zu)\n", 100.0 * accuracy, correct, test_x.size());
  std::printf("confusion matrix (rows: true digit, columns: predicted)\n     ");
  for (int p = 0; p < 10; ++p) std::printf("%5d", p);
  std::printf("\n");
  for (int t = 0; t < 10; ++t) {
    std::printf("%5d", t);
    for (int p = 0; p < 10; ++p) std::printf("%5ld", confusion[t][p]);
    std::printf("\n");
  }
  if (accuracy < min_accuracy) {
    std::fprintf(stderr, "test accuracy %.2f %% is below the required %.2f %%\n", 100 * accuracy, 100 * min_accuracy);
    return 1;
  }
  return 0;
}
