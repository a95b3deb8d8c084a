#!/bin/sh
# Builds the benchmark harness with the engine from this checkout, then runs it.
# The tables are printed and written to benchmarks/target/results.md. Arguments go to the
# harness: --quick for small sizes, --only SECTION,... for some sections (see README.md).
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -Pbenchmarks -pl benchmarks -am package -DskipTests
exec java -jar benchmarks/target/triggerflow-benchmarks.jar \
  --out benchmarks/target/results.md --node-dir benchmarks/node "$@"
