import gc
import os
import sys

# The libraries' import leaves some 65,000 objects the cycle collector tracks, all living until the command
# ends. Left as they are, every full collection during the import, the command and the exit walks them
# again (a report took 0.45 s, 0.36 s without); frozen once loaded, the collector skips them and still
# collects whatever the command itself leaves behind.
gc.disable()
from commands import opening  # noqa: E402

opening.start(sys.argv[1:])  # the store's file opens while the libraries load
from commands.cli import main  # noqa: E402 (the package is the command's name: `python -m indicators`)

gc.freeze()
gc.enable()
try:
    sys.exit(main())
except BrokenPipeError:  # `report ... | head` stopped reading: that is not an error
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own flush at exit would fail again
    sys.exit(0)
