"""`python -m ceremony`: the command line."""

import sys

from ceremony.cli.entry import main

sys.exit(main())
