"""Run the CLI (`serve`) with its address space capped, for tests that upload hostile files.

A reader that asks for gigabytes then aborts this one server process instead of pressing
the machine (and the other tests on it) into swap. The cap is CEREMONY_TEST_MEMORY_CAP
bytes (default 3 GB: the server with its threads runs in well under that).
"""

import os
import resource
import sys

if __name__ == "__main__":
    cap = int(os.environ.get("CEREMONY_TEST_MEMORY_CAP", 3 << 30))
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from ceremony.cli.entry import main

    sys.exit(main(sys.argv[1:]))
