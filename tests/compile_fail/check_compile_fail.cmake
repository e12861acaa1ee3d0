# Builds TARGET in BUILD_DIR; succeeds only if the build fails with output matching REGEX.
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET}
                RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(result EQUAL 0)
  message(FATAL_ERROR "${TARGET} compiled, but it must not")
endif()
if(NOT "${out}${err}" MATCHES "${REGEX}")
  message(FATAL_ERROR "${TARGET} failed to compile without the expected diagnostic /${REGEX}/:\n${out}${err}")
endif()
message(STATUS "${TARGET} is rejected as expected (/${REGEX}/)")
