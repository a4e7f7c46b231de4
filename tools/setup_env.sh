#!/usr/bin/env bash
# Create the project-local .venv (if absent) and install mmdfkd into it with
# the pinned OpenMMLab stack. Safe to run again: installed pins are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r requirements/runtime.txt -r requirements/tests.txt
.venv/bin/pip install -q --no-build-isolation --no-deps -e .
