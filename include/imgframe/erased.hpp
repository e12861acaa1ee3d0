#pragma once
// Spark's image row and the validated doors between rows and typed views.
#include "erased/image_row.hpp"
#include "erased/row_convert.hpp"
