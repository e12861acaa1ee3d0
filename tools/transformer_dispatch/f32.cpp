// The runtime transformer's dispatch for float rows, compiled once for all of the project's own
// programs (the tool, imgframe-mpi, the Python module, the tests: library imgframe_transformer_dispatch)
// instead of in each; one TU per depth keeps each under a minute and lets them build in parallel
// (erased/image_transformer.hpp, "Compile cost").
#include <imgframe/erased/transformer/dispatch.hpp>

IMGFRAME_INSTANTIATE_TRANSFORMER(float);
