#pragma once
// The definition of error.hpp's raise. Included by error.hpp (header-only) or only by
// <imgframe/kernels_implementation.hpp> (IMGFRAME_EXTERN_KERNELS).
#include <stdexcept>
#include <string>

#include "error.hpp"

namespace imgframe::detail {

IMGFRAME_COMPILED_PART void raise(error_kind k, std::initializer_list<message_part> parts) {
  std::string what;
  for (const message_part& p : parts) {
    switch (p.what()) {
      case message_part::kind::text: what += p.text(); break;
      case message_part::kind::signed_integer: what += std::to_string(p.signed_value()); break;
      case message_part::kind::unsigned_integer: what += std::to_string(p.unsigned_value()); break;
      case message_part::kind::real: what += std::to_string(p.real_value()); break;
    }
  }
  if (k == error_kind::out_of_range) throw std::out_of_range(what);
  throw std::invalid_argument(what);
}

}  // namespace imgframe::detail
