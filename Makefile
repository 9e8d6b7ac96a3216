# gensee-go: the targets a contributor needs. Nothing beyond Go is required;
# the tools are fetched, pinned, from the Go module proxy.

GO              ?= go
STATICCHECK     ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCHSTAT       ?= golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
BENCH_COUNT     ?= 10

.PHONY: test cover bench lint fmt soak fuzz

## test: vet, then every test with the race detector (fuzz seeds and examples included)
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

## cover: tests with a coverage profile, then the per-function summary
cover:
	$(GO) test -count=1 -coverprofile=coverage.out ./...
	$(GO) tool cover -func=coverage.out | tail -n 1

## bench: the paired benchmarks (SDK against hand-written code), compared by benchstat
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCH_COUNT) . | tee bench.out
	$(GO) run $(BENCHSTAT) -col /impl bench.out

## lint: gofmt check, go vet and staticcheck (pinned)
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## fmt: format every file
fmt:
	gofmt -w .

## soak: the bounded load test (64 goroutines, 20,000 calls against the fake)
soak:
	GENSEE_SOAK=1 $(GO) test -race -count=1 -run 'TestSoak' -v .
