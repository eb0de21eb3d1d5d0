# Turns a text file into a C++ source defining manimd::render::kRenderHelperSource.
# Invoked as a script: cmake -DIN=file -DOUT=file.cc -P embed_text.cmake
file(READ ${IN} CONTENT)
string(FIND "${CONTENT}" ")MANIMD_EMBED\"" CLASH)
if(NOT CLASH EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter")
endif()
file(WRITE ${OUT} "// Generated from runtime/manimd_render.py; do not edit.\n"
  "#include \"render/render_helper.h\"\n"
  "namespace manimd::render {\n"
  "const char* const kRenderHelperSource = R\"MANIMD_EMBED(${CONTENT})MANIMD_EMBED\";\n"
  "}  // namespace manimd::render\n")
