# Writes the shipped target descriptions into a C++ include file.
#   cmake -DOUTPUT=<file.inc> -DINPUTS=<a.json|b.json> -P EmbedTargets.cmake
# Each target becomes `{"<file name without .json>", R"ap_target(<text>)ap_target"},`.
string(REPLACE "|" ";" INPUTS "${INPUTS}")
set(content "// Generated from targets/*.json by cmake/EmbedTargets.cmake.\n")
foreach(input IN LISTS INPUTS)
  get_filename_component(name ${input} NAME_WE)
  file(READ ${input} text)
  string(APPEND content "{\"${name}\", R\"ap_target(${text})ap_target\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp "${content}")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
