# Writes a C++ source defining `const char* <SYMBOL>()` that returns the text of INPUT, so data
# kept in db/ (the holiday calendar) is compiled into the server and cannot go missing.
# Usage: cmake -DINPUT=<file> -DOUTPUT=<file.cpp> -DSYMBOL=<name> -P embed_file.cmake
file(READ ${INPUT} CONTENT)
string(FIND "${CONTENT}" ")collegial\"" CLASH)
if(NOT CLASH EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )collegial\"")
endif()
file(WRITE ${OUTPUT} "// Generated from ${INPUT} by cmake/embed_file.cmake. Do not edit.\n")
file(APPEND ${OUTPUT} "namespace collegial::embedded {\n")
file(APPEND ${OUTPUT} "const char* ${SYMBOL}() {\n  return R\"collegial(${CONTENT})collegial\";\n}\n")
file(APPEND ${OUTPUT} "}  // namespace collegial::embedded\n")
