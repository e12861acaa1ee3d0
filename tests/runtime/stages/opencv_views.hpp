#pragma once
// Test helpers: photos decoded by OpenCV itself (independent of imgframe's io), cv::Mat <-> views,
// and exact comparisons.
#include <imgframe/core.hpp>

#include <cstdint>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

namespace testing_cv {

inline std::string sample(const std::string& name) { return std::string(IMGFRAME_TEST_DATA) + "/samples/" + name; }

inline cv::Mat read(const std::string& name, int flags = cv::IMREAD_UNCHANGED) {
  cv::Mat m = cv::imread(sample(name), flags);
  if (m.empty()) throw std::runtime_error("cannot read sample " + name);
  return m;
}

template <class T> constexpr int cv_depth() {
  if constexpr (std::is_same_v<T, std::uint8_t>) return CV_8U;
  else if constexpr (std::is_same_v<T, std::uint16_t>) return CV_16U;
  else if constexpr (std::is_same_v<T, float>) return CV_32F;
  else return CV_64F;
}

// A read-only view on a Mat's pixels, named with Order.
template <class Order, class T = std::uint8_t>
imgframe::view_of<const T, Order> view(const cv::Mat& m) {
  if (m.channels() != Order::channels || m.depth() != cv_depth<T>()) throw std::runtime_error("Mat type mismatch");
  return imgframe::view_of<const T, Order>(reinterpret_cast<const T*>(m.data), m.cols, m.rows,
                                           static_cast<std::ptrdiff_t>(m.step));
}

// A Mat header on any forward-row view (copies only when pixels run backwards).
template <imgframe::ImageView V>
cv::Mat to_mat(const V& v) {
  using T = typename V::value_type;
  cv::Mat out(v.height(), v.width(), CV_MAKETYPE(cv_depth<T>(), V::channels));
  for (int y = 0; y < v.height(); ++y)
    for (int x = 0; x < v.width(); ++x)
      for (int c = 0; c < V::channels; ++c) out.ptr<T>(y)[x * V::channels + c] = v.at(x, y, c);
  return out;
}

// Number of differing values (all channels), or -1 when the shapes differ.
inline long long count_differences(const cv::Mat& a, const cv::Mat& b, double tolerance = 0.0) {
  if (a.size() != b.size() || a.type() != b.type()) return -1;
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  cv::Mat flat = diff.reshape(1);
  cv::Mat bad = flat > tolerance;
  return cv::countNonZero(bad);
}

}  // namespace testing_cv
