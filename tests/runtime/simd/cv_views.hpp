#pragma once
// Test helpers: OpenCV Mats as imgframe views (zero copy) and value-by-value comparison.
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <imgframe/core/image.hpp>
#include <imgframe/core/image_view.hpp>

namespace imgframe::test {

template <class T> constexpr int cv_depth() { return std::is_same_v<T, float> ? CV_32F : CV_8U; }

template <class T, int C> using order_for = spark_order_t<C>;

template <class T, int C>
image_view<const T, C, order_for<T, C>> cview_of(const cv::Mat& m) {
  if (m.type() != CV_MAKETYPE(cv_depth<T>(), C)) throw std::logic_error("cview_of: Mat type mismatch");
  return image_view<const T, C, order_for<T, C>>(m.ptr<T>(), m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step));
}

template <class T, int C>
image_view<T, C, order_for<T, C>> view_of(cv::Mat& m) {
  if (m.type() != CV_MAKETYPE(cv_depth<T>(), C)) throw std::logic_error("view_of: Mat type mismatch");
  return image_view<T, C, order_for<T, C>>(m.ptr<T>(), m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step));
}

// A photo from tests/data/samples with C channels (BGR order; gray or BGRA converted by OpenCV).
cv::Mat load_sample(const std::string& name, int channels, bool as_float = false);

struct diff_stats {
  double max_abs = 0;
  std::size_t differing = 0;
  std::size_t total = 0;
  double fraction() const { return total ? static_cast<double>(differing) / static_cast<double>(total) : 0.0; }
};

// Compares two Mats of equal type and size element by element.
diff_stats compare(const cv::Mat& a, const cv::Mat& b, double tolerance_counted_as_equal = 0.0);

}  // namespace imgframe::test
