import os
import sys

from indicators.cli import main

try:
    sys.exit(main())
except BrokenPipeError:  # `report ... | head` stopped reading: that is not an error
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own flush at exit would fail again
    sys.exit(0)
