"""Our own fuzz suite: seeded mutations of the shipped scenarios, network folders, GIS layers and workbooks.

Quick profile in the normal suite (tests/fuzz/test_fuzz.py); the long profile on demand:

    PYTHONPATH=$PWD nice -n 10 .venv/bin/python -m tests.fuzz --cases 10000 --workers 2 --out fuzz.json
"""
