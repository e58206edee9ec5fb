# Included by the package tests: installs the built penaltyflow from BUILD_DIR into WORK_DIR/prefix, starting
# from an empty WORK_DIR. Fails the test if the install fails.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed: ${rc}")
endif()
