import os
import sys

from commands import opening

opening.start(sys.argv[1:])  # the store's file opens while the libraries load
from commands.cli import main  # noqa: E402 (the package is the command's name: `python -m indicators`)

try:
    sys.exit(main())
except BrokenPipeError:  # `report ... | head` stopped reading: that is not an error
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own flush at exit would fail again
    sys.exit(0)
