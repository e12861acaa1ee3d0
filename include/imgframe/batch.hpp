#pragma once
// Batches: transformed rows stacked into one NCHW/NHWC buffer with labels and origins, filled by
// the reader's threads. Needs io (read_images); DLPack export is in <imgframe/dlpack.hpp>.
#include "batch/batch.hpp"
#include "batch/batch_reader.hpp"
