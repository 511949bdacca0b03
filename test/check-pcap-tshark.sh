#!/usr/bin/env bash
# Decode pcap files with tshark's CoAP (and LwM2M TLV) dissectors and fail on any malformed
# packet or expert-info warning/error.
#   check-pcap-tshark.sh MIN_COAP_PACKETS FILE.pcap [FILE.pcap ...]
# Exit 0: every file decodes cleanly and together they hold at least MIN_COAP_PACKETS CoAP
# messages; 1: a problem (printed); 77: tshark is not installed (CTest reports a skip).
set -u
if ! command -v tshark >/dev/null 2>&1; then
  echo "tshark not installed: skipped"
  exit 77
fi
min=$1; shift
total=0
status=0
for f in "$@"; do
  if [ ! -s "$f" ]; then echo "missing or empty pcap: $f"; exit 1; fi
  n=$(tshark -r "$f" -Y coap 2>/dev/null | wc -l)
  total=$((total + n))
  malformed=$(tshark -r "$f" -Y '_ws.malformed || _ws.expert.severity >= "warning"' 2>/dev/null | wc -l)
  # The expert summary lists Warning/Error groups; notes and chats are fine.
  expert=$(tshark -r "$f" -q -z expert,warn 2>/dev/null | grep -E '^(Errors|Warnings) \(' || true)
  echo "$f: $n CoAP packets, $malformed malformed/warning packets"
  if [ "$malformed" -ne 0 ] || [ -n "$expert" ]; then
    tshark -r "$f" -Y '_ws.malformed || _ws.expert.severity >= "warning"' 2>/dev/null | head -5
    echo "$expert"
    status=1
  fi
done
if [ "$total" -lt "$min" ]; then
  echo "only $total CoAP packets, expected at least $min"
  status=1
fi
exit $status
