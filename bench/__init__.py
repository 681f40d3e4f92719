"""Tohu's benchmarks: plain scripts, run by `make bench` (`python -m bench`), not timed tests.

Each benchmark prints its figures and checks them against the targets in docs/performance.md.
"""
