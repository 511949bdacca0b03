# SPDX-License-Identifier: GPL-2.0-only
#
# Sourced by the figure scripts (dtls-latency-cdf.sh, dtls-saturation.sh,
# retry-profile-figure.sh): their common command line.
#
#   figure_script_args NAME HELP_LINES "$@"
#
# parses --program, --out, --devices, --figures and, when the caller has set 'runs', --runs
# into the caller's variables of those names; -h/--help prints lines HELP_LINES (sed range,
# for example 5,20) of the calling script; what follows -- goes to the array 'extra'. An
# unknown option, a missing value or a program that is not there ends the script with exit 2.
figure_script_args() {
  local name="$1" help="$2" option
  shift 2
  extra=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --program | --out | --devices | --figures | --runs)
        if [ "$1" = --runs ] && [ -z "${runs+set}" ]; then
          echo "$name: unknown option '$1' (see --help)" >&2
          exit 2
        fi
        [ $# -ge 2 ] || { echo "$name: $1 needs a value" >&2; exit 2; }
        option="${1#--}"
        printf -v "$option" '%s' "$2"
        shift 2
        ;;
      --) shift; extra=("$@"); break ;;
      -h | --help) sed -n "${help}p" "$0"; exit 0 ;;
      *) echo "$name: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
  done
  [ -x "$program" ] || { echo "$name: no program $program (build it first)" >&2; exit 2; }
}
