"""``python -m cjm_widgets.cli``: the ``cjm`` command where the script is not on PATH
(git's textconv and merge drivers, hooks run outside the venv)."""

import sys

from . import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
