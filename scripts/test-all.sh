#!/usr/bin/env bash
# `npm test`: lint, build, the jest projects (unit, contract, sandbox), the package scan, then
# the end-to-end suite against a real n8n (test/e2e). Every step runs (a failed build skips only
# the e2e suite, which needs dist/) and is labelled; the last line is the one plain summary:
#   npm-test: N passed, M failed   (one word before the colon: the form CI reads as a closing line)
# N/M add up the tests of every jest run (read from their --json output). M also counts each step
# that failed without a test count (lint, build, scan, a suite that could not start).
# First the prerequisites and the project install, so `npm test` works on a bare clone without a
# prior `npm install` (scripts/lib/bootstrap.mjs): Node.js >= 20.15, npm, Linux x64, Chromium at
# /usr/bin/chromium; node_modules is installed with `npm ci` when missing or not matching
# package-lock.json. A missing prerequisite ends npm test with one line saying what to install.
set -uo pipefail

cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1; then
	echo "npm test needs Node.js >= 20.15: install it, e.g. from https://nodejs.org"
	exit 1
fi
node scripts/lib/bootstrap.mjs test || exit 1

out=.run/test
rm -rf "$out"
mkdir -p "$out"

passed=0
failed=0
step_failures=0
summary=()
build_ok=0

has_script() { node -e 'process.exit(require("./package.json").scripts?.[process.argv[1]] ? 0 : 1)' "$1"; }

label() { printf '\n==> [%s] %s\n' "$1" "$2"; }

# run_step NAME SECONDS CMD...  — a step with no test count
run_step() {
	local name=$1 secs=$2
	shift 2
	local t0=$SECONDS
	if timeout --kill-after=30 "$secs" "$@"; then
		summary+=("$(printf '%-8s ok      (%ss)' "$name" $((SECONDS - t0)))")
		return 0
	else
		local rc=$?
		[ "$rc" = 124 ] && echo "!! $name: timed out after ${secs}s"
		summary+=("$(printf '%-8s FAILED  (exit %s, %ss)' "$name" "$rc" $((SECONDS - t0)))")
		step_failures=$((step_failures + 1))
		return 1
	fi
}

# run_jest NAME SECONDS JSONFILE CMD... — a jest run; counts come from its --json output
run_jest() {
	local name=$1 secs=$2 json=$3
	shift 3
	local t0=$SECONDS rc=0
	timeout --kill-after=60 "$secs" "$@" || rc=$?
	[ "$rc" = 124 ] && echo "!! $name: timed out after ${secs}s"
	local counts
	counts=$(node -e '
		const fs = require("fs");
		try { const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); console.log(r.numPassedTests, r.numFailedTests, r.numTotalTests, r.numRuntimeErrorTestSuites || 0); }
		catch { console.log("x"); }' "$json")
	if [ "$counts" = x ]; then
		summary+=("$(printf '%-8s FAILED  (exit %s, no test report; %ss)' "$name" "$rc" $((SECONDS - t0)))")
		step_failures=$((step_failures + 1))
		return 1
	fi
	read -r p f total suite_errors <<<"$counts"
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		# jest failed without a failing test: a suite that did not load, no tests found, a timeout…
		step_failures=$((step_failures + 1))
		summary+=("$(printf '%-8s FAILED  (exit %s; %s passed, %s failed, %s suites could not run; %ss)' "$name" "$rc" "$p" "$f" "$suite_errors" $((SECONDS - t0)))")
		return 1
	fi
	summary+=("$(printf '%-8s %-7s (%s passed, %s failed of %s; %ss)' "$name" "$([ "$rc" = 0 ] && echo ok || echo FAILED)" "$p" "$f" "$total" $((SECONDS - t0)))")
	return "$rc"
}

label 1/5 "lint (npm run lint)"
if has_script lint; then run_step lint 900 npm run lint; else echo "!! package.json has no lint script"; summary+=("lint     FAILED  (no lint script)"); step_failures=$((step_failures + 1)); fi

label 2/5 "build (npm run build)"
if has_script build; then run_step build 900 npm run build && build_ok=1; else echo "!! package.json has no build script"; summary+=("build    FAILED  (no build script)"); step_failures=$((step_failures + 1)); fi

label 3/5 "jest: unit, contract, sandbox"
# the template tests check core-node parameters against the pinned n8n: install it first (cached)
run_step n8n 2400 node scripts/lib/runtime.mjs
run_jest jest 1800 "$out/jest.json" npx jest --selectProjects unit contract sandbox --ci --json --outputFile="$out/jest.json"

label 4/5 "scan (npm run scan)"
if has_script scan; then
	run_step scan 900 npm run scan
else
	echo "!! NOT RUN: package.json has no scan script (the package must pass @n8n/scan-community-package)"
	summary+=("scan     NOT RUN (no scan script in package.json)")
fi

label 5/5 "end-to-end suite against a real n8n (npm run test:e2e)"
if ! has_script test:e2e; then
	echo "!! package.json has no test:e2e script"
	summary+=("e2e      FAILED  (no test:e2e script)")
	step_failures=$((step_failures + 1))
elif [ "$build_ok" != 1 ]; then
	echo "!! skipped: the build failed, and the e2e suite installs the built package"
	summary+=("e2e      FAILED  (not run: build failed)")
	step_failures=$((step_failures + 1))
else
	# dist/ was just built; the suite packs and installs it without building again
	export QODEUP_E2E_SKIP_BUILD=1
	if ! run_jest e2e 3000 "$out/jest-e2e.json" npm run test:e2e -- --ci --json --outputFile="$out/jest-e2e.json"; then
		for f in .run/e2e/stack.log .run/e2e/n8n.log; do
			if [ -f "$f" ]; then
				printf '\n--- last 50 lines of %s ---\n' "$f"
				tail -n 50 "$f"
			fi
		done
		echo "(all e2e logs: .run/e2e/)"
	fi
fi

printf '\n==> summary\n'
printf '  %s\n' "${summary[@]}"
total_failed=$((failed + step_failures))
printf '\nnpm-test: %s passed, %s failed\n' "$passed" "$total_failed"
[ "$total_failed" = 0 ]
