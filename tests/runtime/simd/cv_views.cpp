#include "cv_views.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace imgframe::test {

cv::Mat load_sample(const std::string& name, int channels, bool as_float) {
  const std::string path = std::string(IMGFRAME_TEST_DATA) + "/samples/" + name;
  cv::Mat m = cv::imread(path, cv::IMREAD_COLOR);
  if (m.empty()) throw std::runtime_error("cannot read test sample " + path);
  cv::Mat out;
  if (channels == 1)
    cv::cvtColor(m, out, cv::COLOR_BGR2GRAY);
  else if (channels == 4)
    cv::cvtColor(m, out, cv::COLOR_BGR2BGRA);
  else
    out = m;
  if (channels == 4) {
    // A non-trivial alpha plane so the fourth channel is exercised.
    for (int y = 0; y < out.rows; ++y)
      for (int x = 0; x < out.cols; ++x) out.at<cv::Vec4b>(y, x)[3] = static_cast<uchar>((x * 7 + y * 3) & 255);
  }
  if (as_float) {
    cv::Mat f;
    out.convertTo(f, CV_32F);
    return f;
  }
  return out;
}

diff_stats compare(const cv::Mat& a, const cv::Mat& b, double tol) {
  if (a.size() != b.size() || a.type() != b.type()) throw std::logic_error("compare: size/type mismatch");
  diff_stats s;
  const int n = a.cols * a.channels();
  for (int y = 0; y < a.rows; ++y) {
    for (int x = 0; x < n; ++x) {
      double va, vb;
      if (a.depth() == CV_8U) {
        va = a.ptr<uchar>(y)[x];
        vb = b.ptr<uchar>(y)[x];
      } else {
        va = a.ptr<float>(y)[x];
        vb = b.ptr<float>(y)[x];
      }
      const double d = std::abs(va - vb);
      s.max_abs = std::max(s.max_abs, d);
      if (d > tol) ++s.differing;
      ++s.total;
    }
  }
  return s;
}

}  // namespace imgframe::test
