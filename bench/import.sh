#!/usr/bin/env bash
# The import benchmark (issue 20), run as `bench/run.sh import [--append]` from the repository root:
# imports archives with `parley import` until every post is searchable, runs public-inbox and
# HyperKitty (../shared/bench/peers) on the same files in the same run, and prints the side-by-side
# table (markdown). The table goes to bench/target/import-table.md; --append also puts it at the top
# of bench/RESULTS.md as a new dated section. Logs of every step: bench/target/import/<run>/;
# --table RUN_DIR draws that run's table again from its results.tsv (and --append, as above).
#
# Archives (IMPORT_ARCHIVES, default "lore gen"):
#   lore        the three lore archives of ../shared/corpora, as one import of the three files into
#               one group (the peers, which read one mbox, get the three concatenated)
#   usrp, util-linux, jailhouse   one lore archive alone
#   gen         the synthetic archive of BENCH_MESSAGES (200000) posts, made on first use by
#               ../shared/bench/gen-mbox.py --count N --seed 1 into bench/target/gen-N.mbox
# Knobs: PEERS ("public-inbox hyperkitty"; "none" runs Parley alone), PEERS_LARGE (which peers
# also run on the synthetic archive: all | public-inbox | none; default public-inbox, since
# HyperKitty takes hours on 200,000 posts), PI_MODE (public-inbox's MODE: split, the default, or
# inline), IMPORT_HEAP (Parley's -Xmx, 512m), IMPORT_KEEP=1 (keep the data directories).
#
# Parley runs as ./parley runs it (the same script, so the same JVM flags), with -Xmx and a GC log
# added through JDK_JAVA_OPTIONS: `parley init` and `group create` into a fresh data directory,
# then, under /usr/bin/time -v, `parley import bench FILES…`, which with the site stopped indexes
# what it archived before it ends (its log says how long that took: the table's "index s"). Then,
# with nothing running, SearchProbe opens the index and searches the last post of every file by Message-ID.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
append=0
table_only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --append) append=1 ;;
    --table) table_only=$(readlink -f "${2:?--table needs a run directory}"); shift ;;
    *) echo "bench/run.sh import: unknown option $1 (--append, --table RUN_DIR)" >&2; exit 2 ;;
  esac
  shift
done
shared=$(readlink -f "${BENCH_SHARED:-$repo/../shared}")
corpora="$shared/corpora"
n="${BENCH_MESSAGES:-200000}"
archives="${IMPORT_ARCHIVES:-lore gen}"
peers="${PEERS:-public-inbox hyperkitty}"
[ "$peers" = none ] && peers=""
peers_large="${PEERS_LARGE:-public-inbox}"
pi_mode="${PI_MODE:-split}"
heap="${IMPORT_HEAP:-512m}"
keep="${IMPORT_KEEP:-0}"
# shellcheck source=../scripts/find-jdk.sh
. scripts/find-jdk.sh
parley_find_jdk || exit 1

stamp=$(date -u +%Y%m%dT%H%M%SZ)
run="$repo/bench/target/import/$stamp"
[ -n "$table_only" ] && { run=$table_only; stamp=$(basename "$run"); }
res="$run/results.tsv" # archive <TAB> system <TAB> key <TAB> value
put() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$res"; }
say() { echo "import bench: $*" >&2; }
cmd="bench/run.sh import"
[ "$append" = 1 ] && cmd="$cmd --append"
for v in BENCH_MESSAGES IMPORT_ARCHIVES PEERS PEERS_LARGE PI_MODE IMPORT_HEAP; do
  [ -n "${!v:-}" ] && cmd="$v=${!v} $cmd"
done
if [ -z "$table_only" ]; then
  mkdir -p "$run"
  : > "$res"
  commit=$(git rev-parse --short HEAD)
  git diff --quiet HEAD -- src pom.xml bench || commit="$commit with uncommitted changes"
  # what the table says of the run (--table RUN_DIR draws it again from these and results.tsv)
  printf '%s=%q\n' started "$(date -u '+%Y-%m-%d %H:%M')" \
    load_start "$(cut -d' ' -f1-3 /proc/loadavg)" commit "$commit" cmd "$cmd" heap "$heap" \
    n "$n" > "$run/meta"
fi
# shellcheck source=/dev/null
. "$run/meta"

# The measuring part is one block, which bash reads whole before running it: a file edited during
# a run cannot derail it. --table skips it.
if [ -z "$table_only" ]; then

# ---- Parley's jar, as ./parley builds it --------------------------------------------------------
say "building Parley's jar if the sources changed (./parley --version)"
./parley --version > "$run/build.log" 2>&1 || { cat "$run/build.log" >&2; exit 1; }
jar="$repo/target/parley.jar"

# ---- the archives ---------------------------------------------------------------------------------
lore_usrp="$corpora/lore-usrp-users-2021/usrp-users-2021.mbox"
lore_util="$corpora/lore-util-linux/util-linux.mbox"
lore_jail="$corpora/lore-jailhouse-dev-2021/jailhouse-dev-2021.mbox"
files_of() { # archive -> the files Parley imports, one a line
  case "$1" in
    lore) printf '%s\n' "$lore_usrp" "$lore_util" "$lore_jail" ;;
    usrp) echo "$lore_usrp" ;;
    util-linux) echo "$lore_util" ;;
    jailhouse) echo "$lore_jail" ;;
    gen) echo "$repo/bench/target/gen-$n.mbox" ;;
    *) echo "unknown archive $1 (lore, usrp, util-linux, jailhouse, gen)" >&2; return 1 ;;
  esac
}
peer_mbox_of() { # archive -> the one mbox the peers read
  if [ "$1" = lore ]; then echo "$repo/bench/target/lore-3.mbox"; else files_of "$1"; fi
}
for a in $archives; do files_of "$a" > /dev/null; done
if [[ " $archives " == *" gen "* ]] && [ ! -f "$repo/bench/target/gen-$n.mbox" ]; then
  say "making the synthetic archive of $n posts"
  python3 "$shared/bench/gen-mbox.py" --count "$n" --seed 1 -o "$repo/bench/target/gen-$n.mbox.part"
  mv "$repo/bench/target/gen-$n.mbox.part" "$repo/bench/target/gen-$n.mbox"
fi
if [[ " $archives " == *" lore "* ]] && [ -n "$peers" ]; then
  lore3="$repo/bench/target/lore-3.mbox"
  want=$(( $(stat -c %s "$lore_usrp") + $(stat -c %s "$lore_util") + $(stat -c %s "$lore_jail") ))
  if [ ! -f "$lore3" ] || [ "$(stat -c %s "$lore3")" != "$want" ]; then
    # each lore mbox ends with a blank line, so the three joined are one valid mboxrd file
    cat "$lore_usrp" "$lore_util" "$lore_jail" > "$lore3"
  fi
fi

# ---- helpers (python3 for the parsing) -----------------------------------------------------------
time_fields() { # GNU time -v log -> "wall_s maxrss_kB"
  python3 - "$1" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
sec = 0.0
for x in wall.split(":"):
    sec = sec * 60 + float(x)
print("%.2f %s" % (sec, re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)))
EOF
}
gc_peak() { # JVM -Xlog:gc logs -> the most heap in use before any collection, in MB
  python3 - "$@" <<'EOF'
import re, sys
unit = {"B": 1 / 2**20, "K": 1 / 1024, "M": 1, "G": 1024}
peak = 0.0
for f in sys.argv[1:]:
    for line in open(f, errors="replace"):
        m = re.search(r"\) (\d+)([BKMG])->(\d+)([BKMG])\(", line)
        if m:
            peak = max(peak, int(m.group(1)) * unit[m.group(2)])
print(round(peak))
EOF
}
last_ids() { # mbox files -> the Message-ID of the last message of each that has one
  python3 - "$@" <<'EOF'
import email.parser, re, sys
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - 8 * 2**20))
        tail = b"\n" + f.read()
    for s in reversed([m.start() + 1 for m in re.finditer(rb"\nFrom ", tail)]):
        head = tail[s:].split(b"\n\n", 1)[0].split(b"\n", 1)[1]
        mid = email.parser.BytesHeaderParser().parsebytes(head + b"\n\n").get("Message-ID")
        if mid and mid.strip():
            print(" ".join(str(mid).split()))
            break
EOF
}
count_msgs() { cat "$@" | grep -c '^From ' || true; }
disk_bytes() { du -sb "$@" | awk '{s += $1} END {printf "%d\n", s}'; }

# ---- Parley ---------------------------------------------------------------------------------------
parley_run() { # archive
  local a=$1 w="$run/$1/parley" data="$run/$1/parley/data" rc files=()
  mapfile -t files < <(files_of "$a")
  mkdir -p "$w"
  say "$a: parley import, until searchable ($(count_msgs "${files[@]}") messages)"
  PARLEY_DATA="$data" ./parley init --domain bench.test --admin-email admin@bench.test \
    --admin-password bench-only-not-secret > "$w/init.log" 2>&1
  PARLEY_DATA="$data" ./parley group create bench >> "$w/init.log" 2>&1
  sync
  rc=0
  PARLEY_DATA="$data" JDK_JAVA_OPTIONS="-Xmx$heap -Xlog:gc:file=$w/import.gc::filecount=0" \
    /usr/bin/time -v -o "$w/import.time" ./parley import bench "${files[@]}" \
    > "$w/import.log" 2>&1 || rc=$?
  put "$a" parley import_exit "$rc"
  sync
  # with the site stopped, parley import indexes what it archived before it ends, and says how
  # long that took ("search: N post(s) indexed in X s"): the rest of its wall time is the import
  local iw irss xs
  read -r iw irss < <(time_fields "$w/import.time")
  xs=$(sed -n 's/^search: [0-9]* post(s) indexed in \([0-9.]*\) s.*/\1/p' "$w/import.log")
  xs=${xs:-0}
  put "$a" parley import_s "$(python3 -c "print('%.2f' % ($iw - $xs))")"
  put "$a" parley index_s "$xs"
  put "$a" parley rss_kB "$irss"
  put "$a" parley heap_MB "$(gc_peak "$w/import.gc")"
  put "$a" parley imported "$(sed -n 's/^imported \([0-9]*\) post.*/\1/p' "$w/import.log")"
  put "$a" parley duplicates "$(sed -n 's/^duplicates (already archived): //p' "$w/import.log")"
  put "$a" parley refused "$(sed -n 's/^refused: //p' "$w/import.log")"
  put "$a" parley failed "$(sed -n 's/^failed (run the import again to retry them): //p' "$w/import.log")"
  # searchable: the index holds the posts, and a search finds the last post of every file
  mapfile -t ids < <(last_ids "${files[@]}")
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jar" bench/src/main/java/org/parley/bench/SearchProbe.java \
    "$data/index" "${ids[@]}" > "$w/probe.log" 2> "$w/probe.err" || true
  put "$a" parley posts "$(sed -n 's/^docs //p' "$w/probe.log")"
  put "$a" parley found "$(grep -c '^found [1-9]' "$w/probe.log" || true)/${#ids[@]}"
  # on disk: every file of the data directory but the space reserve (FreeSpace.RESERVE)
  put "$a" parley disk_bytes "$(du -sb --exclude=space-reserve "$data" | cut -f1)"
  put "$a" parley ran "parley import (the site stopped: it indexes before it ends), -Xmx$heap"
  [ "$keep" = 1 ] || rm -rf "$data"
}

# ---- the peers -----------------------------------------------------------------------------------
tsv() { awk -F'\t' -v k="$2" '$1 == k {print $2}' "$1"; }
peer_run() { # archive peer
  local a=$1 p=$2 w="$run/$1/$2" mbox rc=0 wall rss
  mbox=$(peer_mbox_of "$a")
  mkdir -p "$w"
  case "$p" in
    public-inbox)
      if ! command -v public-inbox-init > /dev/null; then
        put "$a" "$p" ran "not run: not installed (apt-get install public-inbox xapian-tools)"; return
      fi
      say "$a: public-inbox (MODE=$pi_mode, HTTP=0)"
      /usr/bin/time -v -o "$w/all.time" env HTTP=0 KEEP=1 MODE="$pi_mode" \
        "$shared/bench/peers/public-inbox.sh" "$mbox" "$w/work" > "$w/log" 2>&1 || rc=$? ;;
    hyperkitty)
      if ! /usr/bin/python3 -c 'import hyperkitty, whoosh' 2> /dev/null; then
        put "$a" "$p" ran "not run: not installed (apt-get install python3-django-hyperkitty python3-whoosh)"; return
      fi
      say "$a: HyperKitty (hyperkitty_import, then update_index_one_list)"
      /usr/bin/time -v -o "$w/all.time" env KEEP=1 \
        "$shared/bench/peers/hyperkitty.sh" "$mbox" "$w/work" > "$w/log" 2>&1 || rc=$? ;;
  esac
  if [ "$rc" != 0 ]; then
    put "$a" "$p" ran "failed (exit $rc; see bench/target/import/$stamp/$a/$p/log)"
    [ "$keep" = 1 ] || rm -rf "$w/work/inbox-split" "$w/work/inbox-inline" "$w/work/hkproject"
    return
  fi
  read -r wall rss < <(time_fields "$w/all.time")
  put "$a" "$p" rss_kB "$rss"
  local r="$w/work/results.tsv" d
  if [ "$p" = public-inbox ]; then
    d="$w/work/inbox-$pi_mode"
    if [ "$pi_mode" = inline ]; then
      put "$a" "$p" import_s "$(tsv "$r" inline.import_index.wall_s)"
      put "$a" "$p" index_s 0
    else
      put "$a" "$p" import_s "$(tsv "$r" split.import.wall_s)"
      put "$a" "$p" index_s "$(tsv "$r" split.index.wall_s)"
    fi
    put "$a" "$p" posts "$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from over where num > 0").fetchone()[0])' \
      "$d/xap15/over.sqlite3")"
    put "$a" "$p" disk_bytes "$(disk_bytes "$d")"
    put "$a" "$p" ran "public-inbox $(tsv "$r" public_inbox.version), MODE=$pi_mode, v2 inbox, Xapian"
  else
    d="$w/work/hkproject"
    put "$a" "$p" import_s "$(tsv "$r" import.wall_s)"
    put "$a" "$p" index_s "$(tsv "$r" index.wall_s)"
    put "$a" "$p" posts "$(tsv "$r" import.emails_in_db)"
    put "$a" "$p" disk_bytes "$(disk_bytes "$d/hyperkitty.db" "$d/fulltext_index")"
    put "$a" "$p" ran "HyperKitty $(tsv "$r" hyperkitty.version), SQLite, Whoosh"
  fi
  [ "$keep" = 1 ] || rm -rf "$d"
}

for a in $archives; do
  mapfile -t files < <(files_of "$a")
  put "$a" input messages "$(count_msgs "${files[@]}")"
  put "$a" input bytes "$(disk_bytes "${files[@]}")"
  put "$a" input files "${#files[@]}"
  parley_run "$a"
  for p in $peers; do
    if [ "$a" = gen ] && [ "$peers_large" != all ] && [ "$peers_large" != "$p" ]; then
      put "$a" "$p" ran "not run (PEERS_LARGE=$peers_large)"
      continue
    fi
    peer_run "$a" "$p"
  done
done

fi # the measuring part

# ---- the table ----------------------------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)
jdk=$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)
table="$run/table.md"
M_STARTED="$started" M_CMD="$cmd" M_COMMIT="$commit" M_CORES="$(nproc)" M_CPU="$cpu" M_MEM="$mem" \
M_LOAD="$load_start" M_LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)" M_JDK="$jdk" M_STAMP="$stamp" M_N="$n" M_HEAP="$heap" \
  python3 - "$res" > "$table" <<'EOF'
import collections, os, sys
e = os.environ
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    a, s, k, v = line.rstrip("\n").split("\t")
    rows.setdefault(a, collections.OrderedDict()).setdefault(s, {})[k] = v
names = {"lore": "the three lore archives (usrp-users 2021, util-linux, jailhouse-dev 2021) in one import",
         "usrp": "lore usrp-users 2021", "util-linux": "lore util-linux",
         "jailhouse": "lore jailhouse-dev 2021",
         "gen": "synthetic (gen-mbox.py --count %s --seed 1)" % e["M_N"]}
def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None
def n(x):
    return format(int(x), ",")
print("## Import until searchable, side by side: Parley, public-inbox, HyperKitty (%s UTC)" % e["M_STARTED"])
print()
print("`%s` (bench/import.sh), commit `%s`; machine: %s cores (%s), %s, load average %s at the"
      % (e["M_CMD"], e["M_COMMIT"], e["M_CORES"], e["M_CPU"], e["M_MEM"], e["M_LOAD"]))
print("start and %s at the end (other work on the machine shows there);" % e["M_LOAD_END"])
print("%s. Logs of the run: bench/target/import/%s/." % (e["M_JDK"], e["M_STAMP"]))
print()
print("| archive | system | posts searchable | import s | index s | until searchable s | posts/s | MB/s "
      "| peak RSS MiB | peak heap MiB | disk ÷ mbox |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
notes, ratio = [], {}
for a, systems in rows.items():
    inp = systems.pop("input")
    msgs, size = int(inp["messages"]), int(inp["bytes"])
    label = "%s: %s messages, %.1f MB" % (names.get(a, a), n(msgs), size / 1e6)
    for s, r in systems.items():
        if "import_s" not in r:
            print("| %s | %s | %s | | | | | | | | |" % (label, s, r.get("ran", "")))
            label = ""
            continue
        imp, idx = num(r["import_s"]) or 0.0, num(r.get("index_s")) or 0.0
        tot = imp + idx
        rate = msgs / tot if tot else 0
        ratio.setdefault(a, {})[s] = rate
        posts = r.get("posts", "")
        posts = n(posts) if posts else "none"
        if s == "parley":
            posts += " (a search found the last post of %s files)" % r.get("found", "?")
            bad = ["%s exit %s" % (k.split("_")[0], r[k]) for k in ("import_exit",)
                   if r.get(k, "0") != "0"]
            if bad:
                posts += "; " + ", ".join(bad)
        print("| %s | %s | %s | %.1f | %.1f | %.1f | **%.0f** | %.2f | %.0f | %s | %.2f× |" % (
            label, s, posts, imp, idx, tot, rate, size / 1e6 / tot if tot else 0,
            int(r["rss_kB"]) / 1024, r.get("heap_MB") or "—", int(r["disk_bytes"]) / size))
        label = ""
        if s == "parley":
            for k, what in (("duplicates", "skipped %s duplicate(s) (same Message-ID and bytes)"),
                            ("refused", "refused %s message(s)"),
                            ("failed", "failed on %s message(s)")):
                if r.get(k) not in (None, "", "0"):
                    notes.append("Parley, %s: %s (its import.log says which)." % (a, what % r[k]))
        notes.append("%s, %s: %s." % (s, a, r.get("ran", "")))
print()
for a, by in ratio.items():
    if "parley" in by and by.get("public-inbox"):
        print("Parley ÷ public-inbox, posts/s until searchable, %s: **%.1f×** (the target: at least 20×)."
              % (a, by["parley"] / by["public-inbox"]))
if any("parley" in by and by.get("public-inbox") for by in ratio.values()):
    print()
print("""posts/s and MB/s: the mbox's messages (`grep -c '^From '`, as the peers' scripts count them) and
bytes over the import and index wall times together (each process's start included; setup such as
`parley init`, `public-inbox-init` or Django's migrate not). Posts searchable: Parley, the posts in
its search index (SearchProbe, run afterwards with nothing running, also searched the last post of
every file by its Message-ID); public-inbox, the messages in its overview database; HyperKitty, the
emails in its database. Peak RSS: the largest single process (GNU time); Parley's is the larger of
the import, a peer's covers its whole script. Peak heap: from the JVM's GC log, the most heap in
use before a collection; -Xmx%s enforces the 512 MB target (out of
memory ends the process, status 3). Disk: Parley, every file of the data directory but the 4 MB space-reserve
file; public-inbox, the inbox directory (git, Xapian, SQLite); HyperKitty, its SQLite database and
Whoosh index: apparent sizes (`du -sb`) over the mbox's bytes (target for Parley: at most 1.5×).
""" % e["M_HEAP"])
for line in notes:
    print("- " + line)
EOF
cp "$table" bench/target/import-table.md
cat "$table"
if [ "$append" = 1 ]; then
  python3 - bench/RESULTS.md "$table" <<'EOF'
import sys
path, table = sys.argv[1], open(sys.argv[2]).read()
text = open(path).read()
head, sep, rest = text.partition("\n## ")
open(path, "w").write(head.rstrip("\n") + "\n\n" + table.rstrip("\n") + "\n\n" + (sep.lstrip("\n") + rest if sep else ""))
EOF
  say "the table is now the first section of bench/RESULTS.md"
fi
