#!/usr/bin/env bash
# CI check: the Invopop adapter and its fixtures against Invopop's published Transform API spec, with Prism.
#
# The check itself is adapters-invopop/src/test/prism/check.sh (InvopopPrismCheckTest, skipped in the normal
# build): the adapter's requests (fetch, fetch by key, list, enqueue with a pre-assigned id) against
# `prism mock`, and the job/list/workflow fixtures through `prism proxy --errors`, where the two known
# deviating payloads (seed page 004, REFERENCE.md 3.8a) must be rejected. This step pins Prism, picks the
# spec, bounds the run and fails (never skips) when a tool or the install is missing.
#
# The spec: ../shared/vendors/specs/invopop-transform-v1.openapi.yaml beside the clone (the shared
# reference), else the copy the adapter's tests vendor (src/test/resources/invopop/spec/transform_v1.yaml).
# When both exist and differ, the shared one is checked and the drift is reported.
#
# Needs node, npm, curl, a JDK and the Maven wrapper. Installs @stoplight/prism-cli (pinned) from npm into
# target/ci-tools/ (reused by later runs). Run from anywhere: bash .ci/checks/prism-invopop.sh.
# Bounded: $PRISM_CHECK_TIMEOUT s (default 600) for the whole check, Prism's processes included.
set -euo pipefail

PRISM_VERSION=5.16.0
TIME_LIMIT="${PRISM_CHECK_TIMEOUT:-600}"
started=$SECONDS
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
shared_spec="$root/../shared/vendors/specs/invopop-transform-v1.openapi.yaml"
vendored_spec="$root/adapters-invopop/src/test/resources/invopop/spec/transform_v1.yaml"

die() { echo "prism-invopop: FAILED: $*" >&2; exit 1; }
for tool in node npm curl timeout; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed; this check needs it (it does not skip)"
done

if [ -f "$shared_spec" ]; then
  spec="$shared_spec"
  if [ -f "$vendored_spec" ] && ! cmp -s "$shared_spec" "$vendored_spec"; then
    echo "prism-invopop: WARNING: the adapter's vendored spec differs from the shared one; checking the shared one" >&2
  fi
elif [ -f "$vendored_spec" ]; then
  spec="$vendored_spec"
else
  die "no Invopop spec at $shared_spec nor $vendored_spec"
fi

# --- Prism from npm, into a project-local directory reused by later runs (shared with prism-finch.sh) ---
install_npm() { # dir package: installs package once into target/ci-tools/dir
  local dir="$root/target/ci-tools/$1"
  if [ ! -f "$dir/.installed" ]; then
    echo "installing $2 into $dir"
    rm -rf "$dir" "$dir.partial"
    # SCARF_ANALYTICS=false: one of Prism's dependencies reports installs to a third party unless told not to
    SCARF_ANALYTICS=false timeout 300 npm install --prefix "$dir.partial" --no-audit --no-fund --loglevel=error "$2" \
      || die "npm could not install $2"
    mv "$dir.partial" "$dir"
    touch "$dir/.installed"
  fi
}
install_npm "prism-$PRISM_VERSION" "@stoplight/prism-cli@$PRISM_VERSION"
prism="$root/target/ci-tools/prism-$PRISM_VERSION/node_modules/.bin/prism"
[ "$("$prism" --version 2>/dev/null)" = "$PRISM_VERSION" ] || die "$prism is not Prism $PRISM_VERSION"
echo "spec: $spec; prism $PRISM_VERSION"

# timeout signals check.sh's whole process group (Maven, the test JVM, both Prisms); check.sh's trap
# cleans up after it
status=0
PRISM="$prism" INVOPOP_SPEC="$spec" timeout --kill-after=30 "$TIME_LIMIT" \
  bash adapters-invopop/src/test/prism/check.sh || status=$?
[ "$status" -ne 124 ] || die "the check ran out of its $TIME_LIMIT s"
[ "$status" -eq 0 ] || die "adapters-invopop/src/test/prism/check.sh exited with $status (see above)"
echo "prism-invopop: passed in $((SECONDS - started)) s"
