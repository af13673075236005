#!/usr/bin/env python
"""Django's command-line utility; the same as the `limpia` console script."""

from limpia.__main__ import main

if __name__ == "__main__":
    main()
