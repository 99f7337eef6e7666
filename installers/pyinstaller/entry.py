"""Entry point of the frozen desk application: the same `main` as the `guichet` console script."""

import sys

from desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
