"""Benchmarks run on demand by ``setup/bench``; not collected by the test run (no
``test_*.py`` file here)."""
