# Turns a text file into a C++ source defining ${NAMESPACE}::${NAME} (default
# manimd::render::kRenderHelperSource, declared in ${HEADER}). Invoked as a script:
# cmake -DIN=file -DOUT=file.cc [-DNAME=kX] [-DNAMESPACE=ns -DHEADER=dir/x.h] -P embed_text.cmake
if(NOT NAME)
  set(NAME kRenderHelperSource)
endif()
if(NOT NAMESPACE)
  set(NAMESPACE manimd::render)
  set(HEADER render/render_helper.h)
endif()
file(READ ${IN} CONTENT)
string(FIND "${CONTENT}" ")MANIMD_EMBED\"" CLASH)
if(NOT CLASH EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter")
endif()
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n"
  "#include \"${HEADER}\"\n"
  "namespace ${NAMESPACE} {\n"
  "const char* const ${NAME} = R\"MANIMD_EMBED(${CONTENT})MANIMD_EMBED\";\n"
  "}  // namespace ${NAMESPACE}\n")
