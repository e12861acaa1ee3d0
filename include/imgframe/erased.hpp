#pragma once
// Spark's image row and the validated doors between rows and typed views (Hana-free).
// apply(row, pipeline) is erased/apply.hpp (it needs the pipeline); the runtime transformer is
// opt-in: <imgframe/transformer.hpp>.
#include "erased/image_row.hpp"
#include "erased/row_convert.hpp"
#include "erased/tensor_row.hpp"
