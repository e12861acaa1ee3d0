#pragma once
// io: decoding files into Spark rows. Opt-in (not in imgframe.hpp); the decoders themselves are
// compiled by including <imgframe/io/stb_implementation.hpp> in exactly one translation unit.
#include "io/decode.hpp"
#include "io/failure.hpp"
#include "io/file_reader.hpp"
#include "io/format.hpp"
// Folders of images into partitioned datasets of rows (read_images and its parts).
#include "io/dataset.hpp"
#include "io/glob.hpp"
#include "io/java_random.hpp"
#include "io/labels.hpp"
#include "io/listing.hpp"
#include "io/partition.hpp"
#include "io/progress.hpp"
#include "io/read_options.hpp"
#include "io/reader.hpp"
#include "io/sampling.hpp"
#include "io/thread_pool.hpp"
