"""The national simulation's parts (bench/national.py): a package, so `make bench` does not run them as benchmarks."""
