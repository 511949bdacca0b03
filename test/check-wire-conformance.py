#!/usr/bin/env python3
# Wire conformance of the main scenario's traffic.
#   check-wire-conformance.py STORM_PROGRAM VECTORS_DIR
# 1. Runs lwm2m-bootstrap-storm for 20 devices with pcaps of the first 5 and the servers.
# 2. Every pcap decodes with tshark's CoAP and LwM2M TLV dissectors with no malformed packet
#    and no expert warning or error; every message type of the bootstrap and registration
#    interfaces appears (Request Bootstrap, Delete, Write, Finish, Register, their answers).
# 3. The structure of Request Bootstrap, Delete, Write (TLV), Finish and Register -- type,
#    code, token length, option numbers in order, Content-Format -- equals that of the
#    captures of Eclipse Wakaama in VECTORS_DIR (shared/vectors).
# Exit 0 pass, 1 fail, 77 skipped (no tshark or no vectors).
import glob
import os
import shutil
import subprocess
import sys
import tempfile


def coap_structure(hexpayload):
    b = bytes.fromhex(hexpayload)
    t = (b[0] >> 4) & 3
    tkl = b[0] & 15
    code = b[1]
    i = 4 + tkl
    opts = []
    cf = None
    num = 0
    while i < len(b) and b[i] != 0xFF:
        d, l = b[i] >> 4, b[i] & 15
        i += 1
        if d == 13:
            d = 13 + b[i]; i += 1
        elif d == 14:
            d = 269 + (b[i] << 8 | b[i + 1]); i += 2
        if l == 13:
            l = 13 + b[i]; i += 1
        elif l == 14:
            l = 269 + (b[i] << 8 | b[i + 1]); i += 2
        num += d
        val = b[i:i + l]
        i += l
        opts.append(num)
        if num == 12:
            cf = int.from_bytes(val, "big") if val else 0
    return (t, code, tkl, tuple(opts), cf)


def payloads(pcap, decode_as):
    cmd = ["tshark", "-r", pcap, "-Y", "udp"] + decode_as + ["-T", "fields", "-e", "udp.payload"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return [l.strip().replace(":", "") for l in out.splitlines() if l.strip()]


def kind(s, raw):
    t, code, tkl, opts, cf = s
    b = bytes.fromhex(raw)
    text = b.decode("latin-1")
    if code == 0x02 and opts[:1] == (11,) and "ep=" in text and "bs" in text and 12 not in opts:
        return "request-bootstrap"
    if code == 0x02 and opts == (11,) and text.endswith("bs"):
        return "finish"
    if code == 0x04:
        return "delete-root" if not opts else "delete"
    if code == 0x03 and cf == 11542:
        return "write-tlv"
    if code == 0x02 and 12 in opts and "rd" in text and "ep=" in text:
        return "register"
    if t == 2 and code == 0x41:
        return "registered"
    return None


def main():
    prog, vectors = sys.argv[1], sys.argv[2]
    if not shutil.which("tshark"):
        print("tshark not installed: skipped")
        return 77
    vec = os.path.join(vectors, "wakaama-client-initiated-bootstrap-tlv.pcap")
    if not os.path.exists(vec):
        print(f"no vectors in {vectors}: skipped")
        return 77
    fail = 0
    work = tempfile.mkdtemp()
    try:
        subprocess.run([prog, "--devices", "20", "--loss", "0", "--duration", "200", "--pcap", "5",
                        "--no-progress", "--quiet", "-o", work], check=True)
        pcaps = sorted(glob.glob(os.path.join(work, "pcap*.pcap")))
        if not pcaps:
            print("FAIL: no pcap written")
            return 1
        ours = {}
        for p in pcaps:
            bad = subprocess.run(["tshark", "-r", p, "-Y",
                                  '_ws.malformed || _ws.expert.severity >= "warning"'],
                                 capture_output=True, text=True).stdout.strip()
            if bad:
                print(f"FAIL: {os.path.basename(p)} has malformed/warning packets:\n{bad[:500]}")
                fail = 1
            for raw in payloads(p, []):
                s = coap_structure(raw)
                k = kind(s, raw)
                if k:
                    ours.setdefault(k, s)
        tlv = subprocess.run(["tshark", "-r", pcaps[0], "-Y", "lwm2mtlv"], capture_output=True,
                             text=True).stdout.strip()
        print(f"{len(pcaps)} pcaps decode cleanly; {os.path.basename(pcaps[0])} carries "
              f"{len(tlv.splitlines())} LwM2M TLV packets")
        theirs = {}
        for raw in payloads(vec, ["-d", "udp.port==5685,coap", "-d", "udp.port==5684,coap"]):
            s = coap_structure(raw)
            k = kind(s, raw)
            if k:
                theirs.setdefault(k, s)
        for k in ["request-bootstrap", "delete-root", "write-tlv", "finish", "register",
                  "registered"]:
            if k not in ours:
                print(f"FAIL: no {k} message in our pcaps")
                fail = 1
                continue
            if k not in theirs:
                print(f"FAIL: no {k} message in the Wakaama capture")
                fail = 1
                continue
            if ours[k] != theirs[k]:
                print(f"FAIL: {k}: ours (type, code, tkl, options, cf) = {ours[k]}, "
                      f"Wakaama = {theirs[k]}")
                fail = 1
            else:
                print(f"ok: {k}: {ours[k]} as Wakaama")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return fail


if __name__ == "__main__":
    sys.exit(main())
