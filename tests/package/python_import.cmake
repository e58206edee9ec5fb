# Installs the built penaltyflow (with its Python module) into a scratch prefix and checks that Debian's python3
# would find the module where `cmake --install build --prefix /usr/local` puts it, and that the installed module
# imports and computes a deadline. Fails on any step.
# Usage: cmake -DBUILD_DIR=... -DWORK_DIR=... -DPYTHON=... -DPYTHON_INSTALL_DIR=lib/python3.X/dist-packages -P ...
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/install_scratch.cmake)

# Where the interpreter looks for packages installed under /usr/local (Debian: /usr/local/lib/python3.X/dist-packages).
execute_process(COMMAND ${PYTHON} -c "import sys; print('\\n'.join(sys.path))"
                OUTPUT_VARIABLE search_path RESULT_VARIABLE rc)
string(REPLACE "\n" ";" search_path "${search_path}")
if(NOT "/usr/local/${PYTHON_INSTALL_DIR}" IN_LIST search_path)
  message(FATAL_ERROR "${PYTHON} does not search /usr/local/${PYTHON_INSTALL_DIR}; it searches: ${search_path}")
endif()

set(installed ${WORK_DIR}/prefix/${PYTHON_INSTALL_DIR})
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env PYTHONPATH=${installed} --
          ${PYTHON} -c "import datetime as dt, penaltyflow as pf; print(pf.__file__); print(pf.due_date('statement', dt.date(2023, 9, 28)).due)"
  WORKING_DIRECTORY ${WORK_DIR}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "importing the installed module failed: ${rc}\n${err}")
endif()
if(NOT out MATCHES "^${installed}/penaltyflow/__init__.py\n2023-10-11\n$")
  message(FATAL_ERROR "unexpected output of the installed module:\n${out}")
endif()
message(STATUS "installed module: ${out}")
