# python/ctest.cmake: the Python package's CTest tests, included from tests/CMakeLists.txt (so they
# belong to that directory). Nothing when the package is not built (INCERT_BUILD_PYTHON off).
#   python_tests    pytest on tests/python but test_threshold.py; python_threshold: that file
#                   (about 30 s each on this 2-core machine)
#   python_example  examples/python/figure1_and_table.py (Figure 1 as PNG, a certified table)
# Both use this build's package through PYTHONPATH, whatever incert.pth points at, and write no
# __pycache__ into the source tree.
if(TARGET incert_python)
  set(_incert_py_env "PYTHONPATH=${INCERT_PYTHON_PACKAGE_DIR}" "MPLBACKEND=Agg" "INCERT_CLI=$<TARGET_FILE:incert_cli>"
                     "INCERT_SOURCE_DIR=${PROJECT_SOURCE_DIR}" "PYTHONDONTWRITEBYTECODE=1")
  # The threshold tests (half of the pytest time) run as a test of their own, beside the rest.
  add_test(NAME python_tests COMMAND ${Python3_EXECUTABLE} -m pytest -q -p no:cacheprovider
                                     --ignore=${PROJECT_SOURCE_DIR}/tests/python/test_threshold.py ${PROJECT_SOURCE_DIR}/tests/python)
  add_test(NAME python_threshold COMMAND ${Python3_EXECUTABLE} -m pytest -q -p no:cacheprovider
                                         ${PROJECT_SOURCE_DIR}/tests/python/test_threshold.py)
  add_test(NAME python_example COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/examples/python/figure1_and_table.py
                                       ${CMAKE_CURRENT_BINARY_DIR}/python_example_figure1.png)
  set_tests_properties(python_tests python_threshold python_example PROPERTIES ENVIRONMENT "${_incert_py_env}")
  set_tests_properties(python_tests python_threshold PROPERTIES TIMEOUT 300)
  unset(_incert_py_env)
endif()
