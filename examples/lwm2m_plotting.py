"""matplotlib for the plotting scripts, whichever python3 runs them.

The scripts need matplotlib (Debian: python3-matplotlib, which installs it for /usr/bin/python3).
A python3 found first on PATH (pyenv, a virtualenv, conda) may not have it: then the script
is run again with /usr/bin/python3 when that one has it, and otherwise the message says what
to install for which interpreter.
"""

import importlib.util
import os
import sys

SYSTEM_PYTHON = "/usr/bin/python3"


def _system_python_has_matplotlib():
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return False
    if os.path.realpath(sys.executable) == os.path.realpath(SYSTEM_PYTHON):
        return False
    return os.system(SYSTEM_PYTHON + " -c 'import matplotlib' >/dev/null 2>&1") == 0


def pyplot(prog):
    """Returns matplotlib.pyplot with the Agg backend, re-runs the script with the system
    python3 when this interpreter has no matplotlib, or exits with status 1 and a message."""
    if importlib.util.find_spec("matplotlib") is None:
        if os.environ.get("LWM2M_PLOT_REEXEC") != "1" and _system_python_has_matplotlib():
            os.environ["LWM2M_PLOT_REEXEC"] = "1"
            os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
        print(f"{prog}: error: matplotlib is required and {sys.executable} has none: "
              f"install Debian's python3-matplotlib and run the script with {SYSTEM_PYTHON}, "
              f"or install matplotlib for this interpreter ({sys.executable} -m pip install "
              f"matplotlib)", file=sys.stderr)
        sys.exit(1)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt
