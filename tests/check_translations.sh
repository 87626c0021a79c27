#!/usr/bin/env bash
# Every user-visible string in the sources must have a Vietnamese translation in
# i18n/wipeseal_vi.ts: run lupdate on a copy and fail on anything unfinished or missing.
#   check_translations.sh LUPDATE TS_FILE INCLUDE_DIR SOURCE...
# INCLUDE_DIR lets lupdate resolve the project's headers (as the update_translations target does),
# so that tr() contexts get their full class names.
set -euo pipefail
lupdate=$1 ts=$2 include=$3
shift 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$ts" "$tmp/check.ts"
"$lupdate" -silent -no-obsolete -locations none -I "$include" "$@" -ts "$tmp/check.ts"
if grep -n -B2 'type="unfinished"' "$tmp/check.ts"; then
  echo "untranslated strings above: run 'cmake --build build --target update_translations' and translate them" >&2
  exit 1
fi
if ! cmp -s "$ts" "$tmp/check.ts"; then
  diff "$ts" "$tmp/check.ts" >&2 || true
  echo "i18n/wipeseal_vi.ts is out of date with the sources: run the update_translations target" >&2
  exit 1
fi
echo "all $(grep -c '<message' "$ts") strings translated"
