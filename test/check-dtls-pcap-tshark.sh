#!/usr/bin/env bash
# CoAP over DTLS on the wire (issue #13): run examples/dtls-coap-request-response and check
# both nodes' pcaps with tshark.
#   check-dtls-pcap-tshark.sh PATH/TO/dtls-coap-request-response
# Exit 0: every check passed; 1: a failure (printed); 77: tshark is not installed (skip).
#
# Checked, for PSK at 0 % loss, PSK at 20 % loss (seed 1 run 2: the first HelloVerifyRequest,
# the repeated ClientHello and the server's last flight are lost; the client retransmits 3
# flights) and x509 at 0 %:
# - every frame is DTLS (udp.port 5684 decoded as DTLS), none malformed, no expert warning
#   or error;
# - the handshake's flights in order, named as test/dtls-handshake-test-suite.cc names them
#   ("Finished*": encrypted, as seen without keys); under loss, in order of first appearance,
#   and the handshake datagrams each side sent equal the example's counters (more than the 3
#   of a loss-free handshake: the retransmissions are on the wire);
# - PSK: given the key (-o dtls.psk:HEX), tshark decrypts TLS_PSK_WITH_AES_128_CCM_8 and every
#   application record decodes as CoAP: CON GET /temperature requests and ACK 2.05 Content
#   text/plain "21.5" responses, as many
#   as the example's counters say;
# - x509: Certificate messages from both sides, application data that does NOT decode as CoAP
#   (ECDHE: the premaster secret comes from ephemeral keys that never cross the wire, and the
#   DTLS layer exports no key log, so no capture-side key can decrypt it).
#
# tshark 4.0 (Debian 12: 4.0.17) limitation, found here: Mbed TLS negotiates the extended
# master secret (RFC 7627). With a PSK given, tshark derives the master secret from the
# handshake hash at the first ClientKeyExchange and frees the hashed handshake data; a
# retransmitted ClientKeyExchange makes it derive again and trips its own
# DISSECTOR_ASSERT(ssl_session->handshake_data.data_len > 0) (packet-tls-utils.c,
# ssl_generate_keyring_material): the frame is reported Malformed ("Dissector bug") and no
# later record decrypts. Without the key the same pcap decodes cleanly. So under loss the
# decryption checks run on a copy without the repeated ClientKeyExchange frames (editcap -d:
# a retransmitted flight carries the same key exchange, so nothing is lost for decryption).
set -u
if ! command -v tshark >/dev/null 2>&1 || ! command -v editcap >/dev/null 2>&1; then
  echo "tshark/editcap not installed: skipped"
  exit 77
fi
example=$(realpath "$1")
[ -x "$example" ] || { echo "not an executable: $1"; exit 1; }
key=000102030405060708090a0b0c0d0e0f
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
status=0
ts() { tshark -d udp.port==5684,dtls "$@" 2>/dev/null; }
count() { local f=$1; shift; ts -r "$f" "$@" | wc -l; }
fail() { echo "FAIL: $*"; status=1; }
expect() { # expect WHAT ACTUAL EXPECTED
  if [ "$2" = "$3" ]; then echo "ok: $1 = $2"; else fail "$1: $2, expected $3"; fi
}

# Per frame: "C|S rec,rec,..." with handshake messages named; ClientHello with a cookie is
# "ClientHello(cookie)"; a handshake record without a type (encrypted) is "Finished*".
flights() {
  ts -r "$1" -T fields -e ip.src -e dtls.record.content_type -e dtls.handshake.type \
    -e dtls.handshake.cookie_length |
    awk -F'\t' '
      BEGIN { n[1]="ClientHello"; n[2]="ServerHello"; n[3]="HelloVerifyRequest";
              n[11]="Certificate"; n[12]="ServerKeyExchange"; n[13]="CertificateRequest";
              n[14]="ServerHelloDone"; n[15]="CertificateVerify"; n[16]="ClientKeyExchange";
              n[20]="Finished" }
      $2 != "23" {
        nc = split($2, c, ","); nh = split($3, h, ","); k = 1; out = "";
        for (i = 1; i <= nc; i++) {
          if (c[i] == "20") r = "ChangeCipherSpec";
          else if (c[i] == "21") r = "Alert";
          else if (c[i] == "22") {
            if (k <= nh) { r = (h[k] in n) ? n[h[k]] : "type" h[k];
                           if (h[k] == "1" && $4 + 0 > 0) r = r "(cookie)"; k++ }
            else r = "Finished*";
          } else r = "content" c[i];
          out = out (out == "" ? "" : ",") r;
        }
        print (($1 == "10.1.1.1") ? "C " : "S ") out
      }'
}

# check_clean FILE [tshark options]: all frames DTLS, none malformed, no warning or error.
check_clean() {
  local f=$1; shift
  local total dtls bad expert
  total=$(count "$f" "$@")
  dtls=$(count "$f" "$@" -Y dtls)
  bad=$(count "$f" "$@" -Y '_ws.malformed || _ws.expert.severity >= "warning"')
  expert=$(ts -r "$f" "$@" -q -z expert,warn | grep -E '^(Errors|Warnings) \(' || true)
  expect "$f $* frames decoded as DTLS" "$dtls" "$total"
  expect "$f $* malformed or warning frames" "$bad" 0
  if [ -n "$expert" ]; then
    fail "$f: expert info: $expert"
    ts -r "$f" "$@" -q -z expert,warn | head -10
  fi
  [ "$total" -gt 0 ] || fail "$f: no frames"
}

# summary FILE FIELD: one number of the example's summary.
summary() {
  local line
  line=$(grep '^application records:' "$1")
  case $2 in
    ctx) echo "$line" | sed -E 's/.*client sent ([0-9]+).*/\1/' ;;
    crx) echo "$line" | sed -E 's/.*client sent [0-9]+ received ([0-9]+).*/\1/' ;;
    stx) echo "$line" | sed -E 's/.*server sent ([0-9]+).*/\1/' ;;
    srx) echo "$line" | sed -E 's/.*server sent [0-9]+ received ([0-9]+).*/\1/' ;;
    chs) grep '^handshake bytes:' "$1" | sed -E 's/.*client ([0-9]+) datagrams.*/\1/' ;;
    shs) grep '^handshake bytes:' "$1" | sed -E 's/.*server ([0-9]+) datagrams.*/\1/' ;;
    flights) grep '^flights retransmitted:' "$1" | sed -E 's/^flights retransmitted: ([0-9]+).*/\1/' ;;
    answered) grep 'requests answered' "$1" | sed -E 's/^([0-9]+)\/.*/\1/' ;;
  esac
}

# check_coap FILE TX RX: decrypted with the PSK, the node's TX sent and RX received records
# are all CoAP: requests GET /temperature from the client, 2.05 Content from the server.
check_coap() {
  local f=$1 node=$2 tx=$3 rx=$4 req resp appdata coap
  appdata=$(count "$f" -Y 'dtls.record.content_type == 23')
  coap=$(count "$f" -o dtls.psk:$key -Y coap)
  req=$(count "$f" -o dtls.psk:$key \
    -Y 'ip.src == 10.1.1.1 && coap.type == 0 && coap.code == 1 && coap.opt.uri_path == "temperature"')
  resp=$(count "$f" -o dtls.psk:$key \
    -Y 'ip.src == 10.1.1.2 && coap.type == 2 && coap.code == 69 && coap.opt.ctype contains "text/plain" && data-text-lines contains "21.5"')
  expect "$f application records" "$appdata" $((tx + rx))
  expect "$f records decrypted to CoAP" "$coap" "$appdata"
  if [ "$node" = client ]; then
    expect "$f CON GET /temperature (client sent)" "$req" "$tx"
    expect "$f 2.05 Content text/plain "21.5" (client received)" "$resp" "$rx"
  else
    expect "$f CON GET /temperature (server received)" "$req" "$rx"
    expect "$f 2.05 Content text/plain "21.5" (server sent)" "$resp" "$tx"
  fi
}

psk_flights="C ClientHello
S HelloVerifyRequest
C ClientHello(cookie)
S ServerHello,ServerHelloDone
C ClientKeyExchange,ChangeCipherSpec,Finished*
S ChangeCipherSpec,Finished*"

# --- PSK, no loss -----------------------------------------------------------------------
"$example" --security=psk --psk-key=$key --loss=0 --requests=5 --pcap=psk0 >psk0.txt || { fail "psk0 run"; exit 1; }
cat psk0.txt
expect "psk0 requests answered" "$(summary psk0.txt answered)" 5
expect "psk0 flights retransmitted" "$(summary psk0.txt flights)" 0
for f in psk0-0-0.pcap psk0-1-0.pcap; do
  check_clean "$f"
  check_clean "$f" -o dtls.psk:$key
  expect "$f handshake flights" "$(flights "$f")" "$psk_flights"
done
check_coap psk0-0-0.pcap client "$(summary psk0.txt ctx)" "$(summary psk0.txt crx)"
check_coap psk0-1-0.pcap server "$(summary psk0.txt stx)" "$(summary psk0.txt srx)"

# --- PSK, 20 % loss: handshake retransmissions ----------------------------------------
"$example" --security=psk --psk-key=$key --loss=0.2 --requests=10 --seed=1 --run=2 \
  --pcap=psk20 >psk20.txt || { fail "psk20 run"; exit 1; }
cat psk20.txt
expect "psk20 requests answered" "$(summary psk20.txt answered)" 10
flights_rtx=$(summary psk20.txt flights)
if [ "$flights_rtx" -ge 1 ]; then echo "ok: psk20 flights retransmitted = $flights_rtx"; else
  fail "psk20: no flight retransmitted (pick another --run)"; fi
for f in psk20-0-0.pcap psk20-1-0.pcap; do
  check_clean "$f"
  expect "$f handshake flights (first appearances)" "$(flights "$f" | awk '!seen[$0]++')" \
    "$psk_flights"
  # Drop every ClientKeyExchange frame but the first (tshark 4.0 bug, see above).
  repeated=$(ts -r "$f" -Y 'dtls.handshake.type == 16' -T fields -e frame.number | tail -n +2)
  echo "$f: repeated ClientKeyExchange frames: $(echo $repeated)"
  # For information only (a tshark without the bug passes too).
  echo "$f: with the PSK, unstripped: $(count "$f" -o dtls.psk:$key -Y _ws.malformed) malformed" \
    "frames, $(count "$f" -o dtls.psk:$key -Y coap) CoAP frames"
  editcap "$f" "${f%.pcap}-once.pcap" $repeated
  check_clean "${f%.pcap}-once.pcap" -o dtls.psk:$key
done
chs=$(flights psk20-0-0.pcap | grep -c '^C')
shs=$(flights psk20-1-0.pcap | grep -c '^S')
expect "psk20 client handshake datagrams on the wire" "$chs" "$(summary psk20.txt chs)"
expect "psk20 server handshake datagrams on the wire" "$shs" "$(summary psk20.txt shs)"
[ "$((chs + shs))" -gt 6 ] || fail "psk20: $((chs + shs)) handshake datagrams, no retransmission"
check_coap psk20-0-0-once.pcap client "$(summary psk20.txt ctx)" "$(summary psk20.txt crx)"
check_coap psk20-1-0-once.pcap server "$(summary psk20.txt stx)" "$(summary psk20.txt srx)"

# --- x509, no loss ------------------------------------------------------------------------
"$example" --security=x509 --loss=0 --requests=3 --pcap=x509 >x509.txt || { fail "x509 run"; exit 1; }
cat x509.txt
expect "x509 requests answered" "$(summary x509.txt answered)" 3
x509_flights="C ClientHello
S HelloVerifyRequest
C ClientHello(cookie)
S ServerHello,Certificate,ServerKeyExchange,CertificateRequest,ServerHelloDone
C Certificate,ClientKeyExchange,CertificateVerify,ChangeCipherSpec,Finished*
S ChangeCipherSpec,Finished*"
for f in x509-0-0.pcap x509-1-0.pcap; do
  check_clean "$f"
  expect "$f handshake flights" "$(flights "$f")" "$x509_flights"
  expect "$f frames with a Certificate" "$(count "$f" -Y 'dtls.handshake.type == 11')" 2
  expect "$f application records" "$(count "$f" -Y 'dtls.record.content_type == 23')" 6
  # Even given a PSK, ECDHE application data stays opaque: not CoAP.
  expect "$f CoAP frames (undecryptable)" "$(count "$f" -o dtls.psk:$key -Y coap)" 0
done

if [ $status -eq 0 ]; then echo "all DTLS pcap checks passed"; fi
exit $status
