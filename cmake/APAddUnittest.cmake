# ap_add_unittest(name SOURCES... [LINK_LIBS libs...])
#
# A gtest executable (its name must end in "Tests") placed where the unit
# test suite of check-ap finds it, and added to check-ap's dependencies.
function(ap_add_unittest name)
  cmake_parse_arguments(ARG "" "" "LINK_LIBS" ${ARGN})
  add_llvm_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
  llvm_update_compile_flags(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LINK_LIBS}
                        GTest::gtest GTest::gtest_main)
  set_target_properties(${name} PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/unittests)
  set_property(GLOBAL APPEND PROPERTY AP_UNITTEST_TARGETS ${name})
endfunction()
