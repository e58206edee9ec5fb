"""pytest configuration: the tests import the `penaltyflow` package built in <build>/python (CTest sets
PYTHONPATH). Run them with Debian's /usr/bin/python3, which has python3-pytest and python3-pandas."""
