# gensee-go: the targets a contributor needs. Nothing beyond Go is required
# (and redis-server for the genseeredis tests, which skip without it outside
# CI); the tools are fetched, pinned, from the Go module proxy.
#
# The repository holds several modules: the core at the root and an adapter
# module per directory in MODULES (a missing one is skipped). test and lint
# run in each, on its own (GOWORK=off): every module must build from its
# go.mod alone, as CI proves.

GO              ?= go
STATICCHECK     ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCH_COUNT     ?= 3
BENCH_TIME      ?= 2s
MODULES         ?= . genseeredis genseeotel openapi

# The modules present in this checkout.
PRESENT := $(foreach m,$(MODULES),$(if $(wildcard $(m)/go.mod),$(m)))

export GOWORK := off

.PHONY: test cover bench lint fmt soak fuzz modules

## test: in every module, vet, then every test with the race detector (fuzz seeds and examples included); a failing module does not stop the others
test:
	@failed=; for m in $(PRESENT); do \
		echo "--- test $$m"; \
		(cd $$m && $(GO) vet ./... && $(GO) test -race -count=1 ./...) || failed="$$failed $$m"; \
	done; \
	if [ -n "$$failed" ]; then echo "--- tests failed in:$$failed"; exit 1; fi

## cover: tests of the core module with a coverage profile, then the per-function summary
cover:
	$(GO) test -count=1 -coverprofile=coverage.out ./...
	$(GO) tool cover -func=coverage.out | tail -n 1

## bench: the paired benchmarks (SDK against hand-written, ratio of medians), the peak heap of 5k/50k/200k-row exports and -benchmem allocations, then one table of the figures that matter (a few minutes)
bench:
	$(GO) test -run '^$$' -bench 'BenchmarkPair' -benchtime $(BENCH_TIME) -count $(BENCH_COUNT) . | tee bench.out
	$(GO) test -run '^$$' -bench 'BenchmarkExportPeakHeap' -benchtime 3x . | tee -a bench.out
	$(GO) test -run '^$$' -bench 'BenchmarkRoomGet$$|BenchmarkAttendance5000' -benchmem -count $(BENCH_COUNT) . | tee -a bench.out
	@echo; echo "--- the table (ratios: medians of pairs; allocations per call; peak heap as a multiple of the body)"
	@awk '/^Benchmark/ { line = sprintf("%-62s", $$1); for (i = 3; i < NF; i += 2) { u = $$(i+1); if (u ~ /\/hand$$|-allocs$$|-µs$$|allocs\/op|peak\/body|peak-MB|body-MB/) line = line sprintf(" %s=%s", u, $$i) } print line }' bench.out

## lint: in every module, gofmt check, go vet and staticcheck (pinned)
lint:
	@failed=; for m in $(PRESENT); do \
		echo "--- lint $$m"; \
		out=$$(cd $$m && gofmt -l .); \
		if [ -n "$$out" ]; then echo "gofmt needed in $$m:"; echo "$$out"; failed="$$failed $$m"; continue; fi; \
		(cd $$m && $(GO) vet ./... && $(GO) run $(STATICCHECK) ./...) || failed="$$failed $$m"; \
	done; \
	if [ -n "$$failed" ]; then echo "--- lint failed in:$$failed"; exit 1; fi

## fmt: format every file
fmt:
	gofmt -w .

## soak: the bounded load test (64 goroutines, 20,000 calls against the fake)
soak:
	GENSEE_SOAK=1 $(GO) test -race -count=1 -run 'TestSoak' -v .

## modules: the modules test and lint run in
modules:
	@echo $(PRESENT)
