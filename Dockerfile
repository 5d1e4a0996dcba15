# syntax=docker/dockerfile:1
#
# One static binary, two roles: `podpatterns serve` (the webhook, the default command)
# and `podpatterns render` (the Configuration Template init container the webhook
# injects, with --self-image pointing at this same image).
#
#   make docker-build IMG=registry.example.com/podpatterns:v0.1.0
#   (= docker build --build-arg VERSION=... --build-arg COMMIT=... -t IMG .)
#
# Base images are pinned by tag AND digest, so a rebuild of the same commit uses the same
# bytes. The digests are the multi-arch index digests of these tags as pinned by several
# public repositories (no registry is reachable from the machine where this file was
# written); a release refreshes them with `crane digest <image>:<tag>` and
# test/release/dockerfile_test.go (run by `make release`, and by `make test`) refuses a FROM without
# a digest or a Go toolchain without its patch version.
# `make release` builds the same image without a Docker engine (hack/release).

ARG GO_VERSION=1.26.8
ARG GO_IMAGE=golang:${GO_VERSION}-bookworm@sha256:a688600ca24f8a4d3ca77f95b0dd40704a9fc787c826660eb7ba0b641b8b175d
ARG BASE_IMAGE=gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab

FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build
WORKDIR /src
# Dependencies first: this layer is reused until go.mod/go.sum change.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG TARGETOS TARGETARCH
ARG VERSION=dev
ARG COMMIT=unknown
# CGO off: a static binary that runs on an image with no libc. -trimpath: no build paths
# in the binary (reproducible). -s -w: no symbol or DWARF tables. GOTOOLCHAIN=local: the
# pinned image's Go, never a downloaded one.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH GOFLAGS=-buildvcs=false GOTOOLCHAIN=local \
    go build -trimpath \
      -ldflags "-s -w -X github.com/podpatterns/podpatterns/buildinfo.version=${VERSION} -X github.com/podpatterns/podpatterns/buildinfo.commit=${COMMIT}" \
      -o /out/podpatterns ./cmd/podpatterns

# distroless static: no shell, no package manager, CA certificates and tzdata only;
# the :nonroot tag runs as UID/GID 65532, which the chart's securityContext also sets.
FROM ${BASE_IMAGE}
ARG VERSION=dev
ARG COMMIT=unknown
# hack/image builds the same image without Docker (`make image`); its test holds the two together.
LABEL org.opencontainers.image.title="podpatterns" \
      org.opencontainers.image.source="https://github.com/podpatterns/podpatterns" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}"
COPY --from=build /out/podpatterns /podpatterns
USER 65532:65532
EXPOSE 9443 8080 8081
ENTRYPOINT ["/podpatterns"]
CMD ["serve"]
