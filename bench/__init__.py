"""Benchmarks: generate a large data set, start a real server, measure it from outside.

``python -m bench`` (or ``make bench``) runs everything; see ``bench/README.md``.

- ``datagen``: thousands of fictional Limburg companies and users, bulk-inserted into a
  schema built by the real migrations;
- ``server``: starts and stops ``community serve`` on a free loopback port;
- ``scenarios``: the named pages that are measured (one line each);
- ``load``: the load generator (``wrk`` when installed, else Python worker processes).
"""
