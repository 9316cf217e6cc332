# Closed Set — the two commands people need are `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

BIN      := bin/closedset
GO_TEST  := go test -race -count=1
FRONTEND := frontend

.PHONY: test-postgres run build frontend frontend-deps test test-go test-frontend test-e2e check fmt vet staticcheck drift generate bench bench-micro bench-pwa clean

## run: build the PWA and the binary, then serve on http://localhost:8080 with demo data
run: build
	mkdir -p data
	CLOSEDSET_DEMO=$${CLOSEDSET_DEMO:-true} ./$(BIN)

## build: the PWA (frontend/dist) embedded into bin/closedset
build: frontend
	CGO_ENABLED=1 go build -o $(BIN) .

frontend-deps:
	@if [ ! -d $(FRONTEND)/node_modules ]; then cd $(FRONTEND) && npm ci --no-audit --no-fund; fi

frontend: frontend-deps
	cd $(FRONTEND) && npm run build

## test: everything CI runs — Go tests with -race, spec/codegen drift, frontend unit tests, browser tests
test: drift test-go test-frontend test-e2e

# The crash test (internal/app) runs the binary built here.
test-go: build
	CLOSEDSET_BIN=$(CURDIR)/$(BIN) $(GO_TEST) ./...

test-frontend: frontend-deps
	cd $(FRONTEND) && npm test

test-e2e: build
	cd $(FRONTEND) && CLOSEDSET_BIN=$(CURDIR)/$(BIN) npm run test:e2e

## test-postgres: the Go tests again on PostgreSQL (CLOSEDSET_TEST_POSTGRES=postgres://user:pass@host/db)
test-postgres:
	@test -n "$${CLOSEDSET_TEST_POSTGRES:-}" || { echo "set CLOSEDSET_TEST_POSTGRES to a postgres:// URL (each test gets its own schema)"; exit 1; }
	@# bin/closedset for the crash test when no Go source or migration is newer; else the test builds its own
	bin=""; if [ -x $(BIN) ] && [ -z "$$(find . \( -path ./.git -o -path ./$(FRONTEND) \) -prune -o \( -name '*.go' -o -name '*.sql' -o -name 'go.*' \) -newer $(BIN) -print -quit)" ]; then bin=$(CURDIR)/$(BIN); fi; \
	CLOSEDSET_BIN=$$bin $(GO_TEST) ./...

## check: formatting, vet, staticcheck, then the whole test suite
check: fmt vet staticcheck test

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '\.gen\.go$$'; git ls-files --others --exclude-standard '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	go vet ./...

staticcheck:
	go tool staticcheck ./...

## drift: fail when code generated from openapi.yaml is not what the spec generates now
drift: frontend-deps
	@tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; \
	sed "s|^output: .*|output: $$tmp/openapi.gen.go|" api/oapi-codegen.yaml > $$tmp/oapi-codegen.yaml; \
	go tool oapi-codegen -config $$tmp/oapi-codegen.yaml openapi.yaml; \
	cmp -s $$tmp/openapi.gen.go api/openapi.gen.go || { echo "api/openapi.gen.go is stale: run 'make generate'"; exit 1; }; \
	(cd $(FRONTEND) && npx --no-install openapi-typescript ../openapi.yaml -o $$tmp/schema.d.ts >/dev/null 2>&1); \
	cmp -s $$tmp/schema.d.ts $(FRONTEND)/src/api/schema.d.ts || { echo "frontend/src/api/schema.d.ts is stale: run 'make generate'"; exit 1; }; \
	echo "generated code matches openapi.yaml"

## generate: regenerate the Go bindings and the TypeScript client types from openapi.yaml
generate: frontend-deps
	go generate ./api
	cd $(FRONTEND) && npm run gen

## bench: every performance goal against its yardstick, both measured in the same run, as one table (PERF_SECONDS per load, default 5)
bench: build
	@{ go test -count=1 -timeout 30m -run '^$$' -bench Goal -benchtime 1x ./internal/perf/ && \
	  cd $(FRONTEND) && CLOSEDSET_BIN=$(CURDIR)/$(BIN) node perf/first-render.mjs; } 2>&1 | awk -f internal/perf/table.awk

## bench-micro: the Go micro-benchmarks of each package (ns/op, allocations)
bench-micro:
	go test -run '^$$' -bench . -benchmem $$(go list ./... | grep -v /internal/perf)

## bench-pwa: a performer's first screen in Chromium: JS gzipped, first render on a throttled phone, cold and warm (GOAL lines)
bench-pwa: build
	cd $(FRONTEND) && CLOSEDSET_BIN=$(CURDIR)/$(BIN) node perf/first-render.mjs

clean:
	rm -rf bin $(FRONTEND)/node_modules
	find $(FRONTEND)/dist -mindepth 1 ! -name .gitkeep -delete
