#!/usr/bin/env bash
# Scale benchmark of the main scenario, with a plain-UDP baseline on the same fleet wiring.
#   benchmark-lwm2m.sh [--access LIST] [--security LIST] [BUILD_DIR] [N ...]
#                                                  (default: build, 1000 10000 100000)
# For each fleet size N it runs lwm2m-bootstrap-storm with its defaults (client-initiated
# bootstrap then registration, 5 % independent loss, power-on uniform over 60 s) under
# /usr/bin/time -v, then fleet-baseline with the same number of devices exchanging the same
# number of UDP datagrams (request/response pairs, as many sent and received by the devices as
# in the storm) with no LwM2M logic, and prints one table:
# wall and CPU seconds, peak RSS, simulator events, events per CPU second, devices per wall
# second, and the LwM2M / baseline CPU ratio. Both programs run with the storm's default event
# scheduler (priority-queue) and the allocator the build linked (LWM2M_ALLOCATOR; mimalloc on
# 2 MiB pages unless MIMALLOC_LARGE_OS_PAGES=0). Build in Release first
# (./quickstart.sh build). Wall times on a shared machine vary: CPU seconds are the steadier
# figure; run it twice and quote medians.
#   --access LIST  comma-separated access links of the storm (its --access values, for example
#                  fixed,nbiot-ce0,ltem-cea; default fixed): one storm row per access and N,
#                  with events and CPU microseconds per device and, for a cellular preset, its
#                  CPU and events relative to the fixed access at the same N (the first entry
#                  of LIST must then be fixed). The baseline runs once per N, on fixed wiring.
#                  An entry LABEL=ARGS runs the storm with ARGS (split at spaces) in place of
#                  --access NAME, under the name LABEL, for example
#                  'slow=--loss 0 --access-delay 20 --access-jitter 300' (the fixed link at
#                  nbiot-ce0's one-way latency, which separates the latency's cost from the
#                  cellular model's). dg/fix: the CoAP datagrams against the first row.
#   --security LIST  comma-separated --security values of the storm (nosec,psk,x509; default
#                  nosec): one storm row per security mode (and access), the column access
#                  then reads ACCESS/SECURITY, cpu/fix and ev/fix compare with the first row of
#                  the N (the first entry must be nosec), and a line per row gives the CPU
#                  microseconds and the peak RSS KiB per device, and the set-up's CPU seconds
#                  (building the fleet, from run.json) apart from the run's. An entry
#                  MODE:ENGINE also sets the storm's --dtls-engine (real or replay), for
#                  example nosec,psk,psk:replay,x509:replay.
set -euo pipefail
accesses=fixed
securities=nosec
while true; do
  case "${1:-}" in
    --access)
      accesses=${2:?"benchmark-lwm2m.sh: --access needs a list, for example fixed,nbiot-ce0"}
      shift 2 ;;
    --security)
      securities=${2:?"benchmark-lwm2m.sh: --security needs a list, for example nosec,psk,x509"}
      shift 2 ;;
    *) break ;;
  esac
done
IFS=, read -r -a security_list <<<"$securities"
[ ${#security_list[@]} -gt 0 ] || { echo "benchmark-lwm2m.sh: --security: empty list" >&2; exit 2; }
if [ ${#security_list[@]} -gt 1 ] && [ "${security_list[0]}" != nosec ]; then
  echo "benchmark-lwm2m.sh: --security: the first entry must be nosec (the reference)" >&2
  exit 2
fi
IFS=, read -r -a access_list <<<"$accesses"
[ ${#access_list[@]} -gt 0 ] || { echo "benchmark-lwm2m.sh: --access: empty list" >&2; exit 2; }
if [ ${#access_list[@]} -gt 1 ] && [ "${access_list[0]}" != fixed ]; then
  echo "benchmark-lwm2m.sh: --access: the first entry must be fixed (the reference)" >&2
  exit 2
fi
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
storm="$build/examples/lwm2m-bootstrap-storm"
base="$build/examples/fleet-baseline"
for p in "$storm" "$base" /usr/bin/time; do
  [ -x "$p" ] || { echo "benchmark-lwm2m.sh: $p not found (build in Release first)" >&2; exit 2; }
done
# mimalloc on 2 MiB pages (madvise, which Linux's default transparent huge page mode honours),
# for both programs: the storm's working set is gigabytes of small objects, and TLB misses a
# large part of an event's cost. Ignored by the other allocators.
export MIMALLOC_LARGE_OS_PAGES=${MIMALLOC_LARGE_OS_PAGES:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

field() { grep -E "$1" "$2" | head -1 | sed -E "s/.*$1[^0-9]*([0-9.]+).*/\1/"; }
cpu() { awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f", u + s}' "$1"; }
rss() { awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2, a, ":"); t=0; for (i=1;i<=n;i++) t=t*60+a[i]; printf "%.1f", t}' "$1"; }

printf "%-8s %-16s | %8s %8s %8s %11s %8s %8s %10s %9s %6s | %8s %8s %8s %11s | %6s %8s %8s %8s\n" \
  N access "wall_s" "cpu_s" "RSS_MiB" "events" "ev/dev" "us/dev" "events/cpu" "devs/wall" "reg%" \
  "b_wall" "b_cpu" "b_RSS" "b_events" "ratio" "cpu/fix" "ev/fix" "dg/fix"
prev_wall=""
dgram_line=""
# The storm's default loss per packet and direction, which the baseline gets too.
loss=0.05
for n in "${sizes[@]}"; do
  ref_cpu=""
  ref_events=""
  perdev=""
  for access in "${access_list[@]}"; do
  for security in "${security_list[@]}"; do
    name=${access%%=*}
    if [ "$name" != "$access" ]; then
      read -r -a access_args <<<"${access#*=}"
    else
      access_args=(--access "$access")
    fi
    mode=${security%%:*}
    engine_args=()
    if [ "$mode" != "$security" ]; then
      engine_args=(--dtls-engine "${security#*:}")
    fi
    tag="$name-${security/:/-}-$n"
    label=$name
    [ ${#security_list[@]} -eq 1 ] && [ "$security" = nosec ] || label="$name/$security"
    if ! /usr/bin/time -v "$storm" -n "$n" "${access_args[@]}" --security "$mode" \
      "${engine_args[@]}" -o "$work/run-$tag" --no-progress >"$work/storm-$tag.txt" \
      2>"$work/time-$tag.txt"; then
      echo "benchmark-lwm2m.sh: the storm failed for N=$n ${access_args[*]} --security $mode" \
        "${engine_args[*]}:" >&2
      grep -v -E '^\s' "$work/time-$tag.txt" | tail -n 5 >&2
      exit 1
    fi
    events=$(grep -E "^wall time" "$work/storm-$tag.txt" | sed -E 's/.*s, ([0-9]+) events.*/\1/')
    up=$(grep -E "device traffic" "$work/storm-$tag.txt" | sed -E 's/.*up ([0-9]+) datagrams.*/\1/')
    down=$(grep -E "device traffic" "$work/storm-$tag.txt" | sed -E 's/.*down ([0-9]+) datagrams.*/\1/')
    reg=$(awk '$1 == "REGISTERED" {print $3; exit}' "$work/storm-$tag.txt")
    w=$(wall "$work/time-$tag.txt"); c=$(cpu "$work/time-$tag.txt")
    if [ -z "$ref_cpu" ]; then
      # The baseline, once per N, with the device datagrams of the first access's storm: R
      # request/response pairs in all, of which a device sends R and receives R (1 - loss)^2,
      # so R = (up + down) / (1 + (1 - loss)^2), rounded.
      r=$(echo "($up + $down) / (1 + (1 - $loss)^2) + 0.5" | bc -l | cut -d. -f1)
      r=${r:-0}; [ "$r" -gt 0 ] || r=1
      /usr/bin/time -v "$base" --devices="$n" --totalRequests="$r" --loss="$loss" --window=60 \
        --SchedulerType=ns3::PriorityQueueScheduler \
        >"$work/base-$n.txt" 2>"$work/btime-$n.txt"
      bevents=$(grep -E "^events " "$work/base-$n.txt" | sed -E 's/^events ([0-9]+).*/\1/')
      bdgrams=$(grep -E "^device datagrams " "$work/base-$n.txt" | sed -E 's/^device datagrams ([0-9]+).*/\1/')
      dgram_line+=$(printf "         datagrams sent and received by the devices, N=%s: storm %s, baseline %s (%+.1f%%)" \
        "$n" "$((up + down))" "$bdgrams" "$(echo "($bdgrams / ($up + $down) - 1) * 100" | bc -l)")$'\n'
      bw=$(wall "$work/btime-$n.txt"); bc=$(cpu "$work/btime-$n.txt"); brss=$(rss "$work/btime-$n.txt")
      ref_cpu=$c; ref_events=$events; ref_wall=$w; ref_dgrams=$((up + down))
      rel_cpu="-"; rel_events="-"; rel_dgrams="-"
    else
      rel_cpu=$(printf "%+.1f%%" "$(echo "($c / $ref_cpu - 1) * 100" | bc -l)")
      rel_events=$(printf "%+.1f%%" "$(echo "($events / $ref_events - 1) * 100" | bc -l)")
      rel_dgrams=$(printf "%+.1f%%" "$(echo "(($up + $down) / $ref_dgrams - 1) * 100" | bc -l)")
    fi
    printf "%-8s %-16s | %8s %8s %8s %11s %8.1f %8.0f %10.0f %9.0f %6s | %8s %8s %8s %11s | %6.2f %8s %8s %8s\n" \
      "$n" "$label" "$w" "$c" "$(rss "$work/time-$tag.txt")" "$events" \
      "$(echo "$events / $n" | bc -l)" "$(echo "$c * 1000000 / $n" | bc -l)" \
      "$(echo "$events / $c" | bc -l)" "$(echo "$n / $w" | bc -l)" "$reg" \
      "$bw" "$bc" "$brss" "$bevents" "$(echo "$c / $bc" | bc -l)" "$rel_cpu" "$rel_events" "$rel_dgrams"
    rsskib=$(awk -F': ' '/Maximum resident/ {print $2}' "$work/time-$tag.txt")
    setup=$(tr -d ' \n' <"$work/run-$tag/run.json" | sed -E 's/.*"setup_cpu_s":([0-9.]+).*/\1/')
    perdev+=$(printf "         per device (%s): %.0f us CPU, %.1f KiB peak RSS; set-up %.1f CPU s, run %.1f\n" \
      "$label" "$(echo "$c * 1000000 / $n" | bc -l)" "$(echo "$rsskib / $n" | bc -l)" \
      "$setup" "$(echo "$c - $setup" | bc -l)")$'\n'
  done
  done
  if [ ${#security_list[@]} -gt 1 ]; then
    printf "%s" "$perdev"
  fi
  if [ -n "$prev_wall" ]; then
    echo "         growth (${access_list[0]}): wall x$(echo "scale=2; $ref_wall / $prev_wall" | bc -l), cpu x$(echo "scale=2; $ref_cpu / $prev_cpu" | bc -l) for N x$(echo "scale=1; $n / $prev_n" | bc -l)"
  fi
  prev_wall=$ref_wall; prev_cpu=$ref_cpu; prev_n=$n
done
printf "%s" "${dgram_line:-}"
echo "baseline: fleet-baseline with R = (up + down datagrams) / (1 + 0.95^2) request/response pairs in all (floor(R / N) or one more per device): the storm's device datagrams at 5 % loss each way"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
