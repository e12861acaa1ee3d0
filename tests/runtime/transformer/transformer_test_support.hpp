#pragma once
// What the transformer tests share.
#include <string>

#include <imgframe/erased/transformer/stage_map.hpp>  // transform_error

namespace transformer_test {

// The message of the transform_error that f throws, or "(no transform_error)".
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const imgframe::transform_error& e) {
    return e.what();
  }
  return "(no transform_error)";
}

}  // namespace transformer_test
