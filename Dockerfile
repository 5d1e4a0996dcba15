# syntax=docker/dockerfile:1
#
# One static binary, two roles: `podpatterns serve` (the webhook, the default command)
# and `podpatterns render` (the Configuration Template init container the webhook
# injects, with --self-image pointing at this same image).
#
#   docker build --build-arg VERSION=$(git describe --tags --always) \
#                --build-arg COMMIT=$(git rev-parse HEAD) -t podpatterns .

ARG GO_VERSION=1.26

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
WORKDIR /src
# Dependencies first: this layer is reused until go.mod/go.sum change.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG TARGETOS TARGETARCH
ARG VERSION=dev
ARG COMMIT=unknown
# CGO off: a static binary that runs on an image with no libc. -trimpath: no build paths
# in the binary (reproducible). -s -w: no symbol or DWARF tables.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH GOFLAGS=-buildvcs=false \
    go build -trimpath \
      -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}" \
      -o /out/podpatterns ./cmd/podpatterns

# distroless static: no shell, no package manager, CA certificates and tzdata only;
# the :nonroot tag runs as UID/GID 65532, which the chart's securityContext also sets.
FROM gcr.io/distroless/static-debian12:nonroot
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
