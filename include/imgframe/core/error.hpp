#pragma once
// How the typed layer (views, images, tensors, stages, the executor) throws: a check calls
//   detail::raise(detail::error_kind::invalid_argument, {"imgframe crop: x=", x, " is ..."});
// and the message is built out of line, in one function, so that a TU running a pipeline
// generates a call per check instead of the std::string concatenations and std::to_string of
// every message it might throw (with IMGFRAME_EXTERN_KERNELS raise is compiled once, in
// imgframe::kernels, and this header needs neither <string> nor <stdexcept>).
// Integers are written as std::to_string writes them, doubles as std::to_string(double) ("%f").
#include <concepts>
#include <initializer_list>
#include <string_view>

#ifdef IMGFRAME_EXTERN_KERNELS
// Declared here, defined once in the compiled part (<imgframe/kernels_implementation.hpp>).
#define IMGFRAME_COMPILED_PART
#else
// Header-only: defined inline in every TU that uses it.
#define IMGFRAME_COMPILED_PART inline
#endif

namespace imgframe::detail {

// The standard exception raise throws.
enum class error_kind { invalid_argument, out_of_range };

// One piece of a message: text, an integer or a double (borrowed: lives for the raise call).
class message_part {
 public:
  // What a part holds.
  enum class kind { text, signed_integer, unsigned_integer, real };

  // Text (not owned).
  constexpr message_part(std::string_view text) noexcept : text_(text) {}
  // A NUL-terminated string (not owned).
  constexpr message_part(const char* text) noexcept : text_(text) {}
  // A signed integer, in decimal.
  template <std::signed_integral I>
  constexpr message_part(I value) noexcept : kind_(kind::signed_integer), signed_(value) {}
  // An unsigned integer, in decimal.
  template <std::unsigned_integral I>
  constexpr message_part(I value) noexcept : kind_(kind::unsigned_integer), unsigned_(value) {}
  // A double, as std::to_string(double) writes it.
  constexpr message_part(double value) noexcept : kind_(kind::real), real_(value) {}

  // What the part holds.
  constexpr kind what() const noexcept { return kind_; }
  // The text (kind::text).
  constexpr std::string_view text() const noexcept { return text_; }
  // The signed integer (kind::signed_integer).
  constexpr long long signed_value() const noexcept { return signed_; }
  // The unsigned integer (kind::unsigned_integer).
  constexpr unsigned long long unsigned_value() const noexcept { return unsigned_; }
  // The double (kind::real).
  constexpr double real_value() const noexcept { return real_; }

 private:
  kind kind_ = kind::text;
  union {
    std::string_view text_;
    long long signed_;
    unsigned long long unsigned_;
    double real_;
  };
};

// Throws the exception of kind k whose what() is the parts, concatenated.
[[noreturn, gnu::cold]] IMGFRAME_COMPILED_PART void raise(error_kind k, std::initializer_list<message_part> parts);

}  // namespace imgframe::detail

#ifndef IMGFRAME_EXTERN_KERNELS
#include "error_impl.hpp"
#endif
