#!/usr/bin/env bash
# Prints which tests were skipped and why, one line per test class and reason, from the JUnit XML
# reports in the folders given (Surefire's and Failsafe's). Prints nothing when none was skipped.
set -euo pipefail
files=()
for dir in "$@"; do
  for f in "$dir"/TEST-*.xml; do [ -f "$f" ] && files+=("$f"); done
done
[ "${#files[@]}" -gt 0 ] || exit 0
awk '
  /<testcase / {
    match($0, /classname="[^"]*"/); cls = substr($0, RSTART + 11, RLENGTH - 12)
    sub(/.*\./, "", cls)
  }
  /<skipped/ {
    why = "no reason given"
    if (match($0, /message="[^"]*"/)) why = substr($0, RSTART + 9, RLENGTH - 10)
    else if (match($0, /Assumption failed: .*/)) why = substr($0, RSTART + 19)
    else if (match($0, /TestAbortedException: .*/)) why = substr($0, RSTART + 22)
    gsub(/&quot;/, "\"", why); gsub(/&apos;/, "'\''", why); gsub(/&lt;/, "<", why)
    gsub(/&gt;/, ">", why); gsub(/&amp;/, "\\&", why)
    key = cls ": " why; if (!(key in n)) order[++k] = key; n[key]++; total++
  }
  END {
    if (total == 0) exit
    printf "\nSkipped: %d test(s)\n", total
    for (i = 1; i <= k; i++) printf "  %d in %s\n", n[order[i]], order[i]
  }
' "${files[@]}"
