#!/usr/bin/env bash
# Install heatnet and start the dashboard on the Lens data (http://localhost:8501).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
exec .venv/bin/streamlit run app.py "$@"
