# Turns a text file into a C++ source defining manimd::render::${NAME} (default
# kRenderHelperSource). Invoked as a script: cmake -DIN=file -DOUT=file.cc [-DNAME=kX] -P embed_text.cmake
if(NOT NAME)
  set(NAME kRenderHelperSource)
endif()
file(READ ${IN} CONTENT)
string(FIND "${CONTENT}" ")MANIMD_EMBED\"" CLASH)
if(NOT CLASH EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter")
endif()
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n"
  "#include \"render/render_helper.h\"\n"
  "namespace manimd::render {\n"
  "const char* const ${NAME} = R\"MANIMD_EMBED(${CONTENT})MANIMD_EMBED\";\n"
  "}  // namespace manimd::render\n")
