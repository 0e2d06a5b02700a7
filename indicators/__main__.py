import os
import sys

from commands.cli import main  # the package is the command's name: `python -m indicators`

try:
    sys.exit(main())
except BrokenPipeError:  # `report ... | head` stopped reading: that is not an error
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own flush at exit would fail again
    sys.exit(0)
