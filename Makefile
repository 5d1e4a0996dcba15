# podpatterns — `make help` lists the targets.
SHELL := /usr/bin/env bash
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
BUILDINFO := github.com/podpatterns/podpatterns/buildinfo
LDFLAGS := -s -w -X $(BUILDINFO).version=$(VERSION) -X $(BUILDINFO).commit=$(COMMIT)
BIN := bin/podpatterns
# Unit tests: every package but the suites that need a cluster, a node, Helm or the
# release artifacts, which their own targets below run (cmd/podpatterns' TestEveryTest-
# PackageRunsInMakeTest keeps every package with tests in one of them).
UNIT_PKGS = $$($(GO) list ./... | grep -vE '/test/(cluster|e2e|e2enode|chartrender|release)$$')
# The e2e suite and the local cluster it runs on (test/cluster's own unit tests included).
E2E_PKGS = ./test/cluster ./test/e2e

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## Build bin/podpatterns (static, version stamped).
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/podpatterns

.PHONY: test
test: lint unit chart-test release e2e e2e-node ## Everything CI runs: lint, unit tests (race detector), chart tests, e2e against a real kube-apiserver, the node suite (root).

.PHONY: unit
unit: ## Unit, golden and handler tests with the race detector.
	$(GO) test -race -count=1 -timeout 15m $(UNIT_PKGS)

.PHONY: e2e
e2e: envtest ## E2E suite against a local etcd + kube-apiserver + kube-controller-manager (first run builds them: ~15 min).
	$(GO) test -count=1 -timeout 45m $(E2E_PKGS)

.PHONY: image
image: ## Build the podpatterns image without Docker (hack/image) into bin/podpatterns-image.tar (OCI layout; `ctr images import`, `docker load`).
	$(GO) run ./hack/image/mkimage -kind podpatterns -version $(VERSION) -commit $(COMMIT) -out bin/podpatterns-image.tar

.PHONY: e2e-node
# Builds run one after the other (make without -j, and build-node.sh waits for the control
# plane's build lock): each go build already uses both cores, and the node binaries reuse
# the control plane's compiled packages. The node's preflight runs first, so a machine
# that cannot run a node fails at once with the reason instead of after a 20-minute build.
e2e-node: node-preflight envtest node-binaries ## Node suite as root: a kubelet + containerd on this machine, the images built here, pods really running (first run builds ~30 min).
	$(GO) test -count=1 -timeout 60m -v ./test/e2enode

.PHONY: node-preflight
node-preflight: ## Fail at once, with the reason, when this machine cannot run the node suite (root, cgroup v1, overlayfs, apt-get).
	$(GO) run ./test/tools/nodepreflight

.PHONY: node-binaries
node-binaries: ## Build (or find cached) kubelet, kube-scheduler, agnhost, containerd; install runc, CNI plugins, iptables, conntrack (Debian).
	@bash test/tools/build-node.sh >/dev/null

.PHONY: envtest
envtest: ## Build (or find cached) the control-plane binaries, outside any go test timeout.
	@bash test/tools/build-envtest.sh >/dev/null

.PHONY: demo
demo: ## Local control plane + podpatterns + demo workloads and a report; as root also a node: containers running, drain, rollout with vs without (DEMO_ARGS=--once to exit, --node=off).
	$(GO) run ./test/demo $(DEMO_ARGS)

.PHONY: lint
lint: ## gofmt and go vet.
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

.PHONY: chart-test
chart-test: ## Render and lint the Helm chart in-process (Helm's Go SDK) for every value set; assert on the objects.
	$(GO) test -count=1 -timeout 10m ./test/chartrender/...

.PHONY: chart-readme
chart-readme: ## Write charts/podpatterns/README.md (what `helm show readme` prints) from Chart.yaml and values.yaml.
	$(GO) run ./hack/chartdoc/mkreadme charts/podpatterns

.PHONY: helm-lint
helm-lint: ## `helm lint` with the real CLI, built from the module proxy into bin/ (first time ~6 min).
	hack/helm.sh lint

.PHONY: fuzz
fuzz: ## Run each fuzz target for FUZZTIME (default 30s).
	@set -e; for t in patch:FuzzPodPatch config:FuzzParse webhook:FuzzServeHTTP validators:FuzzValidate \
	  mutators:FuzzSidecarInjector mutators:FuzzPatternAnnotations mutators:FuzzParsePreStop \
	  coherence:FuzzMutateThenValidate webhook:FuzzFastPaths jsonenc:FuzzAppendString jsonenc:FuzzAppendReview \
	  jsonenc:FuzzAppendValue webhook:FuzzReviewScan webhook:FuzzPodViewScan webhook:FuzzPodDecode webhook:FuzzOneScan jsonscan:FuzzSkipIsValid \
	  jsonscan:FuzzStringUnquotes podresources:FuzzCanonicalMatchesDec podresources:FuzzQuantityText mutators:FuzzAppendStatus \
	  validators:FuzzInjectionProblem mutators:FuzzFreshStatus jsonenc:FuzzSharedAppendValue patch:FuzzSharedPodPatch; do \
	  echo "== $${t#*:}"; $(GO) test ./$${t%%:*} -run XXX -fuzz "^$${t#*:}$$" -fuzztime $${FUZZTIME:-30s}; done

.PHONY: bench
bench: build ## Side-by-side table: podpatterns vs the raw TLS floor and controller-runtime's allow-only webhook (~5 min), then chain+patch allocations.
	$(GO) build -o bin/refserver ./test/tools/refserver
	$(GO) build -o bin/load ./test/load
	taskset -c 1 bin/load -binary $(BIN) -refserver bin/refserver -config examples/config.yaml $(BENCH_ARGS)
	$(GO) test -run XXX -bench 'ChainAndPatch' -benchmem -benchtime 2000x ./admission/

.PHONY: bench-go
bench-go: ## Go micro-benchmarks of the request path (handlers, validators, mutators, renderer).
	$(GO) test -run XXX -bench . -benchmem ./webhook/... ./validators/... ./mutators/... ./render/...

.PHONY: load
load: ## A short `make bench` (one round of each phase): BENCH_ARGS="-rounds 1 -open-rounds 1 -min-requests 0".
	$(MAKE) bench BENCH_ARGS="-rounds 1 -open-rounds 1 -min-requests 0 $(BENCH_ARGS)"

.PHONY: soak
soak: build ## Not in CI: SOAK_DURATION (10m) at SOAK_RATE req/s (40) on loopback, normal + hostile + oversized reviews, config rewrites every 30 s; max RSS, goroutines, failures.
	$(GO) run ./test/soak -binary $(BIN) -config examples/config.yaml -duration $${SOAK_DURATION:-10m} -rate $${SOAK_RATE:-40}

# The release version: semver, the chart's appVersion unless given.
RELEASE_VERSION ?= $(shell sed -n 's/^appVersion: *"*\([^"]*\)"*$$/\1/p' charts/podpatterns/Chart.yaml)
DIST ?= dist
# The image docker-build/docker-push name (kubebuilder's convention).
IMG ?= ghcr.io/podpatterns/podpatterns:$(RELEASE_VERSION)

.PHONY: release
release: ## dist/: CLI binaries (linux, darwin, windows x amd64, arm64), the image index (linux/amd64, linux/arm64; OCI layout and tarball), SPDX SBOM, packaged chart, SHA256SUMS, release notes for RELEASE_VERSION; then checks them.
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || echo 0) $(GO) run ./hack/release -version $(RELEASE_VERSION) -commit $(COMMIT) -out $(DIST)
	PODPATTERNS_DIST=$(CURDIR)/$(DIST) PODPATTERNS_RELEASE_VERSION=$(RELEASE_VERSION) PODPATTERNS_RELEASE_COMMIT=$(COMMIT) \
	  $(GO) test -count=1 -timeout 10m ./test/release/...

.PHONY: docker-build
docker-build: ## Build IMG with a Docker engine from the Dockerfile (none here or in CI: `make -n docker-build` prints the command).
	docker build --build-arg VERSION=$(RELEASE_VERSION) --build-arg COMMIT=$(COMMIT) -t $(IMG) .

.PHONY: docker-push
docker-push: ## Push IMG with a Docker engine (after docker-build and `docker login`).
	docker push $(IMG)

.PHONY: clean
clean: ## Remove build output.
	rm -rf bin $(DIST)
