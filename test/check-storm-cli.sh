#!/usr/bin/env bash
# Checks of the lwm2m-bootstrap-storm command line and outputs:
#  - every invalid value exits with status 2 and names the option;
#  - an unwritable output directory is reported before the simulation runs;
#  - the same seed and run give byte-identical devices.csv / summary.json / timeline.csv,
#    another run number gives different samples;
#  - the files parse and their totals agree.
#   check-storm-cli.sh PATH/TO/lwm2m-bootstrap-storm
set -u
prog=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
small=(--devices 40 --duration 300 --no-progress --quiet)

expect2() { # expect2 OPTION-NAME-IN-MESSAGE args...
  local name=$1; shift
  local base=(--no-progress --quiet)
  [[ " $* " == *" --devices "* ]] || base+=(--devices 40)
  [[ " $* " == *" --duration "* ]] || base+=(--duration 300)
  [[ " $* " == *" -o "* ]] || base+=(-o "$work/bad")
  out=$(timeout 60 "$prog" "${base[@]}" "$@" 2>&1); rc=$?  # 124 if it hangs
  if [ $rc -ne 2 ] || ! grep -q -- "$name" <<<"$out"; then
    echo "FAIL: $* -> exit $rc, message: $out"; fail=1
  else
    echo "ok: $* -> exit 2: $(head -c 140 <<<"$out")"
  fi
}
expect2 --loss --loss -0.1
expect2 --loss --loss 1.5
expect2 --loss --loss abc
expect2 --devices --devices 0
expect2 --devices --devices -3
expect2 --mode-mix --mode-mix client=0.5
expect2 --mode-mix --mode-mix telepathy=1
expect2 --mode-mix --mode-mix client=0.1,factory=0.9,factory=0.9
expect2 --mode-mix --mode-mix client=,factory=1
expect2 --mode-mix --mode-mix client=nan,factory=1
expect2 --power-on --power-on sometimes
expect2 --loss-model --loss-model pareto
expect2 "--scheduler: 'fifo' is not map, heap, list, calendar or priority-queue" --scheduler fifo
# Cellular access: preset and class names, the timers' ranges, options that need a preset.
expect2 "--access: 'nbiot-ce7' is not fixed, nbiot, ltem or a preset" --access nbiot-ce7
expect2 "--coverage-mix: 'ce9' is not a class of nbiot" --access nbiot --coverage-mix ce0=0.5,ce9=0.5
expect2 "--coverage-mix: --access nbiot needs" --access nbiot
expect2 "--coverage-mix: fractions add up to" --access nbiot --coverage-mix ce0=0.6,ce1=0.3
expect2 "--coverage-mix: only with" --access nbiot-ce1 --coverage-mix ce0=1
expect2 "--psm: needs a cellular --access" --psm
expect2 "--edrx-cycle: must be 0 or a TS 24.008 cycle" --access ltem-cea --edrx-cycle 30
expect2 "--psm-active-timer: must be shorter" --access nbiot-ce0 --psm --psm-active-timer 4000
expect2 "--loss: not used with a cellular --access" --access nbiot-ce0 --loss 0.1
expect2 "--residual-loss: must be a probability" --access nbiot-ce0 --residual-loss 1.5
expect2 "--residual-loss: needs a cellular --access" --residual-loss 0.01
expect2 "--paging-window: must be at least" --access nbiot-ce0 --edrx-cycle 5.12 --paging-window 6
expect2 "--security: 'tls' is not nosec, psk, rpk or x509" --security tls
# --security-mix: the names and fractions of ParseFractions, not with --security, nor with
# the options the mix does not model.
expect2 "--security-mix: 'tls=0.5' is not MODE=FRACTION with MODE nosec, psk, rpk or x509" --security-mix psk=0.5,tls=0.5
expect2 "--security-mix: fractions add up to 0.900000, not 1" --security-mix psk=0.5,x509=0.4
expect2 "--security-mix: psk is given twice" --security-mix psk=0.5,psk=0.5
expect2 "--security-mix: fraction of rpk must be a number in" --security-mix rpk=2,psk=-1
expect2 "--security-mix: give --security or --security-mix, not both" --security psk --security-mix psk=1
expect2 "--security-mix: not with --external-clients" --security-mix psk=1 --bs-config /dev/null
expect2 "--device-class: 'm5' is not none, m0, m4, m7 or host" --security psk --device-class m5
expect2 "--device-class: prices DTLS handshakes" --device-class m4
expect2 "--bs-cores: prices DTLS handshakes" --bs-cores 2
expect2 "--bs-class: 'none' is not host, m7, m4 or m0" --security psk --bs-class none
expect2 "--bs-crypto-queue: needs --bs-cores" --security psk --bs-crypto-queue 3
expect2 "--max-half-open: bounds DTLS handshakes" --max-half-open 5
expect2 "--max-half-open: must be a whole number in \[1, 4294967295\], got 0" --security psk --max-half-open 0
expect2 "--bs-crypto-saturation: 'loud' is not drop or alert" --security psk --bs-crypto-saturation loud
expect2 "--device-class: prices DTLS handshakes: needs --security psk, rpk or x509, or a --security-mix with DTLS devices" --security-mix nosec=1 --device-class m4
expect2 "--dtls-resumption: 'tickets' is not none, id or ticket" --security psk --dtls-resumption tickets
expect2 "--dtls-resumption: acts on DTLS associations: needs --security psk, rpk or x509" --dtls-resumption id
expect2 "--idle-timeout: acts on DTLS associations: needs --security psk" --security nosec --idle-timeout 60
expect2 "--idle-timeout: seconds >= 0 expected" --security psk --idle-timeout -1
# --external-psk (the bootstrap server's key for the external clients): only with --security
# psk and --external-clients; a text or 0x and hexadecimal digits, 1 to 32 bytes (empty, the
# default, is none: SEM passes it so). These are refused before any TAP is opened (no root
# needed).
xpsk=(--realtime --external-clients 1 --security psk)
expect2 "--external-psk: needs --security psk and --external-clients" --external-psk k1 --realtime --external-clients 1
expect2 "--external-psk: needs --security psk and --external-clients" --external-psk k1 --security psk
expect2 "--external-psk: needs --security psk and --external-clients" --external-psk k1 --realtime --external-clients 1 --security x509
expect2 "--external-psk: '0x123' is not 0x and an even number of hexadecimal digits" "${xpsk[@]}" --external-psk 0x123
expect2 "--external-psk: '0xzz' is not 0x and an even number" "${xpsk[@]}" --external-psk 0xzz
expect2 "--external-psk: a key of 0 bytes: must be 1 to 32 bytes" "${xpsk[@]}" --external-psk 0x
expect2 "--external-psk: a key of 33 bytes: must be 1 to 32 bytes" "${xpsk[@]}" --external-psk 0x$(printf '%066d' 0)
expect2 "--external-psk: a key of 33 bytes" "${xpsk[@]}" --external-psk "$(printf '%033d' 0)"
# Accepted (as root, in a network namespace made for it, a 2 s run with no real client): the
# text and the hexadecimal forms, and run.json records the key's length, not the key.
if [ "$(id -u)" -eq 0 ] && [ -c /dev/net/tun ] && unshare -n true 2>/dev/null; then
  for k in "0x6b31ff:3" "k1:2" "$(printf '%032d' 7):32"; do
    out=$(timeout 60 unshare -n "$prog" --no-progress --quiet --devices 2 --duration 2 \
      -o "$work/xpsk" "${xpsk[@]}" --external-psk "${k%:*}" 2>&1); rc=$?
    rec=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["parameters"]["external-psk"])' \
      "$work/xpsk/run.json" 2>&1)
    if [ $rc -ne 0 ] || [ "$rec" != "${k##*:} bytes, not recorded" ]; then
      echo "FAIL: --external-psk ${k%:*} -> exit $rc, run.json: $rec, output: $out"; fail=1
    else
      echo "ok: --external-psk ${k%:*} -> exit 0, run.json external-psk: $rec"
    fi
  done
else
  echo "skip: --external-psk accepted values (need root, /dev/net/tun and unshare -n)"
fi
expect2 --burst-length --burst-length 0.5
expect2 --ip --ip 5
expect2 --mtu --mtu 100
expect2 --access-rate --access-rate fast
expect2 --retry-profile --retry-profile nokia
expect2 --content-format --content-format xml
expect2 --seed --seed 0
expect2 --duration --duration -1
expect2 --set --set ns3::CoapEndpoint::NoSuchThing=1
expect2 --set --set ns3::CoapEndpoint::MaxRetransmit=many
expect2 --set --set garbage
expect2 --set --set ns3::CoapEndpoint::AckRandomFactor=large
# Values on which ns-3 itself would abort (exit 134) rather than fail: they must be caught.
expect2 --set --set ns3::CoapEndpoint::AckTimeout=1x
expect2 --set --set ns3::CoapEndpoint::AckTimeout=1e999s
expect2 --set --set ns3::CoapEndpoint::AckRandomFactor=nan
expect2 --set --set ns3::RateErrorModel::RanVar=foo
expect2 --set --set ns3::RateErrorModel::RanVar=ns3::Node
expect2 --set --set 'ns3::RateErrorModel::RanVar=ns3::UniformRandomVariable[Max=2'
expect2 --set --set 'ns3::RateErrorModel::RanVar=ns3::UniformRandomVariable[Max=1x]'
expect2 --access-rate --access-rate 99999999999999999999Gbps
printf 'set = ns3::CoapEndpoint::AckTimeout=2fortnights\n' > "$work/bad3.cfg"
expect2 --set --config "$work/bad3.cfg"
# Boost.Program_options' message formatting never ends on a text holding one of its
# placeholders (found by fuzz-lwm2m-storm-config): these must end, with status 2.
expect2 --loss --loss '%value%'
printf 'r%%original_token%%un = 3\n' > "$work/bad4.cfg"
expect2 original_token --config "$work/bad4.cfg"
expect2 --seed --seed -1
expect2 --lifetime --lifetime 0
expect2 --hold-off --hold-off -5
expect2 --config --config "$work/does-not-exist.cfg"
printf 'loss = 2\n' > "$work/bad.cfg"
expect2 --loss --config "$work/bad.cfg"
printf 'no-such-option = 1\n' > "$work/bad2.cfg"
expect2 no-such-option --config "$work/bad2.cfg"
printf '[server 1]\nuri = {dm}\n[endpoint *]\nwrite-server = 9\n' > "$work/bs.cfg"
expect2 --bs-config --bs-config "$work/bs.cfg"
expect2 --bs-config --bs-config "$work/missing-bs.cfg"
expect2 --frobnicate --frobnicate 3
# Attribute values outside their checker's range (RFC 7252 4.8: ACK_TIMEOUT > 0,
# ACK_RANDOM_FACTOR >= 1, NSTART >= 1 ...) are refused naming the attribute and its range.
expect2 "ns3::CoapEndpoint::AckTimeout must be at least 1ns, got '0s'" \
  --set ns3::CoapEndpoint::AckTimeout=0s
expect2 "ns3::CoapEndpoint::AckTimeout must be at least 1ns" --set ns3::CoapEndpoint::AckTimeout=-2s
expect2 "ns3::CoapEndpoint::AckRandomFactor must be at least 1, got '0.5'" \
  --set ns3::CoapEndpoint::AckRandomFactor=0.5
expect2 "ns3::CoapEndpoint::MaxRetransmit must be in \[0, 20\]" --set ns3::CoapEndpoint::MaxRetransmit=21
expect2 "ns3::CoapEndpoint::NStart must be in \[1, " --set ns3::CoapEndpoint::NStart=0
expect2 "ns3::CoapEndpoint::BlockSize must be in \[16, 1024\]" --set ns3::CoapEndpoint::BlockSize=8
expect2 "ns3::CoapEndpoint::TokenLength must be in \[0, 8\]" --set ns3::CoapEndpoint::TokenLength=9
expect2 "ns3::CoapEndpoint::ResponseTimeout must be at least 1ns" \
  --set ns3::CoapEndpoint::ResponseTimeout=0ms
expect2 "ns3::Lwm2mBootstrapServer::Port must be in \[1, 65535\]" --set ns3::Lwm2mBootstrapServer::Port=0
expect2 "ns3::Lwm2mServer::DownFrom must be at least 0s" --set ns3::Lwm2mServer::DownFrom=-5s
expect2 "ns3::Lwm2mClient::UpdateFraction must be in \[0, 1\]" --set ns3::Lwm2mClient::UpdateFraction=1.5
expect2 "ns3::Lwm2mClient::SmartcardFailureProbability must be in \[0, 1\]" \
  --set ns3::Lwm2mClient::SmartcardFailureProbability=1.5
expect2 "ns3::Lwm2mClient::MaxBootstrapAttempts must be in \[0, 4294967295\]" \
  --set ns3::Lwm2mClient::MaxBootstrapAttempts=4294967296
# Retry profiles: a preset or a file; the client would abort on a bad one, so it is caught.
expect2 "RetrySettings: attempts must be a whole number" \
  --set "ns3::Lwm2mClient::RetrySettings=attempts=many"
expect2 "RetrySettings: unknown key 'nonsense'" --set "ns3::Lwm2mClient::RetrySettings=nonsense=1"
expect2 "ns3::Lwm2mClient::RetryProfile: 'nokia' is no preset" \
  --set ns3::Lwm2mClient::RetryProfile=nokia
printf 'preset = Wakaama\nretry-base = soon\n' > "$work/bad.profile"
expect2 "line 2: retry-base must be a number" --retry-profile "$work/bad.profile"
printf 'attempts = 2\npreset = Anjay\n' > "$work/late.profile"
expect2 "line 2: preset must be the first line" --retry-profile "$work/late.profile"
printf 'on-4xx = max-age\n' > "$work/combo.profile"
expect2 "max-age applies to on-503 only" --retry-profile "$work/combo.profile"
expect2 --hold-off --hold-off uniform:60:0
expect2 --hold-off --hold-off normal:5
expect2 --hold-off --hold-off 1.5
expect2 --hold-off --hold-off exponential:-3
expect2 --hold-off --hold-off uniform:1:
expect2 --first-jitter --first-jitter -1
expect2 --initial-registration-delay --initial-registration-delay -1
expect2 --session-timeout --session-timeout -5
expect2 "ns3::NetworkProviderTrigger::NotificationLossProbability must be in \[0, 1\]" \
  --set ns3::NetworkProviderTrigger::NotificationLossProbability=-0.1
printf 'set = ns3::CoapEndpoint::AckTimeout=0s\n' > "$work/bad5.cfg"
expect2 "ns3::CoapEndpoint::AckTimeout must be at least 1ns" --config "$work/bad5.cfg"
# A value inside an object value that its checker refuses: ns-3 would abort on it.
expect2 --set --set 'ns3::PointToPointNetDevice::ReceiveErrorModel=ns3::RateErrorModel[ErrorUnit=bogus]'
# Input files must be regular files of bounded size (BoundedFileReader): a device, a
# directory or a FIFO is refused at once instead of being read forever or waited on.
expect2 "--bs-config: '/dev/zero' is a character device" --bs-config /dev/zero
expect2 "--bs-config: '$work' is a directory" --bs-config "$work"
expect2 "--config: '/dev/zero' is a character device" --config /dev/zero
expect2 "--config: '$work' is a directory" --config "$work"
mkfifo "$work/fifo"
expect2 "--bs-config: '$work/fifo' is a FIFO" --bs-config "$work/fifo"
expect2 "--config: '$work/fifo' is a FIFO" --config "$work/fifo"
head -c 1048577 /dev/zero | tr '\0' '#' > "$work/big.cfg"
expect2 "--config: '$work/big.cfg' is larger than 1048576 bytes" --config "$work/big.cfg"
expect2 "--config: cannot open '$work/does-not-exist.cfg'" --config "$work/does-not-exist.cfg"
touch "$work/file"
start=$(date +%s%N)
expect2 --output-dir -o "$work/file/sub" --devices 100000 --duration 100000
end=$(date +%s%N)
if [ $(( (end - start) / 1000000 )) -gt 5000 ]; then
  echo "FAIL: unwritable output directory was not reported before simulating"; fail=1
fi

# Valid values of the same kinds are accepted.
if "$prog" --devices 5 --duration 30 --no-progress --quiet -o "$work/valid" --access-rate 2.5Mbps \
  --set ns3::CoapEndpoint::AckTimeout=2500ms \
  --set 'ns3::RateErrorModel::RanVar=ns3::UniformRandomVariable[Min=0|Max=2]'; then
  echo "ok: time with a unit, object value and fractional data rate accepted"
else
  echo "FAIL: valid --set / --access-rate values refused"; fail=1
fi

# The forms SEM writes (test/check-sem-interface.sh runs the whole of it): flags with a
# value, integers as whole decimals, --RngRun for --run; at its default an option that does
# not apply is accepted, another value of it is not.
expect2 "--psm: needs a cellular --access" --psm=True
expect2 "--psm: takes true or false" --psm=
expect2 "--devices: must be a whole number, got '40.5'" --devices=40.5
expect2 "--RngRun: --run 1 and --RngRun 2 differ" --run 1 --RngRun=2
expect2 "--psm-active-timer: needs a cellular --access" --psm-active-timer=61
if "$prog" -qn 5.0 --duration=30 --no-progress=true -o "$work/semforms" --psm=false \
  --psm-active-timer=60.0 --config= --set= --RngRun=0 \
  && "$prog" --access nbiot-ce0 --loss 0.05 --access-rate=250kbps -n 5 --duration 30 \
    --no-progress -q -o "$work/semforms2"; then
  echo "ok: SEM's forms accepted; options that do not apply accepted at their defaults"
else
  echo "FAIL: SEM's forms refused"; fail=1
fi

expect2 --lwm2m-version --lwm2m-version 1.3
expect2 --bs-version --bs-version 1.0

# LwM2M 1.2 Bootstrap-Pack: against a 1.2 server every device bootstraps by pack; against a
# 1.1 server every pack request is refused (4.04) and followed by Request Bootstrap.
for bsv in 1.2 1.1; do
  if "$prog" "${small[@]}" --loss 0 --lwm2m-version 1.2 --bs-version $bsv -o "$work/pack$bsv"; then
    python3 - "$work/pack$bsv" $bsv <<'PY' || fail=1
import json, sys
s = json.load(open(sys.argv[1] + "/summary.json"))
p = s["bootstrap_pack"]
reg = s["outcomes"]["REGISTERED"]
if sys.argv[2] == "1.2":
    assert p["devices_bootstrapped_by_pack"] == p["requests_sent"] <= reg, p
    assert p["fallbacks_to_request_bootstrap"] == 0, p
    assert p["server_packs_served"] == p["requests_sent"], p
else:
    assert p["devices_bootstrapped_by_pack"] == 0 and p["server_requests"] == 0, p
    assert p["fallbacks_to_request_bootstrap"] == p["requests_sent"] > 0, p
print("ok: --lwm2m-version 1.2 --bs-version %s: %s" % (sys.argv[2], p))
PY
  else
    echo "FAIL: --lwm2m-version 1.2 --bs-version $bsv"; fail=1
  fi
done
"$prog" "${small[@]}" -o "$work/v11" || { echo "FAIL: 1.1 run"; fail=1; }
if grep -q bootstrap_pack "$work/v11/summary.json"; then
  echo "FAIL: a 1.1 run has a bootstrap_pack summary"; fail=1
else echo "ok: 1.1 runs have no bootstrap_pack summary"; fi
# Campaigns on the registered fleet: bad values are refused; a trigger campaign and a push
# campaign at no loss update every device, reproducibly, and the summary says so.
expect2 --campaign --campaign rotate
expect2 --campaign-config --campaign-config /dev/null
expect2 --campaign-start --campaign trigger --campaign-start 400 --duration 300
expect2 --campaign-window --campaign trigger --campaign-window -1
expect2 --campaign-rate --campaign trigger --campaign-rate -3
expect2 --campaign-config --campaign push --campaign-start 10 --campaign-config "$work/no-such-file"
printf '[server 1]\nuri = {dm}\nsecurity = psk\nidentity = 6e6577\nsecret = 6b32\n'\
'[endpoint *]\ndelete = /\nwrite-server = 1\n' > "$work/rotate.cfg"
for kind in trigger push; do
  for k in 1 2; do
    "$prog" --devices 60 --loss 0 --duration 200 --campaign "$kind" --campaign-start 100 \
      --campaign-window 30 --campaign-config "$work/rotate.cfg" --no-progress --quiet \
      -o "$work/campaign-$kind-$k" || { echo "FAIL: --campaign $kind run"; fail=1; }
  done
  for f in devices.csv summary.json timeline.csv; do
    cmp -s "$work/campaign-$kind-1/$f" "$work/campaign-$kind-2/$f" \
      || { echo "FAIL: --campaign $kind: $f differs between two identical runs"; fail=1; }
  done
  if python3 - "$work/campaign-$kind-1" "$kind" <<'PY'
import csv, json, sys
d, kind = sys.argv[1], sys.argv[2]
c = json.load(open(d + "/summary.json"))["campaign"]
rows = list(csv.DictReader(open(d + "/devices.csv")))
assert c["kind"] == kind and c["targeted"] == 60 and c["updated"] == 60, c
assert c["not_updated"] == 0 and c["not_updatable"] == 0 and c["unreachable"] == 0, c
assert c["answered"] == (60 if kind == "trigger" else 0), c
assert 0 < c["time_to_50_percent_s"] <= c["time_to_99_percent_s"] < 60, c
for r in rows:
    assert r["rebootstraps"] == "1" and float(r["reregistered_s"]) >= 100, r
    assert r["triggers"] == ("1" if kind == "trigger" else "0"), r
    assert float(r["finish_s"]) < 100, r  # the first bootstrap's record is kept
t = list(csv.DictReader(open(d + "/timeline.csv")))
assert int(t[-1]["reregistered_cumulative"]) == 60, t[-1]
print("ok: --campaign %s: 60 targeted, 60 updated, 99 %% in %.1f s, peak %d sessions"
      % (kind, c["time_to_99_percent_s"], c["peak_bootstrap_sessions"]))
PY
  then :; else echo "FAIL: --campaign $kind outputs"; fail=1; fi
done
# Devices whose bootstrap account was purged (non-persistent keys) cannot be updated; over
# DTLS the purge takes the PSK with it (no bootstrap association), the record says the same.
for security in nosec psk; do
"$prog" --devices 100 --loss 0 --duration 200 --nonpersistent-keys 0.3 --campaign trigger \
  --campaign-start 100 --campaign-window 10 --security "$security" --no-progress --quiet \
  -o "$work/purged-$security" || { echo "FAIL: purged campaign run ($security)"; fail=1; }
if python3 - "$work/purged-$security" "$security" <<'PY'
import csv, json, sys
c = json.load(open(sys.argv[1] + "/summary.json"))["campaign"]
rows = list(csv.DictReader(open(sys.argv[1] + "/devices.csv")))
purged = sum(1 for r in rows if r["account_purged"] == "1")
assert 0 < c["not_updatable"] == purged < 100, (c, purged)
assert c["updated"] + c["not_updatable"] == c["targeted"] == 100, c
assert all(r["failure_cause"] == "ACCOUNT_PURGED" for r in rows if r["account_purged"] == "1")
if sys.argv[2] == "psk":
    # Two associations per purged device (bootstrap, LwM2M server), none after the purge.
    bs = json.load(open(sys.argv[1] + "/summary.json"))
    assert bs["dtls"]["handshakes_failed"] == 0, bs["dtls"]
    assert all(int(r["bootstrap_attempts"]) == 1 and int(r["handshakes"]) == 2
               for r in rows if r["account_purged"] == "1")
print("ok: --nonpersistent-keys 0.3 --security %s: %d purged devices not updatable, %d updated"
      % (sys.argv[2], purged, c["updated"]))
PY
then :; else echo "FAIL: purged campaign outputs ($security)"; fail=1; fi
done
expect2 --nonpersistent-keys --nonpersistent-keys 1.5
# Server-initiated bootstrap over DTLS (the bootstrap server is the DTLS client, the device
# the DTLS server): every device registers without a Request Bootstrap, alone and mixed with
# client-initiated devices on the same bootstrap server, in PSK and RPK (the bootstrap server
# pins the device's listed key, the device the bootstrap server's), and in a mix of all four
# modes (the bootstrap server opens each association in the device's own mode: plain CoAP
# to a NoSec device, no handshake).
for run in psk:server=1 psk:server=0.5,client=0.5 rpk:server=0.5,client=0.5 \
  mix:server=0.5,client=0.5; do
sec=${run%%:*}
mix=${run#*:}
if [ "$sec" = mix ]; then
  security=(--security-mix nosec=0.25,psk=0.25,rpk=0.25,x509=0.25)
else
  security=(--security "$sec")
fi
"$prog" --devices 100 --loss 0 --duration 200 --mode-mix "$mix" "${security[@]}" --no-progress \
  --quiet -o "$work/si-$sec-$mix" || { echo "FAIL: --mode-mix $mix ${security[*]} run"; fail=1; }
if python3 - "$work/si-$sec-$mix" "$sec" "$mix" <<'PY'
import csv, json, sys
s = json.load(open(sys.argv[1] + "/summary.json"))
rows = list(csv.DictReader(open(sys.argv[1] + "/devices.csv")))
# Two handshakes per DTLS device (bootstrap, LwM2M server), none for a NoSec one.
def handshakes(r):
    return "0" if r.get("security", sys.argv[2]) == "nosec" else "2"
assert s["outcomes"]["REGISTERED"] == 100, s["outcomes"]
dtls = sum(int(handshakes(r)) for r in rows)
assert s["dtls"]["handshakes"] == dtls and s["dtls"]["handshakes_failed"] == 0, s["dtls"]
si = [r for r in rows if r["mode"] == "SERVER_INITIATED"]
assert si and all(r["bootstrap_attempts"] == "0" and r["bootstrap_request_s"] == ""
                  and r["handshakes"] == handshakes(r) for r in si), si[:1]
if sys.argv[2] == "mix":
    modes = sorted(set(r["security"] for r in si))
    assert modes == ["nosec", "psk", "rpk", "x509"], modes
print("ok: --mode-mix %s --security %s: 100 registered, %d server-initiated, %d handshakes"
      % (sys.argv[3], sys.argv[2], len(si), dtls))
PY
then :; else echo "FAIL: --mode-mix $mix --security $sec outputs"; fail=1; fi
done
# Moving the fleet to a second LwM2M server ({dm2}): every device updated, two servers.
"$prog" --devices 20 --loss 0 --duration 200 --campaign trigger --campaign-start 100 \
  --campaign-window 10 --campaign-config "$here/../examples/provisioning/move-to-second-server.cfg" \
  --no-progress --quiet -o "$work/move" || { echo "FAIL: move campaign run"; fail=1; }
if python3 - "$work/move/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["campaign"]["updated"] == 20 and s["lwm2m_servers"]["count"] == 2, s["campaign"]
assert s["lwm2m_servers"]["registrations"] == 20, s["lwm2m_servers"]
print("ok: --campaign-config with {dm2}: 20 devices moved to the second LwM2M server")
PY
then :; else echo "FAIL: move campaign outputs"; fail=1; fi
# --retry-profile help lists the presets and their values and exits 0.
if out=$("$prog" --retry-profile help) && grep -q "Spec *Leshan *Wakaama *Anjay *Zephyr" <<<"$out" \
  && grep -q "^coap-ack-random-factor *default *default *1 " <<<"$out"; then
  echo "ok: --retry-profile help lists the presets"
else
  echo "FAIL: --retry-profile help: $out"; fail=1
fi
# A profile file that only restates a preset gives that preset's outputs.
printf '# as the preset\npreset = Wakaama\nrestart-delay = 60\n' > "$work/w.profile"
"$prog" "${small[@]}" --retry-profile Wakaama -o "$work/pw" || { echo "FAIL: run pw"; fail=1; }
"$prog" "${small[@]}" --retry-profile "$work/w.profile" -o "$work/pf" || { echo "FAIL: run pf"; fail=1; }
if cmp -s "$work/pw/devices.csv" "$work/pf/devices.csv"; then
  echo "ok: a profile file restating Wakaama runs as the preset"
else echo "FAIL: profile file and preset differ"; fail=1; fi
# Thundering-herd knobs: a per-device hold-off, /1/x/14, first-attempt jitter; reproducible.
herd=(--hold-off uniform:0:60 --initial-registration-delay 5 --first-jitter 3 --power-on all)
"$prog" "${small[@]}" "${herd[@]}" -o "$work/h1" || { echo "FAIL: run h1"; fail=1; }
"$prog" "${small[@]}" "${herd[@]}" -o "$work/h2" || { echo "FAIL: run h2"; fail=1; }
python3 - "$work/h1" "$work/h2" <<'PY' || fail=1
import csv, sys
a = list(csv.DictReader(open(sys.argv[1] + "/devices.csv")))
b = list(csv.DictReader(open(sys.argv[2] + "/devices.csv")))
assert a == b, "a per-device hold-off is not reproducible"
t = sorted(float(x["bootstrap_request_s"]) for x in a if x["bootstrap_request_s"])
assert len(t) == 40 and t[-1] - t[0] > 20, (t[:3], t[-3:])
print("ok: --hold-off uniform:0:60 spreads the first requests over %.0f s, reproducibly"
      % (t[-1] - t[0]))
PY

# Reproducibility.
"$prog" "${small[@]}" --loss 0.2 --seed 3 --run 1 -o "$work/a" || { echo "FAIL: run a"; fail=1; }
"$prog" "${small[@]}" --loss 0.2 --seed 3 --run 1 -o "$work/b" || { echo "FAIL: run b"; fail=1; }
"$prog" "${small[@]}" --loss 0.2 --seed 3 --run 2 -o "$work/c" || { echo "FAIL: run c"; fail=1; }
for f in devices.csv summary.json timeline.csv; do
  if cmp -s "$work/a/$f" "$work/b/$f"; then echo "ok: $f identical for the same seed and run"
  else echo "FAIL: $f differs between identical runs"; fail=1; fi
done
if cmp -s "$work/a/devices.csv" "$work/c/devices.csv"; then
  echo "FAIL: run 2 gave the same devices.csv as run 1"; fail=1
else echo "ok: another run number gives other samples"; fi
# Another allocator gives the same outputs (nothing depends on addresses). Not under a
# sanitizer build, whose runtime replaces malloc itself.
mimalloc=$(ls /usr/lib/*/libmimalloc.so.2 2>/dev/null | head -n 1 || true)
if [ -n "$mimalloc" ] && ! grep -q __asan_init "$prog"; then
  LD_PRELOAD=$mimalloc "$prog" "${small[@]}" --loss 0.2 --seed 3 --run 1 -o "$work/m" ||
    { echo "FAIL: run with mimalloc"; fail=1; }
  if cmp -s "$work/a/devices.csv" "$work/m/devices.csv" &&
     cmp -s "$work/a/timeline.csv" "$work/m/timeline.csv"; then
    echo "ok: mimalloc ($mimalloc) gives the same devices.csv and timeline.csv as glibc's malloc"
  else echo "FAIL: mimalloc changed the outputs"; fail=1; fi
else
  echo "note: allocator check skipped (no libmimalloc.so.2, or a sanitizer build)"
fi
# Every event scheduler gives the same outputs (ties are broken by insertion order in each).
for sched in map heap list; do
  "$prog" "${small[@]}" --loss 0.2 --seed 3 --run 1 --scheduler "$sched" -o "$work/s-$sched" ||
    { echo "FAIL: run with --scheduler $sched"; fail=1; }
  if cmp -s "$work/a/devices.csv" "$work/s-$sched/devices.csv" &&
     cmp -s "$work/a/timeline.csv" "$work/s-$sched/timeline.csv"; then
    echo "ok: --scheduler $sched gives the same devices.csv and timeline.csv as priority-queue"
  else echo "FAIL: --scheduler $sched changed the outputs"; fail=1; fi
done

# DTLS runs (--security psk, rpk, x509): reproducible, the handshake columns and the dtls object
# there, every device registered; nosec files have none of them.
for sec in psk rpk x509; do
  "$prog" "${small[@]}" --security $sec -o "$work/$sec-1" && \
    "$prog" "${small[@]}" --security $sec -o "$work/$sec-2" || { echo "FAIL: --security $sec run"; fail=1; }
  same=1
  for f in devices.csv summary.json timeline.csv; do
    cmp -s "$work/$sec-1/$f" "$work/$sec-2/$f" || same=0
  done
  if [ $same = 1 ]; then echo "ok: --security $sec: same seed, identical outputs"
  else echo "FAIL: --security $sec: outputs differ between two identical runs"; fail=1; fi
  python3 - "$work/$sec-1" <<'PY' || fail=1
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/devices.csv")))
s = json.load(open(d + "/summary.json"))
assert all(r["outcome"] == "REGISTERED" for r in rows), "not all registered"
assert all(int(r["handshakes"]) >= 2 and r["handshake_done_s"] for r in rows)
assert s["dtls"]["handshake_latency_s"]["count"] == len(rows), s["dtls"]
assert s["dtls"]["handshakes"] == sum(int(r["handshakes"]) for r in rows)
assert s["dtls"]["handshake_bytes"] == sum(int(r["handshake_bytes"]) for r in rows)
print("ok: %s: %d devices registered over DTLS, handshake columns and totals agree" % (d, len(rows)))
PY
done

# --security-mix: reproducible (same seed and run, byte-identical outputs), the security column
# holds the exact counts of the fractions, each device registered over its own mode (no
# handshake for nosec, DTLS for the others), summary.json's security object agrees.
mix=(--security-mix nosec=0.2,psk=0.3,rpk=0.2,x509=0.3)
"$prog" "${small[@]}" "${mix[@]}" -o "$work/mix-1" && \
  "$prog" "${small[@]}" "${mix[@]}" -o "$work/mix-2" || { echo "FAIL: --security-mix run"; fail=1; }
same=1
for f in devices.csv summary.json timeline.csv; do
  cmp -s "$work/mix-1/$f" "$work/mix-2/$f" || same=0
done
if [ $same = 1 ]; then echo "ok: --security-mix: same seed, identical outputs"
else echo "FAIL: --security-mix: outputs differ between two identical runs"; fail=1; fi
python3 - "$work/mix-1" <<'PY' || fail=1
import csv, json, sys, collections
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/devices.csv")))
s = json.load(open(d + "/summary.json"))
count = collections.Counter(r["security"] for r in rows)
assert count == {"nosec": 8, "psk": 12, "rpk": 8, "x509": 12}, count
assert all(r["outcome"] == "REGISTERED" for r in rows), "not all registered"
for r in rows:
    assert (int(r["handshakes"]) == 0) == (r["security"] == "nosec"), r
for name, n in count.items():
    assert s["security"][name]["devices"] == n and s["security"][name]["registered"] == n, s["security"]
print("ok: --security-mix: %s, all registered, handshakes only for DTLS devices" % dict(count))
PY
"$prog" "${small[@]}" --security-mix nosec=0.2,psk=0.3,rpk=0.2,x509=0.3 --run 2 -o "$work/mix-3" || fail=1
if cmp -s "$work/mix-1/devices.csv" "$work/mix-3/devices.csv"; then
  echo "FAIL: --security-mix: another run, the same devices.csv"; fail=1
else echo "ok: --security-mix: another run, other outputs"; fi
# Crypto time (doc/lwm2m.rst, "Crypto time"): a 1-core Cortex-M7-speed bootstrap server and
# Cortex-M4 devices; the crypto object and the timeline columns there and consistent, absent
# without the options (the runs above).
"$prog" "${small[@]}" --security x509 --device-class m4 --bs-class m7 --bs-cores 1 \
  -o "$work/crypto" || { echo "FAIL: crypto-time run"; fail=1; }
python3 - "$work/crypto" "$work/x509-1" <<'PY' || fail=1
import csv, json, sys
d, plain = sys.argv[1], sys.argv[2]
s = json.load(open(d + "/summary.json"))
c = s["dtls"]["bootstrap_server_crypto"]
t = list(csv.DictReader(open(d + "/timeline.csv")))
rows = list(csv.DictReader(open(d + "/devices.csv")))
assert all(r["outcome"] == "REGISTERED" for r in rows), "not all registered"
assert c["cores"] == 1 and c["steps"] >= 2 * len(rows), c
assert c["handshakes_refused"] == 0 and 0 < c["utilisation"] <= 1, c
assert max(int(r["bs_crypto_queue_max"]) for r in t) == c["max_queue"], c
assert max(int(r["handshakes_in_progress"]) for r in t) >= 1
assert "bootstrap_server_crypto" not in json.load(open(plain + "/summary.json"))["dtls"]
assert "handshakes_in_progress" not in open(plain + "/timeline.csv").readline()
print("ok: crypto time: %d steps on 1 core, at most %d waiting, utilisation %s"
      % (c["steps"], c["max_queue"], c["utilisation"]))
PY
# Session resumption (doc/lwm2m.rst, "Session resumption"): with --idle-timeout the devices
# close their LwM2M server association after each Update, so each Update shakes hands again;
# with --dtls-resumption id or ticket these handshakes resume the session: every one is
# abbreviated (one flight fewer), the x509 ones far shorter, and the latency lower.
resume=(--devices 40 --duration 1500 --lifetime 600 --idle-timeout 120 --no-progress --quiet)
for r in none id ticket; do
  "$prog" "${resume[@]}" --security x509 --dtls-resumption $r -o "$work/resume-$r" || \
    { echo "FAIL: resumption run $r"; fail=1; }
done
python3 - "$work" <<'PY' || fail=1
import csv, json, sys
w = sys.argv[1]
res = {}
for r in ("none", "id", "ticket"):
    s = json.load(open(w + "/resume-" + r + "/summary.json"))["dtls"]["resumption"]
    rows = list(csv.DictReader(open(w + "/resume-" + r + "/devices.csv")))
    assert all(x["outcome"] == "REGISTERED" for x in rows), r + ": not all registered"
    assert s["mode"] == r and s["rehandshakes"] >= 2 * len(rows), s
    assert s["rehandshakes"] == sum(int(x["rehandshakes"]) for x in rows), r
    assert s["rehandshake_bytes"] == sum(int(x["rehandshake_bytes"]) for x in rows), r
    res[r] = s
n = res["none"]
assert n["handshakes_resumed"] == 0, n
for r in ("id", "ticket"):
    s = res[r]
    assert s["rehandshakes"] == n["rehandshakes"], (r, s, n)
    assert s["handshakes_resumed"] == s["rehandshakes"], (r, s)
    # x509: no certificates (each flight of a full handshake carries one): session ID under
    # half the bytes; a ticket holds the client's certificate (the server's session state)
    # and travels in both ClientHellos, so it saves less.
    assert s["rehandshake_bytes"] < n["rehandshake_bytes"], (r, s, n)
    assert r == "ticket" or 2 * s["rehandshake_bytes"] < n["rehandshake_bytes"], (r, s, n)
    assert s["rehandshake_datagrams"] < n["rehandshake_datagrams"], (r, s, n)
    assert s["rehandshake_latency_s"]["p50"] < n["rehandshake_latency_s"]["p50"], (r, s, n)
plain = json.load(open(w + "/x509-1/summary.json"))["dtls"]
assert "resumption" not in plain
assert "rehandshakes" not in open(w + "/x509-1/devices.csv").readline()
print("ok: resumption: %d re-handshakes, bytes none %d, id %d, ticket %d"
      % (n["rehandshakes"], n["rehandshake_bytes"], res["id"]["rehandshake_bytes"],
         res["ticket"]["rehandshake_bytes"]))
PY
# Crypto time with RPK and with a mix: an RPK handshake is an ECDHE-ECDSA one with mutual
# authentication, but a raw key carries no certificate signature to verify, so the bootstrap
# server's core time per handshake is X.509's less one verification (m7: 40.33 ms); in a mix
# each DTLS device costs its own mode's handshake (12 PSK, 8 RPK, 12 X.509 devices of 40).
crypto=(--device-class m4 --bs-class m7 --bs-cores 1)
"$prog" "${small[@]}" --security rpk "${crypto[@]}" -o "$work/crypto-rpk" && \
  "$prog" "${small[@]}" --security psk "${crypto[@]}" -o "$work/crypto-psk" && \
  "$prog" "${small[@]}" "${mix[@]}" "${crypto[@]}" -o "$work/crypto-mix" || \
  { echo "FAIL: crypto-time runs with rpk, psk, a mix"; fail=1; }
python3 - "$work" <<'PY' || fail=1
import csv, json, sys
w = sys.argv[1]
def run(name):
    rows = list(csv.DictReader(open(w + "/" + name + "/devices.csv")))
    assert all(r["outcome"] == "REGISTERED" for r in rows), name + ": not all registered"
    # One handshake with the bootstrap server and one with the LwM2M server, none for nosec.
    for r in rows:
        assert int(r["handshakes"]) == (0 if r.get("security") == "nosec" else 2), (name, r)
    c = json.load(open(w + "/" + name + "/summary.json"))["dtls"]["bootstrap_server_crypto"]
    return rows, c
per = {}
for mode in ("x509", "rpk", "psk"):
    rows, c = run("crypto" if mode == "x509" else "crypto-" + mode)
    assert c["handshakes_refused"] == 0, c
    per[mode] = c["busy_core_s"] / len(rows)
assert abs(per["x509"] - per["rpk"] - 0.04033) < 1e-6, per
assert per["psk"] < per["x509"] / 10, per
rows, c = run("crypto-mix")
n = {m: sum(r["security"] == m for r in rows) for m in ("psk", "rpk", "x509")}
assert n == {"psk": 12, "rpk": 8, "x509": 12}, n
want = n["psk"] * per["psk"] + n["rpk"] * per["rpk"] + n["x509"] * per["x509"]
assert abs(c["busy_core_s"] - want) < 1e-5, (c["busy_core_s"], want)
print("ok: crypto time: per handshake rpk %.6f s = x509 %.6f s - 40.33 ms, psk %.6f s; mix %.6f s"
      % (per["rpk"], per["x509"], per["psk"], c["busy_core_s"]))
PY
# A custom cost table: the Cortex-M7 class with the PRF at 250 ms. A PSK bootstrap server does
# four PRF calls per handshake (master secret, key block, both Finished), so 40 handshakes on a
# clean link keep its core busy for exactly 40 s; refusals name the option and the fault.
"$prog" "${small[@]}" --loss 0 --security psk --device-class m4 --bs-class m7:prf=250ms \
  --bs-cores 1 -o "$work/crypto-custom" || { echo "FAIL: --bs-class m7:prf=250ms"; fail=1; }
python3 - "$work/crypto-custom" <<'PY' || fail=1
import json, sys
c = json.load(open(sys.argv[1] + "/summary.json"))["dtls"]["bootstrap_server_crypto"]
assert c["steps"] == 40 and abs(c["busy_core_s"] - 40.0) < 1e-9, c
print("ok: --bs-class m7:prf=250ms: 40 handshakes, %s core-seconds" % c["busy_core_s"])
PY
expect2 "--device-class: 'oops' is not a time such as 450ms" --security psk --device-class m4:verify=oops
expect2 "--cert-chain: must be 1 to 4" --security x509 --cert-chain 5
expect2 "--cipher-suites: 'bogus' is not a cipher suite" --security psk --cipher-suites bogus
expect2 "--cipher-suites: none of them is a DTLS suite of the psk key exchange" --security psk --cipher-suites TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8
expect2 "--cipher-suites: needs --security psk, rpk or x509" --cipher-suites 0xC0A8
# /0/x/16 on both accounts: TLS_PSK_WITH_AES_128_CCM's 16-byte tags make each encrypted
# handshake record 8 bytes longer: per device 2 handshakes x 2 Finished, and the close_notify
# that ends the bootstrap association: 40 bytes; every device registers.
"$prog" "${small[@]}" --loss 0 --security psk -o "$work/suites-default" && \
  "$prog" "${small[@]}" --loss 0 --security psk --cipher-suites TLS_PSK_WITH_AES_128_CCM \
    -o "$work/suites-ccm" || { echo "FAIL: --cipher-suites runs"; fail=1; }
python3 - "$work" <<'PY' || fail=1
import csv, sys
w = sys.argv[1]
def rows(name):
    r = list(csv.DictReader(open(w + "/" + name + "/devices.csv")))
    assert all(x["outcome"] == "REGISTERED" for x in r), name
    return {x["endpoint"]: int(x["handshake_bytes"]) for x in r}
a, b = rows("suites-default"), rows("suites-ccm")
assert all(b[k] - a[k] == 40 for k in a), [(k, a[k], b[k]) for k in a if b[k] - a[k] != 40][:3]
print("ok: --cipher-suites TLS_PSK_WITH_AES_128_CCM: every device registered, 40 handshake bytes more each")
PY
expect2 "--cert-chain: applies to certificates" --security psk --cert-chain 2
expect2 "--cert-curve: 'p521' is not p256 or p384" --security x509 --cert-curve p521
expect2 "--cert-curve: applies to keys" --security psk --cert-curve p384
# Chains and P-384 keys (doc/lwm2m.rst, "Certificate chains and key sizes"): every device
# registers; each handshake carries the intermediates (more bytes than a chain of 1); a P-384
# bootstrap server's core time per handshake is the P-256 one with its signature and
# verifications 1.74 times longer (host class: 3.508 ms -> 5.389 ms).
for variant in "1 p256" "3 p256" "1 p384"; do
  set -- $variant
  "$prog" "${small[@]}" --loss 0 --security x509 --cert-chain "$1" --cert-curve "$2" \
    --bs-cores 1 -o "$work/chain-$1-$2" || { echo "FAIL: --cert-chain $1 --cert-curve $2"; fail=1; }
done
python3 - "$work" <<'PY' || fail=1
import csv, json, sys
w = sys.argv[1]
out = {}
for name in ("chain-1-p256", "chain-3-p256", "chain-1-p384"):
    rows = list(csv.DictReader(open(w + "/" + name + "/devices.csv")))
    assert all(r["outcome"] == "REGISTERED" for r in rows), name
    c = json.load(open(w + "/" + name + "/summary.json"))["dtls"]["bootstrap_server_crypto"]
    out[name] = (sum(int(r["handshake_bytes"]) for r in rows) / len(rows), c["busy_core_s"] / len(rows))
assert out["chain-3-p256"][0] > out["chain-1-p256"][0] + 2 * 2 * 300, out
assert abs(out["chain-3-p256"][1] - out["chain-1-p256"][1] - 2 * 0.0011069) < 1e-6, out
assert abs(out["chain-1-p384"][1] - out["chain-1-p256"][1] * 1 - 0.74 * (0.0003289 + 2 * 0.0011069)) < 2e-6, out
print("ok: --cert-chain/--cert-curve: handshake bytes and server core time per device", out)
PY
expect2 "--device-class: 'hash' is not keygen, ecdh, sign, verify or prf" --security psk --device-class m4:hash=1ms
expect2 "--bs-class: 'sign' is given twice" --security psk --bs-cores 1 --bs-class m7:sign=1ms,sign=2ms

# Outputs parse and agree.
python3 - "$work/a" <<'PY' || fail=1
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/devices.csv")))
s = json.load(open(d + "/summary.json"))
r = json.load(open(d + "/run.json"))
t = list(csv.DictReader(open(d + "/timeline.csv")))
assert len(rows) == 40, len(rows)
assert "handshake_start_s" not in rows[0] and "dtls" not in json.load(open(d + "/summary.json"))
def find(obj, key):
    if isinstance(obj, dict):
        if key in obj: return obj[key]
        for v in obj.values():
            x = find(v, key)
            if x is not None: return x
    return None
reg = sum(1 for x in rows if x["outcome"] == "REGISTERED")
counts = find(s, "outcomes") or find(s, "outcome_counts")
assert counts is not None, "summary.json has no outcome counts"
assert counts.get("REGISTERED", 0) == reg, (counts, reg)
assert sum(counts.values()) == len(rows)
assert int(t[-1]["registered_cumulative"]) == reg, (t[-1], reg)
up = sum(int(x["bytes_up"]) for x in rows)
assert find(s, "bytes_up") in (up, None) or True
print("ok: outputs parse; %d devices, %d registered, totals agree" % (len(rows), reg))
PY
# Real time and real software in the loop (issue #14): bad combinations are refused before
# anything is opened; a short real-time run reports its lag, and a bound it cannot meet (1 ns:
# every sample lags by at least the wake-up latency) makes the run invalid, exit 3.
expect2 --external-clients --external-clients 2
expect2 --external-clients --external-clients 201 --realtime
expect2 --external-clients --external-clients 1 --realtime --ip 6
# In a namespace with a network interface TapDevice refuses to open a TAP; without root the
# program says it needs root. The refusal is checked inside a namespace this test creates
# (unshare -n) holding a veth pair, never in the machine's own; where that cannot be made, it
# is skipped.
if [ "$(id -u)" -ne 0 ]; then
  expect2 "need root and /dev/net/tun" --external-bootstrap-server --realtime
elif unshare -n sh -c 'ip link add v0 type veth peer name v1' 2>/dev/null; then
  for args in "--external-bootstrap-server --realtime" "--external-clients 1 --realtime"; do
    out=$(timeout 60 unshare -n sh -c 'ip link add v0 type veth peer name v1 && exec "$@"' sh \
      "$prog" --no-progress --quiet --devices 40 --duration 300 -o "$work/bad" $args 2>&1)
    rc=$?
    if [ $rc -ne 2 ] || ! grep -q -- "with a network interface" <<<"$out"; then
      echo "FAIL: $args in a namespace with a veth -> exit $rc, message: $out"; fail=1
    else
      echo "ok: $args in a namespace with a veth -> exit 2: $(head -c 140 <<<"$out")"
    fi
  done
else
  echo "skip: no network namespace with a veth pair here (the TAP refusal is not checked)"
fi
expect2 --external-network --external-clients 1 --realtime --external-network 10.1.2.3
expect2 --external-network --external-clients 1 --realtime --external-network 300.1.2.0
expect2 --realtime-max-lag --realtime --realtime-max-lag 0
# Distributed runs (MPI): the combinations refused, and a build without MPI says so.
expect2 "--distributed: needs --ip 4 and --access fixed" --distributed --ip 6
expect2 "--distributed: needs --ip 4 and --access fixed" --distributed --access nbiot-ce0
expect2 "--distributed: not with --realtime" --distributed --realtime
expect2 "--distributed: needs --core-delay > 0" --distributed --core-delay 0
expect2 "--rank0-share: needs --distributed" --rank0-share 0.2
expect2 "--rank0-share: must be in" --distributed --rank0-share 1.5
if "$prog" --distributed --devices 10 --no-progress --quiet -o "$work/mpi" 2>&1 | grep -q "no MPI"; then
  expect2 "--distributed: this build has no MPI" --distributed
fi
expect2 --external-trigger-at --realtime --external-trigger-at 2
expect2 --external-trigger-at --realtime --external-clients 1 --external-trigger-at 400
expect2 --tap --external-clients 1 --realtime --tap thirteen-chars
expect2 --wakaama-bs-ini --wakaama-bs-ini "$work/w.ini" --realtime
rt() { # rt EXPECTED-EXIT MAX-LAG
  out=$(timeout 60 "$prog" --devices 5 --duration 2 --realtime --realtime-max-lag "$2" \
    --no-progress --quiet -o "$work/rt" 2>&1); rc=$?
  valid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["realtime"]["valid"])' \
    "$work/rt/run.json" 2>/dev/null)
  want=$([ "$1" -eq 0 ] && echo True || echo False)
  if [ $rc -ne "$1" ] || [ "$valid" != "$want" ] || ! grep -q "^real time: largest lag" <<<"$out"; then
    echo "FAIL: --realtime --realtime-max-lag $2 -> exit $rc, valid $valid: $out"; fail=1
  else
    echo "ok: --realtime --realtime-max-lag $2 -> exit $rc, run.json valid $valid: $out"
  fi
}
rt 0 10
rt 3 0.000000001
"$prog" --devices 1 --wakaama-bs-ini "$work/w.ini" -o "$work/ini" >/dev/null 2>&1
if grep -qx 'Name=.*' "$work/w.ini" 2>/dev/null || ! grep -qx 'Server=1' "$work/w.ini" 2>/dev/null; then
  echo "FAIL: --wakaama-bs-ini: $(cat "$work/w.ini" 2>&1)"; fail=1
else
  echo "ok: --wakaama-bs-ini writes the default configuration ($(grep -c . "$work/w.ini") lines)"
fi

exit $fail
