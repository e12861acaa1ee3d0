#pragma once
// SynapseML's gaussianKernel stage: k = cv::getGaussianKernel(aperture, sigma) (an aperture x 1
// column), then cv::filter2D(src, dst, -1, k). That is a vertical-only 1-D blur: anchor at
// (0, aperture/2) (off-centre for even apertures), BORDER_REFLECT_101, taps applied top to
// bottom in float (filter2D converts the kernel to float and skips zero taps), saturate-cast.
// OpenCV 4.6 runs this loop with fused multiply-adds on CPUs with FMA (its filter code is
// dispatched per CPU) and with separate multiplies and adds elsewhere. On x86 (runtime dispatch,
// simd/x86) the u8 path does the same: the dispatched loop reads the 8-bit rows directly and fuses
// from AVX2 on, so it matches OpenCV on any CPU (IMGFRAME_SIMD=sse2 gives the unfused results).
// Elsewhere, and for f32, the build decides: compiled for an architecture with fused multiply-add
// (e.g. -mfma, -march=haswell) both paths fuse and match OpenCV on such CPUs exactly; otherwise
// both round each product, like OpenCV on CPUs without FMA (measured on an FMA CPU: 0.0004% to 4%
// of 8-bit values then differ by 1, most for short apertures). The scalar reference fuses or not
// as the vector path it is tested against.
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "../../core/concepts.hpp"
#include "../arch.hpp"
#include "../loop.hpp"
#include "../x86/rows.hpp"
#include "gaussian_kernel.hpp"
#include "support.hpp"

namespace imgframe::kernels {

namespace detail {

template <bool Fused>
inline float multiply_add(float a, float b, float c) noexcept {
  if constexpr (Fused) {
    return std::fma(a, b, c);
  } else {
    return uncontracted(a * b) + c;
  }
}

// acc[e] = k * x[e] + acc[e], fused or not (see the header comment), over a whole row.
template <bool Fused, class Arch>
void tap_row(Arch arch, float* acc, float k, const float* x, std::size_t n) {
  simd::for_each_batch_of<float>(
      arch, n,
      [&](std::size_t e) {
        if constexpr (simd::vectorize<float, Arch>) {
          using B = simd::batch<float, Arch>;
          if constexpr (Fused)
            simd::store(acc + e, simd::fma(B(k), simd::load<Arch>(x + e), simd::load<Arch>(acc + e)));
          else
            simd::store(acc + e, simd::load<Arch>(acc + e) + B(k) * simd::load<Arch>(x + e));
        }
      },
      [&](std::size_t e) { acc[e] = multiply_add<Fused>(k, x[e], acc[e]); });
}

template <class Arch, class T>
void vertical_taps(Arch arch, const std::vector<const float*>& rows, const std::vector<float>& k, float* acc, T* out,
                   std::size_t n, bool fused) {
  std::fill(acc, acc + n, 0.f);
  for (std::size_t j = 0; j < k.size(); ++j) {
    if (fused)
      tap_row<true>(arch, acc, k[j], rows[j], n);
    else
      tap_row<false>(arch, acc, k[j], rows[j], n);
  }
  if constexpr (std::is_same_v<T, std::uint8_t>) {
    simd::for_each_batch_of<float>(
        arch, n,
        [&](std::size_t e) {
          if constexpr (simd::vectorize<float, Arch>)
            simd::store_narrow_u8(out + e, simd::round_to_int(simd::load<Arch>(acc + e)));
        },
        [&](std::size_t e) { out[e] = saturate<std::uint8_t>(acc[e]); });
  } else {
    std::copy(acc, acc + n, out);
  }
}

#if IMGFRAME_X86_DISPATCH
// The u8 filter on the dispatched x86 loop (taps_u8_f32), straight from the 8-bit source rows:
// the view's own rows when they run forward and dst is elsewhere, else copies (all rows first
// when filtering in place).
template <ImageView Src, MutableImageView Dst>
void gaussian_vertical_u8_x86(const Src& src, const Dst& dst, int aperture, const std::vector<float>& k,
                              const std::vector<int>& offset) {
  const simd::x86::row_table& t = simd::x86::rows();
  const int h = src.height();
  const std::size_t n = src.row_elements();
  const bool overlap = may_overlap(src, dst), direct = src.rows_are_contiguous() && !overlap;
  row_source<Src> in(src);
  row_cache<std::uint8_t> copies(direct ? 0 : n, direct ? 1 : window_slots(src, dst, aperture));
  auto copy = [&](int r, std::uint8_t* out) {
    const std::uint8_t* s = in(r);
    std::copy(s, s + n, out);
  };
  if (overlap)
    for (int r = 0; r < h; ++r) copies.get(r, copy);
  row_sink<Dst> out(dst);
  std::vector<const std::uint8_t*> rows(k.size());
  for (int y = 0; y < h; ++y) {
    for (std::size_t j = 0; j < k.size(); ++j) {
      const int r = reflect101(y + offset[j], h);
      rows[j] = direct ? src.row(r) : copies.get(r, copy);
    }
    t.taps_u8_f32(rows.data(), k.data(), static_cast<int>(k.size()), out.target(y), n);
    out.commit(y);
  }
}
#endif

}  // namespace detail

// The vertical Gaussian kernel as a function object taking the architecture (see the top of this file).
struct gaussian_vertical_fn {
  // Filters src into dst down the columns with an aperture-tap Gaussian of sigma on architecture arch.
  template <class Arch, ImageView Src, MutableImageView Dst>
  void operator()(Arch arch, const Src& src, const Dst& dst, int aperture, double sigma) const {
    static_assert(SamePixelLayout<Src, Dst>, "gaussian_vertical: source and destination need the same pixel layout");
    using T = detail::value_of<Src>;
    static_assert(detail::is_kernel_value<T>, "gaussian_vertical: supports u8 and f32 views");
    if (aperture < 1) detail::fail("gaussian_vertical", "aperture size must be positive (got " + std::to_string(aperture) + ")");
    if (src.width() != dst.width() || src.height() != dst.height())
      detail::fail("gaussian_vertical", "source and destination sizes differ");
    if (dst.empty()) return;

    // filter2D works with float taps and leaves zero taps out.
    const std::vector<double> dk = gaussian_kernel(aperture, sigma);
    std::vector<float> k;
    std::vector<int> offset;
    const int anchor = aperture / 2;
    for (int j = 0; j < aperture; ++j) {
      const float f = static_cast<float>(dk[static_cast<std::size_t>(j)]);
      if (f != 0.f) {
        k.push_back(f);
        offset.push_back(j - anchor);
      }
    }

    // Fused multiply-adds or not (see the top of this file): the build's target, or on x86 with
    // runtime dispatch for u8 the level in force.
    bool fused = simd::has_fused_multiply_add<std::conditional_t<simd::vectorize<float, Arch>, Arch, simd::default_arch>>;
#if IMGFRAME_X86_DISPATCH
    if constexpr (std::is_same_v<T, std::uint8_t>) {
      if constexpr (!std::is_same_v<Arch, simd::scalar_arch>) {
        if (!k.empty()) return detail::gaussian_vertical_u8_x86(src, dst, aperture, k, offset);
      }
      fused = simd::x86::rows().isa >= simd::x86::level::avx2;
    }
#endif

    const int h = src.height();
    const std::size_t n = src.row_elements();
    // Source rows as float, on demand (all first when filtering in place).
    detail::row_source<Src> in(src);
    detail::row_cache<float> rows_f(n, detail::window_slots(src, dst, aperture));
    auto compute = [&](int r, float* out) {
      simd::widen_row<Arch>(in(r), out, n);
    };
    if (detail::may_overlap(src, dst))
      for (int r = 0; r < h; ++r) rows_f.get(r, compute);
    detail::row_sink<Dst> out(dst);
    std::vector<const float*> rows(k.size());
    std::vector<float> acc(n);
    for (int y = 0; y < h; ++y) {
      for (std::size_t j = 0; j < k.size(); ++j) rows[j] = rows_f.get(detail::reflect101(y + offset[j], h), compute);
      if (k.empty())
        std::fill(out.target(y), out.target(y) + n, T(0));
      else
        detail::vertical_taps(arch, rows, k, acc.data(), out.target(y), n, fused);
      out.commit(y);
    }
  }
};

// The vertical 1-D Gaussian (SynapseML's gaussiankernel) on the best architecture of this machine.
template <ImageView Src, MutableImageView Dst>
void gaussian_vertical(const Src& src, const Dst& dst, int aperture, double sigma) {
  gaussian_vertical_fn{}(simd::default_arch{}, src, dst, aperture, sigma);
}

namespace scalar {
// The scalar reference of gaussian_vertical (what the SIMD paths are tested against).
template <ImageView Src, MutableImageView Dst>
void gaussian_vertical(const Src& src, const Dst& dst, int aperture, double sigma) {
  gaussian_vertical_fn{}(simd::scalar_arch{}, src, dst, aperture, sigma);
}
}  // namespace scalar

}  // namespace imgframe::kernels
