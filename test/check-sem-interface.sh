#!/usr/bin/env bash
#
# SPDX-License-Identifier: GPL-2.0-only
#
# lwm2m-bootstrap-storm as SEM (the ns-3 Simulation Execution Manager, signetlabdei/sem)
# sees and runs it, without SEM itself:
#   check-sem-interface.sh PROGRAM
#  - --PrintHelp and --PrintGlobals are read with SEM's regular expressions (re-implemented
#    below): every option that --help lists is found, with its default (--run is the global
#    RngRun, which SEM sets itself);
#  - a run started as SEM starts one (a fresh working directory, every parameter as
#    --NAME=VALUE from those defaults, converted as SEM converts them, plus --RngRun=N)
#    exits 0, writes its files under the working directory, and gives byte-identical
#    devices.csv / summary.json / timeline.csv to the same run given as
#    "-n 50 --duration 120 --run 2";
#  - bad values exit with status 2 and a message naming the option.
# Exit status: 0 pass, 1 fail, 77 skipped (no python3).

set -euo pipefail
prog="${1:?usage: check-sem-interface.sh PROGRAM}"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
[[ -x "$prog" && ! -d "$prog" ]] || { echo "check-sem-interface.sh: '$prog' is not a program" >&2; exit 2; }
prog="$(cd "$(dirname "$prog")" && pwd)/$(basename "$prog")"  # runs start in other folders
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$prog" "$work" <<'PY'
import csv
import json
import os
import re
import subprocess
import sys

prog, work = sys.argv[1], sys.argv[2]
failures = []
# SEM starts the program with LD_LIBRARY_PATH (and DYLD_LIBRARY_PATH) as its whole environment.
SEM_ENV = {k: os.environ.get("LD_LIBRARY_PATH", "") for k in
           ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH")}


def check(condition, what):
    print(("ok: " if condition else "FAIL: ") + what)
    if not condition:
        failures.append(what)


def sem_available_parameters(cwd):
    """The parameters and defaults as SEM finds them: a re-implementation of
    SimulationRunner.get_available_parameters() in sem/runner.py (signetlabdei/sem, commit
    101eb5692c786ea2ce3065a09363c06f8e8e3e82): the text between "Program Options:" (or
    "Program Arguments:") and "General Arguments" of --PrintHelp, one name per line by
    r'.*--(.*?)[?::|=].*' and its default by r'.*\[(.*?)]' ("true"/"false" to bools,
    numbers to floats, else the text); then the --Name=[value] pairs of --PrintGlobals but
    RngRun, RngSeed, SchedulerType, SimulatorImplementationType and ChecksumEnabled."""
    result = subprocess.check_output([prog, "--PrintHelp"], cwd=cwd,
                                     env=SEM_ENV).decode("utf-8")
    options = re.findall(r".*Program\s(?:Options|Arguments):(.*)General\sArguments.*",
                         result, re.DOTALL)
    global_options = subprocess.check_output([prog, "--PrintGlobals"], cwd=cwd,
                                             env=SEM_ENV).decode("utf-8")
    params = {}
    if len(options):
        parsed = {}
        for line in options[0].splitlines():
            key = re.findall(r".*--(.*?)[?::|=].*", line)
            value = re.findall(r".*\[(.*?)]", line)
            if key:
                parsed[key[0]] = value[0] if value else None
        for k, v in parsed.items():
            if v is None:
                params[k] = None
            elif str(v).lower() == "true":
                params[k] = True
            elif str(v).lower() == "false":
                params[k] = False
            else:
                try:
                    params[k] = float(v)
                except ValueError:
                    params[k] = str(v)
    globals_found = dict(re.findall(r".*--(.*?)[?::|=].*\[(.*?)\]", global_options,
                                    re.MULTILINE))
    params.update({k: v for k, v in globals_found.items()
                   if k not in ["RngRun", "RngSeed", "SchedulerType",
                                "SimulatorImplementationType", "ChecksumEnabled"]})
    return params, globals_found


def sem_convert(text):
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        return float(text)
    except ValueError:
        return text


def help_options():
    """Option -> its default as --help shows it, from the Boost.Program_options --help:
    "  --name arg (=default)" or "  -n [ --name ] arg (=default)"; "  --name arg" (an empty
    text, shown without a default) is ""; a flag, "  --name [=true|false]", is False;
    "  --help" (no value) is None."""
    text = subprocess.check_output([prog, "--help"]).decode("utf-8")
    found = {}
    for line in text.splitlines():
        m = re.match(r"^  (?:-\w \[ )?--([A-Za-z0-9-]+)(?: \])?(.*)$", line)
        if not m:
            continue
        rest = m.group(2)
        if rest.startswith(" [=true|false]"):
            found[m.group(1)] = False
        elif rest.startswith(" arg"):
            d = re.match(r"^ arg \(=(.*?)\)", rest)
            found[m.group(1)] = sem_convert(d.group(1)) if d else ""
        else:
            found[m.group(1)] = None
    return found


def sem_command(params):
    """The command line SEM's run_simulations() builds: ['--%s=%s' % (param, value)]."""
    return [prog] + ["--%s=%s" % (k, v) for k, v in params.items()]


def run_like_sem(name, params):
    """Run in a fresh folder, stdout and stderr into files there, as SEM does."""
    cwd = os.path.join(work, name)
    os.makedirs(cwd)
    with open(os.path.join(cwd, "stdout"), "w") as out, \
            open(os.path.join(cwd, "stderr"), "w") as err:
        rc = subprocess.call(sem_command(params), cwd=cwd, env=SEM_ENV, stdout=out, stderr=err)
    with open(os.path.join(cwd, "stderr")) as f:
        return rc, cwd, f.read()


def same_files(a, b):
    for f in ("devices.csv", "summary.json", "timeline.csv"):
        with open(os.path.join(a, f), "rb") as x, open(os.path.join(b, f), "rb") as y:
            if x.read() != y.read():
                return False
    return True


# 1. Introspection, from an empty folder (SEM runs --PrintHelp in the ns-3 tree).
probe = os.path.join(work, "probe")
os.makedirs(probe)
params, globals_found = sem_available_parameters(probe)
check(os.listdir(probe) == [], "--PrintHelp / --PrintGlobals write nothing")
listed = help_options()
check(len(listed) > 50, "--help lists %d options" % len(listed))
expected = set(listed) - {"help", "run"}
check(set(params) == expected,
      "SEM finds every option of --help but help and run (missing: %s, extra: %s)"
      % (sorted(expected - set(params)), sorted(set(params) - expected)))
check(None not in params.values(),
      "every option has a default (SEM would pass None): %s"
      % [k for k, v in params.items() if v is None])
check(globals_found == {"RngRun": "1", "RngSeed": "1"},
      "--PrintGlobals: RngRun=[1] and RngSeed=[1], got %s" % globals_found)


# Each default as --help shows it, converted as SEM converts its own; --residual-loss shows
# "preset" for its value -1 (the preset's), --rank0-share "1/ranks" for its -1.
exceptions = {"residual-loss": -1.0, "rank0-share": -1.0}
wrong = ["--%s: SEM reads %r, --help says %r" % (n, params[n], exceptions.get(n, listed[n]))
         for n in sorted(expected & set(params))
         if params[n] != exceptions.get(n, listed[n])
         or type(params[n]) is not type(exceptions.get(n, listed[n]))]
check(not wrong, "every default SEM reads is the one --help shows %s" % wrong)
check(params["devices"] == 1000.0 and params["loss"] == 0.05 and params["psm"] is False
      and params["quiet"] is False and params["output-dir"] == "results/storm"
      and params["set"] == "" and params["coverage-mix"] == "" and params["seed"] == 1.0
      and params["retry-profile"] == "Spec",
      "defaults: devices 1000.0, loss 0.05, psm False, quiet False, output-dir results/storm, "
      "set '', coverage-mix '', seed 1.0, retry-profile Spec")

# 2. A run as SEM starts one: every parameter (SEM fills the missing ones with the
# defaults), RngRun added. Integers arrive as floats ("--devices=50.0"), flags as
# "--psm=False", empty defaults as "--coverage-mix=".
small = dict(params, devices=50.0, duration=120.0, RngRun=2)
command = sem_command(small)
check("--devices=50.0" in command and "--psm=False" in command
      and "--coverage-mix=" in command and "--set=" in command and "--RngRun=2" in command,
      "SEM's command holds --devices=50.0 --psm=False --coverage-mix= --set= --RngRun=2")
rc, cwd, err = run_like_sem("sem-default", small)
out = os.path.join(cwd, "results", "storm")
check(rc == 0, "SEM-style run exits 0 (%d: %s)" % (rc, err.strip()[-300:]))
for f in ("devices.csv", "summary.json", "timeline.csv", "run.json"):
    check(os.path.isfile(os.path.join(out, f)), "it writes results/storm/%s in its folder" % f)
if rc == 0:
    with open(os.path.join(out, "devices.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, "run.json")) as f:
        info = json.load(f)
    check(len(rows) == 50, "devices.csv has 50 devices (%d)" % len(rows))
    check(info["run"] == 2 and info["seed"] == 1, "run.json: run 2, seed 1 (%s, %s)"
          % (info["run"], info["seed"]))
    ref = os.path.join(work, "ref")
    subprocess.check_call([prog, "-n", "50", "--duration", "120", "--run", "2", "-o", ref,
                           "--no-progress", "--quiet"])
    check(same_files(out, ref), "byte-identical to '-n 50 --duration 120 --run 2'")

# Output in the run folder itself, where SEM's get_result_files() looks (its top level).
rc, cwd, err = run_like_sem("sem-here", dict(small, **{"output-dir": "."}))
top = set(next(os.walk(cwd))[2])
check(rc == 0 and {"devices.csv", "summary.json", "timeline.csv", "run.json", "stdout",
                   "stderr"} <= top,
      "--output-dir=. writes the files at the top of the run folder (%s)" % sorted(top))

# A cellular point: the fixed link's options arrive at their defaults and are not "given";
# RngRun 0 (SEM's first) is run 0.
cell = dict(small, access="nbiot-ce0", psm=True, RngRun=0)
rc, cwd, err = run_like_sem("sem-cellular", cell)
check(rc == 0, "--access=nbiot-ce0 --psm=True with every default, --RngRun=0: exit 0 (%d: %s)"
      % (rc, err.strip()[-300:]))
if rc == 0:
    ref = os.path.join(work, "ref-cellular")
    subprocess.check_call([prog, "-n", "50", "--duration", "120", "--run", "0", "--access",
                           "nbiot-ce0", "--psm", "-o", ref, "--no-progress", "--quiet"])
    check(same_files(os.path.join(cwd, "results", "storm"), ref),
          "byte-identical to '-n 50 --duration 120 --run 0 --access nbiot-ce0 --psm'")

# 3. Bad values: exit 2, a message naming the option, nothing written.
for label, change, message in [
        ("devices=50.5", {"devices": 50.5}, "--devices: must be a whole number, got '50.5'"),
        ("psm=maybe", {"psm": "maybe"}, "the argument ('maybe') for option '--psm' is invalid"),
        ("run and RngRun", {"run": 3.0}, "--RngRun: --RngRun 2 and --run 3 differ"),
        ("loss with nbiot-ce0", {"access": "nbiot-ce0", "loss": 0.1},
         "--loss: not used with a cellular --access"),
        ("devices=None", {"devices": None}, "the argument ('None') for option '--devices'")]:
    rc, cwd, err = run_like_sem("bad-" + re.sub(r"\W", "-", label), dict(small, **change))
    check(rc == 2 and message in err and not os.path.exists(os.path.join(cwd, "results")),
          "%s: exit 2, '%s' (%d: %s)" % (label, message, rc, err.strip()))

if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("PASS")
PY
