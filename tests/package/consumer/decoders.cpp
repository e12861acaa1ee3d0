// The consumer's one translation unit that compiles stb_image and imgframe's decoders (packaging
// tests built with -Wall -Wextra -Werror: stb's folder must come as a system include).
#include <imgframe/io/stb_implementation.hpp>
