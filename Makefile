# Every target runs the project's own Node 24 (the npm package `node`, in node_modules/.bin), installed by `npm ci`.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

installed := node_modules/.installed
results := .test-results/jest.json
# jest runs ESM test files through Node's VM modules, still behind a flag in Node 24.
jest := NODE_OPTIONS=--experimental-vm-modules jest

.PHONY: help test demo bench chaos build image sbom signing release servers kafka install testenv lint typecheck format generate unit e2e controller clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

test: install testenv image sbom signing servers ## everything: type-check, lint, format, unit and cluster tests (the image's, the PostgreSQL and Valkey proofs); ends with the totals
	@mkdir -p $(dir $(results)) && rm -f $(results)
	@status=0; $(jest) --ci --selectProjects unit e2e --json --outputFile=$(results) || status=$$?; node hack/test-summary.ts $(results) || true; exit $$status

demo: install ## a local control plane + the controller; Ctrl-C removes everything; ARGS=--real-servers puts a real PostgreSQL and Valkey behind the simulator
	bash testenv/build.sh --with-kubectl
	$(if $(findstring --real-servers,$(ARGS)),bash testenv/servers/install.sh postgres valkey)
	node hack/demo.ts $(ARGS)

bench: install testenv build ## the controller as it ships: new apps, latency, restart, unrelated objects, namespace deletion (hack/bench/main.ts); a table and .bench/results.json
	node hack/bench/main.ts

chaos: install testenv build ## the chaos run: faults, kills and restarts against the real controller, invariants checked after each scenario (hack/chaos/main.ts); a table and .chaos/results.json
	node hack/chaos/main.ts

build: install ## the controller as it ships: one minified ES module, dist/aivenator.js (esbuild)
	node hack/build.ts

image: build ## the controller's OCI image, FROM scratch with buildah: dist/image/aivenator-<version>.oci.tar (reproducible)
	bash hack/image/tools.sh
	bash hack/image/build.sh

sbom: image ## a CycloneDX SBOM of what the image holds: dist/image/aivenator-<version>.cdx.json
	node hack/image/sbom.ts

release: testenv sbom signing ## the charts, image archive, SBOM, checksums and cosign signatures in dist/release/aivenator-<version>/ (COSIGN_KEY signs)
	bash hack/release.sh

signing: ## build cosign, crane and a registry from the Go module proxy (once per version), for the signing tests
	bash hack/image/tools.sh --signing

install: $(installed) ## npm ci, when package-lock.json changed
$(installed): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

testenv: ## build etcd, kube-apiserver, kube-controller-manager and helm into the cache (once per version)
	bash testenv/build.sh

lint: install ## eslint (type-aware) and prettier --check
	eslint .
	prettier --check .

typecheck: install ## tsc --noEmit
	tsc --noEmit

format: install ## eslint --fix, then prettier --write (last, so its layout wins; it runs even if lint still fails)
	-eslint --fix .
	prettier --write .

generate: install ## regenerate the CRD's TypeScript types, the chart's CRD copy and the Aiven client types
	npm run --silent generate

unit: install ## unit tests only (no cluster)
	$(jest) --selectProjects unit

e2e: install testenv image sbom signing servers ## cluster tests only
	$(jest) --selectProjects e2e

servers: ## install the real PostgreSQL and Valkey the credential proofs run behind the simulator (once)
	bash testenv/servers/install.sh postgres valkey

kafka: install testenv ## the Kafka proofs: a real Kafka broker behind the simulator (installed once from Maven Central)
	bash testenv/servers/install.sh kafka
	$(jest) --selectProjects kafka

controller: install ## run the controller against the cluster in KUBECONFIG
	node pkg/main.ts --log-format=text

clean: ## remove node_modules and test results (the control-plane cache stays: testenv/build.sh --print-paths)
	rm -rf node_modules .test-results
