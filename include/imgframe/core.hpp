#pragma once
// Typed views and images, the mode table, concepts and row-wise algorithms.
#include "config.hpp"
#include "core/algorithm.hpp"
#include "core/byte_buffer.hpp"
#include "core/channel_order.hpp"
#include "core/concepts.hpp"
#include "core/depth.hpp"
#include "core/image.hpp"
#include "core/image_view.hpp"
#include "core/mode.hpp"
#include "version.hpp"
