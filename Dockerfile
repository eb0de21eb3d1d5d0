# manimd's container image: `manimd serve` on port 3001, videos under the /data volume,
# renders in bubblewrap sandboxes over the render runtime at /opt/manimd/runtime.
# Build it with scripts/image, which first makes the Debian base image locally (no
# registry is used) and passes the runtime tree (scripts/build-runtime) as the build
# context "runtime":
#   podman build --build-context runtime=/var/cache/manimd/runtime-<key> -t manimd .
# Running it needs user namespaces and an unmasked /proc inside the container: see
# docs/container.md for the flags and why.
ARG BASE_IMAGE=localhost/manimd-base:bookworm

# Compiled here rather than copied from the host, so the binary links against exactly
# the libraries of the image below.
FROM ${BASE_IMAGE} AS build
RUN apt-get update -qq && apt-get -y -qq upgrade >/dev/null && \
    apt-get install -y -qq g++ cmake make pkg-config \
      libboost1.81-dev libboost-json1.81-dev libspdlog-dev libfmt-dev libcli11-dev \
      libgtest-dev libgmock-dev libbenchmark-dev libsqlite3-dev \
      libcurl4-openssl-dev libssl-dev libseccomp-dev prometheus-cpp-dev \
      libhiredis-dev libboost-url1.81-dev >/dev/null && \
    rm -rf /var/lib/apt/lists/*
# CMake configures the whole tree (tests and bench included); only manimd is built.
COPY CMakeLists.txt /src/
COPY cmake /src/cmake
COPY runtime /src/runtime
COPY src /src/src
COPY tests /src/tests
COPY bench /src/bench
# Built into the binary: the playground page and the API description.
COPY web/dist /src/web/dist
COPY docs/openapi.yaml /src/docs/openapi.yaml
ARG JOBS=2
# The cache mount keeps object files between builds, so a source change recompiles only
# what it touches instead of the whole tree.
RUN --mount=type=cache,id=manimd-build,target=/cache \
    cmake -S /src -B /cache/build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && \
    cmake --build /cache/build -j"$JOBS" --target manimd -- --no-print-directory >/dev/null && \
    install -D -s -m 0755 /cache/build/manimd /out/manimd

FROM ${BASE_IMAGE}
# manimd's shared libraries (libcurl is dlopen()ed for S3), bubblewrap for the sandbox,
# CA certificates for S3 over TLS, curl for health checks.
RUN apt-get update -qq && apt-get -y -qq upgrade >/dev/null && \
    apt-get install -y -qq bubblewrap libboost-json1.81.0 libspdlog1.10 libfmt9 \
      libsqlite3-0 libssl3 libseccomp2 libcurl4 libprometheus-cpp-core1.0 libhiredis0.14 \
      libboost-url1.81.0 ca-certificates \
      curl >/dev/null && \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
COPY --from=runtime . /opt/manimd/runtime
COPY --from=build /out/manimd /usr/local/bin/manimd
ENV MANIMD_RUNTIME_DIR=/opt/manimd/runtime \
    DATA_DIR=/data \
    PORT=3001
# Fails the build if a shared library is missing or the runtime does not check out.
RUN ! ldd /usr/local/bin/manimd | grep 'not found' && manimd version
VOLUME /data
EXPOSE 3001
# manimd reads .env from its working directory: mount one at /etc/manimd/.env if wanted.
WORKDIR /etc/manimd
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s \
  CMD curl -fsS http://127.0.0.1:${PORT}/health >/dev/null || exit 1
ENTRYPOINT ["/usr/local/bin/manimd"]
CMD ["serve"]
