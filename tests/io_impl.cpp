// The single translation unit of the test build that compiles stb_image's implementation.
#include <imgframe/io/stb_implementation.hpp>
