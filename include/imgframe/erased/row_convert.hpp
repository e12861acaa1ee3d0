#pragma once
// The two doors between the typed and the runtime world:
//   to_row(view, origin)  packs any strided view into Spark's tight row-major layout;
//   visit(row, f)         validates a row and calls f with the matching typed view.
// A malformed row is a row_error naming the field; it never reaches the typed code.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "../core/concepts.hpp"
#include "../core/image_view.hpp"
#include "../core/mode.hpp"
#include "image_row.hpp"

namespace imgframe {

class row_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

namespace detail {

[[noreturn]] inline void throw_row_error(const image_row& row, const std::string& what) {
  throw row_error("imgframe: image row '" + row.origin + "': " + what);
}

// Checks everything visit relies on; returns the mode's table entry.
inline const mode_info& validate_row(const image_row& row) {
  if (row.is_invalid()) throw_row_error(row, "is an invalid image row (mode -1, the file did not decode)");
  const mode_info* m = find_mode(row.mode);
  if (!m) throw_row_error(row, "field mode = " + std::to_string(row.mode) + " is not an OpenCV type code of the table");
  if (row.height < 0) throw_row_error(row, "field height = " + std::to_string(row.height) + " is negative");
  if (row.width < 0) throw_row_error(row, "field width = " + std::to_string(row.width) + " is negative");
  if (row.n_channels != m->channels)
    throw_row_error(row, "field nChannels = " + std::to_string(row.n_channels) + " does not match mode " +
                             std::string(m->name) + " (" + std::to_string(m->channels) + " channels)");
  // height * width * channels * depth size, without overflow.
  const auto limit = std::numeric_limits<std::size_t>::max();
  std::size_t expected = depth_size(m->depth_code) * static_cast<std::size_t>(m->channels);
  for (int factor : {row.width, row.height}) {
    const auto f = static_cast<std::size_t>(factor);
    if (f != 0 && expected > limit / f) throw_row_error(row, "fields height x width overflow the address space");
    expected *= f;
  }
  if (row.data.size() != expected)
    throw_row_error(row, "field data has " + std::to_string(row.data.size()) + " bytes, but height " +
                             std::to_string(row.height) + " x width " + std::to_string(row.width) + " x " +
                             std::string(m->name) + " needs " + std::to_string(expected));
  // Non-byte depths are read in place: the buffer must be aligned for them.
  const auto align = depth_size(m->depth_code);
  if (reinterpret_cast<std::uintptr_t>(row.data.data()) % align != 0)
    throw_row_error(row, "field data is not aligned for " + std::string(m->name));
  return *m;
}

template <bool Const, class T> using maybe_const_t = std::conditional_t<Const, const T, T>;

template <std::size_t I, bool Const>
using row_view_at = image_view<maybe_const_t<Const, depth_value_t<mode_table[I].depth_code>>, mode_table[I].channels,
                               spark_order_t<mode_table[I].channels>>;

template <class View, class Row>
View row_view_unchecked(Row& row) {
  using T = typename View::element_type;
  using Byte = std::conditional_t<std::is_const_v<T>, const std::uint8_t, std::uint8_t>;
  Byte* bytes = row.data.data();
  return View(reinterpret_cast<T*>(bytes), row.width, row.height);
}

struct no_result {};
template <class Acc, class R> struct merge_result { using type = std::common_type_t<Acc, R>; };
template <class R> struct merge_result<no_result, R> { using type = R; };
template <class Acc, class F, class V, bool = std::is_invocable_v<F, V>> struct accumulate_result { using type = Acc; };
template <class Acc, class F, class V> struct accumulate_result<Acc, F, V, true> : merge_result<Acc, std::invoke_result_t<F, V>> {};

template <class F, bool Const, class Acc, std::size_t I>
struct visit_result_from {
  using next = typename accumulate_result<Acc, F, row_view_at<I, Const>>::type;
  using type = typename visit_result_from<F, Const, next, I + 1>::type;
};
template <class F, bool Const, class Acc>
struct visit_result_from<F, Const, Acc, mode_table.size()> { using type = Acc; };

template <class F, bool Const>
using visit_result_t = typename visit_result_from<F, Const, no_result, 0>::type;

template <std::size_t I, bool Const, class R, class Row, class F>
R visit_from(Row& row, const mode_info& m, F& f) {
  if constexpr (I == mode_table.size()) {
    throw_row_error(row, "mode " + std::to_string(m.code) + " has no view type");  // unreachable after validation
  } else {
    using V = row_view_at<I, Const>;
    if (m.code == mode_table[I].code) {
      if constexpr (std::is_invocable_v<F&, V>) {
        return static_cast<R>(f(row_view_unchecked<V>(row)));
      } else {
        throw_row_error(row, "mode " + std::string(m.name) + " is not accepted by this function");
      }
    }
    return visit_from<I + 1, Const, R>(row, m, f);
  }
}

template <bool Const, class Row, class F>
decltype(auto) visit_row(Row& row, F&& f) {
  using R = visit_result_t<F&, Const>;
  static_assert(!std::is_same_v<R, no_result>,
                "imgframe::visit: the function accepts none of the image view types a row can hold");
  const mode_info& m = validate_row(row);
  return visit_from<0, Const, R>(row, m, f);
}

}  // namespace detail

// Calls f(view) with the typed read-only view of the row: image_view<const T, C, spark order>.
// Only the view types f accepts are instantiated; a row of another type throws row_error.
// f's results over the accepted types must share a common type, which visit returns.
template <class F>
decltype(auto) visit(const image_row& row, F&& f) {
  return detail::visit_row<true>(row, std::forward<F>(f));
}

// Same with a mutable view, for in-place work on a row's pixels.
template <class F>
decltype(auto) visit_mutable(image_row& row, F&& f) {
  return detail::visit_row<false>(row, std::forward<F>(f));
}

// The row as one known view type; throws row_error if the row holds another type.
template <ImageView View>
View row_as(const image_row& row)
  requires std::is_const_v<typename View::element_type>
{
  const mode_info& m = detail::validate_row(row);
  if (m.code != View::mode || !std::is_same_v<typename View::order, spark_order_t<View::channels>>)
    detail::throw_row_error(row, "holds " + std::string(m.name) + ", not the requested " +
                                     std::string(mode_name(View::mode)) + " view");
  return detail::row_view_unchecked<View>(row);
}

// Packs a view into a Spark row: interleaved, row-major, no padding. The view must already be in
// Spark's channel order (gray, BGR, BGRA); reorder an RGB view with a named stage first.
template <ImageView V>
image_row to_row(const V& view, std::string origin) {
  using View = std::remove_cvref_t<V>;
  static_assert(std::is_same_v<typename View::order, spark_order_t<View::channels>>,
                "imgframe::to_row: Spark rows are gray, BGR or BGRA; convert an RGB(A) view to BGR(A) first");
  image_row row;
  row.origin = std::move(origin);
  row.height = view.height();
  row.width = view.width();
  row.n_channels = View::channels;
  row.mode = View::mode;
  const std::size_t row_bytes = view.row_bytes();
  row.data.resize(row_bytes * static_cast<std::size_t>(view.height() < 0 ? 0 : view.height()));
  auto* out = row.data.data();
  for (int y = 0; y < view.height(); ++y, out += row_bytes) {
    if (view.rows_are_contiguous()) {
      if (row_bytes) std::memcpy(out, view.row(y), row_bytes);
    } else {
      for (int x = 0; x < view.width(); ++x)
        std::memcpy(out + static_cast<std::size_t>(x) * View::channels * sizeof(typename View::value_type),
                    view.pixel(x, y), View::channels * sizeof(typename View::value_type));
    }
  }
  return row;
}

}  // namespace imgframe
