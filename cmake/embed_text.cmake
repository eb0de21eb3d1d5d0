# Turns a text file into a C++ source defining ${NAMESPACE}::${NAME}, declared in
# ${HEADER}. Invoked by manimd_embed() in src/CMakeLists.txt as a script:
# cmake -DIN=file -DOUT=file.cc -DNAME=kX -DNAMESPACE=ns -DHEADER=dir/x.h -P embed_text.cmake
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
