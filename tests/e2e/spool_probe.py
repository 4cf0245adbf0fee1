"""Run the CLI with every temporary-file function of `tempfile` recording its use.

Used by test_upload_memory: Starlette spools a large multipart part through
`tempfile.SpooledTemporaryFile`, whose rollover calls `tempfile.TemporaryFile`
(O_TMPFILE: a nameless file, invisible in a directory listing). Each call appends its
name to the file named by SPOOL_PROBE_FILE.
"""

import os
import sys
import tempfile


def _recording(function):
    def wrapper(*args, **kwargs):
        with open(os.environ["SPOOL_PROBE_FILE"], "a") as marker:
            marker.write(function.__name__ + "\n")
        return function(*args, **kwargs)

    return wrapper


for _name in ("TemporaryFile", "NamedTemporaryFile", "mkstemp", "mkdtemp"):
    setattr(tempfile, _name, _recording(getattr(tempfile, _name)))

if __name__ == "__main__":
    from ceremony.cli.entry import main

    sys.exit(main(sys.argv[1:]))
