#!/usr/bin/env bash
# Adds up the Surefire and Failsafe reports of every module into one closing line; given a file, only the
# reports written after it (a run of some modules or tests leaves the other modules' old reports in place).
root=${1:-.}
since=${2:-}
shopt -s nullglob
tests=0 failures=0 errors=0 skipped=0
for report in "$root"/*/target/surefire-reports/TEST-*.xml "$root"/*/target/failsafe-reports/TEST-*.xml; do
    [ -z "$since" ] || [ "$report" -nt "$since" ] || continue
    line=$(grep -m1 -o '<testsuite [^>]*>' "$report") || continue
    get() { printf '%s' "$line" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
    tests=$((tests + $(get tests))); failures=$((failures + $(get failures)))
    errors=$((errors + $(get errors))); skipped=$((skipped + $(get skipped)))
done
echo
echo "Results (all modules):"
echo
echo "Tests run: $tests, Failures: $failures, Errors: $errors, Skipped: $skipped"
