#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Real software in the loop with DTLS (issue #14): a real, independent DTLS 1.2 CoAP client
# (libcoap's coap-client-openssl, OpenSSL) against the simulated bootstrap server on coaps
# 5684, through the TAP bridge, with the storm in real time (--security psk --external-psk).
#
#   check-dtls-bridge.sh STORM_PROGRAM
#
# One storm run (--realtime --external-clients 2 --security psk --external-psk 0xKEY) beside 5
# simulated devices, in network namespaces made for it and deleted at the end (the storm's
# own, one per real client): nothing is sent on the machine's network.
#  - external client 0 (endpoint ext0) sends the Request Bootstrap, POST /bs?ep=ext0, over
#    DTLS with identity ext0 and KEY (coap-client-openssl -u ext0 -k KEY). Checked: coap-client
#    receives 2.04; on its access link's pcap tshark decodes the handshake in the clear
#    (ClientHello, HelloVerifyRequest, ClientHello with the cookie, ServerHello +
#    ServerHelloDone, ClientKeyExchange + ChangeCipherSpec + Finished, ChangeCipherSpec +
#    Finished) with TLS_PSK_WITH_AES_128_CCM_8 (0xc0a8) chosen, no CoAP without the key, and,
#    given the key (dtls.psk), both Finished messages and the application data: CoAP POST
#    /bs?ep=ext0, its 2.04, and one Delete /; the devices.csv row of ext0 (mode EXTERNAL) has
#    bootstrap_request_s.
#  - coap-client is no LwM2M client: it sends close_notify right after the 2.04 and exits.
#    What the bootstrap server's session then meets is checked as it is: the close_notify
#    ends the association at the server, so its Delete /, due 0.5 s after the request
#    (--bs-service-time 0.5), is dropped by the server's DtlsTransport (no association; a
#    server starts no handshake), as its retransmission is: no command crosses the wire. The
#    exchange gives up (MAX_RETRANSMIT 1 here, to keep the run short: 3 initial timeouts of
#    [2, 3] s) and the session fails, REQUEST_FAILED (devices.csv, 6.5 to 9.5 s after the
#    request, and the storm's "external ext0: INCOMPLETE, operations: DELETE / -;" line).
#    The service time makes the order certain: with the default 5 ms the Delete leaves before
#    the close_notify arrives and, if coap-client is slow to exit, reaches it (libcoap
#    4.3.1 answers it 2.02, and a Write 4.04, as seen at 5 % loss).
#  - external client 1 (endpoint ext1) brings a wrong key: after its Finished the server
#    sends a fatal bad_record_mac alert, nothing else (no ChangeCipherSpec, no application
#    data); coap-client reports the alert and gets no 2.04; devices.csv has no bootstrap
#    request for ext1.
#  - the 5 simulated devices still bootstrap and register (over DTLS, their derived keys),
#    and the run is a valid real-time run.
#
# Needs root, /dev/net/tun, ip, tshark, python3, timeout and coap-client-openssl (Debian:
# libcoap3-bin); skips with 77 otherwise.
#
# Environment:
#   LWM2M_DTLS_BRIDGE_KEEP  a folder to copy the outputs and logs to
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
storm=${1:-}
duration=20
# The right key: a text for coap-client (libcoap 4.3.1's -k takes text), the same bytes in
# hexadecimal for the storm (--external-psk 0x...) and tshark (dtls.psk).
key="bridge-psk-0123456789"
wrong="bridge-psk-9876543210"
key_hex=$(printf '%s' "$key" | od -An -tx1 | tr -d ' \n')

skip() {
  echo "check-dtls-bridge: skipped: $*"
  exit 77
}
[ -x "$storm" ] || { echo "usage: check-dtls-bridge.sh STORM_PROGRAM" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || skip "needs root for network namespaces and TAP interfaces"
[ -c /dev/net/tun ] || skip "needs /dev/net/tun"
for tool in ip tshark python3 timeout coap-client-openssl; do
  command -v "$tool" >/dev/null || skip "needs $tool"
done

work=$(mktemp -d /tmp/dtls-bridge.XXXXXX)
prefix="lwd$$"
source "$here/wakaama-common.sh"
cleanup() {
  wakaama_netns_del_all
  rm -rf -- "$work"
}
trap cleanup EXIT
for ns in "$prefix-s" "$prefix-c0" "$prefix-c1"; do
  wakaama_netns_add "$ns" || skip "ip netns add is not permitted here"
done

status=0
fail() {
  echo "FAIL: $*"
  status=1
}

ip netns exec "$prefix-s" "$storm" -n 5 --power-on-window 5 --duration "$duration" --realtime \
  --loss 0 --security psk --external-clients 2 --external-psk "0x$key_hex" --tap lwd \
  --tap-netns "$prefix-c" --pcap-external --set ns3::CoapEndpoint::MaxRetransmit=1 \
  --bs-service-time 0.5 \
  --no-progress -o "$work/out" >"$work/storm.log" 2>&1 &
storm_pid=$!
# client J KEY: one Request Bootstrap as endpoint extJ, 2 s after its TAP is up. -v 7 logs the
# PDUs and the DTLS events.
client() {
  wakaama_wait_tap "$prefix-c$1" "lwd$1" || return 1
  sleep 2
  ip netns exec "$prefix-c$1" timeout 20 coap-client-openssl -v 7 -B 10 -m post -u "ext$1" \
    -k "$2" "coaps://172.16.0.2:5684/bs?ep=ext$1" >"$work/client$1.log" 2>&1 || true
}
client 0 "$key" &
c0=$!
client 1 "$wrong" &
c1=$!
storm_status=0
wait "$storm_pid" || storm_status=$?
wait "$c0" "$c1" || true

if [ -n "${LWM2M_DTLS_BRIDGE_KEEP:-}" ]; then
  mkdir -p "$LWM2M_DTLS_BRIDGE_KEEP"
  cp -r "$work"/out "$work"/*.log "$LWM2M_DTLS_BRIDGE_KEEP/" 2>/dev/null || true
fi
if [ "$storm_status" -ne 0 ]; then
  echo "check-dtls-bridge: the storm failed (status $storm_status):"
  tail -n 5 "$work/storm.log" | sed 's/^/    /'
  exit 1
fi
grep -E '^(real time|external|bridge)' "$work/storm.log" | sed 's/^/  /'

# The pcap of client J's access link: the one whose datagrams come from its host address.
pcap_of() {
  local p
  for p in "$work"/out/pcap-*.pcap; do
    if [ -n "$(tshark -r "$p" -Y "ip.src == 192.168.$1.2" -c 1 2>/dev/null)" ]; then
      echo "$p"
      return 0
    fi
  done
  return 1
}
# dtls_flow PCAP [tshark options]: one line per DTLS record: source, content type, handshake
# type (or alert description).
dtls_flow() {
  local p=$1
  shift
  tshark -r "$p" "$@" -Y dtls -T fields -E separator=' ' -E aggregator=, -E occurrence=a \
    -e ip.src -e dtls.record.content_type -e dtls.handshake.type -e dtls.alert_message.desc \
    2>/dev/null | sed 's/ *$//; s/  */ /g'
}
# coap_of PCAP [tshark options]: source, code, Uri-Path, Uri-Query of each CoAP message (not
# those quoted in ICMP errors).
coap_of() {
  local p=$1
  shift
  tshark -r "$p" "$@" -Y 'coap && !icmp' -T fields -E separator=' ' -e ip.src -e coap.code \
    -e coap.opt.uri_path -e coap.opt.uri_query 2>/dev/null | sed 's/ *$//; s/  */ /g'
}

# ---- client 0: the right key -------------------------------------------------------------
echo "== ext0 (the right key)"
if grep -q 'c:2.04' "$work/client0.log"; then
  echo "  coap-client: $(grep -m1 'c:2.04' "$work/client0.log" | sed 's/^.*\(v:1 .*\)$/\1/')"
else
  fail "coap-client ext0 got no 2.04:"
  tail -n 8 "$work/client0.log" | sed 's/^/    /'
fi
if p0=$(pcap_of 0); then
  echo "  access link pcap: $(basename "$p0")"
  # Without the key: the handshake in the clear up to ChangeCipherSpec, then opaque records.
  dtls_flow "$p0" | sed 's/^/    /'
  suite=$(tshark -r "$p0" -Y 'dtls.handshake.type == 2' -T fields -e dtls.handshake.ciphersuite 2>/dev/null | head -n1)
  if [ "$suite" != "0xc0a8" ]; then
    fail "ext0: ServerHello cipher suite '$suite', expected 0xc0a8 (TLS_PSK_WITH_AES_128_CCM_8)"
  else
    echo "  ServerHello: cipher suite 0xc0a8 (TLS_PSK_WITH_AES_128_CCM_8)"
  fi
  [ -z "$(coap_of "$p0")" ] || fail "ext0: CoAP decoded without the key"
  # With the key: the Finished messages and the application data decrypt.
  dflow=$(dtls_flow "$p0" -o "dtls.psk:$key_hex")
  want=$(printf '%s\n' "192.168.0.2 22 1" "172.16.0.2 22 3" "192.168.0.2 22 1" \
    "172.16.0.2 22,22 2,14" "192.168.0.2 22,20,22 16,20" "172.16.0.2 20,22 20")
  if [ "$(echo "$dflow" | head -n 6)" != "$want" ]; then
    fail "ext0: the handshake, decrypted, is not ClientHello, HelloVerifyRequest, ClientHello, ServerHello+ServerHelloDone, ClientKeyExchange+ChangeCipherSpec+Finished, ChangeCipherSpec+Finished:"
    echo "$dflow" | sed 's/^/    /'
  else
    echo "  handshake (decrypted with the key): ClientHello, HelloVerifyRequest, ClientHello, ServerHello+ServerHelloDone, ClientKeyExchange+ChangeCipherSpec+Finished, ChangeCipherSpec+Finished"
  fi
  coap=$(coap_of "$p0" -o "dtls.psk:$key_hex")
  echo "$coap" | sed 's/^/    CoAP (source, code, path, query): /'
  # POST (0.02) /bs?ep=ext0 and its 2.04 (68), nothing more: the Delete / never leaves.
  if [ "$coap" != "$(printf '%s\n' '192.168.0.2 2 bs ep=ext0' '172.16.0.2 68')" ]; then
    fail "ext0: the application data is not POST /bs?ep=ext0 and its 2.04, alone"
  else
    echo "  application data (decrypted): POST /bs?ep=ext0, 2.04; no command of the server"
  fi
  # coap-client's close_notify right after the 2.04 ends the association: the last record.
  if [ "$(echo "$dflow" | sed -n '7,$p')" != "$(printf '%s\n' '192.168.0.2 23' '172.16.0.2 23' '192.168.0.2 21 0')" ]; then
    fail "ext0: after the handshake, not POST, 2.04, close_notify from coap-client and nothing else"
  else
    echo "  after the 2.04: close_notify (alert 0) from coap-client, the last datagram"
  fi
  [ -z "$(tshark -r "$p0" -Y icmp 2>/dev/null)" ] || fail "ext0: ICMP on the access link"
else
  fail "no pcap of ext0's access link"
fi

# ---- client 1: the wrong key -------------------------------------------------------------
echo "== ext1 (a wrong key)"
if grep -q 'c:2.04' "$work/client1.log"; then
  fail "coap-client ext1 got a 2.04 with a wrong key"
else
  echo "  coap-client: no 2.04; $(grep -m1 -i -E 'alert|decrypt|fail' "$work/client1.log" || echo 'no message')"
fi
if p1=$(pcap_of 1); then
  flow1=$(dtls_flow "$p1")
  echo "$flow1" | sed 's/^/    /'
  # The server cannot decrypt the client's Finished (another key, other record keys): its
  # answer is a fatal bad_record_mac (20) alert, no ChangeCipherSpec, no application data.
  want1=$(printf '%s\n' "192.168.1.2 22 1" "172.16.0.2 22 3" "192.168.1.2 22 1" \
    "172.16.0.2 22,22 2,14" "192.168.1.2 22,20,22 16" "172.16.0.2 21 20")
  if [ "$flow1" != "$want1" ]; then
    fail "ext1: the flow is not the handshake up to the client's Finished, then the server's alert 20 (bad_record_mac), and nothing else"
  else
    echo "  ClientHello, HelloVerifyRequest, ClientHello, ServerHello+ServerHelloDone, ClientKeyExchange+ChangeCipherSpec+Finished, then the server's fatal alert bad_record_mac (20); nothing after"
  fi
  grep -q 'alert read:fatal:bad record mac' "$work/client1.log" ||
    fail "ext1: coap-client did not report the server's bad_record_mac alert"
else
  fail "no pcap of ext1's access link"
fi

# ---- devices.csv ------------------------------------------------------------------------
python3 - "$work/out/devices.csv" <<'PY' || status=1
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
by = {r["endpoint"]: r for r in rows}
bad = []
e0, e1 = by.get("ext0"), by.get("ext1")
if not e0 or e0["mode"] != "EXTERNAL" or e0["bootstrap_request_s"] == "":
    bad.append("ext0: no EXTERNAL row with bootstrap_request_s: %r" % (e0,))
else:
    print("  devices.csv ext0: mode EXTERNAL, bootstrap_request_s %s, outcome %s, failure_cause %s, "
          "failed_s %s" % (e0["bootstrap_request_s"], e0["outcome"], e0["failure_cause"],
                           e0["failed_s"]))
    if e0["finish_s"] != "" or e0["registered_s"] != "":
        bad.append("ext0: finish_s %r registered_s %r (coap-client is no LwM2M client)" % (
            e0["finish_s"], e0["registered_s"]))
    # The Delete / (0.5 s after the request: the service time) is never answered: with
    # MAX_RETRANSMIT 1 its exchange gives up 3 initial timeouts ([2, 3] s each) after it
    # left, and the session fails, REQUEST_FAILED.
    span = float(e0["first_command_s"] or "nan") - float(e0["bootstrap_request_s"])
    if e0["failure_cause"] != "REQUEST_FAILED" or not 6.5 <= span <= 9.7:
        bad.append("ext0: failure_cause %r %.3f s after the request, expected REQUEST_FAILED "
                   "after 6.5 to 9.5 s" % (e0["failure_cause"], span))
    else:
        print("  the bootstrap server's session: Delete / unanswered, REQUEST_FAILED %.3f s "
              "after the request" % span)
if not e1 or e1["bootstrap_request_s"] != "":
    bad.append("ext1: a bootstrap request with a wrong key: %r" % (e1,))
else:
    print("  devices.csv ext1: no bootstrap request (outcome %s)" % e1["outcome"])
sim = [r for r in rows if r["mode"] != "EXTERNAL"]
reg = [r for r in sim if r["registered_s"] != ""]
print("  devices.csv: %d/%d simulated devices registered" % (len(reg), len(sim)))
if len(sim) != 5 or len(reg) != 5:
    bad.append("%d of %d simulated devices registered, expected 5 of 5" % (len(reg), len(sim)))
for b in bad:
    print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY
grep -q '^real time: .*run valid' "$work/storm.log" || fail "not a valid real-time run"
grep -qx 'external ext0: INCOMPLETE, operations: DELETE / -;' "$work/storm.log" ||
  fail "storm: ext0's operations are not one unanswered Delete /"
grep -qx 'external ext1: INCOMPLETE, operations:' "$work/storm.log" ||
  fail "storm: ext1 has operations"

if [ "$status" -ne 0 ]; then
  echo "check-dtls-bridge: FAILED"
  exit 1
fi
echo "check-dtls-bridge: a real DTLS client (libcoap, OpenSSL) completes the PSK handshake with the simulated bootstrap server through the bridge and gets 2.04 for its Request Bootstrap; a wrong key is refused"
exit 0
